/**
 * `npm start`: builds this package and starts a real n8n on http://localhost:5678 with the package
 * installed as a community node and the example workflows imported. n8n's data (SQLite) lives in
 * .n8n-local/ (git-ignored); n8n itself is installed once into a cache folder outside the repository
 * (scripts/n8nRuntime.ts).
 *
 * `npm run dev` (`--dev`) does the same, then keeps `tsc --watch` compiling into the installed copy
 * and runs n8n with N8N_DEV_RELOAD, which watches community packages and reloads a changed one. The
 * compiler writes into the installed folder itself rather than n8n following a link to this clone:
 * n8n forgets a package's modules by their real path, and the type name stays the one the examples
 * use (`n8n-nodes-zoom-user-token.zoomUserToken`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import * as runtime from './n8nRuntime';

const ROOT = path.join(__dirname, '..');
const PACKAGE = 'n8n-nodes-zoom-user-token';

async function main(dev: boolean): Promise<void> {
	const local = path.join(ROOT, '.n8n-local');
	const userFolder = path.join(local, 'n8n');
	fs.mkdirSync(local, { recursive: true });

	runtime.n8nInstall();
	runtime.log(`building ${PACKAGE} and installing it as a community package…`);
	const tarball = runtime.packPackage(ROOT, local);
	runtime.installCommunityPackage(userFolder, tarball);
	fs.rmSync(tarball);

	const children: ChildProcess[] = [];
	if (dev) {
		const installed = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE, 'dist');
		const tsc = require.resolve('typescript/bin/tsc');
		children.push(
			spawn(
				process.execPath,
				[
					tsc,
					'-p',
					'tsconfig.build.json',
					'--watch',
					'--preserveWatchOutput',
					'--outDir',
					installed,
				],
				{ cwd: ROOT, stdio: 'inherit' },
			),
		);
		runtime.log(
			'dev mode: tsc --watch compiles every change into the installed copy and n8n reloads it; reload the editor page to see it',
		);
	}

	const port = process.env.N8N_PORT ?? '5678';
	const env = runtime.n8nEnv(userFolder, {
		N8N_PORT: port,
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
		...(dev ? { N8N_DEV_RELOAD: 'true' } : {}),
	});
	const imported = await runtime.n8nCli(
		['import:workflow', '--separate', `--input=${path.join(ROOT, 'examples')}`],
		env,
	);
	runtime.log(
		imported.code === 0
			? 'example workflows imported'
			: `importing the examples failed:\n${imported.stderr}`,
	);

	runtime.log(`starting n8n ${runtime.N8N_VERSION} on http://localhost:${port} (Ctrl+C stops it)…`);
	const n8n = runtime.n8nSpawn(['start'], env, { stdio: 'inherit' });
	children.push(n8n);
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.on(signal, () => children.forEach((child) => child.kill(signal)));
	}
	n8n.on('exit', (code) => {
		children.forEach((child) => child.kill());
		process.exit(code ?? 0);
	});
}

main(process.argv.includes('--dev')).catch((error: unknown) => {
	runtime.log(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
