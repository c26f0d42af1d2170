import { sleep } from 'n8n-workflow';

// n8n-workflow's `sleep` cannot be cancelled (and node code may not use timers of its own), so
// long waits are made of short sleeps: one that is no longer needed ends within this long, instead
// of holding the process for the rest of a 30-second deadline or a minute's Retry-After.
const STEP_MS = 250;

/** Waits `ms`, or less when `signal` aborts first. */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
	const until = Date.now() + ms;
	for (let left = ms; left > 0 && !signal?.aborted; left = until - Date.now()) {
		await sleep(Math.min(left, STEP_MS));
	}
}

/**
 * A whole request under one deadline. n8n's `timeout` option only limits silence between bytes, so a
 * server that trickles an answer slowly is never timed out by it; here the request is aborted when its
 * deadline passes, however much has arrived, or as soon as `cancel` fires (the execution is stopped).
 * A timed-out request rejects with code ETIMEDOUT, as a network time-out does; a cancelled one with
 * ECANCELED. Either way the caller stops waiting at once, even on a request that ignores the abort.
 */
export async function withDeadline<T>(
	deadlineMs: number,
	cancel: AbortSignal | undefined,
	request: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
	const controller = new AbortController();
	let onCancel = () => {};
	// Rejects at the deadline or on cancellation, whichever comes first; the request is aborted then.
	const stop = new Promise<never>((_, reject) => {
		const end = (error: Error) => {
			if (controller.signal.aborted) return;
			// Rejected before aborting, so the race ends with this error, not with the abort's echo.
			reject(error);
			controller.abort();
		};
		onCancel = () =>
			end(Object.assign(new Error('The execution was cancelled'), { code: 'ECANCELED' }));
		if (cancel?.aborted) onCancel();
		cancel?.addEventListener('abort', onCancel, { once: true });
		void pause(deadlineMs, controller.signal).then(() =>
			end(Object.assign(new Error(`timeout of ${deadlineMs}ms exceeded`), { code: 'ETIMEDOUT' })),
		);
	});
	// A deadline that is no longer raced must not surface as an unhandled rejection.
	stop.catch(() => {});
	try {
		return await Promise.race([request(controller.signal), stop]);
	} finally {
		cancel?.removeEventListener('abort', onCancel);
		// Ends the deadline's pause: nothing waits on for a request that has settled.
		if (!controller.signal.aborted) controller.abort();
	}
}
