/**
 * Screenshots of the node in a real n8n editor for the README (docs/images/*.png). A maintainer's
 * tool, not part of the tests: it needs Debian's Chromium (`apt-get install chromium`; no browser is
 * downloaded) and drives it with playwright-core. Starts its own n8n on a free port with the package
 * installed as a community node and the examples imported, signs up an owner, and opens the nodes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium } from 'playwright-core';

import * as runtime from './n8nRuntime';
import { freePort, ownerSession, waitFor } from './runtime/n8nServer';

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'docs', 'images');
const OWNER = {
	email: 'maintainer@example.com',
	firstName: 'Maintainer',
	lastName: 'Example',
	password: 'Screenshots-123',
};

async function main() {
	if (!fs.existsSync('/usr/bin/chromium'))
		throw new Error("Install Debian's Chromium first: apt-get install chromium");
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zoom-user-token-shots-'));
	const userFolder = path.join(work, 'n8n');
	runtime.installCommunityPackage(userFolder, runtime.packPackage(ROOT, work));
	const port = await freePort();
	const env = runtime.n8nEnv(userFolder, {
		N8N_PORT: String(port),
		N8N_LOG_LEVEL: 'warn',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
	});
	await runtime.n8nCli(
		['import:workflow', '--separate', `--input=${path.join(ROOT, 'examples')}`],
		env,
	);
	const n8n = runtime.n8nSpawn(['start'], env, { stdio: 'ignore' });
	const base = `http://localhost:${port}`;
	try {
		await waitFor(`${base}/healthz/readiness`, 90);
		// Sign up the owner through the REST API and hand the browser its session: the editor binds
		// the session to a browser ID, which the page reads from local storage.
		const [name, value] = (await ownerSession(base, OWNER, 'screenshots')).split('=');

		const browser = await chromium.launch({
			executablePath: '/usr/bin/chromium',
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
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		await context.addCookies([{ name, value, domain: 'localhost', path: '/' }]);
		// Runs in the page, where localStorage exists (this file is type-checked without the DOM library).
		await context.addInitScript("window.localStorage.setItem('n8n-browserId', 'screenshots')");
		const page = await context.newPage();
		fs.mkdirSync(OUT, { recursive: true });

		// The editor opens a node's panel from its URL: /workflow/<workflow id>/<node id>.
		const shots = [
			['zoomExample2Schedule', '7a2d9e10-5b3c-4d6e-8f70-1a2b3c4d0004', 'schedule-example'],
			['zoomExample1Webhook', '5f0c8c8e-0f1a-4b8e-9a57-7c3f1f2a0002', 'webhook-example'],
		];
		for (const [workflowId, nodeId, name] of shots) {
			await page.goto(`${base}/workflow/${workflowId}`);
			await page.waitForTimeout(6000);
			await page.screenshot({ path: path.join(OUT, `${name}-workflow.png`) });
			await page.goto(`${base}/workflow/${workflowId}/${nodeId}`);
			await page.waitForTimeout(6000);
			await page.screenshot({ path: path.join(OUT, `${name}-node-panel.png`) });
		}
		await browser.close();
		console.log(`screenshots written to ${OUT}`);
	} finally {
		n8n.kill('SIGTERM');
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
