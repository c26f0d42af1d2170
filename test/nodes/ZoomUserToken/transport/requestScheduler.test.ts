import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { runForEachItem } from '../../../../nodes/ZoomUserToken/transport/requestScheduler';
import { onFakeClock } from '../../../support/fakeClock';

/** An answer as n8n's request helper throws it. */
const answer = (status: number, headers: Record<string, string> = {}, data: object = {}) =>
	Object.assign(new Error(`HTTP ${status}`), { response: { status, headers, data } });

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
