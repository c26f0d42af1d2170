import { sleep } from 'n8n-workflow';

/**
 * Waits that end on time or on a signal, without a timer of the node's own (community nodes may not
 * use setTimeout) and without polling. n8n-workflow's `sleep` is the clock: its timer keeps the
 * process alive while the node waits (AbortSignal.timeout's does not). An aborted pause ends at once
 * and leaves that timer to run out unheard (`sleepWithAbort` would cancel it, but only n8n 1.x has it).
 * It waits on a composite signal, not with a listener on each: dozens of items wait on one run's
 * signal at once, and Node warns in n8n's log past ten listeners on one signal.
 */
export async function pause(ms: number, ...signals: Array<AbortSignal | undefined>): Promise<void> {
	const aborted = AbortSignal.any(signals.filter((signal) => signal !== undefined));
	if (aborted.aborted) return;
	await Promise.race([
		sleep(ms),
		new Promise<void>((resolve) =>
			aborted.addEventListener('abort', () => resolve(), { once: true }),
		),
	]);
}

/**
 * A whole request under one deadline. n8n's `timeout` option only limits silence between bytes, so a
 * server that trickles an answer is never timed out by it; here the request is aborted when its
 * deadline passes, however much has arrived, or as soon as `cancel` fires (the execution is stopped).
 * It rejects with code ETIMEDOUT, as a network time-out does, or ECANCELED; either way the caller
 * stops waiting at once, even on a request that ignores the abort.
 */
export async function withDeadline<T>(
	deadlineMs: number,
	cancel: AbortSignal | undefined,
	request: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
	// A request in flight keeps its process alive by itself: AbortSignal.timeout is enough here.
	const deadline = AbortSignal.timeout(Math.max(0, Math.ceil(deadlineMs)));
	const signal = cancel ? AbortSignal.any([deadline, cancel]) : deadline;
	// Listens before the request does, so the race ends with this error, not with the abort's echo.
	const stopped = new Promise<never>((_, reject) => {
		const end = () =>
			reject(
				deadline.aborted
					? Object.assign(new Error(`timeout of ${deadlineMs}ms exceeded`), { code: 'ETIMEDOUT' })
					: Object.assign(new Error('The execution was cancelled'), { code: 'ECANCELED' }),
			);
		if (signal.aborted) end();
		else signal.addEventListener('abort', end, { once: true });
	});
	// A deadline that is no longer raced must not surface as an unhandled rejection.
	stopped.catch(() => {});
	return await Promise.race([request(signal), stopped]);
}
