import fc from 'fast-check';

import type { Engine, ZoomServer } from '../../../../support/zoomSetup';
import { addOAuth2Credential, getTokenParameters, newEngine } from '../../../../support/zoomSetup';
import { startZoomServer } from '../../../../support/zoomServer';

/**
 * Arbitrary user IDs, ttls and token types, through n8n's real expression evaluation: each item
 * either reaches exactly `/v2/users/<one encoded segment>/token` with only `type` and `ttl`, or gets
 * an "Invalid <field>" error naming the field — never a crash, a TypeError, or another path.
 */
describe('fuzzed inputs', () => {
	let server: ZoomServer;
	let engine: Engine;

	beforeAll(async () => {
		server = await startZoomServer();
		engine = newEngine();
		addOAuth2Credential(engine, server);
	});
	afterAll(async () => await server.close());

	const anyValue = fc.oneof(
		fc.string(),
		fc.string({ unit: 'binary' }),
		fc.constantFrom(
			'',
			' ',
			'.',
			'..',
			'/',
			'?',
			'#',
			'%',
			'%2e%2e',
			'../..',
			'me',
			'a/b?c#d',
			'\uD800',
			'x\u0000y',
		),
		fc.integer(),
		fc.double(),
		fc.boolean(),
		fc.constant(null),
		fc.array(fc.string(), { maxLength: 2 }),
		fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
	);
	const tokenType = fc.oneof(fc.constantFrom('zak', 'onbehalf', 'token'), anyValue);
	const ttl = fc.oneof(
		fc.integer({ min: -5, max: 40_000_000 }),
		fc.constantFrom(0, 1, 31_536_000, 31_536_001, '', '60', ' 60 ', '1e3', '0x10'),
		anyValue,
	);
	const item = fc.record({ u: fc.oneof(anyValue, fc.emailAddress()), t: tokenType, ttl });

	it('every item reaches one encoded segment or names the field it fails on', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 6 }), async (input) => {
				const before = server.requests.length;
				const { items, error } = await engine.runNode({
					parameters: getTokenParameters({
						userId: '={{ $json.u }}',
						tokenType: '={{ $json.t }}',
						ttl: '={{ $json.ttl }}',
					}),
					credentialId: 'oauth',
					items: input,
					continueOnFail: true,
				});
				expect(error).toBeUndefined();
				expect(items).toHaveLength(input.length);
				const sent = server.requests.slice(before);
				const validItems = items!.filter(
					(output) => !/^Invalid /.test(String(output.json.error ?? '')),
				);
				expect(sent).toHaveLength(validItems.length);
				for (const request of sent) {
					expect(request.path).toMatch(/^\/v2\/users\/[^/?#]+\/token$/);
					expect(request.path.split('/')).toHaveLength(5);
					const segment = request.path.split('/')[3];
					expect(segment === '.' || segment === '..').toBe(false);
					expect(Object.keys(request.query).every((key) => key === 'type' || key === 'ttl')).toBe(
						true,
					);
					expect(['zak', 'onbehalf', 'token']).toContain(request.query.type);
					if (request.query.ttl !== undefined) {
						expect(Number(request.query.ttl)).toBeGreaterThanOrEqual(1);
						expect(Number(request.query.ttl)).toBeLessThanOrEqual(31_536_000);
						expect(request.query.type).not.toBe('token');
					}
				}
				items!.forEach((output, index) => {
					expect(output.pairedItem).toEqual({ item: index });
					const message = output.json.error;
					if (message === undefined) {
						expect(typeof output.json.token).toBe('string');
						return;
					}
					expect(String(message)).not.toMatch(/TypeError|undefined|Cannot read/);
					if (/^Invalid /.test(String(message))) {
						expect(message).toMatch(
							/^Invalid (User \(userId\)|Token Type \(tokenType\)|TTL \(ttl\)) in item \d+: /,
						);
					} else {
						// Reached Zoom, which does not know this user.
						expect(output.json.httpCode).toBe(404);
					}
				});
			}),
			{ numRuns: 150 },
		);
	});
});
