import { ZoomUserTokenOAuth2Api } from '../../credentials/ZoomUserTokenOAuth2Api.credentials';
import { expectNoSecrets } from '../support/assertions';
import { onFakeClock } from '../support/fakeClock';
import type { Engine, ZoomServer } from '../support/zoomSetup';
import { OAUTH2, addOAuth2Credential, getTokenParameters, newEngine } from '../support/zoomSetup';
import { startZoomServer } from '../support/zoomServer';

describe('Zoom User Token OAuth2 credential, through n8n’s OAuth2 request path', () => {
	let server: ZoomServer;
	let engine: Engine;

	const runItems = async (count: number) =>
		// Many paced requests: on the fake clock the pacing costs no real time.
		await onFakeClock(
			async () =>
				await engine.runNode({
					parameters: getTokenParameters({ userId: '={{ $json.id }}' }),
					credentialId: 'oauth',
					items: Array.from({ length: count }, (_, index) => ({
						id: index % 2 ? 'u-jane' : 'u-bob',
					})),
				}),
		);

	afterEach(async () => await server.close());

	it('refreshes an expired access token once, retries, and stores the rotated refresh token', async () => {
		server = await startZoomServer();
		engine = newEngine();
		addOAuth2Credential(engine, server, 'oauth', { expired: true });
		const { items, error } = await runItems(6);
		expect(error).toBeUndefined();
		expect(items!.every((item) => typeof item.json.token === 'string')).toBe(true);

		const refreshes = server.tokenRequests();
		expect(refreshes).toHaveLength(1);
		expect(new URLSearchParams(refreshes[0].body).get('grant_type')).toBe('refresh_token');
		expect(new URLSearchParams(refreshes[0].body).get('refresh_token')).toBe('refresh-0');
		// Client authentication in the header (HTTP Basic), as Zoom requires.
		expect(refreshes[0].authorization).toBe(
			`Basic ${Buffer.from('oauth-client:oauth-secret-VALUE').toString('base64')}`,
		);

		const stored = engine.store.oauth.data.oauthTokenData;
		expect(stored.refresh_token).toBe(server.state.currentRefreshToken);
		expect(stored.refresh_token).not.toBe('refresh-0');
		expect(server.state.accessTokens.has(stored.access_token)).toBe(true);

		// The next execution uses the stored token: no refresh at all.
		await runItems(3);
		expect(server.tokenRequests()).toHaveLength(1);
	});

	it('refreshes exactly once when the token expires mid-run with many requests in flight', async () => {
		server = await startZoomServer({ latencyMs: 20, expireTokensAfterApiRequests: 8 });
		engine = newEngine();
		addOAuth2Credential(engine, server);
		const { items, error } = await runItems(60);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(60);
		expect(items!.filter((item) => typeof item.json.token !== 'string')).toEqual([]);
		expect(server.tokenRequests()).toHaveLength(1);
		expect(engine.store.oauth.data.oauthTokenData.refresh_token).toBe(
			server.state.currentRefreshToken,
		);
	});

	it('when another n8n process used the refresh token first (queue mode on 1.x), retries with the token it saved', async () => {
		server = await startZoomServer();
		engine = newEngine();
		addOAuth2Credential(engine, server, 'oauth', { expired: true });
		const stored = engine.store.oauth.data.oauthTokenData;
		// Another worker refreshes with the same refresh token a moment earlier and saves its result
		// while this one's refresh is being refused: Zoom accepts a refresh token once.
		server.misbehave.token = () => {
			server.misbehave.token = undefined;
			server.state.currentRefreshToken = 'refresh-of-the-other-worker';
			engine.store.oauth.data.oauthTokenData = {
				...stored,
				access_token: server.issueAccessToken('oauth'),
				refresh_token: 'refresh-of-the-other-worker',
			};
			return false;
		};
		const { items, error } = await runItems(4);
		expect(error).toBeUndefined();
		expect(items!.map((item) => typeof item.json.token)).toEqual(Array(4).fill('string'));
		expect(engine.store.oauth.data.oauthTokenData.refresh_token).toBe(
			'refresh-of-the-other-worker',
		);
	});

	it('asks to reconnect when Zoom refuses the refresh token, without leaking any token or secret', async () => {
		server = await startZoomServer();
		engine = newEngine();
		addOAuth2Credential(engine, server, 'oauth', { expired: true });
		engine.store.oauth.data.oauthTokenData.refresh_token = 'refresh-revoked';
		const { error } = await runItems(2);
		expect(error.message).toBe('Zoom rejected the access token of the OAuth2 credential');
		expect(error.description).toMatch(/reconnect it/);
		expectNoSecrets(error, server);
		expect(JSON.stringify(error)).not.toContain('refresh-revoked');
	});

	it('asks to reconnect when Zoom still answers 401/124 after the refresh', async () => {
		server = await startZoomServer({ accessTokenTtlSeconds: 0 });
		engine = newEngine();
		addOAuth2Credential(engine, server, 'oauth', { expired: true });
		const { error } = await runItems(1);
		expect(error).toMatchObject({
			httpCode: '401',
			message: 'Zoom rejected the access token of the OAuth2 credential',
		});
		expect(error.context.zoomCode).toBe(124);
		expectNoSecrets(error, server);
	});

	describe('environments: the hidden authorize and token URLs follow the choice', () => {
		const urlsFor = async (data: Record<string, unknown>) => {
			engine = newEngine();
			engine.addCredential('env', OAUTH2, data);
			const decrypted = await engine.credentialsHelper.getDecrypted(
				{} as never,
				{ id: 'env', name: 'env' },
				OAUTH2,
			);
			return [
				decrypted.authUrl,
				decrypted.accessTokenUrl,
				decrypted.authentication,
				decrypted.grantType,
			];
		};

		beforeEach(async () => {
			server = await startZoomServer();
		});

		it('Zoom (default)', async () => {
			expect(await urlsFor({})).toEqual([
				'https://zoom.us/oauth/authorize',
				'https://zoom.us/oauth/token',
				'header',
				'authorizationCode',
			]);
		});
		it('Zoom for Government', async () => {
			expect(await urlsFor({ environment: 'zoomGov' })).toEqual([
				'https://zoomgov.com/oauth/authorize',
				'https://zoomgov.com/oauth/token',
				'header',
				'authorizationCode',
			]);
		});
		it('Custom, trailing slashes trimmed', async () => {
			expect(
				await urlsFor({
					environment: 'custom',
					oauthBaseUrl: ' https://gw.example.com/zoom/oauth// ',
				}),
			).toEqual([
				'https://gw.example.com/zoom/oauth/authorize',
				'https://gw.example.com/zoom/oauth/token',
				'header',
				'authorizationCode',
			]);
		});
	});
});

describe('Zoom User Token OAuth2 credential, its fields', () => {
	it('asks for no scope by default: Zoom grants the app’s, and a list not matching it fails Connect', () => {
		const scope = new ZoomUserTokenOAuth2Api().properties.find((field) => field.name === 'scope')!;
		expect(scope.default).toBe('');
		expect(scope.description).toMatch(/Leave empty/);
		expect(scope.description).toMatch(/invalid scope/);
	});
});
