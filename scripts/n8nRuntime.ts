/**
 * A real n8n for `npm start`, `npm run dev` and the end-to-end suite, installed into a cache folder
 * outside the repository (ZOOM_USER_TOKEN_CACHE, default ~/.cache/n8n-nodes-zoom-user-token) and
 * reused: a pinned n8n and, when this machine's Node is too old for it, a Node from the npm registry
 * built for this OS and CPU. Nothing here is needed by the package itself.
 *
 * The cache is trusted only after it is proven to work: before the runtime is recorded as installed,
 * and again on every later use, the Node that runs n8n must load n8n's sqlite3 binding and
 * `n8n --version` must answer. Anything less (an interrupted download, a native module never built,
 * a marker without files) is repaired on the spot and said in one line.
 */
import {
	execFile,
	execFileSync,
	spawn,
	type ChildProcess,
	type SpawnOptions,
} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chooseNode } from './runtime/nodeChoice';
import { npmCli, runNpm, withoutNpmVariables, withPathFirst } from './runtime/npm';

/** An n8n line the package supports, as this installer sets it up. */
export interface N8nLine {
	version: string;
	/** Its `engines.node` minimum. */
	minimumNode: string;
	/** npm overrides its install needs. */
	overrides?: Record<string, string>;
	/** Environment every n8n process of this line gets. */
	env: Record<string, string>;
}

export const N8N_LINES: Record<string, N8nLine> = {
	'2': { version: '2.41.1', minimumNode: '24.0.0', env: { N8N_DISABLED_MODULES: 'mcp-registry' } },
	// 1.123 is the last 1.x release. Its default expression engine needs isolated-vm, which is not
	// built here; its xlsx dependency resolves from the npm registry only at this version.
	'1': {
		version: '1.123.81',
		minimumNode: '20.19.0',
		overrides: { xlsx: '0.18.5' },
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
	},
};

/** The line to run: `--n8n=1` on the command line (`npm start -- --n8n=1`), else the newest. */
function selectedLine(): N8nLine {
	const wanted =
		process.argv.find((arg) => arg.startsWith('--n8n='))?.slice('--n8n='.length) ?? '2';
	const line = N8N_LINES[wanted.split('.')[0]];
	if (!line) throw new Error(`--n8n=${wanted}: choose one of ${Object.keys(N8N_LINES).join(', ')}`);
	return line;
}

export const N8N = selectedLine();
export const N8N_VERSION = N8N.version;
export const CACHE =
	process.env.ZOOM_USER_TOKEN_CACHE ||
	path.join(os.homedir(), '.cache', 'n8n-nodes-zoom-user-token');
const NPM_QUIET = ['--no-audit', '--no-fund', '--no-update-notifier'];

export function log(message: string): void {
	process.stderr.write(`[n8n-runtime] ${message}\n`);
}

function seconds(since: number): string {
	return `${Math.round((Date.now() - since) / 1000)} s`;
}

/** The line of a failed command's output that says what went wrong. */
export function gist(output: string): string {
	const lines = output
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line && !/^Node\.js v|^\^|^at |^}|^{/.test(line));
	// Node prints the failing source line before the error itself: a line that starts with an error wins.
	const said =
		lines.find((line) => /^([A-Z]\w*)?Error\b|^npm error\b/.test(line)) ??
		lines.find((line) =>
			/\b(Error|ERR_[A-Z_]+|Cannot find|Could not locate|not found|denied)\b/.test(line),
		) ??
		lines.at(-1) ??
		'no output';
	return said.length > 300 ? `${said.slice(0, 300)}…` : said;
}

/** Runs `file args`; returns its trimmed stdout, or throws with the gist of what it printed. */
function capture(
	file: string,
	args: string[],
	options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): string {
	try {
		return execFileSync(file, args, {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
			timeout: options.timeoutMs ?? 60_000,
			...options,
		}).trim();
	} catch (error) {
		const failed = error as { stderr?: string; stdout?: string; message: string };
		throw new Error(
			gist(`${failed.stderr ?? ''}\n${failed.stdout ?? ''}`.trim() || failed.message),
		);
	}
}

/**
 * Runs npm with its output in `logFile` (a cold install prints hundreds of peer-dependency warnings
 * and compiler lines); on failure, throws with the log's last lines and where the whole log is.
 */
