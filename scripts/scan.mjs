// n8n's community-package scanner, run locally: on the source tree and on the unpacked `npm pack`
// tarball (the published scanner only scans packages already on npm), plus the tarball's contents.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const problems = [];

const source = await analyzePackage(root, SOURCE_FILE_PATTERNS);
console.log(`scanner, source tree: ${source.passed ? 'passed' : 'FAILED'}`);
if (!source.passed) problems.push(`source: ${source.message}\n${source.details ?? ''}`);

const work = mkdtempSync(join(tmpdir(), 'zoom-user-token-pack-'));
try {
	const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }));
	const files = packed.files.map((file) => file.path).sort();
	const stray = files.filter((file) => !/^(dist\/|index\.js$|package\.json$|README\.md$|LICENSE(\.md)?$)/.test(file));
	if (stray.length > 0) problems.push(`tarball holds files outside dist/, index.js (main), package.json, README and licence: ${stray.join(', ')}`);
	const required = [
		'dist/nodes/ZoomUserToken/ZoomUserToken.node.js',
		'dist/nodes/ZoomUserToken/ZoomUserToken.node.json',
		'dist/nodes/ZoomUserToken/zoom.svg',
		'dist/nodes/ZoomUserToken/zoom.dark.svg',
		'dist/credentials/ZoomUserTokenOAuth2Api.credentials.js',
		'dist/credentials/ZoomServerToServerOAuthApi.credentials.js',
		'dist/credentials/zoom.svg',
		'dist/credentials/zoom.dark.svg',
		'README.md',
		'LICENSE.md',
		'package.json',
	];
	const missing = required.filter((file) => !files.includes(file));
	if (missing.length > 0) problems.push(`tarball lacks: ${missing.join(', ')}`);
	console.log(`tarball ${packed.filename}: ${files.length} files, ${packed.size} bytes`);

	execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', work]);
	const tarball = await analyzePackage(join(work, 'package'), ['**/*.js', 'package.json']);
	console.log(`scanner, unpacked tarball: ${tarball.passed ? 'passed' : 'FAILED'}`);

	if (!tarball.passed) problems.push(`tarball: ${tarball.message}\n${tarball.details ?? ''}`);
} finally {
	rmSync(work, { recursive: true, force: true });
}

if (problems.length > 0) {
	console.error(problems.join('\n'));
	process.exit(1);
}
console.log('package checks passed');
