import { sleep } from 'n8n-workflow';

/**
 * A whole request under one deadline. n8n's `timeout` option only limits silence between bytes, so a
 * server that trickles an answer slowly is never timed out by it; here the request is aborted when its
 * deadline passes, however much has arrived, or as soon as `cancel` fires (the execution is stopped).
 * A timed-out request rejects with code ETIMEDOUT, as a network time-out does.
 */
export async function withDeadline<T>(
	deadlineMs: number,
	cancel: AbortSignal | undefined,
	request: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
	const controller = new AbortController();
	const onCancel = () => controller.abort();
	if (cancel?.aborted) controller.abort();
	cancel?.addEventListener('abort', onCancel, { once: true });
	let settled = false;
	const deadline = new Promise<never>((_, reject) => {
		void sleep(deadlineMs).then(() => {
			if (settled) return;
			controller.abort();
			reject(
				Object.assign(new Error(`timeout of ${deadlineMs}ms exceeded`), { code: 'ETIMEDOUT' }),
			);
		});
	});
	try {
		return await Promise.race([request(controller.signal), deadline]);
	} finally {
		settled = true;
		cancel?.removeEventListener('abort', onCancel);
	}
}
