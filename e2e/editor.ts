/**
 * The editor suite: what a user sees in n8n's editor, in a real browser (Debian's Chromium driven by
 * playwright-core), against a real n8n with the package installed as a community package.
 *
 * The Zoom server answers on Zoom's own hostnames over https (a throw-away certificate authority
 * n8n trusts, a proxy that tunnels only Zoom's hosts: test/support/zoomHosts.ts), so the
 * credentials the suite creates in the editor keep the default Environment, Zoom, as users do.
 * Each scenario is one function; a failing check keeps a screenshot in the work folder.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import jwt from 'jsonwebtoken';
import type { Page } from 'playwright-core';

import * as runtime from '../scripts/n8nRuntime';
import { freePort, ownerSession, waitFor } from '../scripts/runtime/n8nServer';
import { startZoomHostsProxy, throwAwayCertificates } from '../test/support/zoomHosts';
import type { ZoomServer } from '../test/support/zoomServer';
import { startZoomServer } from '../test/support/zoomServer';
import { installChromium, launchChromium } from '../scripts/runtime/chromium';
import { check, runSuite } from './harness';

const ROOT = path.join(__dirname, '..');
const OWNER = {
	email: 'editor@example.com',
	firstName: 'Editor',
	lastName: 'Owner',
	password: 'Editor-password-123',
};
const BROWSER_ID = 'e2e-editor';

export interface Editor {
	base: string;
	page: Page;
	zoom: ZoomServer;
	/** Keeps a picture of the page in the work folder; returns its path. */
	screenshot(name: string): Promise<string>;
	close(): Promise<void>;
}

/** n8n with the packed package, the Zoom server on Zoom's hostnames, and a signed-in browser. */
export async function openEditor(work: string): Promise<Editor> {
	const problem = installChromium((line) => console.log(`  ${line}`));
	if (problem) throw new Error(problem);
	runtime.n8nInstall();
	const userFolder = path.join(work, 'n8n');
	runtime.installCommunityPackage(userFolder, runtime.packPackage(ROOT, work));

	const certificates = await throwAwayCertificates();
	const zoom = await startZoomServer({
		tls: certificates,
		scopes: ['user:read:token:admin', 'user:read:list_users:admin', 'user:delete:token:admin'],
	});
	const proxy = await startZoomHostsProxy(zoom.port);
	const caFile = path.join(work, 'throw-away-ca.pem');
	fs.writeFileSync(caFile, certificates.ca);

	const port = await freePort();
	const base = `http://localhost:${port}`;
	const env = runtime.n8nEnv(userFolder, {
		N8N_PORT: String(port),
		N8N_LOG_LEVEL: 'warn',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		HTTPS_PROXY: proxy.url,
		NODE_EXTRA_CA_CERTS: caFile,
	});
	const logFile = fs.openSync(path.join(work, 'n8n.log'), 'a');
	const n8n = runtime.n8nSpawn(['start'], env, { stdio: ['ignore', logFile, logFile] });
	await waitFor(`${base}/healthz/readiness`, 120);
	// The editor binds a session to a browser ID, which the page reads from local storage.
	const [name, value] = (await ownerSession(base, OWNER, BROWSER_ID)).split('=');

	const browser = await launchChromium();
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	await context.addCookies([{ name, value, domain: 'localhost', path: '/' }]);
	await context.addInitScript(`window.localStorage.setItem('n8n-browserId', '${BROWSER_ID}')`);
	const page = await context.newPage();
	page.setDefaultTimeout(20_000);
	const shots = path.join(work, 'screenshots');
	fs.mkdirSync(shots, { recursive: true });
	return {
		base,
		page,
		zoom,
		screenshot: async (shot) => {
			const file = path.join(shots, `${shot}.png`);
			await page.screenshot({ path: file });
			return file;
		},
		close: async () => {
			await browser.close();
			n8n.kill('SIGTERM');
			await proxy.close();
			await zoom.close();
		},
	};
}

const S2S = { accountId: 'acct-1', clientId: 's2s-client', clientSecret: 's2s-secret-VALUE' };
const SDK_APP = { clientId: 'editor-sdk-client', clientSecret: 'editor-sdk-secret-VALUE' };

