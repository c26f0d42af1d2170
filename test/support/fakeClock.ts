/**
 * Runs `work` on jest's fake clock, advancing it in small steps while real I/O (the Zoom server, the
 * sockets, n8n's request helpers) carries on between steps. Retries, Retry-After waits, back-off and
 * time-outs then take their full length in the node's eyes but almost none on the wall clock.
 */
/** Where the fake clock stopped last: time never runs backwards from one fake run to the next. */
let lastFakeNow = 0;

export async function onFakeClock<T>(work: () => Promise<T>, stepMs = 50): Promise<T> {
	jest.useFakeTimers({
		now: Math.max(Date.now(), lastFakeNow),
		doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
	});
	// Jest's fake timers leave AbortSignal.timeout (the node's clock for waits) on the real one.
	const realTimeout = AbortSignal.timeout.bind(AbortSignal);
	AbortSignal.timeout = (ms: number) => {
		const controller = new AbortController();
		setTimeout(() => controller.abort(new DOMException('Timed out', 'TimeoutError')), ms);
		return controller.signal;
	};
	try {
		let settled = false;
		const running = work().finally(() => (settled = true));
		while (!settled) {
			await jest.advanceTimersByTimeAsync(stepMs);
			// Let sockets deliver what arrived before time moves on.
			await new Promise((resolve) => setImmediate(resolve));
		}
		return await running;
	} finally {
		lastFakeNow = Date.now();
		AbortSignal.timeout = realTimeout;
		jest.useRealTimers();
	}
}
