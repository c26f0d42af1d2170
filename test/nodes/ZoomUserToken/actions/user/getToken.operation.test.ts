import type { ZoomEndpoints } from '../../../../../credentials/zoomEnvironment';
import { resolveZoomEndpoints } from '../../../../../credentials/zoomEnvironment';
import { startUrl } from '../../../../../nodes/ZoomUserToken/actions/meetingNumber';
import { expectNoSecrets } from '../../../../support/assertions';
import type { Engine, ZoomServer } from '../../../../support/zoomSetup';
import {
	addOAuth2Credential,
	addS2SCredential,
	getTokenParameters,
	newEngine,
} from '../../../../support/zoomSetup';
import { startZoomServer } from '../../../../support/zoomServer';

type Authentication = 'oAuth2' | 'serverToServerOAuth';

const methods: Array<[Authentication, string, (engine: Engine, server: ZoomServer) => void]> = [
	['oAuth2', 'oauth', (engine, server) => addOAuth2Credential(engine, server, 'oauth')],
	['serverToServerOAuth', 's2s', (engine, server) => addS2SCredential(engine, server, 's2s')],
];

describe.each(methods)(
	'Get Token in n8n’s engine, authentication %s',
	(authentication, credentialId, addCredential) => {
		let server: ZoomServer;
		let engine: Engine;

		const run = async (
			parameters: Record<string, unknown>,
			items: object[] = [{}],
			continueOnFail = false,
		) =>
			await engine.runNode({
				parameters: getTokenParameters({ authentication, ...parameters }),
				credentialId,
				items,
				continueOnFail,
			});

		beforeEach(async () => {
			server = await startZoomServer();
			engine = newEngine();
			addCredential(engine, server);
		});
		afterEach(async () => await server.close());

		it('gets a ZAK for "me" by default, always sending type explicitly', async () => {
			const { items, error } = await run({});
			expect(error).toBeUndefined();
			expect(items).toEqual([
				{
					json: {
						token: expect.stringMatching(/^zak:u-owner:default:/),
						tokenType: 'zak',
						userId: 'me',
					},
					pairedItem: { item: 0 },
				},
			]);
			expect(server.apiRequests().map((request) => request.url)).toEqual([
				'/v2/users/me/token?type=zak',
			]);
		});

		it('maps user, token type and ttl from per-item expressions, one output per item in input order', async () => {
			const input = [
				{ email: 'jane@example.com', type: 'zak', ttl: 600 },
				{ email: 'bob@example.com', type: 'onbehalf', ttl: 86400 },
				{ email: 'owner@example.com', type: 'token', ttl: 999 },
				{ email: 'jane@example.com', type: 'onbehalf' },
			];
			const before = Date.now();
			const { items, error } = await run(
				{
					userId: { __rl: true, mode: 'email', value: '={{ $json.email }}' },
					tokenType: '={{ $json.type }}',
					ttl: '={{ $json.ttl ?? 0 }}',
				},
				input,
			);
			const after = Date.now();
			expect(error).toBeUndefined();
			expect(items!.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
				{ item: 3 },
			]);
			expect(
				items!.map((item) => [item.json.userId, item.json.tokenType, item.json.token]),
			).toEqual([
				['jane@example.com', 'zak', expect.stringMatching(/^zak:u-jane:600:/)],
				['bob@example.com', 'onbehalf', expect.stringMatching(/^onbehalf:u-bob:86400:/)],
				['owner@example.com', 'token', expect.stringMatching(/^token:u-owner:default:/)],
				['jane@example.com', 'onbehalf', expect.stringMatching(/^onbehalf:u-jane:default:/)],
			]);
			const expiresAt = (index: number) => Date.parse(items![index].json.expiresAt as string);
			expect(expiresAt(0)).toBeGreaterThanOrEqual(before + 600_000);
			expect(expiresAt(0)).toBeLessThanOrEqual(after + 600_000);
			expect(expiresAt(1)).toBeGreaterThanOrEqual(before + 86_400_000);
			// No ttl sent: no expiry claimed. The SDK token ignores ttl, so it is not sent at all.
			expect(items![2].json).not.toHaveProperty('expiresAt');
			expect(items![3].json).not.toHaveProperty('expiresAt');
			expect(
				server
					.apiRequests()
					.map((request) => request.url)
					.sort(),
			).toEqual(
				[
					'/v2/users/jane%40example.com/token?type=zak&ttl=600',
					'/v2/users/bob%40example.com/token?type=onbehalf&ttl=86400',
					'/v2/users/owner%40example.com/token?type=token',
					'/v2/users/jane%40example.com/token?type=onbehalf',
				].sort(),
			);
		});

		it('ties an OBF token to the meeting (meeting_id), and sends a meeting with no other type', async () => {
			const { items } = await run(
				{
					userId: '={{ $json.id }}',
					tokenType: '={{ $json.type }}',
					meetingId: '={{ $json.meeting }}',
				},
				[
					{ id: 'u-jane', type: 'onbehalf', meeting: '857 4606-5432' },
					{ id: 'u-jane', type: 'onbehalf', meeting: '' },
					{ id: 'u-bob', type: 'token', meeting: '85746065432' },
				],
			);
			expect(server.apiRequests().map((request) => request.query)).toEqual([
				{ type: 'onbehalf', meeting_id: '85746065432' },
				{ type: 'onbehalf' },
				{ type: 'token' },
			]);
			expect(items!.map((item) => item.json)).toEqual([
				{
					token: expect.stringMatching(/^onbehalf:u-jane:.*:meeting-85746065432$/),
					tokenType: 'onbehalf',
					userId: 'u-jane',
					meetingId: '85746065432',
				},
				{
					token: expect.stringMatching(/^onbehalf:u-jane:/),
					tokenType: 'onbehalf',
					userId: 'u-jane',
				},
				{ token: expect.stringMatching(/^token:u-bob:/), tokenType: 'token', userId: 'u-bob' },
			]);
		});

		it('a ZAK with a Meeting ID also gets the host’s start link on the account’s web host', async () => {
			const { items } = await run({ userId: 'u-jane', tokenType: 'zak', meetingId: '85746065432' });
			// A ZAK is not tied to a meeting: Zoom gets no meeting_id with it.
			expect(server.apiRequests().map((request) => request.query)).toEqual([{ type: 'zak' }]);
			const { token, startUrl } = items![0].json as { token: string; startUrl: string };
			// The credential's environment is Custom here: its web host is the OAuth Base URL's origin.
			expect(startUrl).toBe(
				`${new URL(server.oauthBaseUrl).origin}/s/85746065432?zak=${encodeURIComponent(token)}`,
			);
			expect(new URL(startUrl).searchParams.get('zak')).toBe(token);
		});

		it('sends every user ID as exactly one encoded path segment', async () => {
			const ids = ['a+b@example.com', 'a/b', '../x', '?x=1', '#f', '用户', 'a%2Fb', ' spaced id '];
			const { items } = await run(
				{ userId: '={{ $json.id }}' },
				ids.map((id) => ({ id })),
				true,
			);
			expect(items).toHaveLength(ids.length);
			const paths = server.apiRequests().map((request) => request.path);
			expect(paths.sort()).toEqual(
				ids.map((id) => `/v2/users/${encodeURIComponent(id.trim())}/token`).sort(),
			);
			for (const path of paths) expect(path.split('/')).toHaveLength(5);
			for (const request of server.apiRequests())
				expect(Object.keys(request.query)).toEqual(['type']);
		});

		it('fails an unknown user with Zoom’s status and code and advice naming the user', async () => {
			const { items, error } = await run({ userId: 'nobody@example.com' });
			expect(items).toBeUndefined();
			expect(error).toMatchObject({
				name: 'NodeApiError',
				httpCode: '404',
				message: 'Zoom user "nobody@example.com" not found',
				description: expect.stringContaining('pick the user from the list'),
			});
			expect(error.context).toMatchObject({ zoomCode: 1001, itemIndex: 0 });
			expectNoSecrets(error, server);
		});

		it('with Continue On Fail, turns a failing item into an error item and processes the others', async () => {
			const { items, error } = await run(
				{ userId: '={{ $json.id }}' },
				[{ id: 'u-jane' }, { id: 'nobody' }, { id: 'u-other' }, { id: 'u-bob' }],
				true,
			);
			expect(error).toBeUndefined();
			expect(items).toHaveLength(4);
			expect(items!.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
				{ item: 3 },
			]);
			expect(items![0].json.token).toMatch(/^zak:u-jane/);
			expect(items![1].json).toEqual({
				error: 'Zoom user "nobody" not found',
				httpCode: 404,
				zoomCode: 1001,
				userId: 'nobody',
			});
			expect(items![2].json).toEqual({
				error: 'Zoom user "u-other" does not belong to this account',
				httpCode: 400,
				zoomCode: 1010,
				userId: 'u-other',
			});
			expect(items![3].json.token).toMatch(/^zak:u-bob/);
			expectNoSecrets(items, server);
		});

		it('without Continue On Fail, fails with the first failing item’s error and index', async () => {
			const { error } = await run({ userId: '={{ $json.id }}' }, [
				{ id: 'u-jane' },
				{ id: 'nobody-1' },
				{ id: 'nobody-2' },
			]);
			expect(error.message).toBe('Zoom user "nobody-1" not found');
			expect(error.context.itemIndex).toBe(1);
		});

		it('names the scopes to add when the app lacks them (HTTP 400, code 4711)', async () => {
			server.state.scopes = ['user:read:token'];
			const { error } = await run({ userId: 'u-jane' });
			expect(error).toMatchObject({
				httpCode: '400',
				message: 'The Zoom app is missing a scope this operation needs',
			});
			expect(error.description).toContain('user:read:token:admin');
			expect(error.description).toContain('user:read:admin');
			expect(error.context.zoomCode).toBe(4711);
			expectNoSecrets(error, server);
		});

		it('explains a null SDK token (users who sign in with Google) instead of returning null', async () => {
			const { items } = await run(
				{ userId: '={{ $json.id }}', tokenType: 'token' },
				[{ id: 'u-google' }, { id: 'u-jane' }],
				true,
			);
			expect(items![0].json.error).toBe('Zoom returned no SDK token for user "u-google"');
			expect(items![0].json.token).toBeUndefined();
			expect(items![1].json.token).toMatch(/^token:u-jane/);
			const { error } = await run({ userId: 'u-google', tokenType: 'token' });
			expect(error.description).toContain('Google or Facebook');
		});

		describe('bad input is rejected before any request, naming field, value and item', () => {
			const cases: Array<[string, Record<string, unknown>, object, RegExp]> = [
				[
					'empty user ID',
					{ userId: '={{ $json.id }}' },
					{ id: '' },
					/^Invalid User \(userId\) in item 0: it is empty$/,
				],
				[
					'blank user ID',
					{ userId: '={{ $json.id }}' },
					{ id: '   ' },
					/^Invalid User \(userId\) in item 0: it is empty$/,
				],
				[
					'missing user ID',
					{ userId: '={{ $json.id }}' },
					{},
					/^Invalid User \(userId\) in item 0: it is empty$/,
				],
				[
					'dot segment',
					{ userId: '..' },
					{},
					/^Invalid User \(userId\) in item 0: "\.\." is not a user ID or email$/,
				],
				[
					'malformed email',
					{ userId: { __rl: true, mode: 'email', value: '={{ $json.email }}' } },
					{ email: 'jane-at-example.com' },
					/^Invalid User \(userId\) in item 0: "jane-at-example.com" is not an email address$/,
				],
				[
					'unknown token type',
					{ tokenType: '={{ $json.type }}' },
					{ type: 'zpk' },
					/^Invalid Token Type \(tokenType\) in item 0: "zpk" is not a token type$/,
				],
				[
					'negative ttl',
					{ ttl: -5 },
					{},
					/^Invalid TTL \(ttl\) in item 0: "-5" is not a whole number of seconds from 1 to 31536000$/,
				],
				[
					'fractional ttl',
					{ ttl: 1.5 },
					{},
					/^Invalid TTL \(ttl\) in item 0: "1.5" is not a whole number/,
				],
				[
					'ttl above a year',
					{ ttl: 31536001 },
					{},
					/^Invalid TTL \(ttl\) in item 0: "31536001" is not a whole number/,
				],
				[
					'ttl text',
					{ ttl: '={{ $json.ttl }}' },
					{ ttl: '2h' },
					/^Invalid TTL \(ttl\) in item 0: "2h" is not a whole number/,
				],
				[
					'meeting ID with letters',
					{ tokenType: 'onbehalf', meetingId: '={{ $json.meeting }}' },
					{ meeting: 'https://zoom.us/j/85746065432' },
					/^Invalid Meeting ID \(meetingId\) in item 0: "https:\/\/zoom.us\/j\/85746065432" is not a meeting ID$/,
				],
				[
					'meeting ID too short',
					{ tokenType: 'zak', meetingId: '1234 5678' },
					{},
					/^Invalid Meeting ID \(meetingId\) in item 0: "1234 5678" is not a meeting ID$/,
				],
			];
			it.each(cases)('%s', async (_name, parameters, item, message) => {
				const { error } = await run(parameters, [item]);
				expect(error.name).toBe('NodeOperationError');
				expect(error.message).toMatch(message);
				expect(error.description).toBeTruthy();
				expect(server.requests).toHaveLength(0);
			});

			it('names the item index, and with Continue On Fail keeps the valid items', async () => {
				const input = [
					{ id: 'u-jane', ttl: 60 },
					{ id: 'u-bob', ttl: 'soon' },
					{ id: '', ttl: 60 },
					{ id: 'u-owner', ttl: 60 },
				];
				const parameters = { userId: '={{ $json.id }}', ttl: '={{ $json.ttl }}' };
				const failed = await run(parameters, input);
				expect(failed.error.message).toMatch(/^Invalid TTL \(ttl\) in item 1: "soon"/);
				expect(server.requests).toHaveLength(0);

				const { items } = await run(parameters, input, true);
				expect(items!.map((item) => Object.keys(item.json).sort())).toEqual([
					['expiresAt', 'token', 'tokenType', 'userId'],
					['error', 'httpCode', 'userId', 'zoomCode'],
					['error', 'httpCode', 'userId', 'zoomCode'],
					['expiresAt', 'token', 'tokenType', 'userId'],
				]);
				expect(items![1].json.error).toMatch(/item 1: "soon"/);
				expect(items![2].json.error).toMatch(/item 2: it is empty/);
				expect(items!.map((item) => item.pairedItem)).toEqual([
					{ item: 0 },
					{ item: 1 },
					{ item: 2 },
					{ item: 3 },
				]);
				expect(server.apiRequests()).toHaveLength(2);
			});

			it('a typed malformed email gets the item’s error before any request, as one from an expression', async () => {
				const { error } = await run({
					userId: { __rl: true, mode: 'email', value: 'jane-at-example.com' },
				});
				expect(error.message).toBe(
					'Invalid User (userId) in item 0: "jane-at-example.com" is not an email address',
				);
				expect(server.requests).toHaveLength(0);
			});

			it('ignores a ttl with the SDK token', async () => {
				const { items } = await run({ tokenType: 'token', ttl: 600 });
				expect(items![0].json).toEqual({
					token: expect.stringMatching(/^token:/),
					tokenType: 'token',
					userId: 'me',
				});
				expect(server.apiRequests()[0].url).toBe('/v2/users/me/token?type=token');
			});
		});

		it('rejects a custom environment with a malformed URL before any request', async () => {
			const stored = engine.store[credentialId];
			stored.data = { ...stored.data, apiBaseUrl: 'not a url' };
			const { error } = await run({});
			expect(error.message).toMatch(/API Base URL "not a url" is not a valid URL/);
			stored.data = { ...stored.data, apiBaseUrl: 'http://zoom-proxy.example.com/v2' };
			expect((await run({})).error.message).toMatch(/must use https:\/\//);
			expect(server.requests).toHaveLength(0);
		});
	},
);

describe('the host start link', () => {
	it.each([
		['zoom', 'https://zoom.us'],
		['zoomGov', 'https://zoomgov.com'],
	] as const)('for the %s environment is on %s, /s/<meeting>?zak=<ZAK>', (environment, web) => {
		const { endpoints } = resolveZoomEndpoints({ environment }) as { endpoints: ZoomEndpoints };
		expect(startUrl(endpoints.webBaseUrl, '85746065432', 'eyJ+a/b=')).toBe(
			`${web}/s/85746065432?zak=eyJ%2Ba%2Fb%3D`,
		);
	});
});