/** A check that keeps a screenshot of the page when it fails, and names it in the failure. */
async function see(editor: Editor, name: string, fn: () => Promise<void>): Promise<void> {
	await check(name, async () => {
		try {
			await fn();
		} catch (error) {
			const shot = await editor
				.screenshot(name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60))
				.catch(() => 'none');
			throw new Error(`${(error as Error).message}\nscreenshot: ${shot}`);
		}
	});
}

/** A new workflow with the Zoom node added from the node panel, as a user adds it. */
async function addZoomAction(editor: Editor, search: string, action: string): Promise<void> {
	const { page, base } = editor;
	await page.goto(`${base}/workflow/new`);
	await page.getByTestId('canvas-plus-button').click();
	await page.getByTestId('node-creator-search-bar').fill(search);
	await page
		.getByTestId('node-creator-item-name')
		.filter({ hasText: 'Zoom User Token' })
		.first()
		.click();
	await page.getByTestId('node-creator-item-name').filter({ hasText: action }).click();
	await page.getByTestId('ndv').waitFor();
}

async function closeNodePanel(page: Page): Promise<void> {
	const close = page.getByTestId('ndv-close-button');
	// n8n 1.x: "Back to canvas".
	if (await close.isVisible()) await close.click();
	else await page.getByText('Back to canvas').click();
}

const field = (page: Page, name: string) => page.getByTestId(`parameter-input-${name}`);

async function fill(page: Page, name: string, value: string): Promise<void> {
	const input = field(page, name).locator('input').first();
	await input.fill(value);
	await input.blur();
}

/** Chooses an option of an options field by its visible name. */
async function choose(page: Page, name: string, option: string): Promise<void> {
	await field(page, name).click();
	await page.getByRole('option', { name: option }).first().click();
}

async function outputJson(page: Page): Promise<unknown> {
	const output = page.getByTestId('output-panel');
	await output.getByTestId('radio-button-json').click();
	const text = await output.locator('.json-data, [class*="json"]').first().innerText();
	// The view indents with no-break spaces, which JSON does not count as white space.
	return JSON.parse(text.replace(/\u00a0/g, ' '));
}

async function nodePanel(editor: Editor): Promise<void> {
	const { page, base } = editor;
	await see(
		editor,
		'the node panel finds the node by "Zoom" and by "ZAK", with short actions',
		async () => {
			await page.goto(`${base}/workflow/new`);
			await page.getByTestId('canvas-plus-button').click();
			const search = page.getByTestId('node-creator-search-bar');
			const names = page.getByTestId('node-creator-item-name');
			await search.fill('Zoom');
			await names.filter({ hasText: 'Zoom User Token' }).first().waitFor();
			console.log(`      "Zoom" lists: ${(await names.allInnerTexts()).join(', ')}`);
			await search.fill('ZAK');
			await names.filter({ hasText: 'Zoom User Token' }).first().click();
			await names.filter({ hasText: 'Generate a signature' }).waitFor();
			const actions = await names.allInnerTexts();
			console.log(`      its actions: ${actions.join(', ')}`);
			for (const action of [
				'Get a user token',
				'Get my access key',
				'Sign out a user',
				'Generate a signature',
			])
				assert.ok(actions.includes(action), `no "${action}"`);
			await editor.screenshot('node-panel-actions');
		},
	);
}

async function getTokenFields(editor: Editor): Promise<void> {
	const { page } = editor;
	await see(
		editor,
		'an added Get Token is named "Get a user token", and its fields show and hide with Token Type',
		async () => {
			await addZoomAction(editor, 'ZAK', 'Get a user token');
			assert.equal(await page.getByTestId('node-title-container').innerText(), 'Get a user token');
			for (const name of ['userId', 'tokenType', 'ttl', 'meetingId'])
				await field(page, name).waitFor();
			await choose(page, 'tokenType', 'SDK Token (Deprecated by Zoom)');
			await field(page, 'ttl').waitFor({ state: 'detached' });
			assert.equal(await field(page, 'meetingId').count(), 0);
			await choose(page, 'tokenType', 'OBF – Meeting Bots Acting on Behalf of the User');
			await field(page, 'meetingId').waitFor();
			await closeNodePanel(page);
			const canvasNames = await page.getByTestId('canvas-node').allInnerTexts();
			assert.ok(
				canvasNames.some((name) => name.startsWith('Get a user token')),
				`on the canvas: ${canvasNames.join(' | ')}`,
			);
			await editor.screenshot('canvas-get-a-user-token');
		},
	);
	await see(
		editor,
		'"Custom API Call" leads to the HTTP Request node with this credential',
		async () => {
			await addZoomAction(editor, 'Zoom', 'Get a user token');
			await choose(page, 'operation', 'Custom API Call');
			await page.getByText('Use the HTTP Request node to make a custom API call').waitFor();
		},
	);
}

