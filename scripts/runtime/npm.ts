/**
 * npm as the runtime installer runs it: under a chosen Node, with a clean environment. A script
 * started by `npm run`/`npm start` inherits npm's variables — among them `npm_config_ignore_scripts`
 * from this project's .npmrc — and a nested `npm rebuild` would silently build nothing under them.
 */
import { execFileSync, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The environment without what npm put there for the script that started this process. */
export function withoutNpmVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	return Object.fromEntries(
		Object.entries(env).filter(([key]) => !/^(npm_.*|INIT_CWD|NODE)$/i.test(key)),
	);
}

/** The same environment with `binDir` first on PATH (Windows spells the key `Path`). */
export function withPathFirst(env: NodeJS.ProcessEnv, binDir: string): NodeJS.ProcessEnv {
	const key = Object.keys(env).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH';
	return { ...env, [key]: [binDir, env[key]].filter(Boolean).join(path.delimiter) };
}

let cliPath: string | undefined;

/** npm's own entry script, run with an explicit Node so that no shim picks another one. */
export function npmCli(): string {
	if (cliPath) return cliPath;
	const candidates = [
		process.env.npm_execpath,
		path.join(
			path.dirname(process.execPath),
			'..',
			'lib',
			'node_modules',
			'npm',
			'bin',
			'npm-cli.js',
		),
		path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js'),
	];
	cliPath = candidates.find(
		(file): file is string => !!file && /npm-cli\.js$/.test(file) && fs.existsSync(file),
	);
	if (!cliPath) {
		const prefix = execFileSync('npm', ['prefix', '--global'], {
			encoding: 'utf8',
			shell: process.platform === 'win32',
		}).trim();
		cliPath = [
			path.join(prefix, 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
			path.join(prefix, 'node_modules', 'npm', 'bin', 'npm-cli.js'),
		].find((file) => fs.existsSync(file));
	}
	if (!cliPath)
		throw new Error('npm was not found next to this Node.js; reinstall Node.js with npm');
	return cliPath;
}

export interface NpmOptions {
	cwd: string;
	env: NodeJS.ProcessEnv;
	stdio?: StdioOptions;
}

/** Runs npm under `node` and throws when it fails. */
export function runNpm(node: string, args: string[], options: NpmOptions): void {
	execFileSync(node, [npmCli(), ...args], {
		cwd: options.cwd,
		env: options.env,
		stdio: options.stdio ?? ['ignore', 'inherit', 'inherit'],
	});
}
