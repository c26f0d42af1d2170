/**
 * Waits that end on time or on a signal, without a timer of the node's own (community nodes may not
 * use setTimeout) and without polling: AbortSignal.timeout is the clock. n8n-workflow's `sleep`
 * cannot be cancelled, and its `sleepWithAbort` is in n8n 1.x only (2.x moved it out).
 */
const timeoutSignal = (ms: number) => AbortSignal.timeout(Math.max(0, Math.ceil(ms)));

/** Waits `ms`, or less when one of `signals` aborts first. */
export async function pause(ms: number, ...signals: Array<AbortSignal | undefined>): Promise<void> {
	const ends = AbortSignal.any([
		timeoutSignal(ms),
		...signals.filter((signal) => signal !== undefined),
	]);
	if (ends.aborted) return;
	await new Promise<void>((resolve) =>
		ends.addEventListener('abort', () => resolve(), { once: true }),
	);
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
