import type { Engine, ZoomServer } from '../../../support/zoomSetup';
import {
	addOAuth2Credential,
	addS2SCredential,
	getTokenParameters,
	newEngine,
} from '../../../support/zoomSetup';
import { defaultUsers, startZoomServer } from '../../../support/zoomServer';

function manyUsers(count: number) {
	return Array.from({ length: count }, (_, index) => ({
		id: `u-${String(index).padStart(4, '0')}`,
		email: `user${index}@example.com`,
		first_name: index === 640 ? 'Zelda' : 'User',
		last_name: String(index),
	}));
}

describe('User list search (From List)', () => {
	let server: ZoomServer;
	let engine: Engine;

	afterEach(async () => await server.close());

	const search = async (filter?: string, paginationToken?: string, authentication = 'oAuth2') =>
		await engine.searchUsers({
			parameters: getTokenParameters({ authentication }),
			credentialId: authentication === 'oAuth2' ? 'oauth' : 's2s',
			filter,
			paginationToken,
		});

	it('says what "me" is for a Server-to-Server app: its owner, since nobody connects it', async () => {
		server = await startZoomServer();
		engine = newEngine();
		addS2SCredential(engine, server);
		const { results } = await search('me', undefined, 'serverToServerOAuth');
		expect(results[0]).toEqual({ name: 'Me (the app’s owner)', value: 'me' });
	});

	it('lists "Me" first, then the account’s users by name and email, paging with next_page_token', async () => {
		server = await startZoomServer({ users: manyUsers(650) });
		engine = newEngine();
		addOAuth2Credential(engine, server);

		const first = await search();
		expect(first.results[0]).toEqual({
			name: 'Me (the user who connected the credential)',
			value: 'me',
		});
		expect(first.results[1]).toEqual({ name: 'User 0 (user0@example.com)', value: 'u-0000' });
		expect(first.results).toHaveLength(301);
		expect(first.paginationToken).toBe('page-300');

		const second = await search(undefined, first.paginationToken);
		expect(second.results[0].value).toBe('u-0300');
		expect(second.results).toHaveLength(300);
		const third = await search(undefined, second.paginationToken);
		expect(third.results).toHaveLength(50);
		expect(third.paginationToken).toBeUndefined();

		expect(server.apiRequests().map((request) => request.url)).toEqual([
			'/v2/users?page_size=300',
			'/v2/users?page_size=300&next_page_token=page-300',
			'/v2/users?page_size=300&next_page_token=page-600',
		]);
	});

	it('filters on the typed text, reading further pages when the first has no match', async () => {
		server = await startZoomServer({ users: manyUsers(650) });
		engine = newEngine();
		addOAuth2Credential(engine, server);
		const { results, paginationToken } = await search('zelda');
		expect(results).toEqual([{ name: 'Zelda 640 (user640@example.com)', value: 'u-0640' }]);
		expect(paginationToken).toBeUndefined();
		expect(server.apiRequests()).toHaveLength(3);
	});

	it('matches email and ID, case-insensitively, and works with Server-to-Server OAuth', async () => {
		server = await startZoomServer({ users: defaultUsers() });
		engine = newEngine();
		addS2SCredential(engine, server);
		const byEmail = await search('JANE@', undefined, 'serverToServerOAuth');
		expect(byEmail.results).toEqual([{ name: 'Jane Doe (jane@example.com)', value: 'u-jane' }]);
		const byId = await search('u-bob', undefined, 'serverToServerOAuth');
		expect(byId.results.map((result) => result.value)).toEqual(['u-bob']);
		// Users of other accounts are not listed.
		expect((await search('otto', undefined, 'serverToServerOAuth')).results).toEqual([]);
	});

	it('explains a missing list scope', async () => {
		server = await startZoomServer({ scopes: ['user:read:token:admin'] });
		engine = newEngine();
		addOAuth2Credential(engine, server);
		await expect(search()).rejects.toMatchObject({
			message: 'The Zoom app is missing a scope this operation needs',
			description: expect.stringContaining('user:read:list_users:admin'),
		});
	});
});
