// Two rule sets. The package (nodes/, credentials/, package.json) gets the community-node rules
// exactly as n8n's package scanner applies them (its own config builder), so `npm run lint` and the
// verification scan can never disagree. Everything else — tests, end-to-end suite, benchmark, scripts —
// is TypeScript that runs outside n8n (it may use process, timers, node: modules) and gets
// typescript-eslint's recommended rules.
import { buildScanConfig } from '@n8n/scan-community-package/scanner/scanner.mjs';
import tseslint from 'typescript-eslint';

const TOOLING = [
	'test/**/*.ts',
	'e2e/**/*.ts',
	'bench/**/*.ts',
	'scripts/**/*.ts',
	'types/**/*.ts',
];

export default [
	{ ignores: ['dist/**', 'node_modules/**', '.n8n-local/**', '*.js', '*.mjs'] },
	...(await buildScanConfig()).map((config) => ({
		...config,
		ignores: [...(config.ignores ?? []), ...TOOLING],
	})),
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
