import { pause } from '../../../credentials/requestDeadline';

import { accountBudget, tokenLikelyExpired } from './accounts';
import type { ZoomFailure } from './failure';
import { readZoomFailure } from './failure';
import type { RateBudget } from './rateBudget';
import type { RetryDecision, RetryHistory } from './retryPolicy';
import { decideRetry, rateLimitHints } from './retryPolicy';

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
 * The first request runs alone when the access token has probably expired (a credential last used
 * yesterday): that one request renews it and every later request finds the new token, instead of all
 * of them renewing at once.
 */
export async function runForEachItem<T>(
	itemCount: number,
	send: (itemIndex: number) => Promise<T>,
	options: SchedulerOptions,
): Promise<Array<ItemOutcome<T>>> {
	const budget = accountBudget(options.account, options.maxRequestsPerSecond);
	const { abortSignal } = options;
	const outcomes: Array<ItemOutcome<T> | undefined> = new Array(itemCount);

	// Zoom's daily limit: the failure every remaining item gets instead of a request.
	const daily: { halted?: { error: unknown; failure: ZoomFailure } } = {};
	// Aborted once nothing more is to be sent (halted, cancelled, or stopped at the first failure):
	// every wait, for a start or before a retry, ends then.
	const stop = new AbortController();
	const stopped = abortSignal ? AbortSignal.any([abortSignal, stop.signal]) : stop.signal;
	// What an item gets instead of a request: the halt's failure, or nothing when cancelled or stopped.
	const notToSend = (): ItemOutcome<T> | undefined => {
		if (daily.halted) return { ok: false, ...daily.halted };
		return stopped.aborted ? { ok: false, skipped: true } : undefined;
	};

	const runItem = async (itemIndex: number): Promise<ItemOutcome<T>> => {
		const history: RetryHistory = { rateLimitRetries: 0, transientRetries: 0, waitedMs: 0 };
		for (;;) {
			// Checked before the budget too: an item not to be sent takes no start from it.
			const before = notToSend();
			if (before) return before;
			const startedAt = await startWithinBudget(budget, stopped);
			const instead = notToSend();
			if (instead) return instead;
			try {
				const value = await send(itemIndex);
				budget.onAccepted(startedAt);
				return { ok: true, value };
			} catch (error) {
				// A request cut off by the cancellation is not the item's failure: it was never answered.
				if (abortSignal?.aborted) return { ok: false, skipped: true };
				const failure = readZoomFailure(error);
				const decision = afterFailure(budget, failure, startedAt, history);
				if (decision.action === 'halt') {
					daily.halted ??= { error, failure };
					stop.abort();
					return { ok: false, ...daily.halted };
				}
				if (decision.action === 'fail') return { ok: false, error, failure };
				await pause(decision.waitMs, stopped);
			}
		}
	};

	const cap = Math.floor(options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS);
	const lone = tokenLikelyExpired(options.account);
	await inOrder(itemCount, Math.max(1, cap), lone, async (itemIndex) => {
		const outcome = await runItem(itemIndex);
		outcomes[itemIndex] = outcome;
		if (!outcome.ok && !('skipped' in outcome) && options.stopOnFirstFailure) stop.abort();
	});

	return outcomes.map((outcome) => outcome ?? { ok: false as const, skipped: true as const });
}

/**
 * Waits for the budget's next start and takes it. A reservation made before the budget learned
 * something (a 429, a Retry-After, a higher rate) is taken again; cancelling ends the wait at once.
 */
async function startWithinBudget(budget: RateBudget, abortSignal?: AbortSignal): Promise<number> {
	let reservation = budget.reserve();
	while (reservation.waitMs > 0) {
		await pause(reservation.waitMs, abortSignal, reservation.changed);
		if (abortSignal?.aborted || !reservation.changed.aborted) break;
		reservation = budget.reserve();
	}
	budget.started(reservation);
	return Date.now();
}

/** What a failed attempt tells the budget, and what becomes of the item: retry, fail or halt. */
function afterFailure(
	budget: RateBudget,
	failure: ZoomFailure,
	startedAt: number,
	history: RetryHistory,
): RetryDecision {
	// Zoom answered, and not with a 429: the request counted like an accepted one.
	if (failure.status !== undefined && failure.status !== 429) budget.onAccepted(startedAt);
	const decision = decideRetry(failure, history, Date.now(), Math.random);
	if (decision.action !== 'retry') return decision;
	if (failure.status === 429) {
		budget.onRateLimited(startedAt, rateLimitHints(failure, Date.now()));
		history.rateLimitRetries++;
	} else history.transientRetries++;
	history.waitedMs += decision.waitMs;
	return decision;
}

/** The first item alone when `lone` (see runForEachItem), then on `cap` workers, in item order. */
async function inOrder(
	itemCount: number,
	cap: number,
	lone: boolean,
	run: (itemIndex: number) => Promise<void>,
) {
	let next = 0;
	if (lone && itemCount > 0) await run(next++);
	const worker = async () => {
		while (next < itemCount) await run(next++);
	};
	await Promise.all(Array.from({ length: Math.min(cap, itemCount - next) }, worker));
}