function npmLogged(node: string, args: string[], cwd: string, logFile: string): void {
	const fd = fs.openSync(logFile, 'a');
	try {
		fs.writeSync(fd, `\n$ npm ${args.join(' ')}\n`);
		runNpm(node, args, { cwd, env: nodeEnv(), stdio: ['ignore', fd, fd] });
	} catch {
		const tail = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-25).join('\n');
		throw new Error(
			`npm ${args.slice(0, 2).join(' ')} failed; the last lines of ${logFile}:\n${tail}`,
		);
	} finally {
		fs.closeSync(fd);
	}
}

/**
 * One installer at a time per cache folder: a second `npm start` waits instead of installing into
 * the same files. A lock whose process is gone is taken over.
 */
function withLock<T>(folder: string, work: () => T): T {
	const lock = `${folder}.lock`;
	const pidFile = path.join(lock, 'pid');
	const until = Date.now() + 20 * 60_000;
	fs.mkdirSync(path.dirname(lock), { recursive: true });
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(pidFile, String(process.pid));
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8')) : 0;
			// No pid yet: another installer is between mkdir and writeFile, unless that was long ago.
			const abandoned = pid ? !processAlive(pid) : Date.now() - fs.statSync(lock).mtimeMs > 60_000;
			if (abandoned) {
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > until)
				throw new Error(
					`another installer (process ${pid}) has held ${lock} for 20 minutes; stop it or delete that folder`,
				);
			log(`waiting for another installer${pid ? ` (process ${pid})` : ''}…`);
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5000);
		}
	}
	try {
		return work();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

interface NodeRuntime {
	/** The Node binary that runs n8n. */
	binary: string;
	/** Its headers, for node-gyp, when known. */
	nodedir?: string;
	version: string;
}

let nodeRuntime: NodeRuntime | undefined;

/** The Node that runs n8n: this one when new enough, else the registry build for this OS and CPU. */
export function nodeRuntimeFor(): NodeRuntime {
	if (nodeRuntime) return nodeRuntime;
	const choice = chooseNode(
		{
			os: process.platform,
			cpu: process.arch,
			nodeVersion: process.versions.node,
			rosetta: process.platform === 'darwin' && rosettaInstalled(),
		},
		N8N.minimumNode,
	);
	if (choice.kind === 'unsupported') throw new Error(choice.message);
	if (choice.kind === 'this') {
		const prefix = path.resolve(path.dirname(process.execPath), '..');
		const headers = fs.existsSync(path.join(prefix, 'include', 'node', 'node.h'));
		nodeRuntime = {
			binary: process.execPath,
			nodedir: headers ? prefix : undefined,
			version: process.versions.node,
		};
		return nodeRuntime;
	}
	const folder = path.join(CACHE, `${choice.packageName}-${choice.range}`);
	const packageFolder = path.join(folder, 'node_modules', choice.packageName);
	const binary = path.join(packageFolder, choice.binary);
	const probe = () => {
		const answer = capture(binary, ['-p', 'process.versions.node'], { timeoutMs: 30_000 });
		if (!/^\d+\.\d+\.\d+$/.test(answer))
			throw new Error(`it answered "${answer.slice(0, 100)}" instead of its version`);
		return answer;
	};
	let version: string | undefined;
	if (fs.existsSync(binary)) {
		try {
			version = probe();
		} catch (error) {
			log(
				`the cached Node in ${folder} is broken: it does not run (${(error as Error).message}). Repairing it…`,
			);
		}
	}
	if (!version) {
		withLock(folder, () => {
			const started = Date.now();
			log(`${choice.reason}; installing it into ${folder} (once)…`);
			fs.rmSync(folder, { recursive: true, force: true });
			fs.mkdirSync(folder, { recursive: true });
			fs.writeFileSync(
				path.join(folder, 'package.json'),
				'{"name":"zoom-user-token-node","private":true}\n',
			);
			// Runs under this machine's Node: nothing to build, only to unpack.
			runNpm(
				process.execPath,
				[
					'install',
					`${choice.packageName}@${choice.range}`,
					'--no-save',
					'--ignore-scripts',
					'--no-package-lock',
					...NPM_QUIET,
				],
				{
					cwd: folder,
					env: withoutNpmVariables(process.env),
				},
			);
			version = probe();
			log(`Node ${version} installed in ${seconds(started)}`);
		});
	}
	nodeRuntime = { binary, nodedir: packageFolder, version: version! };
	return nodeRuntime;
}

function rosettaInstalled(): boolean {
	try {
		execFileSync('/usr/bin/arch', ['-x86_64', '/usr/bin/true'], {
			stdio: 'ignore',
			timeout: 10_000,
		});
		return true;
	} catch {
		return false;
	}
}

/** Environment in which `node` (and npm's scripts) are the runtime's Node, free of npm's variables. */
function nodeEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return {
		...withPathFirst(withoutNpmVariables(process.env), path.dirname(nodeRuntimeFor().binary)),
		...extra,
	};
}

