import { pause } from '../../../credentials/requestDeadline';

import { accountBudget } from './accounts';
import type { ZoomFailure } from './failure';
import { readZoomFailure } from './failure';
import { DEFAULT_RETRY_LIMITS, decideRetry, rateLimitHints } from './retryPolicy';

export interface SchedulerOptions {
	/** The user's pinned rate; when not set, the rate is learned from Zoom's answers (rateBudget.ts). */
	maxRequestsPerSecond?: number;
	/** The Zoom account the requests count against: runs with one account share its rate budget. */
	account: string;
	/** Most requests in flight at once. */
	maxConcurrentRequests?: number;
	/** Stop starting new items once one has failed for good (the node is not set to continue on fail). */
	stopOnFirstFailure: boolean;
	/** Aborted when n8n cancels the execution: waits end, requests in flight are cut off, nothing more is sent. */
	abortSignal?: AbortSignal;
}

export const DEFAULT_MAX_CONCURRENT_REQUESTS = 32;

export type ItemOutcome<T> =
	| { ok: true; value: T }
	| { ok: false; error: unknown; failure: ZoomFailure }
	/** Never sent: an earlier item failed and the node stops at the first failure. */
	| { ok: false; skipped: true };

/**
 * Runs one request per item, in parallel within the rate budget and the concurrency cap, retrying
 * what is worth retrying, and returns exactly one outcome per item, in item order.
 *
 * The first request runs alone: when the stored access token has expired (the usual case for a
 * credential last used yesterday), that one request refreshes it and every later request finds
 * the new token, instead of all of them refreshing at once.
 */
export async function runForEachItem<T>(
	itemCount: number,
	send: (itemIndex: number) => Promise<T>,
	options: SchedulerOptions,
): Promise<Array<ItemOutcome<T>>> {
	const budget = accountBudget(options.account, options.maxRequestsPerSecond);
	const { abortSignal } = options;
	// Cancelling the execution ends every wait at once.
	const wait = async (ms: number, signal?: AbortSignal) => await pause(ms, abortSignal, signal);
	const outcomes: Array<ItemOutcome<T> | undefined> = new Array(itemCount);

	let nextItem = 0;
	let stopped = false;
	// Zoom's daily limit: the failure every remaining item gets instead of a request.
	const daily: { halted?: { error: unknown; failure: ZoomFailure } } = {};
	const haltedOutcome = (): ItemOutcome<T> | undefined =>
		daily.halted ? { ok: false, ...daily.halted } : undefined;

	const runItem = async (itemIndex: number): Promise<ItemOutcome<T>> => {
		const history = { rateLimitRetries: 0, transientRetries: 0, waitedMs: 0 };
		for (;;) {
			const halted = haltedOutcome();
			if (halted) return halted;
			if (abortSignal?.aborted || (stopped && options.stopOnFirstFailure)) {
				return { ok: false, skipped: true };
			}
			// A reservation made before the budget learned something (a 429, a Retry-After) is taken again.
			// It ends early when the budget changes (a higher limit may let it start sooner).
			let reservation = budget.reserve();
			while (reservation.waitMs > 0) {
				await wait(reservation.waitMs, budget.changed);
				if (abortSignal?.aborted || reservation.epoch === budget.epoch) break;
				reservation = budget.reserve();
			}
			budget.started(reservation);
			const startedAt = Date.now();
			const haltedWhileWaiting = haltedOutcome();
			if (haltedWhileWaiting) return haltedWhileWaiting;
			if (abortSignal?.aborted) return { ok: false, skipped: true };
			try {
				const value = await send(itemIndex);
				budget.onAccepted(startedAt);
				return { ok: true, value };
			} catch (error) {
				// A request cut off by the cancellation is not the item's failure: it was never answered.
				if (abortSignal?.aborted) return { ok: false, skipped: true };
				const failure = readZoomFailure(error);
				// Zoom counted every answer but a 429 against the limit, errors included.
				if (failure.status !== undefined && failure.status !== 429) budget.onAccepted(startedAt);
				const decision = decideRetry(
					failure,
					history,
					DEFAULT_RETRY_LIMITS,
					Date.now(),
					Math.random,
				);
				if (failure.status === 429 && decision.action === 'retry') {
					budget.onRateLimited(startedAt, rateLimitHints(failure, Date.now()));
				}
				if (decision.action === 'halt') {
					daily.halted ??= { error, failure };
					return haltedOutcome()!;
				}
				if (decision.action === 'fail') return { ok: false, error, failure };
				if (decision.rateLimited) history.rateLimitRetries++;
				else history.transientRetries++;
				history.waitedMs += decision.waitMs;
				await wait(decision.waitMs);
			}
		}
	};

	const settle = async (itemIndex: number): Promise<void> => {
		const outcome = await runItem(itemIndex);
		outcomes[itemIndex] = outcome;
		if (!outcome.ok && !('skipped' in outcome)) stopped = true;
	};
	const worker = async (): Promise<void> => {
		while (nextItem < itemCount) await settle(nextItem++);
	};

	if (itemCount > 0) {
		// The lone first request: see above.
		await settle(nextItem++);
		const cap = Math.max(
			1,
			Math.floor(options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS),
		);
		await Promise.all(Array.from({ length: Math.min(cap, itemCount - 1) }, worker));
	}

	return outcomes.map((outcome) => outcome ?? { ok: false as const, skipped: true as const });
}
