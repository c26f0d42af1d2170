import {
	RETRY_LIMITS,
	backoffMs,
	decideRetry,
	haltReason,
	parseRetryAfter,
} from '../../../../nodes/ZoomUserToken/transport/retryPolicy';
import type { ZoomFailure } from '../../../../nodes/ZoomUserToken/transport/failure';

const NOW = Date.parse('2026-11-29T10:00:00Z');
const fresh = { rateLimitRetries: 0, transientRetries: 0, waitedMs: 0 };
const failure = (over: Partial<ZoomFailure>): ZoomFailure => ({
	headers: {},
	needsReconnect: false,
	...over,
});
const decide = (f: ZoomFailure, history = fresh) => decideRetry(f, history, NOW, () => 0.5);
const isDailyLimit = (f: ZoomFailure) => haltReason(f, NOW) === 'daily';

describe('Retry-After', () => {
	it.each([
		['2', 2000],
		['0.5', 500],
		['2026-11-29T10:00:30Z', 30_000],
		['Sun, 29 Nov 2026 10:01:00 GMT', 60_000],
		['2026-11-29T09:00:00Z', 0],
		['soon', undefined],
		[undefined, undefined],
	])('%j → %j ms', (value, ms) => {
		expect(parseRetryAfter(value, NOW)).toBe(ms);
	});
});

describe('retry decisions', () => {
	it('retries a refused OAuth2 refresh once, after a moment (another process may have rotated it)', () => {
		const refused = failure({ needsReconnect: true, oauthError: 'invalid_grant' });
		expect(decide(refused)).toEqual({ action: 'retry', waitMs: 1500 });
		expect(decide(refused, { ...fresh, transientRetries: 1 })).toEqual({ action: 'fail' });
	});

	it('waits as Retry-After says on a per-second 429', () => {
		expect(decide(failure({ status: 429, headers: { 'retry-after': '3' } }))).toEqual({
			action: 'retry',
			waitMs: 3000,
		});
	});

	it('backs off exponentially with jitter on a 429 without Retry-After', () => {
		// The first retry goes back to the rate budget at once: the budget, not a wait, spaces it.
		const waits = [0, 1, 2, 3, 4, 5, 6].map((attempt) => {
			const decision = decide(failure({ status: 429 }), { ...fresh, rateLimitRetries: attempt });
			return decision.action === 'retry' ? decision.waitMs : -1;
		});
		expect(waits).toEqual([0, 375, 750, 1500, 3000, 6000, 12000]);
		expect(backoffMs(3, 1000, 16_000, () => 0)).toBe(4000);
		expect(backoffMs(3, 1000, 16_000, () => 1)).toBe(8000);
	});

	it('halts on Zoom’s daily limit, by header or by a Retry-After hours away', () => {
		expect(
			decide(failure({ status: 429, headers: { 'x-ratelimit-type': 'Daily-limit' } })),
		).toEqual({ action: 'halt' });
		expect(
			decide(failure({ status: 429, headers: { 'retry-after': '2026-11-30T00:00:00Z' } })),
		).toEqual({ action: 'halt' });
	});

	it('gives up after the retry count or the total wait', () => {
		expect(
			decide(failure({ status: 429 }), {
				...fresh,
				rateLimitRetries: RETRY_LIMITS.rateLimitRetries,
			}),
		).toEqual({ action: 'fail' });
		expect(
			decide(failure({ status: 429, headers: { 'retry-after': '30' } }), {
				...fresh,
				waitedMs: 100_000,
			}),
		).toEqual({ action: 'fail' });
		expect(
			decide(failure({ status: 503 }), {
				...fresh,
				transientRetries: RETRY_LIMITS.transientRetries,
			}),
		).toEqual({ action: 'fail' });
	});

	it('retries 5xx, resets and time-outs', () => {
		for (const f of [
			failure({ status: 500 }),
			failure({ status: 503 }),
			failure({ networkCode: 'ECONNRESET' }),
			failure({ networkCode: 'ETIMEDOUT' }),
		]) {
			expect(decide(f)).toMatchObject({ action: 'retry' });
		}
	});

	it('never retries what a retry cannot fix', () => {
		for (const f of [
			failure({ status: 400, zoomCode: 4711 }),
			failure({ status: 404, zoomCode: 1001 }),
			failure({ status: 400, zoomCode: 1010 }),
			failure({ otherMessage: 'Invalid User' }),
		]) {
			expect(decide(f)).toEqual({ action: 'fail' });
		}
	});

	it('retries a token refused after renewal once, after a moment: another process may hold the newest', () => {
		for (const f of [failure({ status: 401, zoomCode: 124 }), failure({ needsReconnect: true })]) {
			expect(decide(f)).toMatchObject({ action: 'retry' });
			expect(decide(f, { ...fresh, transientRetries: 1 })).toEqual({ action: 'fail' });
		}
	});
});

describe('Zoom’s daily limit, one rule', () => {
	it('is a 429 that says "daily" in X-RateLimit-Type or in Zoom’s message', () => {
		expect(
			isDailyLimit(failure({ status: 429, headers: { 'x-ratelimit-type': 'Daily-limit' } })),
		).toBe(true);
		expect(
			isDailyLimit(
				failure({
					status: 429,
					zoomMessage: 'You have reached the maximum daily rate limit for this API.',
				}),
			),
		).toBe(true);
		expect(isDailyLimit(failure({ status: 429, headers: { 'x-ratelimit-type': 'QPS' } }))).toBe(
			false,
		);
		expect(isDailyLimit(failure({ status: 400, zoomMessage: 'daily' }))).toBe(false);
	});
});
