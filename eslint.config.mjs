// The community-node rules exactly as n8n's package scanner applies them (its own config builder),
// so `npm run lint` and the verification scan can never disagree.
import { buildScanConfig } from '@n8n/scan-community-package/scanner/scanner.mjs';

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'bench/**', 'scripts/**', 'e2e/**', '*.js', '*.mjs'] },
	...(await buildScanConfig()),
];
