import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { toNodeError, zoomApiError } from '../../../../nodes/ZoomUserToken/transport/errors';
import type { ZoomFailure } from '../../../../nodes/ZoomUserToken/transport/failure';
import { httpError, node } from '../../../support/requestErrors';

const failure = (partial: Partial<ZoomFailure>): ZoomFailure => ({
	headers: {},
	needsReconnect: false,
	...partial,
});

describe('the error the user sees, for each kind of failure', () => {
	const oauth = { authentication: 'oAuth2' as const, userId: 'jane@example.com', itemIndex: 2 };
	const s2s = { ...oauth, authentication: 'serverToServerOAuth' as const };

	it.each<[string, Partial<ZoomFailure>, typeof oauth | typeof s2s, RegExp, RegExp]>([
		[
			'unknown user',
			{ status: 404, zoomCode: 1001 },
			oauth,
			/^Zoom user "jane@example.com" not found$/,
			/pick the user from the list/,
		],
		[
			'a 404 without Zoom’s code: not taken for an unknown user',
			{ status: 404 },
			oauth,
			/^The answer to the credential's API Base URL did not come from Zoom's API$/,
			/must end in \/v2/,
		],
		[
			'user of another account',
			{ status: 400, zoomCode: 1010 },
			oauth,
			/does not belong to this account/,
			/connected to the account/,
		],
		[
			'missing scope (OAuth2)',
			{ status: 400, zoomCode: 4711, zoomMessage: 'no scopes' },
			oauth,
			/missing a scope/,
			/reconnect it/,
		],
		[
			'missing scope (S2S)',
			{ status: 400, zoomCode: 4700 },
			s2s,
			/missing a scope/,
			/next time it fetches one/,
		],
		[
			'missing scope, by message',
			{ status: 400, zoomMessage: 'does not contain scopes' },
			oauth,
			/missing a scope/,
			/user:read:token:admin/,
		],
		[
			'OAuth2 client rejected on refresh',
			{ oauthError: 'invalid_client' },
			oauth,
			/Client ID or Client Secret of the OAuth2/,
			/reconnect it/,
		],
		[
			'OAuth2 token refused',
			{ status: 401, zoomCode: 124 },
			oauth,
			/access token of the OAuth2 credential/,
			/reconnect it/,
		],
		[
			'credential needs reconnecting',
			{ needsReconnect: true },
			oauth,
			/access token of the OAuth2 credential/,
			/reconnect/,
		],
		[
			'S2S token refused',
			{ status: 401 },
			s2s,
			/access token of the Server-to-Server/,
			/activated/,
		],
		[
			'per-second limit',
			{ status: 429, headers: { 'x-ratelimit-type': 'QPS' } },
			oauth,
			/rate limit was reached/,
			/Max Requests per Second/,
		],
		[
			'daily limit',
			{
				status: 429,
				headers: { 'x-ratelimit-type': 'Daily-limit', 'retry-after': '2026-11-30T00:00:00Z' },
			},
			oauth,
			/daily request limit/,
			/again at 2026-11-30T00:00:00Z/,
		],
		['server error', { status: 503 }, oauth, /server error \(HTTP 503\)/, /again later/],
		['time-out', { networkCode: 'ETIMEDOUT' }, oauth, /did not answer in time/, /Timeout option/],
		[
			'connection failure',
			{ networkCode: 'ECONNREFUSED' },
			oauth,
			/Could not reach Zoom/,
			/ECONNREFUSED/,
		],
		[
			'a credential’s explanation',
			{ credentialProblem: { message: 'Bad Account ID', description: 'Copy it' } },
			s2s,
			/^Bad Account ID$/,
			/^Copy it$/,
		],
		['anything else without an answer', { otherMessage: 'boom' }, oauth, /^boom$/, /test it/],
		[
			'another HTTP answer',
			{ status: 409, zoomCode: 3000, zoomMessage: 'conflict' },
			oauth,
			/HTTP 409 \(code 3000\): conflict/,
			/fields for this item/,
		],
	])('%s', (_name, partial, context, message, description) => {
		const error = zoomApiError(node, failure(partial), context);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(description);
		expect(error.context.itemIndex).toBe(2);
		expect(error.context.zoomCode).toBe(partial.zoomCode ?? null);
		expect(error.context.userId).toBe('jane@example.com');
		expect(error.httpCode).toBe(partial.status !== undefined ? String(partial.status) : null);
	});

	it('keeps the node’s own errors and explains everything else, never carrying the original along', () => {
		const own = new NodeOperationError(node, 'Zoom returned no SDK token for user "u"');
		expect(toNodeError(node, own, oauth)).toBe(own);
		const explained = toNodeError(node, httpError(404, { code: 1001, message: 'gone' }), oauth);
		expect(explained.message).toBe('Zoom user "jane@example.com" not found');
		expect(JSON.stringify(explained)).not.toContain('secret-token');
	});
});

/**
 * The shapes n8n's request helpers throw, built by n8n-workflow itself on both lines: 2.x keeps the
 * HTTP client's error as `cause` (status, headers, body); 1.x keeps only `httpCode` (text) and the
 * body under `context.data`, and turns network errors into its own messages.
 */