export interface N8nRuntime {
	folder: string;
	cli: string;
	node: string;
}

let n8nRuntime: N8nRuntime | undefined;

/** Every reason the runtime in `folder` would not work, empty when it does. */
export function runtimeProblems(runtime: N8nRuntime): string[] {
	if (!fs.existsSync(runtime.cli))
		return ['the n8n CLI is missing (an install was interrupted, or files were deleted)'];
	const problems: string[] = [];
	const env = withPathFirst(withoutNpmVariables(process.env), path.dirname(runtime.node));
	try {
		const n8nFolder = path.join(runtime.folder, 'node_modules', 'n8n');
		const probe = `const sqlite3 = require(require.resolve('sqlite3', { paths: [${JSON.stringify(n8nFolder)}] })); new sqlite3.Database(':memory:').close();`;
		capture(runtime.node, ['-e', probe], { cwd: runtime.folder, env });
	} catch (error) {
		problems.push(`sqlite3's native module does not load (${(error as Error).message})`);
	}
	try {
		const version = capture(runtime.node, [runtime.cli, '--version'], { cwd: runtime.folder, env });
		if (!version.split('\n').includes(N8N_VERSION))
			problems.push(`n8n --version answered "${version.slice(0, 200)}", not ${N8N_VERSION}`);
	} catch (error) {
		problems.push(`n8n --version fails (${(error as Error).message})`);
	}
	return problems;
}

/** The pinned n8n, installed once (a few minutes, ≈ 3 GB), verified on every call. */
export function n8nInstall(): N8nRuntime {
	if (n8nRuntime) return n8nRuntime;
	const node = nodeRuntimeFor();
	const folder = path.join(
		CACHE,
		`n8n-${N8N_VERSION}-${process.platform}-${process.arch}-node${node.version.split('.')[0]}`,
	);
	const runtime: N8nRuntime = {
		folder,
		cli: path.join(folder, 'node_modules', 'n8n', 'bin', 'n8n'),
		node: node.binary,
	};
	const marker = path.join(folder, '.installed.json');
	const markerFound = fs.existsSync(marker);
	const problems = runtimeProblems(runtime);
	if (markerFound && problems.length === 0) return (n8nRuntime = runtime);

	withLock(folder, () => {
		const started = Date.now();
		const fresh = !fs.existsSync(path.join(folder, 'node_modules'));
		if (fresh) {
			log(
				`installing n8n ${N8N_VERSION} into ${folder} (once, 3 to 5 minutes; later starts reuse it)…`,
			);
		} else {
			const found =
				problems.length > 0
					? problems
					: ['it was never recorded as complete (an install was interrupted)'];
			log(`the cached n8n in ${folder} is broken: ${found.join('; ')}. Repairing it…`);
		}
		// Only sqlite3 broken: rebuilding it is enough. Anything else: npm install completes a partial tree.
		const onlySqlite =
			!fresh && problems.length > 0 && problems.every((problem) => problem.startsWith('sqlite3'));
		install(runtime, node, { packages: !onlySqlite });
		let left = runtimeProblems(runtime);
		if (left.length > 0 && !fresh) {
			log(`still broken after the repair (${left.join('; ')}); installing it from scratch…`);
			fs.rmSync(folder, { recursive: true, force: true });
			install(runtime, node, { packages: true });
			left = runtimeProblems(runtime);
		}
		if (left.length > 0) {
			throw new Error(
				`n8n ${N8N_VERSION} does not work after installing it into ${folder}: ${left.join('; ')}. npm's log: ${path.join(folder, 'install.log')}`,
			);
		}
		fs.writeFileSync(
			marker,
			`${JSON.stringify({ n8n: N8N_VERSION, node: node.version, installedAt: new Date().toISOString() })}\n`,
		);
		log(
			fresh
				? `n8n ${N8N_VERSION} installed and verified; cold install took ${seconds(started)}`
				: `repaired and verified in ${seconds(started)}`,
		);
	});
	return (n8nRuntime = runtime);
}

