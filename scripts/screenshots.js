'use strict';
/**
 * Screenshots of the node in a real n8n editor for the README (docs/images/*.png). A maintainer's
 * tool, not part of the tests: it needs Debian's Chromium (`apt-get install chromium`; no browser is
 * downloaded) and drives it with playwright-core. Starts its own n8n on a free port with the package
 * installed as a community node and the examples imported, signs up an owner, and opens the nodes.
 */
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { chromium } = require('playwright-core');

const runtime = require('./n8nRuntime');

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'docs', 'images');
const OWNER = { email: 'maintainer@example.com', firstName: 'Maintainer', lastName: 'Example', password: 'Screenshots-123' };

const freePort = () =>
	new Promise((resolve) => {
		const server = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});

async function waitFor(url) {
	for (let attempt = 0; attempt < 180; attempt++) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not up yet
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`${url} did not come up`);
}

async function main() {
	if (!fs.existsSync('/usr/bin/chromium')) throw new Error('Install Debian\'s Chromium first: apt-get install chromium');
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zoom-user-token-shots-'));
	const userFolder = path.join(work, 'n8n');
	runtime.installCommunityPackage(userFolder, runtime.packPackage(ROOT, work));
	const port = await freePort();
	const env = runtime.n8nEnv(userFolder, { N8N_PORT: String(port), N8N_LOG_LEVEL: 'warn', N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
	await runtime.n8nCli(['import:workflow', '--separate', `--input=${path.join(ROOT, 'examples')}`], env);
	const n8n = runtime.n8nSpawn(['start'], env, { stdio: 'ignore' });
	const base = `http://localhost:${port}`;
	try {
		await waitFor(`${base}/healthz/readiness`);
		await fetch(`${base}/rest/owner/setup`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'browser-id': 'shots' }, body: JSON.stringify(OWNER) });

		const browser = await chromium.launch({
			executablePath: '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		});
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		await page.goto(`${base}/signin`);
		await page.getByPlaceholder(/email/i).first().fill(OWNER.email);
		await page.locator('input[type="password"]').first().fill(OWNER.password);
		await page.getByRole('button', { name: /sign in/i }).click();
		await page.waitForURL(/\/home|\/workflows/, { timeout: 60_000 });
		fs.mkdirSync(OUT, { recursive: true });

		const shots = [
			['zoomExample2Schedule', 'Get token', 'node-panel-get-token.png'],
			['zoomExample1Webhook', 'Get host ZAK', 'node-panel-webhook-example.png'],
		];
		for (const [workflowId, nodeName, file] of shots) {
			await page.goto(`${base}/workflow/${workflowId}`);
			await page.waitForTimeout(3000);
			await page.screenshot({ path: path.join(OUT, `workflow-${file}`) });
			await page.getByText(nodeName, { exact: true }).first().dblclick();
			await page.waitForTimeout(2000);
			await page.screenshot({ path: path.join(OUT, file) });
			await page.keyboard.press('Escape');
		}
		await browser.close();
		console.log(`screenshots written to ${OUT}`);
	} finally {
		n8n.kill('SIGTERM');
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
