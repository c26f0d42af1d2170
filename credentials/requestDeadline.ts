import { sleep } from 'n8n-workflow';

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
	let settled = false;
	let onCancel = () => {};
	// Rejects at the deadline or on cancellation, whichever comes first; the request is aborted then.
	const stop = new Promise<never>((_, reject) => {
		const end = (error: Error) => {
			if (settled) return;
			controller.abort();
			reject(error);
		};
		onCancel = () =>
			end(Object.assign(new Error('The execution was cancelled'), { code: 'ECANCELED' }));
		if (cancel?.aborted) onCancel();
		cancel?.addEventListener('abort', onCancel, { once: true });
		void sleep(deadlineMs).then(() =>
			end(Object.assign(new Error(`timeout of ${deadlineMs}ms exceeded`), { code: 'ETIMEDOUT' })),
		);
	});
	try {
		return await Promise.race([request(controller.signal), stop]);
	} finally {
		settled = true;
		cancel?.removeEventListener('abort', onCancel);
	}
}