/** Opens Credentials → Create credential for a type picked by its name, as a user does. */
async function createCredential(editor: Editor, typeName: string): Promise<void> {
	const { page, base } = editor;
	await page.goto(`${base}/home/credentials/create`);
	await page.getByTestId('new-credential-type-select').click();
	await page.keyboard.type(typeName);
	await page.getByTestId('new-credential-type-select-option').filter({ hasText: typeName }).click();
	await page.getByTestId('new-credential-type-button').click();
	await page.getByTestId('credential-edit-dialog').waitFor();
}

/**
 * Saves the open credential, which runs its Test; resolves with the Test's message ("" when it
 * passed) once the form shows it — behind "More details" for a failure, as n8n shows it.
 */
async function saveAndTest(page: Page): Promise<string> {
	const saveAndWait = async (timeout: number) => {
		const tested = page.waitForResponse(
			(response) =>
				response.url().includes('/rest/credentials/test') && response.request().method() === 'POST',
			{ timeout },
		);
		await page.getByTestId('credential-save-button').click();
		return await tested;
	};
	// n8n 1.x now and then takes no Save right after a typed value lands (seen in CI): save again.
	const response = await saveAndWait(15_000).catch(async () => await saveAndWait(30_000));
	const { data } = (await response.json()) as { data: { status: string; message: string } };
	const dialog = page.getByTestId('credential-edit-dialog');
	if (!(await dialog.isVisible())) return data.status === 'OK' ? '' : data.message;
	if (data.status === 'OK') {
		await dialog.getByTestId('credentials-config-container-test-success').waitFor();
		return '';
	}
	await dialog.getByText('More details').click();
	await dialog.getByText(data.message).waitFor();
	return data.message;
}

/** The credential form's fields, top to bottom. */
async function formFields(page: Page): Promise<string[]> {
	const names = await page
		.getByTestId('credential-edit-dialog')
		.locator('[data-test-id^="parameter-input-"]')
		.evaluateAll((inputs) =>
			inputs.map((input) => input.getAttribute('data-test-id')!.replace('parameter-input-', '')),
		);
	return names.filter((name) => name !== 'field' && name !== 'item');
}

async function serverToServerCredential(editor: Editor): Promise<void> {
	const { page, zoom } = editor;
	await see(
		editor,
		'Server-to-Server credential: the Test refuses a wrong secret and says where the right one is',
		async () => {
			await createCredential(editor, 'Zoom Server-to-Server OAuth API');
			const order = await formFields(page);
			console.log(`      fields: ${order.join(', ')}`);
			assert.deepEqual(order.slice(0, 4), ['accountId', 'clientId', 'clientSecret', 'environment']);
			await fill(page, 'accountId', S2S.accountId);
			await fill(page, 'clientId', S2S.clientId);
			await fill(page, 'clientSecret', 'a-wrong-secret');
			const message = await saveAndTest(page);
			assert.match(
				message,
				/Zoom rejected the Client ID or Client Secret: copy both from the App Credentials page/,
			);
			await editor.screenshot('credential-s2s-wrong-secret');
		},
	);
	await see(
		editor,
		'Server-to-Server credential: right values pass the Test, on Zoom’s own hosts',
		async () => {
			const before = zoom.tokenRequests().length;
			await fill(page, 'clientSecret', S2S.clientSecret);
			assert.equal(await saveAndTest(page), '');
			const fetched = zoom.tokenRequests().slice(before);
			assert.ok(fetched.length >= 1 && fetched.every((request) => request.host === 'zoom.us'));
			assert.equal(zoom.apiRequests().at(-1)?.host, 'api.zoom.us');
		},
	);
	await see(
		editor,
		'Server-to-Server credential: after an edit, the Test checks the new values, not the stored token',
		async () => {
			const before = zoom.tokenRequests().length;
			await fill(page, 'accountId', 'acct-other');
			await fill(page, 'clientSecret', 'another-wrong-secret');
			const message = await saveAndTest(page);
			assert.match(message, /Client ID or Client Secret|Account ID "acct-other"/);
			const asked = zoom.tokenRequests().slice(before);
			assert.ok(asked.length >= 1, 'no token request with the edited values');
			assert.ok(asked.every((request) => request.query.account_id === 'acct-other'));
			await fill(page, 'accountId', S2S.accountId);
			await fill(page, 'clientSecret', S2S.clientSecret);
			assert.equal(await saveAndTest(page), '');
			await page.getByTestId('credential-edit-dialog').press('Escape');
		},
	);
}