/**
 * npm install (on a partial tree it completes what is missing), then sqlite3's native build for the
 * runtime's Node. Everything that matters is said on the command line, so no inherited or user
 * setting (ignore-scripts, nodedir) changes it.
 */
function install(
	runtime: N8nRuntime,
	node: NodeRuntime,
	{ packages }: { packages: boolean },
): void {
	fs.mkdirSync(runtime.folder, { recursive: true });
	fs.rmSync(path.join(runtime.folder, '.installed.json'), { force: true });
	const logFile = path.join(runtime.folder, 'install.log');
	if (packages) {
		// The folder's own package name must not be "n8n", or npm refuses to install n8n into it.
		const holder = { name: 'zoom-user-token-n8n-runtime', private: true, overrides: N8N.overrides };
		fs.writeFileSync(path.join(runtime.folder, 'package.json'), `${JSON.stringify(holder)}\n`);
		log(`npm install n8n@${N8N_VERSION} (npm's output goes to ${logFile})…`);
		npmLogged(
			node.binary,
			[
				'install',
				`n8n@${N8N_VERSION}`,
				'--omit=dev',
				'--ignore-scripts',
				'--no-package-lock',
				...NPM_QUIET,
			],
			runtime.folder,
			logFile,
		);
	}
	log(`building sqlite3 for Node ${node.version} (about a minute without a prebuilt binary)…`);
	const nodedir = node.nodedir ? [`--nodedir=${node.nodedir}`] : [];
	npmLogged(
		node.binary,
		[
			'rebuild',
			'sqlite3',
			'--ignore-scripts=false',
			'--foreground-scripts',
			...nodedir,
			...NPM_QUIET,
		],
		runtime.folder,
		logFile,
	);
}

/** Environment for a quiet, offline n8n with its data in `userFolder`. */
export function n8nEnv(userFolder: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return nodeEnv({
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'zoom-user-token-local-key',
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_RUNNERS_BROKER_PORT: process.env.N8N_RUNNERS_BROKER_PORT ?? '5679',
		...N8N.env,
		...extra,
	});
}

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs the n8n CLI without blocking this process (a Zoom server may be answering in it). */
export function n8nCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
	const { cli, node } = n8nInstall();
	return new Promise((resolve) => {
		execFile(
			node,
			[cli, ...args],
			{ env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({ code, stdout, stderr });
			},
		);
	});
}

/** Starts the n8n CLI as a child process. */
export function n8nSpawn(
	args: string[],
	env: NodeJS.ProcessEnv,
	options: SpawnOptions = {},
): ChildProcess {
	const { cli, node } = n8nInstall();
	return spawn(node, [cli, ...args], { env, ...options });
}

/** Builds and packs this package; returns the tarball's path. */
export function packPackage(root: string, destination: string): string {
	const env = withoutNpmVariables(process.env);
	runNpm(process.execPath, ['run', 'build', '--silent'], {
		cwd: root,
		env,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const packed = execFileSync(
		process.execPath,
		[npmCli(), 'pack', '--json', '--pack-destination', destination],
		{ cwd: root, env, encoding: 'utf8' },
	);
	const [{ filename }] = JSON.parse(packed) as Array<{ filename: string }>;
	return path.join(destination, filename);
}

/** Installs a package tarball as n8n installs community packages: into `<user folder>/.n8n/nodes`. */
export function installCommunityPackage(userFolder: string, tarball: string): void {
	const nodesFolder = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesFolder, { recursive: true });
	if (!fs.existsSync(path.join(nodesFolder, 'package.json'))) {
		fs.writeFileSync(
			path.join(nodesFolder, 'package.json'),
			'{"name":"installed-nodes","private":true}\n',
		);
	}
	runNpm(
		nodeRuntimeFor().binary,
		['install', tarball, '--omit=peer', '--omit=dev', '--ignore-scripts', ...NPM_QUIET],
		{
			cwd: nodesFolder,
			env: nodeEnv(),
			stdio: ['ignore', 'ignore', 'inherit'],
		},
	);
}

if (require.main === module) {
	try {
		const { folder } = n8nInstall();
		log(`n8n ${N8N_VERSION} ready in ${folder}`);
	} catch (error) {
		log((error as Error).message);
		process.exitCode = 1;
	}
}
