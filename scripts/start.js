'use strict';
/**
 * `npm start`: builds this package and starts a real n8n on http://localhost:5678 with the package
 * installed as a community node and the example workflows imported. n8n's data (SQLite) lives in
 * .n8n-local/ (git-ignored); n8n itself is installed once into a cache folder outside the repository.
 */
const fs = require('node:fs');
const path = require('node:path');

const runtime = require('./n8nRuntime');

async function main() {
	const root = path.join(__dirname, '..');
	const local = path.join(root, '.n8n-local');
	const userFolder = path.join(local, 'n8n');
	fs.mkdirSync(local, { recursive: true });

	runtime.n8nInstall();
	console.log('building and installing n8n-nodes-zoom-user-token as a community package…');
	const tarball = runtime.packPackage(root, local);
	runtime.installCommunityPackage(userFolder, tarball);
	fs.rmSync(tarball);

	const port = process.env.N8N_PORT ?? '5678';
	const env = runtime.n8nEnv(userFolder, { N8N_PORT: port, N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info' });
	const imported = await runtime.n8nCli(['import:workflow', '--separate', `--input=${path.join(root, 'examples')}`], env);
	console.log(imported.code === 0 ? 'example workflows imported' : `importing the examples failed:\n${imported.stderr}`);

	console.log(`starting n8n ${runtime.N8N_VERSION} on http://localhost:${port} (Ctrl+C stops it)…`);
	const n8n = runtime.n8nSpawn(['start'], env, { stdio: 'inherit' });
	for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => n8n.kill(signal));
	n8n.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
