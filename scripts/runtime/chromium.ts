/**
 * Debian's Chromium driven by playwright-core (no browser is downloaded): installed with apt-get
 * when missing (as root, the way CI runs), as Redis and Postgres are for queue mode.
 */
import fs from 'node:fs';

import type { Browser } from 'playwright-core';
import { chromium, selectors } from 'playwright-core';

import { aptInstall } from './apt';

export const CHROMIUM = '/usr/bin/chromium';

/** Why Chromium cannot be had here, or undefined once it is installed. */
export function installChromium(log: (line: string) => void): string | undefined {
	if (fs.existsSync(CHROMIUM)) return undefined;
	const problem = aptInstall(['chromium'], log);
	if (problem) return problem;
	return fs.existsSync(CHROMIUM) ? undefined : `the package installed, but ${CHROMIUM} is missing`;
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
