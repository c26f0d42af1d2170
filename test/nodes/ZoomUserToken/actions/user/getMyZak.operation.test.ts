import { expectNoSecrets } from '../../../../support/assertions';
import type { Engine, ZoomServer } from '../../../../support/zoomSetup';
import { addOAuth2Credential, addS2SCredential, newEngine } from '../../../../support/zoomSetup';
import { startZoomServer } from '../../../../support/zoomServer';

describe('Get My ZAK in n8n’s engine', () => {
	let server: ZoomServer;
	let engine: Engine;

	const run = async (
		parameters: Record<string, unknown> = {},
		items: object[] = [{}],
		credentialId = 'oauth',
	) =>
		await engine.runNode({
			parameters: {
				authentication: credentialId === 'oauth' ? 'oAuth2' : 'serverToServerOAuth',
				resource: 'user',
				operation: 'getMyZak',
				...parameters,
			},
			credentialId,
			items,
		});

	beforeEach(async () => {
		// Only the narrow ZAK scope: Get Token's token scopes are not needed.
		server = await startZoomServer({ scopes: ['user_zak:read'] });
		engine = newEngine();
		addOAuth2Credential(engine, server, 'oauth');
		addS2SCredential(engine, server, 's2s');
	});
	afterEach(async () => await server.close());

	it('gets the signed-in user’s ZAK from GET /users/me/zak, with no lifetime Zoom does not document', async () => {
		const { items, error } = await run();
		expect(error).toBeUndefined();
		expect(items).toEqual([
			{
				json: { token: expect.stringMatching(/^zak:u-owner:me:/), tokenType: 'zak', userId: 'me' },
				pairedItem: { item: 0 },
			},
		]);
		expect(server.apiRequests().map(({ method, url }) => `${method} ${url}`)).toEqual([
			'GET /v2/users/me/zak',
		]);
	});

	it('a Meeting ID adds the start link, per item', async () => {
		const { items } = await run({ meetingId: '={{ $json.meeting }}' }, [
			{ meeting: '857 4606 5432' },
			{},
		]);
		const [withMeeting, without] = items!.map((item) => item.json);
		expect(withMeeting).toMatchObject({ meetingId: '85746065432', userId: 'me' });
		// The credential's environment is Custom here: its web host is the OAuth Base URL's origin.
		expect(withMeeting.startUrl).toBe(
			`${new URL(server.oauthBaseUrl).origin}/s/85746065432?zak=${encodeURIComponent(withMeeting.token as string)}`,
		);
		expect(without).not.toHaveProperty('startUrl');
	});

	it('names the ZAK scope when the app lacks it', async () => {
		server.state.scopes = ['user:read:token:admin'];
		const { error } = await run();
		expect(error).toMatchObject({
			message: 'The Zoom app is missing a scope this operation needs',
			httpCode: '400',
		});
		expect(error.description).toContain('user_zak:read');
		expect(error.description).toContain('user:read:zak');
		expectNoSecrets(error, server);
	});

	it('with Server-to-Server OAuth, says why not and sends nothing', async () => {
		const { error } = await run({}, [{}], 's2s');
		expect(error).toMatchObject({ message: 'Get My ZAK works with OAuth2 only' });
		expect(error.description).toContain('has no signed-in user');
		expect(server.apiRequests()).toEqual([]);
		expect(server.tokenRequests()).toEqual([]);
	});
});
