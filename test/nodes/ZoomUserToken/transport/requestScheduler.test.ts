import { spawnSync } from 'node:child_process';
import path from 'node:path';

import type { ZoomFailure } from '../../../../nodes/ZoomUserToken/transport/types';
import {
	RETRY_LIMITS,
	backoffMs,
	decideRetry,
	runForEachItem,
} from '../../../../nodes/ZoomUserToken/transport/requestScheduler';
import { haltReason, parseRetryAfter } from '../../../../nodes/ZoomUserToken/transport/errors';
import { onFakeClock } from '../../../support/fakeClock';
import { createLimiter } from '../../../support/rateLimiter';

/** An answer as n8n's request helper throws it. */
const answer = (status: number, headers: Record<string, string> = {}, data: object = {}) =>
	Object.assign(new Error(`HTTP ${status}`), { response: { status, headers, data } });

const sleepFor = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The scheduler alone, with a stand-in for the request and jest's fake clock: what it sends, when,
 * how often, and the one outcome it gives each item.
 */
describe('running one request per item', () => {
	// Budgets are kept per account (a later run starts from what was learned): one account per run.
	let runs = 0;
	const run = async (
		count: number,
		send: (index: number) => Promise<string>,
		options: Partial<Parameters<typeof runForEachItem>[2]> = {},
	) =>
		await onFakeClock(
			async () =>
				await runForEachItem(count, send, {
					stopOnFirstFailure: false,
					account: `scheduler-test-${++runs}`,
					...options,
				}),
		);

	it('gives every item one outcome, in item order, whatever order the answers come in', async () => {
		const outcomes = await run(20, async (index) => {
			await new Promise((resolve) => setTimeout(resolve, (20 - index) * 7));
			return `token-${index}`;
		});
		expect(outcomes).toEqual(
			Array.from({ length: 20 }, (_, index) => ({ ok: true, value: `token-${index}` })),
		);
	});

	it('sends the first request alone (it may refresh the token), then up to the concurrency cap', async () => {
		let inFlight = 0;
		const seen: number[] = [];
		await run(
			12,
			async () => {
				seen.push(++inFlight);
				// Slow answers: the pacing (10 starts per second at first) is not what limits them here.
				await new Promise((resolve) => setTimeout(resolve, 1000));
				inFlight--;
				return 'ok';
			},
			{ maxConcurrentRequests: 4 },
		);
		expect(seen[0]).toBe(1);
		expect(Math.max(...seen)).toBe(4);
	});

	it('a Free account whose limit counts per second of Zoom’s clock meets no burst of 429s on a first run, whatever the phase of that clock', async () => {
		// The first request has the token renewed: it reaches Zoom 375 ms after it starts, the others
		// 75 ms after. Counted in the probe beyond Free's 4, it let the probe through whenever a second
		// of Zoom's clock ended between it and the rest, and Pro's 30 went out at once: 27 answers of
		// 429 in 3 phases of 20, 8 in one. Left out, at most 5 in any phase.
		const refused: number[] = [];
		for (let phase = 0; phase < 1000; phase += 50) {
			const account = createLimiter({ limit: 4, model: 'fixed' });
			let firstAt: number | undefined;
			let rateLimited = 0;
			const outcomes = await run(40, async () => {
				const first = firstAt === undefined;
				firstAt ??= Date.now();
				await sleepFor(first ? 375 : 75);
				const verdict = account.admit(Date.now() - firstAt + phase);
				await sleepFor(75);
				if (verdict.accepted) return 'ok';
				rateLimited++;
				throw answer(429);
			});
			expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
			refused.push(rateLimited);
		}
		expect(Math.max(...refused)).toBeLessThanOrEqual(5);
	});

	it('items waiting for their start at once raise no warning in n8n’s log (no listener per wait on one signal)', () => {
		// In a process of its own: Node writes the warning to the process's stderr, out of jest's sight.
		const script = `require('./nodes/ZoomUserToken/transport/requestScheduler.ts')
			.runForEachItem(64, async () => 'ok', { account: 'a', stopOnFirstFailure: false,
				maxRequestsPerSecond: 20, abortSignal: new AbortController().signal })
			.then((outcomes) => console.log(outcomes.filter((outcome) => outcome.ok).length))`;
		const { stdout, stderr } = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
			cwd: path.join(__dirname, '..', '..', '..', '..'),
			encoding: 'utf8',
		});
		expect(stdout.trim()).toBe('64');
		expect(stderr).not.toMatch(/Warning/);
	});

	it('retries a 5xx and waits as long as Retry-After says on a 429', async () => {
		const attempts: Array<[number, number]> = [];
		const outcomes = await run(2, async (index) => {
			attempts.push([index, Date.now()]);
			const tries = attempts.filter(([item]) => item === index).length;
			if (index === 0 && tries === 1) throw answer(503);
			if (index === 1 && tries === 1) throw answer(429, { 'retry-after': '3' });
			return `token-${index}`;
		});
		expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, true]);
		const retryOf1 = attempts.filter(([item]) => item === 1).map(([, at]) => at);
		expect(retryOf1[1] - retryOf1[0]).toBeGreaterThanOrEqual(3000);
	});

	it('never retries what a retry cannot fix', async () => {
		let sent = 0;
		const [outcome] = await run(1, async () => {
			sent++;
			throw answer(404, {}, { code: 1001, message: 'User does not exist' });
		});
		expect(sent).toBe(1);
		expect(outcome).toMatchObject({ ok: false, failure: { status: 404, zoomCode: 1001 } });
	});

	it('halts at the daily limit: every remaining item gets that failure, nothing more is sent', async () => {
		let sent = 0;
		const outcomes = await run(
			10,
			async (index) => {
				sent++;
				if (index >= 3)
					throw answer(
						429,
						{},
						{ code: 429, message: 'You have reached the maximum daily rate limit for this API.' },
					);
				return 'ok';
			},
			{ maxConcurrentRequests: 1 },
		);
		expect(sent).toBe(4);
		expect(outcomes.slice(0, 3).every((outcome) => outcome.ok)).toBe(true);
		expect(outcomes.slice(3)).toEqual(
			Array.from({ length: 7 }, () =>
				expect.objectContaining({ ok: false, failure: expect.objectContaining({ status: 429 }) }),
			),
		);
	});

	it('stops starting items after a failure when the node stops on failure', async () => {
		const outcomes = await run(
			6,
			async (index) => {
				if (index === 1) throw answer(404);
				return 'ok';
			},
			{ stopOnFirstFailure: true, maxConcurrentRequests: 1 },
		);
		expect(
			outcomes.map((outcome) => (outcome.ok ? 'ok' : 'skipped' in outcome ? 'skipped' : 'failed')),
		).toEqual(['ok', 'failed', 'skipped', 'skipped', 'skipped', 'skipped']);
	});

	it('on cancellation ends its waits at once and sends nothing more', async () => {
		const controller = new AbortController();
		let sent = 0;
		const started = Date.now();
		const outcomes = await run(
			50,
			async () => {
				if (++sent === 3) controller.abort();
				return 'ok';
			},
			{ maxRequestsPerSecond: 1, abortSignal: controller.signal },
		);
		// At one request per second the 50 items would take 50 s (fake); cancelled after the third.
		expect(Date.now() - started).toBeLessThan(5000);
		expect(sent).toBe(3);
		expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(3);
		expect(outcomes.filter((outcome) => !outcome.ok && 'skipped' in outcome)).toHaveLength(47);
	});
});

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
