import type { INodeExecutionData } from 'n8n-workflow';

import type { Engine, ZoomServer } from './support/zoomSetup';
import { addOAuth2Credential, getTokenParameters, newEngine } from './support/zoomSetup';
import { onFakeClock } from './support/fakeClock';
import { startZoomServer } from './support/zoomServer';

/**
 * Fault injection at small scale, the whole node in n8n's engine: whatever happens, one output per
 * input item, in order. The runs are on a fake clock, so retries and waits cost no real time.
 */
describe('requests under injected faults, in n8n’s engine', () => {
	let server: ZoomServer;
	let engine: Engine;

	const users = (count: number) =>
		Array.from({ length: count }, (_, index) => ({
			id: ['u-jane', 'u-bob', 'u-owner'][index % 3],
			n: index,
		}));

	const run = async (
		items: object[],
		{
			continueOnFail = true,
			options = {},
			stepMs,
		}: { continueOnFail?: boolean; options?: object; stepMs?: number } = {},
	) =>
		await onFakeClock(
			async () =>
				await engine.runNode({
					parameters: getTokenParameters({
						userId: '={{ $json.id }}',
						ttl: '={{ 60 + $json.n }}',
						options,
					}),
					credentialId: 'oauth',
					items,
					continueOnFail,
				}),
			stepMs,
		);

	const start = async (options: Parameters<typeof startZoomServer>[0]) => {
		server = await startZoomServer(options);
		engine = newEngine();
		addOAuth2Credential(engine, server);
	};

	afterEach(async () => await server.close());

	/** Each output item is the token for its own input item: ttl 60+n went out with item n. */
	const expectAllTokensInOrder = (items: INodeExecutionData[] | undefined, count: number) => {
		expect(items).toHaveLength(count);
		items!.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.token).toEqual(
				expect.stringMatching(new RegExp(`^zak:${users(count)[index].id}:${60 + index}:`)),
			);
		});
	};

	it.each([
		['429 without Retry-After', { rate429: 0.25 }],
		['429 with Retry-After', { rate429: 0.25, rate429WithRetryAfter: 1, retryAfterSeconds: 1 }],
		['5xx', { rate5xx: 0.25 }],
		['connection resets', { rateReset: 0.2 }],
	])('%s: every item gets its token exactly once, in input order', async (_name, faults) => {
		await start({ faults, seed: 7 });
		const { items, error } = await run(users(24));
		expect(error).toBeUndefined();
		expectAllTokensInOrder(items, 24);
		expect(server.stats.faults).toBeGreaterThan(0);
		expect(server.apiRequests().length).toBe(24 + server.stats.faults);
	});

	it('retries a slow answer after the Timeout option', async () => {
		await start({ faults: { rateSlow: 0.2, slowMs: 2500 }, seed: 3 });
		const { items, error } = await run(users(12), { options: { timeout: 1 } });
		expect(error).toBeUndefined();
		expectAllTokensInOrder(items, 12);
		expect(server.stats.faults).toBeGreaterThan(0);
	});

	it('keeps to a per-second limit: items are retried, none fails', async () => {
		await start({ ratePerSecond: 8 });
		const { items, error } = await run(users(30));
		expect(error).toBeUndefined();
		expectAllTokensInOrder(items, 30);
	});

	it('executions running at once with one credential share its account’s rate budget', async () => {
		const items = users(40);
		/** Three executions at once, with the credential each names; the 429 answers Zoom gave. */
		const threeAtOnce = async (credentialIds: string[]) => {
			await start({ ratePerSecond: 8 });
			for (const id of credentialIds) addOAuth2Credential(engine, server, id);
			const runs = await onFakeClock(
				async () =>
					await Promise.all(
						credentialIds.map(
							async (credentialId) =>
								await engine.runNode({
									parameters: getTokenParameters({
										userId: '={{ $json.id }}',
										ttl: '={{ 60 + $json.n }}',
									}),
									credentialId,
									items,
									continueOnFail: true,
								}),
						),
					),
			);
			for (const { items: output } of runs) expectAllTokensInOrder(output, 40);
			return server.apiRequests().filter((request) => request.status === 429).length;
		};
		// Three credentials: three budgets, each climbing to the account's limit on its own.
		const separate = await threeAtOnce(['one', 'two', 'three']);
		await server.close();
		const shared = await threeAtOnce(['oauth', 'oauth', 'oauth']);
		expect(shared).toBeLessThan(0.75 * separate);
	});

	it('a later run starts from the rate the account is known to accept', async () => {
		await start({ ratePerSecond: 8 });
		await run(users(40));
		const before = server.apiRequests().length;
		await run(users(40));
		const later = server.apiRequests().slice(before);
		// 8 a second is no plan's limit (another app may take the rest of it): one probe a quiet while
		// costs a 429 or so, so that the rate rises again once that app is done.
		expect(later.filter((request) => request.status === 429).length).toBeLessThanOrEqual(4);
		// The second run starts near 8 per second, not at the cautious first-run start.
		const firstSecond = later.filter((request) => request.at < later[0].at + 1000).length;
		expect(firstSecond).toBeGreaterThanOrEqual(6);
	});

	it('never retries a non-transient error: one request per item', async () => {
		await start({});
		const input = [
			{ id: 'nobody', n: 0 },
			{ id: 'u-other', n: 1 },
			{ id: 'u-jane', n: 2 },
		];
		const { items } = await run(input);
		expect(items!.map((item) => item.json.httpCode ?? 200)).toEqual([404, 400, 200]);
		expect(server.apiRequests()).toHaveLength(3);
		server.state.scopes = ['user:read'];
		await run([{ id: 'u-jane', n: 0 }]);
		expect(server.apiRequests()).toHaveLength(4);
	});

	it('stops at Zoom’s daily limit: remaining items get the error naming the reset time, no more requests', async () => {
		await start({ dailyLimit: 5 });
		const startedAt = Date.now();
		// Fine steps of the fake clock: in a 50 ms step, requests 12.5 ms apart would all leave before
		// the sockets deliver the 429 that halts them.
		const { items } = await run(users(20), { stepMs: 5 });
		expect(Date.now() - startedAt).toBeLessThan(10_000);
		expect(items).toHaveLength(20);
		const tokens = items!.filter((item) => typeof item.json.token === 'string');
		const failed = items!.filter((item) => item.json.error !== undefined);
		expect(tokens).toHaveLength(5);
		expect(failed).toHaveLength(15);
		for (const item of failed) {
			expect(item.json).toMatchObject({
				error: "Zoom's daily request limit for this account is used up",
				httpCode: 429,
			});
		}
		expect(items!.map((item) => item.pairedItem)).toEqual(
			users(20).map((_, index) => ({ item: index })),
		);
		// The five accepted requests, then the 429 that said "daily": nothing started after the node
		// read it (a request already due as it arrived may have left, and got the same answer).
		const statuses = server.apiRequests().map((request) => request.status);
		expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 429]);
		expect(statuses.slice(6).every((status) => status === 429)).toBe(true);
		expect(statuses.length).toBeLessThanOrEqual(7);

		const withoutContinue = await run(users(3), { continueOnFail: false });
		expect(withoutContinue.error.message).toBe(
			"Zoom's daily request limit for this account is used up",
		);
		expect(withoutContinue.error.description).toMatch(/accepts requests again at \d{4}-\d\d-\d\dT/);
	});

	it('without Continue On Fail, stops sending after the first failure and reports it with its item index', async () => {
		await start({ latencyMs: 5 });
		const input = users(40).map((item, index) => (index === 3 ? { ...item, id: 'nobody' } : item));
		const { error } = await run(input, {
			continueOnFail: false,
			options: { maxConcurrentRequests: 2 },
		});
		expect(error.message).toBe('Zoom user "nobody" not found');
		expect(error.context.itemIndex).toBe(3);
		expect(server.apiRequests().length).toBeLessThan(40);
	});

	it('honours Max Concurrent Requests', async () => {
		await start({ latencyMs: 40 });
		const { items } = await run(users(12), {
			options: { maxConcurrentRequests: 3, maxRequestsPerSecond: 1000 },
		});
		expectAllTokensInOrder(items, 12);
		expect(server.stats.maxInFlight).toBe(3);
	});
});