async function oauth2CredentialForm(editor: Editor): Promise<void> {
	const { page } = editor;
	await see(
		editor,
		'OAuth2 credential form: where to paste the redirect URL, the app’s values, then Environment',
		async () => {
			await createCredential(editor, 'Zoom App (User Token Node) OAuth2 API');
			const dialog = page.getByTestId('credential-edit-dialog');
			await dialog.getByText('In Zoom App (User Token Node), use the URL above').waitFor();
			await dialog.getByText('Paste the OAuth Redirect URL above into your Zoom app').waitFor();
			const order = await formFields(page);
			console.log(`      fields: ${order.join(', ')}`);
			const at = (name: string) => order.indexOf(name);
			assert.ok(at('clientId') >= 0 && at('clientId') < at('clientSecret'));
			assert.ok(at('clientSecret') < at('environment'), order.join(', '));
			await choose(page, 'environment', 'Custom');
			await field(page, 'apiBaseUrl').waitFor();
			await field(page, 'oauthBaseUrl').waitFor();
			await editor.screenshot('credential-oauth2-form');
			await dialog.press('Escape');
		},
	);
}

async function getTokenRun(editor: Editor): Promise<void> {
	const { page } = editor;
	await see(
		editor,
		'Get Token: From List offers "Me (the app’s owner)" and finds Jane; Execute step shows her ZAK in the output panel',
		async () => {
			await addZoomAction(editor, 'Zoom', 'Get a user token');
			// With one credential of the node's types, n8n picks it (and with it the Authentication).
			await page.getByTestId('node-credentials-select').waitFor();
			await page.getByTestId('rlc-mode-selector').click();
			await page.getByTestId('mode-list').click();
			await page.getByTestId('rlc-input').click();
			// The first page of users comes from Zoom, through n8n: give it time on a busy machine.
			await page.getByTestId('rlc-item').first().waitFor({ timeout: 45_000 });
			// A Server-to-Server credential: "me" is the app's owner, nobody connected anything.
			assert.equal(await page.getByTestId('rlc-item').first().innerText(), 'Me (the app’s owner)');
			await page.keyboard.type('jane');
			const items = page.getByTestId('rlc-item');
			await items.filter({ hasText: 'Jane Doe (jane@example.com)' }).click();
			await fill(page, 'ttl', '600');
			await page.getByTestId('node-execute-button').click();
			await page.getByTestId('output-panel').getByText('zak:u-jane:600:').first().waitFor();
			await editor.screenshot('output-get-a-user-token');
		},
	);
	await see(
		editor,
		'Get Token: a TTL out of range stays as typed, and the error panel names it',
		async () => {
			await fill(page, 'ttl', '99999999');
			assert.equal(await field(page, 'ttl').locator('input').inputValue(), '99999999');
			await page.getByTestId('node-execute-button').click();
			const error = page.getByTestId('node-error-message');
			await error.waitFor();
			assert.match(
				await error.innerText(),
				/Invalid TTL \(ttl\) in item 0: .*99999999.* from 1 to 31536000/,
			);
			await editor.screenshot('error-invalid-ttl');
		},
	);
}

