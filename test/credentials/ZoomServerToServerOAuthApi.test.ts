import { expectNoSecrets } from '../support/assertions';
import { onFakeClock } from '../support/fakeClock';
import type { Engine, ZoomServer } from '../support/zoomSetup';
import { addS2SCredential, getTokenParameters, newEngine } from '../support/zoomSetup';
import { startZoomServer } from '../support/zoomServer';

describe('Zoom Server-to-Server OAuth credential in n8n’s engine', () => {
	let server: ZoomServer;
	let engine: Engine;

	const runItems = async (count: number, continueOnFail = false) =>
		// Many paced requests: on the fake clock the pacing costs no real time.
		await onFakeClock(
			async () =>
				await engine.runNode({
					parameters: getTokenParameters({
						authentication: 'serverToServerOAuth',
						userId: '={{ $json.id }}',
						tokenType: 'onbehalf',
					}),
					credentialId: 's2s',
					items: Array.from({ length: count }, (_, index) => ({
						id: index % 2 ? 'u-jane' : 'u-bob',
					})),
					continueOnFail,
				}),
		);

	afterEach(async () => await server.close());

	it('a stop while Zoom’s token endpoint stalls ends the execution at once, not at the fetch’s deadline', async () => {
		server = await startZoomServer();
		engine = newEngine();
		addS2SCredential(engine, server);
		server.misbehave.token = () => {};
		const startedAt = Date.now();
		const { items, error } = await engine.runNode({
			parameters: getTokenParameters({ authentication: 'serverToServerOAuth' }),
			credentialId: 's2s',
			items: [{}],
			continueOnFail: true,
			cancelAfterMs: 500,
		});
		// The fetch's own deadline is 20 s (zoomServerToServerToken.ts); the item does not wait for it.
		expect(Date.now() - startedAt).toBeLessThan(5000);
		expect(String(error?.message)).toMatch(/cancel/i);
		expect(items?.[0]?.json.error).toBe(
			'The execution was cancelled before item 0 was sent to Zoom',
		);
	});

	it('fetches one token for many items, with Basic client auth and the account ID', async () => {
		server = await startZoomServer({ latencyMs: 5 });
		engine = newEngine();
		addS2SCredential(engine, server);
		const { items, error } = await runItems(25);
		expect(error).toBeUndefined();
		expect(items!.filter((item) => typeof item.json.token !== 'string')).toEqual([]);
		const tokenRequests = server.tokenRequests();
		expect(tokenRequests).toHaveLength(1);
		expect(tokenRequests[0]).toMatchObject({
			method: 'POST',
			path: '/oauth/token',
			query: { grant_type: 'account_credentials', account_id: 'acct-1' },
			authorization: `Basic ${Buffer.from('s2s-client:s2s-secret-VALUE').toString('base64')}`,
		});
		const stored = engine.store.s2s.data.accessToken;
		expect(
			server.apiRequests().every((request) => request.authorization === `Bearer ${stored}`),
		).toBe(true);
	});

	it('fetches exactly one new token when Zoom expires it mid-run, and no item fails', async () => {
		server = await startZoomServer({ latencyMs: 15, expireTokensAfterApiRequests: 10 });
		engine = newEngine();
		addS2SCredential(engine, server);
		const { items, error } = await runItems(60);
		expect(error).toBeUndefined();
		expect(items!.filter((item) => typeof item.json.token !== 'string')).toEqual([]);
		expect(server.tokenRequests()).toHaveLength(2);
	});

	it('keeps the token in the expirable field across executions and refills it after a 401', async () => {
		server = await startZoomServer();
		engine = newEngine();
		addS2SCredential(engine, server);
		await runItems(2);
		const first = engine.store.s2s.data.accessToken;
		expect(first).toMatch(/^access-s2s-/);
		expect(server.tokenRequests()).toHaveLength(1);

		await runItems(2);
		expect(server.tokenRequests()).toHaveLength(1);

		server.expireAccessTokens();
		const { items, error } = await runItems(2);
		expect(error).toBeUndefined();
		expect(items!.every((item) => typeof item.json.token === 'string')).toBe(true);
		expect(server.tokenRequests()).toHaveLength(2);
		expect(engine.store.s2s.data.accessToken).not.toBe(first);
		expect(server.state.accessTokens.has(engine.store.s2s.data.accessToken)).toBe(true);
	});

	it('after Zoom revokes its tokens, a token another n8n process stored gets a new token, not this process’s revoked one', async () => {
		// Queue mode: workers are separate processes sharing the credential in the database. This
		// process holds its own token; another worker wrote its token to the database; Zoom revokes both.
		server = await startZoomServer();
		engine = newEngine();
		addS2SCredential(engine, server);
		await runItems(2);
		const own = engine.store.s2s.data.accessToken;
		engine.store.s2s.data.accessToken = server.issueAccessToken('s2s');
		server.expireAccessTokens();
		const { items, error } = await runItems(4);
		expect(error).toBeUndefined();
		expect(items!.every((item) => typeof item.json.token === 'string')).toBe(true);
		expect(server.tokenRequests()).toHaveLength(2);
		expect(engine.store.s2s.data.accessToken).not.toBe(own);
	});

	it('where each new token voids the older, a token another n8n process replaced is read again from the credential, not replaced in turn', async () => {
		// Queue mode: this process has just renewed its token; another worker fetched one since (voiding
		// this process's) and saves it a moment after this process's next request is refused. Fetching
		// at once would void the other worker's token, and the two would go on voiding each other's.
		server = await startZoomServer({ s2sTokens: 'newestOnly' });
		engine = newEngine();
		addS2SCredential(engine, server);
		await runItems(2);
		server.expireAccessTokens();
		await runItems(2);
		const own = engine.store.s2s.data.accessToken;
		const others = server.issueAccessToken('s2s');
		let saved = false;
		server.misbehave.api = (req) => {
			if (!saved && req.headers.authorization === `Bearer ${own}`) {
				saved = true;
				setTimeout(() => (engine.store.s2s.data.accessToken = others), 300);
			}
			return false;
		};
		const { items, error } = await runItems(4);
		expect(error).toBeUndefined();
		expect(items!.every((item) => typeof item.json.token === 'string')).toBe(true);
		expect(server.tokenRequests()).toHaveLength(2);
		expect(server.state.accessTokens.has(others)).toBe(true);
	});

	it('after the credential is edited, fetches a token with the new values before anything is sent', async () => {
		server = await startZoomServer();
		engine = newEngine();
		addS2SCredential(engine, server);
		await runItems(2);
		const old = engine.store.s2s.data.accessToken;
		// The app's secret is rotated in Zoom, and the user pastes the new one: n8n keeps the stored token.
		server.state.s2sApp.clientSecret = 'rotated-secret-VALUE';
		engine.store.s2s.data.clientSecret = 'rotated-secret-VALUE';
		const before = server.apiRequests().length;
		const { items, error } = await runItems(3);
		expect(error).toBeUndefined();
		expect(items!.every((item) => typeof item.json.token === 'string')).toBe(true);
		expect(server.tokenRequests()).toHaveLength(2);
		expect(server.tokenRequests()[1].authorization).toBe(
			`Basic ${Buffer.from('s2s-client:rotated-secret-VALUE').toString('base64')}`,
		);
		const after = server.apiRequests().slice(before);
		expect(after).toHaveLength(3);
		expect(after.every((request) => request.authorization !== `Bearer ${old}`)).toBe(true);
		expect(engine.store.s2s.data.accessToken).not.toBe(old);
	});

	it('after an edit to another account and a wrong secret, fails naming them and never sends the old token', async () => {
		server = await startZoomServer();
		engine = newEngine();
		addS2SCredential(engine, server);
		await runItems(2);
		const before = server.apiRequests().length;
		Object.assign(engine.store.s2s.data, {
			accountId: 'acct-other',
			clientSecret: 'wrong-secret-VALUE',
		});
		const { error } = await runItems(2);
		expect(error.message).toMatch(/Client ID or Client Secret|Account ID "acct-other"/);
		expect(error.message).toMatch(/App Credentials page/);
		expect(server.apiRequests()).toHaveLength(before);
		expectNoSecrets(error, server);
	});

	const refusals: Array<[string, (server: ZoomServer) => Record<string, unknown>, RegExp, RegExp]> =
		[
			[
				'a wrong client secret',
				() => ({ clientSecret: 'wrong-secret-VALUE' }),
				/Client ID or Client Secret/,
				/App Credentials page/,
			],
			[
				'a wrong client ID',
				() => ({ clientId: 'wrong-client' }),
				/Client ID or Client Secret/,
				/invalid_client/,
			],
			[
				'a wrong account ID',
				() => ({ accountId: 'acct-nope' }),
				/Account ID "acct-nope"/,
				/Invalid account_id/,
			],
		];
	it.each(refusals)(
		'explains %s, stores no token, and leaks no secret',
		async (_name, change, message, description) => {
			server = await startZoomServer();
			engine = newEngine();
			addS2SCredential(engine, server, 's2s', change(server));
			const { error } = await runItems(3);
			expect(error.name).toBe('NodeApiError');
			expect(error.message).toMatch(message);
			expect(error.description).toMatch(description);
			expect(server.apiRequests()).toHaveLength(0);
			expect(engine.store.s2s.data.accessToken).toBe('');
			expectNoSecrets(error, server);
			expect(JSON.stringify(error)).not.toContain('wrong-secret-VALUE');
		},
	);

	it('explains a deactivated app', async () => {
		server = await startZoomServer({
			s2sApp: {
				accountId: 'acct-1',
				clientId: 's2s-client',
				clientSecret: 's2s-secret-VALUE',
				disabled: true,
			},
		});
		engine = newEngine();
		addS2SCredential(engine, server);
		const { error } = await runItems(1);
		expect(error.message).toBe('The Zoom Server-to-Server OAuth app is not activated');
		expect(error.description).toMatch(/Activation page/);
	});

	it('with Continue On Fail, every item carries the token error', async () => {
		server = await startZoomServer();
		engine = newEngine();
		addS2SCredential(engine, server, 's2s', { clientSecret: 'wrong-secret-VALUE' });
		const { items } = await runItems(3, true);
		expect(items!.map((item) => item.json.error)).toEqual(
			Array(3).fill(
				'Zoom rejected the Client ID or Client Secret: copy both from the App Credentials page of your Server-to-Server OAuth app in the Zoom App Marketplace',
			),
		);
		expectNoSecrets(items, server);
	});
});
