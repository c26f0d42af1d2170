/**
 * `npm run test:e2e`: this package inside a real n8n, as users get it.
 *
 * Packs the package, installs the tarball into a fresh n8n user folder's .n8n/nodes (as n8n installs
 * community packages), starts the suite's Zoom-compatible server on 127.0.0.1, imports credentials and
 * workflows with n8n's own CLI, runs them with `n8n execute-batch`, then starts `n8n start` to check
 * what the editor gets (node and credential types, icons, the user list search) and to run the
 * webhook example. The default environments (Zoom, Zoom for Government) run on Zoom's own hostnames
 * over https, through a proxy and a throw-away certificate authority (test/support/zoomHosts.ts).
 * Asserts on node outputs and on the requests the Zoom server received; prints
 * "N passed, M failed" and exits non-zero on any failure.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import jwt from 'jsonwebtoken';

import * as runtime from '../scripts/n8nRuntime';
import { freePort, ownerSession, waitFor } from '../scripts/runtime/n8nServer';
import type { ZoomHostsProxy } from '../test/support/zoomHosts';
import { startZoomHostsProxy, throwAwayCertificates, ZOOM_HOSTS } from '../test/support/zoomHosts';
import type { ZoomServer } from '../test/support/zoomServer';
import { startZoomServer } from '../test/support/zoomServer';
import { customEnvironment, oauth2Data, serverToServerData } from './credentials';
import { activateWorkflow, check, cli, failedChecks, runSuite } from './harness';
import {
	MCP_PATH,
	mcpToolWorkflow,
	customApiCallWorkflow,
	testWorkflows,
	ZOOM_HOSTS_CREDENTIALS,
	zoomHostsWorkflows,
} from './workflows';

const ROOT = path.join(__dirname, '..');
const PACKAGE = 'n8n-nodes-zoom-user-token';
/** The Meeting SDK app of the join kit example: n8n signs with it, nothing is sent to Zoom. */
const MEETING_SDK_APP = { clientId: 'e2e-sdk-client', clientSecret: 'e2e-sdk-secret-VALUE' };
/** The header the example webhooks' Header Auth credential asks callers for. */
const EXAMPLE_CALLER = { header: 'X-Webhook-Secret', secret: 'e2e-caller-secret-VALUE' };
const OWNER = {
	email: 'e2e@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-password-123',
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a saved run is n8n's JSON, read loosely
type Snapshot = any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Item = { json: Record<string, any>; pairedItem?: unknown; error?: any };

/** The Zoom node's output items in a saved run: `output` 0 is the main output, 1 the error output. */
function zoomOutput(snapshot: Snapshot, output = 0, nodeName = 'Zoom User Token'): Item[] {
	return snapshot.data.resultData.runData[nodeName]?.[0]?.data?.main?.[output];
}

/** What every scenario gets: the n8n user folder's environment, the Zoom servers, the run's folder. */
interface Run {
	work: string;
	env: NodeJS.ProcessEnv;
	environment: ReturnType<typeof customEnvironment>;
	zoom: ZoomServer;
	zoomHosts: ZoomServer;
	proxy: ZoomHostsProxy;
	caFile: string;
	foreignRequests: string[];
	foreignUrl: string;
	close(): Promise<void>;
}

/** The saved runs of `n8n execute-batch`. */
interface Batch {
	snapshot(id: string): Snapshot;
	summaryError(id: string): string | undefined;
}

/** The running `n8n start`, signed in as the owner. */
interface Server {
	base: string;
	cookie: string;
	get(url: string): Promise<Response>;
	log(): string;
	stop(): Promise<void>;
}

/** Packs and installs the package, starts the Zoom servers, imports credentials and workflows. */
async function setUp(work: string): Promise<Run> {
	runtime.n8nInstall();
	const userFolder = path.join(work, 'n8n');
	console.log(`e2e: n8n ${runtime.N8N_VERSION}, work folder ${work}`);

	const tarball = runtime.packPackage(ROOT, work);
	runtime.installCommunityPackage(userFolder, tarball);

	// The scopes of every operation: Get Token and its list, Revoke SSO Token, Get My ZAK.
	const zoom = await startZoomServer({
		users: undefined,
		scopes: [
			'user:read:token:admin',
			'user:read:list_users:admin',
			'user:delete:token:admin',
			'user_zak:read',
		],
	});
	// The default environments as users run them: a second Zoom server serves Zoom's own hostnames over
	// https, with a certificate from a throw-away authority n8n is told to trust, behind a proxy n8n
	// is told to use (what a company proxy does); the credentials name no URL.
	const certificates = await throwAwayCertificates();
	const zoomHosts = await startZoomServer({ users: undefined, tls: certificates });
	const proxy = await startZoomHostsProxy(zoomHosts.port);
	const caFile = path.join(work, 'throw-away-ca.pem');
	fs.writeFileSync(caFile, certificates.ca);
	const env = runtime.n8nEnv(userFolder, {
		N8N_LOG_LEVEL: 'warn',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
	});

	const environment = customEnvironment(zoom);
	const credentials = [
		{
			id: 'e2eOAuth2',
			name: 'Zoom OAuth2 (expired token)',
			type: 'zoomUserTokenOAuth2Api',
			data: { ...environment, ...oauth2Data(zoom) },
		},
		{
			id: 'e2eS2S',
			name: 'Zoom Server-to-Server',
			type: 'zoomServerToServerOAuthApi',
			data: { ...environment, ...serverToServerData(zoom) },
		},
		{
			id: 'zoomOAuth2Example',
			name: 'Zoom User Token OAuth2 account',
			type: 'zoomUserTokenOAuth2Api',
			data: { ...environment, ...oauth2Data(zoom, zoom.issueAccessToken('oauth-example')) },
		},
		{
			id: 'zoomS2SExample',
			name: 'Zoom Server-to-Server OAuth account',
			type: 'zoomServerToServerOAuthApi',
			data: { ...environment, ...serverToServerData(zoom) },
		},
		// Zoom's hostnames: no environment saved (n8n applies the default, Zoom), then Zoom for Government.
		{
			...ZOOM_HOSTS_CREDENTIALS.oAuth2.zoomUserTokenOAuth2Api,
			type: 'zoomUserTokenOAuth2Api',
			data: oauth2Data(zoomHosts),
		},
		{
			...ZOOM_HOSTS_CREDENTIALS.s2s.zoomServerToServerOAuthApi,
			type: 'zoomServerToServerOAuthApi',
			data: serverToServerData(zoomHosts),
		},
		{
			...ZOOM_HOSTS_CREDENTIALS.gov.zoomServerToServerOAuthApi,
			type: 'zoomServerToServerOAuthApi',
			data: { environment: 'zoomGov', ...serverToServerData(zoomHosts) },
		},
		{
			id: 'zoomMeetingSdkExample',
			name: 'Zoom Meeting SDK account',
			type: 'zoomMeetingSdkApi',
			data: MEETING_SDK_APP,
		},
		// The examples' webhooks answer only callers that send this header (README, "Examples").
		{
			id: 'zoomExampleWebhookAuth',
			name: 'Zoom example webhook caller',
			type: 'httpHeaderAuth',
			data: { name: EXAMPLE_CALLER.header, value: EXAMPLE_CALLER.secret },
		},
	];
	fs.writeFileSync(path.join(work, 'credentials.json'), JSON.stringify(credentials));
	await cli(['import:credentials', `--input=${path.join(work, 'credentials.json')}`], env);

	const examples: Array<{ id: string }> = [
		'webhook-host-start-link.json',
		'schedule-tokens-table.json',
		'webhook-meeting-bot-join-kit.json',
		'webhook-revoke-sso-token.json',
	].map((file) => JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8')));
	const workflowsFolder = path.join(work, 'workflows');
	fs.mkdirSync(workflowsFolder);
	for (const workflow of [
		...testWorkflows,
		...zoomHostsWorkflows,
		mcpToolWorkflow,
		customApiCallWorkflow(zoom.apiBaseUrl),
		...examples,
	]) {
		fs.writeFileSync(path.join(workflowsFolder, `${workflow.id}.json`), JSON.stringify(workflow));
	}
	await cli(['import:workflow', '--separate', `--input=${workflowsFolder}`], env);

	// A host that must never see a credential: the Zoom server redirects one user's request there.
	const foreign = http.createServer((req, res) => {
		foreignRequests.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.end('{"token":"forged"}');
	});
	const foreignRequests: string[] = [];
	await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
	const foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
	zoom.misbehave.api = (req, res) => {
		if (!req.url?.includes('/users/redirect-me/')) return false;
		res.writeHead(302, { Location: `${foreignUrl}/v2/users/redirect-me/token?type=zak` });
		res.end();
		return true;
	};

	return {
		work,
		env,
		environment,
		zoom,
		zoomHosts,
		proxy,
		caFile,
		foreignRequests,
		foreignUrl,
		close: async () => {
			await zoom.close();
			await zoomHosts.close();
			await proxy.close();
			foreign.close();
		},
	};
}

/** Runs the saved workflows, several per n8n process, as `n8n execute-batch` does. */
async function runBatch({ work, env, proxy, caFile }: Run): Promise<Batch> {
	// --- saved workflows, several per n8n process ---
	const snapshots = path.join(work, 'snapshots');
	fs.mkdirSync(snapshots);
	// execute-batch silently drops IDs without a digit (it filters them with /\d+/): every ID here has one.
	const batchIds = [...testWorkflows, ...zoomHostsWorkflows]
		.map((workflow) => workflow.id)
		.concat('e2eCustomApiCall1', 'zoomExample2Schedule');
	const batch = await runtime.n8nCli(
		[
			'execute-batch',
			`--ids=${batchIds.join(',')}`,
			`--snapshot=${snapshots}/`,
			`--output=${path.join(work, 'summary.json')}`,
		],
		{
			...env,
			HTTPS_PROXY: proxy.url,
			NODE_EXTRA_CA_CERTS: caFile,
		},
	);
	const summary = fs.existsSync(path.join(work, 'summary.json'))
		? JSON.parse(fs.readFileSync(path.join(work, 'summary.json'), 'utf8'))
		: undefined;
	const snapshot = (id: string): Snapshot =>
		JSON.parse(fs.readFileSync(path.join(snapshots, `${id}-snapshot.json`), 'utf8'));
	const summaryError = (id: string): string | undefined =>
		summary?.summary.errors.find((error: { workflowId: string }) => error.workflowId === id)?.error;
	console.log(`execute-batch: ${batchIds.length} workflows, exit ${batch.code}`);

	await check('n8n ran the batch and wrote its summary', () => {
		assert.ok(summary, `no summary; n8n said:\n${batch.stderr.slice(-3000)}`);
	});

	return { snapshot, summaryError };
}

/** Get Token in the Custom environment: types, expressions, errors, both credentials, safety. */
async function customEnvironmentRuns(
	{ work, env, zoom, foreignRequests, foreignUrl }: Run,
	{ snapshot, summaryError }: Batch,
): Promise<void> {
	await check('three items, three token types, per-item expressions', () => {
		const items = zoomOutput(snapshot('e2eThreeTypes'));
		assert.equal(items.length, 3);
		assert.deepEqual(
			items.map((item) => [item.json.userId, item.json.tokenType]),
			[
				['jane@example.com', 'zak'],
				['bob@example.com', 'onbehalf'],
				['owner@example.com', 'token'],
			],
		);
		assert.match(items[0].json.token, /^zak:u-jane:600:/);
		assert.match(items[1].json.token, /^onbehalf:u-bob:3600:/);
		assert.match(items[2].json.token, /^token:u-owner:default:/);
		assert.ok(Date.parse(items[0].json.expiresAt) > Date.now() + 500_000);
		assert.equal(items[2].json.expiresAt, undefined);
		assert.deepEqual(
			items.map((item) => item.pairedItem),
			[{ item: 0 }, { item: 1 }, { item: 2 }],
		);
		const urls = zoom.apiRequests().map((request) => request.url);
		for (const url of [
			'/v2/users/jane%40example.com/token?type=zak&ttl=600',
			'/v2/users/bob%40example.com/token?type=onbehalf&ttl=3600',
			'/v2/users/owner%40example.com/token?type=token',
		]) {
			assert.ok(urls.includes(url), `Zoom never got ${url}`);
		}
	});

	await check(
		'the expired OAuth2 token was refreshed once and the rotated refresh token saved',
		async () => {
			const refreshes = zoom
				.tokenRequests()
				.filter(
					(request) => new URLSearchParams(request.body).get('grant_type') === 'refresh_token',
				);
			assert.equal(refreshes.length, 1);
			const exported = await cli(
				[
					'export:credentials',
					'--id=e2eOAuth2',
					'--decrypted',
					`--output=${path.join(work, 'oauth2.json')}`,
				],
				env,
			);
			assert.equal(exported.code, 0);
			const [saved] = JSON.parse(fs.readFileSync(path.join(work, 'oauth2.json'), 'utf8'));
			assert.equal(saved.data.oauthTokenData.refresh_token, zoom.state.currentRefreshToken);
			assert.notEqual(saved.data.oauthTokenData.refresh_token, 'refresh-0');
		},
	);

	await check('unknown user, Continue (regular output): an error item between the tokens', () => {
		const items = zoomOutput(snapshot('e2eUnknownCof'));
		assert.equal(items.length, 3);
		assert.match(items[0].json.token, /^zak:u-jane:/);
		assert.deepEqual(items[1].json, {
			error: 'Zoom user "nobody" not found',
			httpCode: 404,
			zoomCode: 1001,
			userId: 'nobody',
		});
		assert.deepEqual(items[1].pairedItem, { item: 1 });
		assert.match(items[2].json.token, /^zak:u-bob:/);
		assert.equal(zoomOutput(snapshot('e2eUnknownCof'), 1), undefined);
	});

	await check(
		'Revoke SSO Token: a confirmation per signed-out user, Zoom’s refusal explained',
		() => {
			const items = zoomOutput(snapshot('e2eRevoke1'));
			console.log(
				`      Revoke SSO Token output: ${JSON.stringify(items.map((item) => item.json))}`,
			);
			assert.deepEqual(
				items.map((item) => item.json),
				[
					{ userId: 'u-jane', revoked: true },
					{
						error: 'Zoom user "nobody" not found',
						httpCode: 404,
						zoomCode: 1001,
						userId: 'nobody',
					},
				],
			);
			assert.deepEqual(zoomOutput(snapshot('e2eRevoke2')), [
				{ json: { userId: 'bob@example.com', revoked: true }, pairedItem: { item: 0 } },
			]);
			const deletes = zoom.apiRequests().filter((request) => request.method === 'DELETE');
			assert.deepEqual(
				deletes.map((request) => request.url),
				['/v2/users/u-jane/token', '/v2/users/nobody/token', '/v2/users/bob%40example.com/token'],
			);
			assert.deepEqual(zoom.state.revoked, ['u-jane', 'u-bob']);
		},
	);

	await check(
		'Get My ZAK: the signed-in user’s ZAK and start link; refused with Server-to-Server',
		() => {
			const [item] = zoomOutput(snapshot('e2eMyZak1'));
			console.log(`      Get My ZAK output: ${JSON.stringify(item.json)}`);
			assert.match(item.json.token, /^zak:u-owner:me:/);
			assert.equal(item.json.userId, 'me');
			assert.equal(item.json.tokenType, 'zak');
			assert.equal(item.json.expiresAt, undefined);
			assert.equal(
				item.json.startUrl,
				`${new URL(zoom.oauthBaseUrl).origin}/s/85746065432?zak=${encodeURIComponent(item.json.token)}`,
			);
			assert.ok(zoom.apiRequests().some((request) => request.url === '/v2/users/me/zak'));
			const refused = summaryError('e2eMyZak2') ?? '';
			console.log(`      Get My ZAK with Server-to-Server: ${refused}`);
			assert.match(
				refused,
				/Get My ZAK needs Authentication "OAuth2": a Server-to-Server OAuth app has no signed-in user/,
			);
		},
	);

	await check(
		'unknown user, Continue (using error output): tokens on the main output, the failure on the error output',
		() => {
			const run = snapshot('e2eUnknownErrOut1');
			const main = zoomOutput(run, 0);
			const failed = zoomOutput(run, 1);
			assert.deepEqual(
				main.map((item) => [item.json.userId, item.pairedItem]),
				[
					['u-jane', { item: 0 }],
					['u-bob', { item: 2 }],
				],
			);
			assert.equal(failed.length, 1);
			// n8n sets an error item's json to the message; the details are on its item-level error.
			assert.deepEqual(failed[0].json, { error: 'Zoom user "nobody" not found' });
			assert.deepEqual(failed[0].pairedItem, { item: 1 });
			assert.equal(failed[0].error?.context?.httpCode, 404);
			assert.equal(failed[0].error?.context?.zoomCode, 1001);
			assert.match(failed[0].error?.description ?? '', /Zoom has no user "nobody"/);
		},
	);

	await check('unknown user without Continue On Fail: the run fails with the user named', () => {
		assert.match(
			summaryError('e2eUnknownStop') ?? '',
			/Zoom has no user "nobody"|Zoom user "nobody" not found/,
		);
	});

	await check(
		'a redirect to another host is refused: an error naming it, no request and no token there',
		() => {
			const items = zoomOutput(snapshot('e2eRedirect2'));
			assert.match(items[0].json.token, /^zak:u-jane:/);
			assert.deepEqual(items[1].json, {
				error: `Zoom answered with a redirect to ${foreignUrl}`,
				httpCode: 302,
				zoomCode: null,
				userId: 'redirect-me',
			});
			assert.deepEqual(foreignRequests, []);
		},
	);

	await check(
		'Max Requests per Second 0.5: a token per item, one every 2 s, under Continue and Stop',
		() => {
			for (const [id, count] of [
				['e2ePinnedHalf1', 3],
				['e2ePinnedHalf2', 2],
			] as const) {
				const run = snapshot(id);
				const items = zoomOutput(run);
				assert.equal(
					items.length,
					count,
					`${id}: ${JSON.stringify(items?.map((item) => item.json))}`,
				);
				assert.ok(
					items.every((item) => /^zak:/.test(item.json.token)),
					JSON.stringify(items),
				);
				const ms = run.data.resultData.runData['Zoom User Token'][0].executionTime as number;
				console.log(`      ${id}: ${count} tokens in ${(ms / 1000).toFixed(1)} s`);
				// Starts at 0, 2 and 4 s: the pace is honoured, not rounded down to nothing.
				assert.ok(ms >= (count - 1) * 2000 - 50, `${id} took ${ms} ms`);
			}
		},
	);

	await check(
		'"Custom API Call": the HTTP Request node signs a Zoom call with the Server-to-Server credential',
		() => {
			const [item] =
				snapshot('e2eCustomApiCall1').data.resultData.runData['HTTP Request'][0].data.main[0];
			assert.match(item.json.token, /^zak:u-bob:/);
		},
	);

	await check('Server-to-Server: one token for 30 items', () => {
		const items = zoomOutput(snapshot('e2eS2SMany'));
		assert.equal(items.length, 30);
		assert.ok(items.every((item) => /^onbehalf:/.test(item.json.token)));
		const fetched = zoom
			.tokenRequests()
			.filter((request) => request.query.grant_type === 'account_credentials');
		assert.equal(fetched.length, 1);
	});
}

/** The default environments on Zoom's own hostnames over https, through the proxy. */
async function zoomHostsRuns({ zoomHosts, proxy }: Run, { snapshot }: Batch): Promise<void> {
	/** What the Zoom server on Zoom's hostnames got, per host: `<kind> <host>`. */
	const reached = (credentialHost: string) =>
		zoomHosts.requests
			.filter((request) => request.host?.endsWith(credentialHost))
			.map((request) => `${request.kind} ${request.host}`);

	await check(
		'Zoom (default environment), OAuth2: the expired token is refreshed at zoom.us, tokens come from api.zoom.us over https, with start links on zoom.us',
		() => {
			const items = zoomOutput(snapshot('e2eHostsZoomOAuth2'));
			assert.deepEqual(
				items.map((item) => item.json.startUrl),
				[
					`https://zoom.us/s/85746065432?zak=${encodeURIComponent(items[0].json.token)}`,
					`https://zoom.us/s/91234567890?zak=${encodeURIComponent(items[1].json.token)}`,
				],
			);
			assert.match(items[0].json.token, /^zak:u-jane:/);
			assert.match(items[1].json.token, /^zak:u-bob:/);
			const refreshes = zoomHosts
				.tokenRequests()
				.filter(
					(request) => new URLSearchParams(request.body).get('grant_type') === 'refresh_token',
				);
			assert.deepEqual(
				refreshes.map((request) => [request.host, request.status]),
				[['zoom.us', 200]],
			);
		},
	);

	await check(
		'Zoom (default environment), Server-to-Server: one token from zoom.us, OBF tokens from api.zoom.us',
		() => {
			const items = zoomOutput(snapshot('e2eHostsZoomS2S'));
			assert.deepEqual(
				items.map((item) => item.json.token.split(':').slice(0, 2).join(':')),
				['onbehalf:u-jane', 'onbehalf:u-bob'],
			);
			const fetched = zoomHosts
				.tokenRequests()
				.filter(
					(request) =>
						request.query.grant_type === 'account_credentials' && request.host === 'zoom.us',
				);
			assert.equal(fetched.length, 1);
			assert.deepEqual([...new Set(reached('zoom.us'))].sort(), [
				'api api.zoom.us',
				'token zoom.us',
			]);
		},
	);

	await check(
		'Zoom for Government: every request to zoomgov.com and api.zoomgov.com, the start link on zoomgov.com',
		() => {
			const [item] = zoomOutput(snapshot('e2eHostsZoomGov'));
			assert.equal(
				item.json.startUrl,
				`https://zoomgov.com/s/85746065432?zak=${encodeURIComponent(item.json.token)}`,
			);
			assert.deepEqual(reached('zoomgov.com'), ['token zoomgov.com', 'api api.zoomgov.com']);
		},
	);

	await check('through the proxy only to Zoom’s hosts, on port 443', () => {
		assert.deepEqual(
			[...new Set(proxy.asked)].sort(),
			ZOOM_HOSTS.map((host) => `${host}:443`).sort(),
		);
		assert.deepEqual(
			[...new Set(zoomHosts.requests.map((request) => request.host))].sort(),
			[...ZOOM_HOSTS].sort(),
		);
	});
}

async function scheduleExample({ snapshot }: Batch): Promise<void> {
	await check('example "schedule → tokens table" runs and merges users with their tokens', () => {
		const run = snapshot('zoomExample2Schedule');
		const table: Item['json'][] = run.data.resultData.runData.Table[0].data.main[0].map(
			(item: Item) => item.json,
		);
		// ZAKs only: an OBF token is minted just before a bot joins (see the join kit example).
		assert.deepEqual(
			table.map((row) => [row.userId, row.name, row.tokenType]),
			[
				['jane@example.com', 'Jane Doe', 'zak'],
				['bob@example.com', 'Bob Builder', 'zak'],
				['owner@example.com', 'Olivia Owner', 'zak'],
			],
		);
		assert.ok(
			table.every(
				(row) =>
					row.token.startsWith(`${row.tokenType}:`) && Date.parse(row.expiresAt) > Date.now(),
			),
		);
	});
}

/** `n8n start` with the webhook examples and the MCP tool published. */
async function startServer({ env }: Run): Promise<Server> {
	// --- the running server: what the editor gets, and the webhook example ---
	await activateWorkflow('zoomExample1Webhook', env);
	await activateWorkflow('zoomExample3BotJoinKit', env);
	await activateWorkflow('zoomExample4RevokeSso', env);
	await activateWorkflow(mcpToolWorkflow.id, env);
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	const serverEnv = {
		...env,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
	};
	const n8n = runtime.n8nSpawn(['start'], serverEnv, { stdio: ['ignore', 'pipe', 'pipe'] });
	let n8nLog = '';
	n8n.stdout!.on('data', (chunk: Buffer) => (n8nLog += chunk));
	n8n.stderr!.on('data', (chunk: Buffer) => (n8nLog += chunk));
	await waitFor(`${base}/healthz/readiness`, 90);
	// The editor's endpoints, /types included, need a signed-in user.
	const cookie = await ownerSession(base, OWNER, 'e2e');
	const get = async (url: string) =>
		await fetch(`${base}/${url.replace(/^\//, '')}`, {
			headers: { cookie, 'browser-id': 'e2e' },
		});

	return {
		base,
		cookie,
		get,
		log: () => n8nLog,
		stop: async () => {
			n8n.kill('SIGTERM');
			await new Promise((resolve) => n8n.once('exit', resolve));
		},
	};
}

/** What the editor gets: the node and credential types, and their icons. */
async function editorTypes({ get }: Server): Promise<void> {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- n8n's type descriptions, read loosely
	let nodeType: any;
	await check('n8n lists the node "Zoom User Token"', async () => {
		const nodes = (await (await get('/types/nodes.json')).json()) as Array<{ name: string }>;
		nodeType = nodes.find((node: { name: string }) => node.name === `${PACKAGE}.zoomUserToken`);
		assert.ok(nodeType, 'not in /types/nodes.json');
		assert.equal(nodeType.displayName, 'Zoom User Token');
		assert.equal(nodeType.usableAsTool, true);
	});

	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let credentialTypes: any[] = [];
	await check('n8n lists the three credential types', async () => {
		credentialTypes = (await (
			await get('/types/credentials.json')
		).json()) as typeof credentialTypes;
		for (const name of [
			'zoomUserTokenOAuth2Api',
			'zoomServerToServerOAuthApi',
			'zoomMeetingSdkApi',
		]) {
			assert.ok(
				credentialTypes.some((type: { name: string }) => type.name === name),
				`${name} not in /types/credentials.json`,
			);
		}
	});

	await check('the node and credential icons resolve', async () => {
		const urls: string[] = [
			nodeType?.iconUrl,
			...credentialTypes.filter((type) => type.name.startsWith('zoom')).map((type) => type.iconUrl),
		].flatMap((iconUrl) =>
			typeof iconUrl === 'string' ? [iconUrl] : [iconUrl?.light, iconUrl?.dark],
		);
		assert.ok(urls.length >= 8 && urls.every(Boolean), `icon URLs: ${JSON.stringify(urls)}`);
		for (const url of urls) {
			const response = await get(url);
			assert.equal(response.status, 200, `${url}: HTTP ${response.status}`);
			assert.match(await response.text(), /<svg/);
		}
	});
}

async function mcpTool({ base }: Server): Promise<void> {
	await check(
		'as an MCP tool: the agent reads what each token type and range is for, gets a token, and reads why a value is refused',
		async () => {
			const client = new McpClient({ name: 'e2e agent', version: '1.0.0' });
			await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp/${MCP_PATH}`)));
			try {
				const { tools } = await client.listTools();
				const tool = tools.find((candidate) => candidate.name === 'Get_Zoom_user_token');
				assert.ok(tool, `tools: ${tools.map((candidate) => candidate.name).join(', ')}`);
				// n8n's own description of the action; what to fill in comes with each parameter.
				assert.equal(tool.description, 'Get a user token in Zoom User Token');
				const parameters = tool.inputSchema.properties as Record<string, { description?: string }>;
				assert.deepEqual(Object.keys(parameters).sort(), ['tokenType', 'ttl', 'userId']);
				assert.match(parameters.tokenType.description ?? '', /zak .*onbehalf .*token/);
				assert.match(parameters.ttl.description ?? '', /1 to 31536000/);
				console.log(`      the agent reads for tokenType: ${parameters.tokenType.description}`);
				const text = async (args: Record<string, unknown>, name = tool.name) => {
					const result = await client.callTool({ name, arguments: args });
					return (result.content as Array<{ type: string; text?: string }>)
						.map((part) => part.text ?? '')
						.join('\n');
				};
				assert.match(
					await text({ userId: 'u-jane', tokenType: 'zak', ttl: 600 }),
					/"token":\s*"zak:u-jane:600:/,
				);
				// What agents send when the hint does not say: the node's error, readable to correct.
				const refused = await text({ userId: 'u-jane', tokenType: 'ZAK', ttl: 600 });
				console.log(`      the agent reads: ${refused.replace(/\s+/g, ' ').slice(0, 240)}`);
				assert.match(refused, /Token Type/);
				assert.match(refused, /zak|onbehalf/);
				// The other two actions, as an agent lists them: what each does, signing out first.
				const described = Object.fromEntries(
					tools.map((candidate) => [candidate.name, candidate.description]),
				);
				console.log(`      the agent lists: ${JSON.stringify(described)}`);
				assert.equal(described.Get_my_Zoom_ZAK, 'Get my access key in Zoom User Token');
				assert.equal(described.Sign_out_Zoom_user, 'Sign out a user in Zoom User Token');
				assert.match(await text({}, 'Get_my_Zoom_ZAK'), /"token":\s*"zak:u-owner:me:/);
			} finally {
				await client.close();
			}
		},
	);
}

async function exampleWebhooks({ zoom }: Run, { base }: Server): Promise<void> {
	await check(
		'the example webhooks refuse a caller without their secret header, and ask Zoom nothing',
		async () => {
			const asked = zoom.apiRequests().length;
			for (const [webhook, header] of [
				['zoom-start-link', {}],
				['zoom-bot-join', {}],
				['zoom-user-disabled', {}],
				['zoom-start-link', { [EXAMPLE_CALLER.header]: 'guessed' }],
				['zoom-user-disabled', { [EXAMPLE_CALLER.header]: 'guessed' }],
			] as const) {
				const response = await fetch(`${base}/webhook/${webhook}`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json', ...header },
					body: JSON.stringify({
						email: 'jane@example.com',
						meetingId: '85746065432',
						meetingNumber: '85746065432',
					}),
				});
				const text = await response.text();
				assert.equal(
					response.status,
					403,
					`${webhook}: HTTP ${response.status} ${text.slice(0, 200)}`,
				);
				assert.doesNotMatch(text, /zak|signature|onbehalf/i);
			}
			assert.equal(zoom.apiRequests().length, asked);
		},
	);

	await check(
		'example "identity provider webhook → revoke SSO token" signs the user out and answers { userId, revoked }',
		async () => {
			const response = await fetch(`${base}/webhook/zoom-user-disabled`, {
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					[EXAMPLE_CALLER.header]: EXAMPLE_CALLER.secret,
				},
				body: JSON.stringify({ email: 'jane@example.com' }),
			});
			assert.equal(response.status, 200, await response.clone().text());
			assert.deepEqual(await response.json(), { userId: 'jane@example.com', revoked: true });
			assert.equal(zoom.state.revoked.at(-1), 'u-jane');
		},
	);

	await check('example "webhook → host start link" answers with a start link', async () => {
		const response = await fetch(`${base}/webhook/zoom-start-link`, {
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				[EXAMPLE_CALLER.header]: EXAMPLE_CALLER.secret,
			},
			body: JSON.stringify({ email: 'jane@example.com', meetingId: '85746065432' }),
		});
		assert.equal(response.status, 200, await response.clone().text());
		const body = (await response.json()) as { startUrl: string; userId: string };
		// The credential's environment is Custom: start links go to its OAuth host's origin.
		const web = new URL(zoom.oauthBaseUrl).origin;
		assert.ok(
			body.startUrl.startsWith(`${web}/s/85746065432?zak=zak%3Au-jane%3A300%3A`),
			body.startUrl,
		);
		assert.equal(body.userId, 'jane@example.com');
	});

	await check(
		'example "webhook → meeting bot join kit" answers an OBF token for the meeting and a valid SDK signature',
		async () => {
			const response = await fetch(`${base}/webhook/zoom-bot-join`, {
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					[EXAMPLE_CALLER.header]: EXAMPLE_CALLER.secret,
				},
				body: JSON.stringify({ email: 'jane@example.com', meetingNumber: '857 4606 5432' }),
			});
			assert.equal(response.status, 200, await response.clone().text());
			const kit = (await response.json()) as Record<string, string>;
			assert.deepEqual(Object.keys(kit).sort(), [
				'meetingNumber',
				'obfToken',
				'sdkKey',
				'signature',
			]);
			assert.equal(kit.meetingNumber, '85746065432');
			assert.equal(kit.sdkKey, MEETING_SDK_APP.clientId);
			// Zoom got the meeting with the OBF request (the test server names it in the token).
			assert.match(kit.obfToken, /^onbehalf:u-jane:.*:meeting-85746065432$/);
			const claims = jwt.verify(kit.signature, MEETING_SDK_APP.clientSecret, {
				algorithms: ['HS256'],
			}) as jwt.JwtPayload;
			assert.equal(claims.mn, 85746065432);
			assert.equal(claims.role, 0);
			assert.equal(claims.sdkKey, MEETING_SDK_APP.clientId);
			assert.equal(claims.exp! - claims.iat!, 1800);
			assert.ok(!JSON.stringify(kit).includes(MEETING_SDK_APP.clientSecret));
		},
	);
}

/** The User picker's search and the credentials' Test, through the editor's REST API. */
async function listSearchAndCredentialTests(
	{ zoom, environment }: Run,
	{ base, cookie }: Server,
): Promise<void> {
	await check('the user list search answers the editor', async () => {
		const response = await fetch(`${base}/rest/dynamic-node-parameters/resource-locator-results`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', cookie, 'browser-id': 'e2e' },
			body: JSON.stringify({
				path: 'parameters.userId',
				nodeTypeAndVersion: { name: `${PACKAGE}.zoomUserToken`, version: 1 },
				methodName: 'searchUsers',
				filter: 'jane',
				currentNodeParameters: {
					authentication: 'serverToServerOAuth',
					resource: 'user',
					operation: 'getToken',
				},
				credentials: {
					zoomServerToServerOAuthApi: {
						id: 'zoomS2SExample',
						name: 'Zoom Server-to-Server OAuth account',
					},
				},
			}),
		});
		const text = await response.text();
		assert.equal(response.status, 200, text.slice(0, 500));
		const { data } = JSON.parse(text);
		assert.deepEqual(data.results, [{ name: 'Jane Doe (jane@example.com)', value: 'u-jane' }]);
	});

	/** A credential's Test, as the editor's "Test" button asks n8n for it. */
	const testCredential = async (id: string, name: string, type: string, data: object) => {
		const response = await fetch(`${base}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', cookie, 'browser-id': 'e2e' },
			body: JSON.stringify({ credentials: { id, name, type, data } }),
		});
		const text = await response.text();
		assert.equal(response.status, 200, text.slice(0, 500));
		return JSON.parse(text).data;
	};

	await check(
		"the Server-to-Server credential's Test tells a good credential, a wrong secret and a missing scope apart",
		async () => {
			const test = async (data: object) =>
				await testCredential(
					'zoomS2SExample',
					'Zoom Server-to-Server OAuth account',
					'zoomServerToServerOAuthApi',
					data,
				);
			const good = { ...environment, ...serverToServerData(zoom) };
			assert.deepEqual(await test(good), { status: 'OK', message: 'Connection successful!' });
			const wrongSecret = await test({ ...good, clientSecret: 'not-the-secret' });
			assert.equal(wrongSecret.status, 'Error');
			assert.match(wrongSecret.message, /Client ID or Client Secret/);
			assert.doesNotMatch(wrongSecret.message, /not-the-secret/);
			const wrongAccount = await test({ ...good, accountId: 'acct-typo' });
			assert.match(wrongAccount.message, /Account ID "acct-typo"/);
			const scopes = zoom.state.scopes;
			zoom.state.scopes = ['user:read:list_users:admin'];
			try {
				const missingScope = await test(good);
				assert.equal(missingScope.status, 'Error');
				assert.match(missingScope.message, /lacks a scope: add user:read:token:admin/);
			} finally {
				zoom.state.scopes = scopes;
			}
		},
	);

	await check(
		"the Meeting SDK credential's Test checks what n8n can, and says Zoom checks the rest",
		async () => {
			const test = async (data: object) =>
				await testCredential(
					'zoomMeetingSdkExample',
					'Zoom Meeting SDK account',
					'zoomMeetingSdkApi',
					data,
				);
			const good = await test(MEETING_SDK_APP);
			assert.equal(good.status, 'OK');
			assert.match(good.message, /only when the Meeting SDK joins/);
			const half = await test({ ...MEETING_SDK_APP, clientSecret: '' });
			assert.equal(half.status, 'Error');
			assert.match(half.message, /has no Client Secret/);
		},
	);
}

async function main(work: string): Promise<void> {
	const started = Date.now();
	const run = await setUp(work);
	try {
		const batch = await runBatch(run);
		await customEnvironmentRuns(run, batch);
		await zoomHostsRuns(run, batch);
		await scheduleExample(batch);
		const server = await startServer(run);
		try {
			await editorTypes(server);
			await mcpTool(server);
			await exampleWebhooks(run, server);
			await listSearchAndCredentialTests(run, server);
		} finally {
			await server.stop();
			if (failedChecks() > 0)
				console.log(`\nn8n server log (last lines):\n${server.log().slice(-4000)}`);
		}
	} finally {
		await run.close();
	}
	console.log(`\ne2e finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

runSuite('e2e', main);
