// Two rule sets. The package (nodes/, credentials/, package.json) gets the community-node rules
// exactly as n8n's package scanner applies them (its own config builder), so `npm run lint` and the
// verification scan can never disagree, and also @n8n/node-cli's own config with n8n Cloud support
// (restricted globals and imports, its community-node rules), so that `n8n-node lint` would pass
// and eligibility for n8n Cloud cannot regress unnoticed. Everything else — tests, end-to-end suite, benchmark, scripts —
// is TypeScript that runs outside n8n (it may use process, timers, node: modules) and gets
// typescript-eslint's recommended rules.
import { buildScanConfig } from '@n8n/scan-community-package/scanner/scanner.mjs';
import { config as nodeCliConfig } from '@n8n/node-cli/eslint';
import tseslint from 'typescript-eslint';

const TOOLING = [
	'test/**/*.ts',
	'e2e/**/*.ts',
	'bench/**/*.ts',
	'scripts/**/*.ts',
	'types/**/*.ts',
];

// The scanner ships its own (older) copy of the community-nodes plugin under the name node-cli's
// copy uses; ESLint takes one plugin per name, so the scanner's rules run under a name of their own.
const SCANNER_PLUGIN = '@n8n/community-nodes';
function scannerPluginRenamed(config) {
	const rename = (name) => name.replace(`${SCANNER_PLUGIN}/`, `${SCANNER_PLUGIN}-scanner/`);
	const { [SCANNER_PLUGIN]: plugin, ...plugins } = config.plugins ?? {};
	return {
		...config,
		...(config.plugins && {
			plugins: { ...plugins, ...(plugin && { [`${SCANNER_PLUGIN}-scanner`]: plugin }) },
		}),
		...(config.rules && {
			rules: Object.fromEntries(Object.entries(config.rules).map(([k, v]) => [rename(k), v])),
		}),
	};
}

export default [
	{ ignores: ['dist/**', 'node_modules/**', '.n8n-local/**', '*.js', '*.mjs'] },
	...(await buildScanConfig()).map((config) => ({
		...scannerPluginRenamed(config),
		ignores: [...(config.ignores ?? []), ...TOOLING],
	})),
	// Its global ignore (dist) is the first entry above; given TOOLING it would ignore the tooling too.
	...nodeCliConfig
		.filter((config) => Object.keys(config).some((key) => key !== 'ignores' && key !== 'name'))
		.map((config) => ({ ...config, ignores: [...(config.ignores ?? []), ...TOOLING] })),
	...tseslint.configs.recommended.map((config) => ({ ...config, files: TOOLING })),
	{
		files: TOOLING,
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
			],
		},
	},
];
