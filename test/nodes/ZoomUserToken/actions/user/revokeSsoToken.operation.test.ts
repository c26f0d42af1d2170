import { expectNoSecrets } from '../../../../support/assertions';
import type { Engine, ZoomServer } from '../../../../support/zoomSetup';
import { addOAuth2Credential, addS2SCredential, newEngine } from '../../../../support/zoomSetup';
import { startZoomServer } from '../../../../support/zoomServer';

type Authentication = 'oAuth2' | 'serverToServerOAuth';

const methods: Array<[Authentication, string, (engine: Engine, server: ZoomServer) => void]> = [
	['oAuth2', 'oauth', (engine, server) => addOAuth2Credential(engine, server, 'oauth')],
	['serverToServerOAuth', 's2s', (engine, server) => addS2SCredential(engine, server, 's2s')],
];

describe.each(methods)(
	'Revoke SSO Token in n8n’s engine, authentication %s',
	(authentication, credentialId, addCredential) => {
		let server: ZoomServer;
		let engine: Engine;

		const run = async (userId: unknown, items: object[] = [{}], continueOnFail = false) =>
			await engine.runNode({
				parameters: {
					authentication,
					resource: 'user',
					operation: 'revokeSsoToken',
					userId: typeof userId === 'object' ? userId : { __rl: true, mode: 'id', value: userId },
				},
				credentialId,
				items,
				continueOnFail,
			});

		beforeEach(async () => {
			server = await startZoomServer({
				scopes: ['user:delete:token:admin', 'user:read:list_users:admin'],
			});
			engine = newEngine();
			addCredential(engine, server);
		});
		afterEach(async () => await server.close());

		it('sends DELETE /users/{userId}/token per item and answers { userId, revoked: true }', async () => {
			const { items, error } = await run('={{ $json.email }}', [
				{ email: 'jane@example.com' },
				{ email: 'bob@example.com' },
			]);
			expect(error).toBeUndefined();
			expect(items).toEqual([
				{ json: { userId: 'jane@example.com', revoked: true }, pairedItem: { item: 0 } },
				{ json: { userId: 'bob@example.com', revoked: true }, pairedItem: { item: 1 } },
			]);
			expect(server.apiRequests().map(({ method, url }) => `${method} ${url}`)).toEqual([
				'DELETE /v2/users/jane%40example.com/token',
				'DELETE /v2/users/bob%40example.com/token',
			]);
			expect(server.state.revoked).toEqual(['u-jane', 'u-bob']);
		});

		it('explains Zoom’s answers per item under Continue: unknown user, another account, no SSO', async () => {
			server.state.nonSsoRevoke = 'refused';
			const { items, error } = await run(
				'={{ $json.id }}',
				[{ id: 'nobody' }, { id: 'u-other' }, { id: 'u-google' }, { id: 'u-jane' }],
				true,
			);
			expect(error).toBeUndefined();
			expect(items!.map((item) => item.json)).toEqual([
				{ error: 'Zoom user "nobody" not found', httpCode: 404, zoomCode: 1001, userId: 'nobody' },
				{
					error: 'Zoom user "u-other" does not belong to this account',
					httpCode: 400,
					zoomCode: 1010,
					userId: 'u-other',
				},
				{
					error: 'Zoom user "u-google" has no SSO sign-in to revoke',
					httpCode: 400,
					zoomCode: expect.any(Number),
					userId: 'u-google',
				},
				{ userId: 'u-jane', revoked: true },
			]);
			expect(items!.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
			expect(server.state.revoked).toEqual(['u-jane']);
		});

		it('under Stop, the first failure is the execution’s error and no later item is sent', async () => {
			const { error } = await run('={{ $json.id }}', [{ id: 'nobody' }, { id: 'u-jane' }], false);
			expect(error).toMatchObject({ message: 'Zoom user "nobody" not found', httpCode: '404' });
			expect(error.context.itemIndex).toBe(0);
			expect(server.state.revoked).toEqual([]);
		});

		it('names the scopes Revoke SSO Token needs when the app lacks them', async () => {
			server.state.scopes = ['user:read:token:admin'];
			const { error } = await run('u-jane');
			expect(error).toMatchObject({
				httpCode: '400',
				message: 'The Zoom app is missing a scope this operation needs',
			});
			expect(error.description).toContain('user:delete:token:admin');
			expect(error.description).toContain('user:write:admin');
			expect(error.description).not.toContain('user:read:token:admin (granular');
			expectNoSecrets(error, server);
		});

		it('an invalid User value fails its item before anything is sent', async () => {
			const { error } = await run('  ');
			expect(error.message).toContain('User (userId)');
			expect(server.apiRequests()).toEqual([]);
		});
	},
);