async function otherUserActions(editor: Editor): Promise<void> {
	const { page } = editor;
	await see(
		editor,
		'Revoke SSO Token: "Sign out a user" warns before it runs, has no token fields, and Execute step shows the confirmation',
		async () => {
			await addZoomAction(editor, 'Zoom', 'Sign out a user');
			assert.equal(await page.getByTestId('node-title-container').innerText(), 'Sign out a user');
			await page.getByText('This signs the user out of Zoom').waitFor();
			await field(page, 'userId').waitFor();
			assert.equal(await field(page, 'tokenType').count(), 0);
			assert.equal(await field(page, 'ttl').count(), 0);
			await page.getByTestId('node-credentials-select').waitFor();
			await page.getByTestId('rlc-input').fill('u-jane');
			await page.getByTestId('rlc-input').blur();
			await page.getByTestId('node-execute-button').click();
			await page.getByTestId('output-panel').getByText('revoked').first().waitFor();
			assert.deepEqual(await outputJson(page), [{ userId: 'u-jane', revoked: true }]);
			await editor.screenshot('output-sign-out-a-user');
		},
	);
	await see(
		editor,
		'Get My ZAK: with the Server-to-Server credential the panel says why not, and so does the error panel',
		async () => {
			await addZoomAction(editor, 'Zoom', 'Get my access key');
			assert.equal(await page.getByTestId('node-title-container').innerText(), 'Get my access key');
			await field(page, 'meetingId').waitFor();
			assert.equal(await field(page, 'userId').count(), 0);
			await page.getByText('a Server-to-Server OAuth app has no signed-in user').first().waitFor();
			await page.getByTestId('node-execute-button').click();
			const error = page.getByTestId('node-error-message');
			await error.waitFor();
			assert.match(await error.innerText(), /Get My ZAK works with OAuth2 only/);
			await editor.screenshot('error-get-my-access-key-s2s');
		},
	);
}

async function signature(editor: Editor): Promise<void> {
	const { page } = editor;
	await see(
		editor,
		'Generate Signature: create the Meeting SDK credential from the node, run its Test, sign',
		async () => {
			await addZoomAction(editor, 'Zoom', 'Generate a signature');
			assert.equal(
				await page.getByTestId('node-title-container').innerText(),
				'Generate a signature',
			);
			// n8n 2.x offers "Connect to …" when no credential exists, n8n 1.x a list with "Create new".
			const empty = page.getByTestId('node-credentials-empty-state');
			if (await empty.isVisible()) await empty.click();
			else {
				await page.getByTestId('node-credentials-select').click();
				await page.getByTestId('node-credentials-select-item-new').click();
			}
			await page.getByTestId('credential-edit-dialog').waitFor();
			await fill(page, 'clientId', SDK_APP.clientId);
			await fill(page, 'clientSecret', SDK_APP.clientSecret);
			// Created from the node, the form closes on save (n8n 2.x) and the node gets the credential.
			assert.equal(await saveAndTest(page), '');
			const dialog = page.getByTestId('credential-edit-dialog');
			if (await dialog.isVisible()) await dialog.press('Escape');
			await dialog.waitFor({ state: 'hidden' });
			await fill(page, 'meetingNumber', '857 4606 5432');
			await page.getByTestId('node-execute-button').click();
			await page.getByTestId('output-panel').getByText('85746065432').first().waitFor();
			const [kit] = (await outputJson(page)) as Array<{ signature: string; sdkKey: string }>;
			const claims = jwt.verify(kit.signature, SDK_APP.clientSecret) as jwt.JwtPayload;
			assert.equal(claims.mn, 85746065432);
			assert.equal(kit.sdkKey, SDK_APP.clientId);
			await editor.screenshot('output-generate-a-signature');
		},
	);
}

if (require.main === module && process.argv.includes('--hold')) {
	// For looking around by hand: everything started, then held until interrupted.
	const work = fs.mkdtempSync(path.join('/tmp', 'zoom-user-token-editor-hold-'));
	void openEditor(work).then((editor) => {
		fs.writeFileSync(path.join(work, 'base'), editor.base);
		console.log(`editor at ${editor.base}; work folder ${work}`);
	});
} else if (require.main === module) {
	runSuite('editor', async (work) => {
		const editor = await openEditor(work);
		try {
			await nodePanel(editor);
			await getTokenFields(editor);
			await serverToServerCredential(editor);
			await getTokenRun(editor);
			await otherUserActions(editor);
			await signature(editor);
			await oauth2CredentialForm(editor);
		} finally {
			await editor.close();
		}
	});
}
