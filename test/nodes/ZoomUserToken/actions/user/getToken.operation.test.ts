import type { Engine, ZoomServer } from '../../../../support/zoomSetup';
import { addOAuth2Credential, getTokenParameters, newEngine } from '../../../../support/zoomSetup';
import { startZoomServer } from '../../../../support/zoomServer';

describe('Get Token in n8n’s engine (OAuth2)', () => {
	let server: ZoomServer;
	let engine: Engine;

	beforeEach(async () => {
		server = await startZoomServer();
		engine = newEngine();
		addOAuth2Credential(engine, server);
	});
	afterEach(async () => await server.close());

	it('gets a ZAK for "me"', async () => {
		const { items, error } = await engine.runNode({
			parameters: getTokenParameters(),
			credentialId: 'oauth',
			items: [{}],
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items![0].json).toEqual({ token: expect.stringMatching(/^zak:u-owner:default:/), tokenType: 'zak', userId: 'me' });
		expect(server.apiRequests().map((request) => request.url)).toEqual(['/v2/users/me/token?type=zak']);
	});
});
