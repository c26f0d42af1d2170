import jwt from 'jsonwebtoken';

import {
	MAX_EXPIRATION_SECONDS,
	MIN_EXPIRATION_SECONDS,
} from '../../../../../nodes/ZoomUserToken/actions/meetingSdk/generateSignature.operation';
import type { Engine } from '../../../../support/zoomSetup';
import { MEETING_SDK, newEngine } from '../../../../support/zoomSetup';

const APP = { clientId: 'sdk-client-id', clientSecret: 'sdk-client-secret-VALUE' };

/**
 * Meeting SDK → Generate Signature in n8n's engine. Signatures are checked with an independent JWT
 * library (jsonwebtoken), against the claims and bounds of Zoom's sample auth endpoint.
 */
describe('Meeting SDK → Generate Signature, in n8n’s engine', () => {
	let engine: Engine;

	beforeEach(() => {
		engine = newEngine();
		engine.addCredential('sdk', MEETING_SDK, APP);
	});

	const run = async (
		parameters: Record<string, unknown>,
		items: Array<Record<string, unknown>> = [{}],
		continueOnFail = false,
	) =>
		await engine.runNode({
			parameters: { resource: 'meetingSdk', operation: 'generateSignature', ...parameters },
			credentialId: 'sdk',
			items,
			continueOnFail,
		});

	it('signs an HS256 JWT with the Client Secret, with Zoom’s claims, and outputs what the SDK takes', async () => {
		const before = Math.floor(Date.now() / 1000);
		const { items, error } = await run({ meetingNumber: '857 4606-5432', role: 1 });
		expect(error).toBeUndefined();
		const output = items![0].json;
		const claims = jwt.verify(output.signature as string, APP.clientSecret, {
			algorithms: ['HS256'],
		}) as jwt.JwtPayload;
		expect(jwt.decode(output.signature as string, { complete: true })!.header).toEqual({
			alg: 'HS256',
			typ: 'JWT',
		});
		expect(claims).toEqual({
			appKey: APP.clientId,
			sdkKey: APP.clientId,
			mn: 85746065432,
			role: 1,
			iat: expect.any(Number),
			exp: claims.iat! + 7200,
			tokenExp: claims.iat! + 7200,
		});
		// 30 s in the past against clock skew, as Zoom's sample does.
		expect(claims.iat).toBeGreaterThanOrEqual(before - 30);
		expect(claims.iat).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) - 30);
		expect(output).toEqual({
			signature: output.signature,
			sdkKey: APP.clientId,
			meetingNumber: '85746065432',
			role: 1,
			expiresAt: new Date(claims.exp! * 1000).toISOString(),
		});
		// Signed with anything else, it does not verify.
		expect(() => jwt.verify(output.signature as string, 'another-secret')).toThrow(
			'invalid signature',
		);
	});

	it('takes every field per item from expressions, and role by number, text or name', async () => {
		const { items } = await run(
			{
				meetingNumber: '={{ $json.meeting }}',
				role: '={{ $json.role }}',
				expirationSeconds: '={{ $json.seconds }}',
			},
			[
				{ meeting: 123456789, role: 0, seconds: MIN_EXPIRATION_SECONDS },
				{ meeting: '12345678901', role: 'host', seconds: String(MAX_EXPIRATION_SECONDS) },
				{ meeting: '987-654-3210', role: '1', seconds: 3600 },
			],
		);
		const decoded = items!.map(
			(item) => jwt.verify(item.json.signature as string, APP.clientSecret) as jwt.JwtPayload,
		);
		expect(decoded.map((claims) => [claims.mn, claims.role, claims.exp! - claims.iat!])).toEqual([
			[123456789, 0, MIN_EXPIRATION_SECONDS],
			[12345678901, 1, MAX_EXPIRATION_SECONDS],
			[9876543210, 1, 3600],
		]);
		expect(items!.map((item) => item.json.meetingNumber)).toEqual([
			'123456789',
			'12345678901',
			'9876543210',
		]);
	});

	it.each([
		[
			'meetingNumber',
			'12345678',
			'Invalid Meeting Number (meetingNumber) in item 1: "12345678" is not a meeting number',
		],
		[
			'meetingNumber',
			'123456789012',
			'Invalid Meeting Number (meetingNumber) in item 1: "123456789012" is not a meeting number',
		],
		[
			'meetingNumber',
			'https://zoom.us/j/85746065432',
			'Invalid Meeting Number (meetingNumber) in item 1: "https://zoom.us/j/85746065432" is not a meeting number',
		],
		['meetingNumber', '', 'Invalid Meeting Number (meetingNumber) in item 1: it is empty'],
		['role', 2, 'Invalid Role (role) in item 1: "2" is not a role'],
		['role', 'ZAK', 'Invalid Role (role) in item 1: "ZAK" is not a role'],
		[
			'expirationSeconds',
			MIN_EXPIRATION_SECONDS - 1,
			`Invalid Expiration (Seconds) (expirationSeconds) in item 1: "${MIN_EXPIRATION_SECONDS - 1}" is not a whole number of seconds from 1800 to 172800`,
		],
		[
			'expirationSeconds',
			MAX_EXPIRATION_SECONDS + 1,
			`Invalid Expiration (Seconds) (expirationSeconds) in item 1: "${MAX_EXPIRATION_SECONDS + 1}" is not a whole number of seconds from 1800 to 172800`,
		],
		[
			'expirationSeconds',
			3600.5,
			'Invalid Expiration (Seconds) (expirationSeconds) in item 1: "3600.5" is not a whole number of seconds from 1800 to 172800',
		],
	])(
		'refuses %s = %p, naming field, value and item; Continue On Fail keeps the others',
		async (field, value, message) => {
			const good = { meeting: '85746065432', role: 0, seconds: 7200 };
			const parameters = {
				meetingNumber: '={{ $json.meeting }}',
				role: '={{ $json.role }}',
				expirationSeconds: '={{ $json.seconds }}',
			};
			const key = { meetingNumber: 'meeting', role: 'role', expirationSeconds: 'seconds' }[field]!;
			const items = [good, { ...good, [key]: value }, good];

			const stopped = await run(parameters, items);
			expect(stopped.items).toBeUndefined();
			expect(stopped.error.message).toBe(message);

			const continued = await run(parameters, items, true);
			expect(continued.items!.map((item) => typeof item.json.signature)).toEqual([
				'string',
				'undefined',
				'string',
			]);
			expect(continued.items![1].json).toEqual({
				error: message,
				httpCode: null,
				zoomCode: null,
				meetingNumber: null,
			});
		},
	);

	it('a credential without its secret fails every item with what to do, and shows no secret', async () => {
		engine.addCredential('half', MEETING_SDK, { clientId: APP.clientId, clientSecret: ' ' });
		const { error } = await engine.runNode({
			parameters: {
				resource: 'meetingSdk',
				operation: 'generateSignature',
				meetingNumber: '85746065432',
			},
			credentialId: 'half',
			items: [{}, {}],
		});
		expect(error.message).toBe('The Zoom Meeting SDK API credential has no Client Secret');
		expect(error.description).toMatch(/Meeting SDK credentials/);
	});

	it('never puts the Client Secret in an output or an error', async () => {
		const { items } = await run(
			{ meetingNumber: '={{ $json.meeting }}' },
			[{ meeting: '85746065432' }, { meeting: 'nope' }],
			true,
		);
		expect(JSON.stringify(items)).not.toContain(APP.clientSecret);
	});
});
