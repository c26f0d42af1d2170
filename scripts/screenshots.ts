/**
 * Screenshots of the node in a real n8n editor for the README (docs/images/*.png). A maintainer's
 * tool, not part of the tests: it drives Debian's Chromium (installed when missing, see
 * runtime/chromium.ts) with playwright-core. Starts its own n8n on a free port with the package
 * installed as a community node and the examples imported, signs up an owner, and opens the nodes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import * as runtime from './n8nRuntime';
import { installChromium, launchChromium } from './runtime/chromium';
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
	const problem = installChromium(console.log);
	if (problem) throw new Error(problem);
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

		const browser = await launchChromium();
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
		// The node panel: the node found by "ZAK", and its actions (the names new nodes get).
		await page.goto(`${base}/workflow/new`);
		await page.getByTestId('canvas-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('ZAK');
		await page.getByTestId('node-creator-item-name').filter({ hasText: 'Zoom User Token' }).click();
		await page
			.getByTestId('node-creator-item-name')
			.filter({ hasText: 'Generate a signature' })
			.waitFor();
		await page.waitForTimeout(1500); // the panel slides in
		await page.screenshot({ path: path.join(OUT, 'node-panel-actions.png') });
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
