// What n8n's verification and a release look at, checked locally: the package metadata; n8n's
// community-package scanner on the source tree and on the unpacked tarball (the published scanner only
// scans packages already on npm); and the tarball's contents. The tarball is packed from a copy of what
// a fresh clone holds (tracked files only: no dist/, no leftovers), built the way the release workflow
// builds it, so a file that only exists on this machine cannot make the check pass.
import { execFileSync } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { npmCli, withoutNpmVariables } from './runtime/npm';

const root = join(__dirname, '..');
const problems: string[] = [];
const npm = (args: string[], cwd: string): string => {
	// npm's variables from `npm run scan` would leak into the nested npm; only the project's .npmrc counts.
	return execFileSync(process.execPath, [npmCli(), ...args], {
		cwd,
		env: withoutNpmVariables(process.env),
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
};

// --- metadata n8n's verification reads: one repository, and homepage, bugs and author that point to it ---
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- package.json, read loosely
const manifest: Record<string, any> = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const repository = /^git\+(https:\/\/github\.com\/[^/]+\/[^/]+)\.git$/.exec(
	manifest.repository?.url ?? '',
)?.[1];
if (!repository)
	problems.push(
		`package.json repository.url must be git+https://github.com/OWNER/NAME.git, not ${JSON.stringify(manifest.repository)}`,
	);
const expected = {
	homepage: `${repository}#readme`,
	'bugs.url': `${repository}/issues`,
	'author.url': repository,
};
const actual: Record<string, unknown> = {
	homepage: manifest.homepage,
	'bugs.url': manifest.bugs?.url,
	'author.url': manifest.author?.url,
};
for (const [field, value] of Object.entries(expected)) {
	if (actual[field] !== value)
		problems.push(
			`package.json ${field} is ${JSON.stringify(actual[field])}; with this repository it must be ${value}`,
		);
}
if (!manifest.author?.name) problems.push('package.json author.name is missing');
// .npmrc turns lifecycle scripts off, so prepublishOnly could never build or check a release: npm must
// refuse any publish that cannot attest its build, leaving the release workflow as the only way out.
if (manifest.publishConfig?.provenance !== true)
	problems.push('package.json publishConfig.provenance must be true');

async function main(): Promise<void> {
	// The scanner is ESM and loads ESLint with top-level awaits: imported, not required.
	const { analyzePackage, SOURCE_FILE_PATTERNS } =
		await import('@n8n/scan-community-package/scanner/scanner.mjs');
	const source = await analyzePackage(root, SOURCE_FILE_PATTERNS);
	console.log(`scanner, source tree: ${source.passed ? 'passed' : 'FAILED'}`);
	if (!source.passed) problems.push(`source: ${source.message}\n${source.details ?? ''}`);

	const work = mkdtempSync(join(tmpdir(), 'zoom-user-token-pack-'));
	try {
		const clone = join(work, 'clone');
		const tracked = execFileSync(
			'git',
			['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
			{ cwd: root, encoding: 'utf8' },
		);
		// Files deleted in the working tree but not yet in git are gone from the next commit too.
		for (const file of tracked.split('\0').filter((file) => file && existsSync(join(root, file)))) {
			mkdirSync(dirname(join(clone, file)), { recursive: true });
			cpSync(join(root, file), join(clone, file));
		}
		symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'), 'junction');
		npm(['run', 'build', '--silent'], clone);
		const [packed] = JSON.parse(
			npm(['pack', '--json', '--pack-destination', work], clone),
		) as Array<{ filename: string; size: number; files: Array<{ path: string }> }>;
		const files = packed.files.map((file) => file.path).sort();
		const stray = files.filter(
			(file) => !/^(dist\/|index\.js$|package\.json$|README\.md$|LICENSE(\.md)?$)/.test(file),
		);
		if (stray.length > 0)
			problems.push(
				`tarball holds files outside dist/, index.js (main), package.json, README and licence: ${stray.join(', ')}`,
			);
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
		console.log(
			`tarball ${packed.filename}, packed from a fresh copy: ${files.length} files, ${packed.size} bytes`,
		);

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
}

void main();
