/**
 * Debian's Chromium driven by playwright-core (no browser is downloaded): installed with apt-get
 * when missing (as root, the way CI runs), as Redis and Postgres are for queue mode.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

import type { Browser } from 'playwright-core';
import { chromium, selectors } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Why Chromium cannot be had here, or undefined once it is installed. */
export function installChromium(log: (line: string) => void): string | undefined {
	if (fs.existsSync(CHROMIUM)) return undefined;
	if (process.platform !== 'linux' || spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) {
		return 'Chromium is not installed, and this is no Debian-like system with apt-get';
	}
	if (process.getuid?.() !== 0) {
		return 'Chromium is not installed; run as root (as CI does) or: sudo apt-get install -y chromium';
	}
	log("installing Chromium from Debian's packages…");
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
		const run = spawnSync('apt-get', ['-q', ...args], { env, encoding: 'utf8' });
		// `update` may fail offline while the package lists already on disk still do.
		if (run.status !== 0 && args[0] === 'install') {
			return `apt-get install chromium failed: ${(run.stderr || run.stdout).slice(-500)}`;
		}
	}
	return fs.existsSync(CHROMIUM)
		? undefined
		: 'the package installed, but /usr/bin/chromium is missing';
}

/** Headless, as root, and quiet on a machine with no internet (no background connections). */
export async function launchChromium(): Promise<Browser> {
	// n8n marks its elements with data-test-id, which getByTestId then finds.
	selectors.setTestIdAttribute('data-test-id');
	return await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}
