import { AxiosError, AxiosHeaders } from 'axios';
import { NodeApiError, UserError } from 'n8n-workflow';
import { NodeApiError as NodeApiErrorV1 } from 'n8n-workflow-v1';

import { readZoomFailure } from '../../../../nodes/ZoomUserToken/transport/failure';
import { haltReason } from '../../../../nodes/ZoomUserToken/transport/retryPolicy';
import { httpError, node } from '../../../support/requestErrors';

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
