import { AxiosError, AxiosHeaders } from 'axios';
import { NodeApiError, NodeOperationError, UserError } from 'n8n-workflow';
import { NodeApiError as NodeApiErrorV1 } from 'n8n-workflow-v1';

import {
	haltReason,
	readZoomFailure,
	toNodeError,
	zoomApiError,
} from '../../../../nodes/ZoomUserToken/transport/errors';
import type { ZoomFailure } from '../../../../nodes/ZoomUserToken/transport/types';
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

describe('reading what went wrong with a Zoom request', () => {
	it('reads status, Zoom code, message and headers through the wrappers n8n adds', () => {
		const inner = httpError(
			404,
			{ code: 1001, message: 'User does not exist: x' },
			{ 'X-RateLimit-Type': 'QPS' },
		);
		const wrapped = new NodeApiError(node, { message: 'wrapper' }, {});
		(wrapped as { cause?: unknown }).cause = inner;
		expect(readZoomFailure(wrapped)).toMatchObject({
			status: 404,
			zoomCode: 1001,
			zoomMessage: 'User does not exist: x',
			headers: { 'x-ratelimit-type': 'QPS' },
		});
	});

	it('parses a body that arrives as text', () => {
		expect(readZoomFailure(httpError(400, '{"code":4711,"message":"no scopes"}'))).toMatchObject({
			status: 400,
			zoomCode: 4711,
			zoomMessage: 'no scopes',
		});
	});

	it('tells network failures apart from answers', () => {
		const reset = readZoomFailure(
			Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
		);
		expect(reset.networkCode).toBe('ECONNRESET');
		expect(reset.status).toBeUndefined();
		expect(readZoomFailure(new Error('timeout of 1000ms exceeded'))).toMatchObject({
			networkCode: 'ETIMEDOUT',
		});
	});

	it('reads a refused OAuth2 refresh and a credential that needs reconnecting', () => {
		const refresh = Object.assign(new Error('refresh failed'), {
			body: { error: 'invalid_client' },
		});
		expect(readZoomFailure(refresh).oauthError).toBe('invalid_client');
		const reconnect = Object.assign(new Error('x'), { failure: { cause: 'credential-invalid' } });
		expect(readZoomFailure(reconnect).needsReconnect).toBe(true);
	});

	it('keeps a credential’s own explanation', () => {
		const problem = new UserError('Zoom does not accept the Account ID "a"', {
			description: 'Copy it again',
		});
		expect(readZoomFailure(problem).credentialProblem).toEqual({
			message: 'Zoom does not accept the Account ID "a"',
			description: 'Copy it again',
		});
	});

	it('survives a cyclic cause chain', () => {
		const a: Record<string, unknown> = { message: 'a' };
		a.cause = { message: 'b', cause: a };
		expect(readZoomFailure(a).otherMessage).toBe('b');
	});
});

describe('the URL a failure names', () => {
	it('keeps neither user info nor the query, from the transport’s answer or the HTTP client’s config', () => {
		const url = 'https://user:pass@gw.example.com/zoom/v2/users/u-1/token?type=zak&ttl=60';
		expect(readZoomFailure({ requestUrl: url }).url).toBe(
			'https://gw.example.com/zoom/v2/users/u-1/token',
		);
		expect(
			readZoomFailure({ cause: { config: { url, headers: { Authorization: 'x' } } } }).url,
		).toBe('https://gw.example.com/zoom/v2/users/u-1/token');
	});
});

describe('reading the errors of both n8n lines', () => {
	const axiosError = (
		status: number | undefined,
		data: object,
		headers: Record<string, string> = {},
		code?: string,
	) =>
		new AxiosError(
			status ? `Request failed with status code ${status}` : 'socket hang up',
			code ?? (status ? 'ERR_BAD_REQUEST' : 'ECONNRESET'),
			{ headers: new AxiosHeaders({ Authorization: 'Bearer secret-token' }) } as never,
			{},
			status ? ({ status, statusText: '', headers, data, config: {} } as never) : undefined,
		);

	it.each([
		['n8n 2.x', (error: Error) => new NodeApiError(node, error as never)],
		['n8n 1.x', (error: Error) => new NodeApiErrorV1(node as never, error as never)],
	])('%s: status, Zoom code and message of an answer', (_line, wrap) => {
		const failure = readZoomFailure(
			wrap(axiosError(404, { code: 1001, message: 'User does not exist: x' })),
		);
		expect(failure).toMatchObject({
			status: 404,
			zoomCode: 1001,
			zoomMessage: 'User does not exist: x',
		});
		const daily = readZoomFailure(
			wrap(
				axiosError(429, {
					code: 429,
					message: 'You have reached the maximum daily rate limit for this API.',
				}),
			),
		);
		expect(haltReason(daily, Date.now())).toBe('daily');
	});

	it.each([
		['n8n 2.x', (error: Error) => new NodeApiError(node, error as never)],
		['n8n 1.x', (error: Error) => new NodeApiErrorV1(node as never, error as never)],
	])('%s: connection resets and time-outs', (_line, wrap) => {
		expect(readZoomFailure(wrap(axiosError(undefined, {}, {}, 'ECONNRESET'))).networkCode).toBe(
			'ECONNRESET',
		);
		expect(
			readZoomFailure(wrap(axiosError(undefined, {}, {}, 'ECONNABORTED'))).networkCode,
		).toMatch(/ECONNABORTED|ETIMEDOUT/);
	});

	it('n8n 2.x: the headers too (Retry-After, X-RateLimit-Type); 1.x drops them', () => {
		const error = axiosError(
			429,
			{ code: 429, message: 'slow down' },
			{ 'retry-after': '2', 'x-ratelimit-type': 'QPS' },
		);
		expect(readZoomFailure(new NodeApiError(node, error as never)).headers).toMatchObject({
			'retry-after': '2',
			'x-ratelimit-type': 'QPS',
		});
		expect(readZoomFailure(new NodeApiErrorV1(node as never, error as never)).status).toBe(429);
	});
});
