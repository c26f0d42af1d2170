import { sleep } from 'n8n-workflow';

/**
 * Waits that end on time or on a signal, without a timer of the node's own (community nodes may not
 * use setTimeout) and without polling. n8n-workflow's `sleep` is the clock of a pause: its timer keeps
 * the process alive while the node waits (AbortSignal.timeout's does not: a process with nothing else
 * to do would exit mid-wait). It cannot be cancelled, so an aborted pause ends at once and leaves its
 * timer to run out unheard. (`sleepWithAbort` could cancel it, but only n8n 1.x exports it.)
 */

/**
 * Waits `ms`, or less when one of `signals` aborts first. It waits on a composite signal of its own,
 * not with a listener on each: dozens of items wait on one run's signal at once, and Node warns in
 * n8n's log past ten listeners on one signal.
 */
export async function pause(ms: number, ...signals: Array<AbortSignal | undefined>): Promise<void> {
	const given = signals.filter((signal) => signal !== undefined);
	if (given.some((signal) => signal.aborted)) return;
	const aborted = AbortSignal.any(given);
	await Promise.race([
		sleep(ms),
		new Promise<void>((resolve) =>
			aborted.addEventListener('abort', () => resolve(), { once: true }),
		),
	]);
}

/** A request's deadline: a request in flight keeps its process alive by itself. */
const timeoutSignal = (ms: number) => AbortSignal.timeout(Math.max(0, Math.ceil(ms)));

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
	const deadline = timeoutSignal(deadlineMs);
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
