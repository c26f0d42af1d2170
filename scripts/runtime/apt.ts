/**
 * Debian's packages the tests need (Redis, Postgres, Chromium), installed with apt-get when they are
 * missing and this can (root, apt-get), as CI runs.
 */
import { spawnSync } from 'node:child_process';

/** Installs `missing`; resolves with why it could not, or undefined once apt-get succeeded. */
export function aptInstall(missing: string[], log: (line: string) => void): string | undefined {
	const what = missing.join(' and ');
	if (process.platform !== 'linux' || spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) {
		return `${what} not installed, and this is no Debian-like system with apt-get`;
	}
	if (process.getuid?.() !== 0) {
		return `${what} not installed; run as root (as CI does) or install them: sudo apt-get install -y ${missing.join(' ')}`;
	}
	log(`installing ${what} from Debian's packages…`);
	const started = Date.now();
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
		const run = spawnSync('apt-get', ['-q', ...args], { env, encoding: 'utf8' });
		// `update` may fail offline while the package lists already on disk still do.
		if (run.status !== 0 && args[0] === 'install') {
			return `apt-get install ${missing.join(' ')} failed: ${(run.stderr || run.stdout).slice(-500)}`;
		}
	}
	log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return undefined;
}
