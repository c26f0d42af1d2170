/**
 * Throw-away Redis and Postgres for the queue-mode suite, from Debian's packages: installed with
 * apt-get when missing (as root, the way CI runs), each started on a free port with its data in a
 * temporary folder, and stopped with it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { aptInstall } from '../scripts/runtime/apt';
import { freePort } from '../scripts/runtime/n8nServer';

export interface Services {
	redisPort: number;
	postgres: { port: number; user: string; password: string; database: string };
	stop(): void;
}

const have = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

/** Postgres's server binaries live in a versioned folder, not on PATH. */
function postgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const newest = fs
		.readdirSync(root)
		.filter((version) => fs.existsSync(path.join(root, version, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a))[0];
	return newest && path.join(root, newest, 'bin');
}

/**
 * Why the services cannot be had here, or undefined once they are installed. Installs the Debian
 * packages that are missing when it can (root and apt-get).
 */
export function installServices(log: (line: string) => void): string | undefined {
	const missing = [
		...(have('redis-server') ? [] : ['redis-server']),
		...(postgresBin() ? [] : ['postgresql']),
	];
	if (missing.length === 0) return undefined;
	const problem = aptInstall(missing, log);
	if (problem) return problem;
	return have('redis-server') && postgresBin()
		? undefined
		: 'the packages installed, but not found';
}

/** Starts Redis and Postgres in `folder`; both are stopped by `stop()`. */
export async function startServices(folder: string): Promise<Services> {
	const redisPort = await freePort();
	const redisDir = path.join(folder, 'redis');
	fs.mkdirSync(redisDir, { recursive: true });
	execFileSync('redis-server', [
		'--port',
		String(redisPort),
		'--bind',
		'127.0.0.1',
		'--daemonize',
		'yes',
		'--save',
		'',
		'--appendonly',
		'no',
		'--dir',
		redisDir,
		'--pidfile',
		path.join(redisDir, 'redis.pid'),
	]);

	// Postgres refuses to run as root: as root its folder belongs to the `postgres` user.
	const bin = postgresBin()!;
	const asRoot = process.getuid?.() === 0;
	const pgDir = path.join(folder, 'postgres');
	fs.mkdirSync(pgDir, { recursive: true });
	if (asRoot) {
		fs.chmodSync(folder, 0o755);
		execFileSync('chown', ['-R', 'postgres:postgres', pgDir]);
	}
	/** A Postgres command line, run as the `postgres` user when this is root. */
	const postgresCommand = (command: string, args: string[]): [string, string[]] =>
		asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
	const asPostgres = (command: string, args: string[]) =>
		execFileSync(...postgresCommand(command, args), { cwd: '/', stdio: 'pipe' });
	const data = path.join(pgDir, 'data');
	const port = await freePort();
	asPostgres(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust']);
	asPostgres(path.join(bin, 'pg_ctl'), [
		'-D',
		data,
		'-l',
		path.join(pgDir, 'postgres.log'),
		'-o',
		`-p ${port} -k ${pgDir} -c listen_addresses=127.0.0.1`,
		'-w',
		'start',
	]);
	const postgres = { port, user: 'n8n', password: 'n8n-e2e', database: 'n8n' };
	const psql = (sql: string) =>
		asPostgres(path.join(bin, 'psql'), [
			'-h',
			'127.0.0.1',
			'-p',
			String(port),
			'-U',
			'postgres',
			'-c',
			sql,
		]);
	// Two calls: CREATE DATABASE cannot run in the transaction one -c with two statements makes.
	psql(`CREATE USER ${postgres.user} WITH PASSWORD '${postgres.password}'`);
	psql(`CREATE DATABASE ${postgres.database} OWNER ${postgres.user}`);

	return {
		redisPort,
		postgres,
		stop() {
			spawnSync('redis-cli', ['-p', String(redisPort), 'shutdown', 'nosave']);
			spawnSync(
				...postgresCommand(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']),
			);
		},
	};
}
