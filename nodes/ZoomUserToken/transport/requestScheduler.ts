import type { IN8nHttpFullResponse } from 'n8n-workflow';

import { pause } from '../../../credentials/requestDeadline';

import { haltReason, parseRetryAfter, readZoomFailure } from './errors';
import { RateBudget } from './rateBudget';
import type { ZoomFailure } from './types';

/**
 * What this n8n process knows of one Zoom account (API host and signing credential): executions at
 * once pace together, a later run starts from what was learned, the token is renewed once at a time
 * (index.ts). Queue-mode workers share no memory: each has its own.
 */
export interface AccountState {
	/** Its rate budgets: the adaptive one, and one per rate a user pinned. */
	budgets: Map<number | 'adaptive', RateBudget>;
	/** When Zoom last answered a request of this process for the account. */
	lastAnswerAt?: number;
	/** The request getting the account's token renewed now. */
	renewal?: Promise<IN8nHttpFullResponse>;
	/** When this process last had the account's token renewed. */
	renewedAt?: number;
}

/** Accounts kept at once: the one used longest ago goes first (a Map iterates in insertion order). */
const MAX_ACCOUNTS = 100;
const accounts = new Map<string, AccountState>();

export function accountState(account: string): AccountState {
	const state = accounts.get(account) ?? { budgets: new Map() };
	accounts.delete(account);
	accounts.set(account, state);
	if (accounts.size > MAX_ACCOUNTS) accounts.delete(accounts.keys().next().value!);
	return state;
}

/** Zoom's access tokens live an hour: one unused for most of it has probably expired. */
export function tokenLikelyExpired({ lastAnswerAt }: AccountState): boolean {
	return lastAnswerAt === undefined || Date.now() - lastAnswerAt > 50 * 60_000;
}

export const DEFAULT_MAX_CONCURRENT_REQUESTS = 32;

export const RETRY_LIMITS = { rateLimitRetries: 10, transientRetries: 4, totalWaitMs: 120_000 };

/** An item's retries so far: after 429s, after anything else worth retrying; its waits in all. */
export interface RetryHistory {
	rateLimitRetries: number;
	transientRetries: number;
	waitedMs: number;
}

/** What to do after a failed attempt; `halt` stops every request (waiting would take hours). */
export type RetryDecision =
	{ action: 'retry'; waitMs: number } | { action: 'fail' } | { action: 'halt' };

/** Full jitter: a random wait up to the exponential bound, so parallel retries do not line up. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number) {
	const bound = Math.min(capMs, baseMs * 2 ** attempt);
	return Math.round(bound / 2 + (random() * bound) / 2);
}

export function decideRetry(
	failure: ZoomFailure,
	history: RetryHistory,
	now: number,
	random: () => number,
): RetryDecision {
	const retry = (kind: 'rateLimitRetries' | 'transientRetries', waitMs: number): RetryDecision =>
		history[kind] >= RETRY_LIMITS[kind] || history.waitedMs + waitMs > RETRY_LIMITS.totalWaitMs
			? { action: 'fail' }
			: { action: 'retry', waitMs };
	if (failure.status === 429) {
		if (haltReason(failure, now)) return { action: 'halt' };
		// Without Retry-After, the first retry goes straight back to the rate budget, which has just
		// learned from this 429 and spaces it; only a 429 after that backs off as well.
		const attempt = history.rateLimitRetries;
		const backoff = attempt === 0 ? 0 : backoffMs(attempt - 1, 500, 16_000, random);
		return retry(
			'rateLimitRetries',
			parseRetryAfter(failure.headers['retry-after'], now) ?? backoff,
		);
	}
	// Zoom refused the token n8n had just renewed: another process may have renewed it meanwhile and
	// be saving its own (OAuth2: Zoom accepts a refresh token once; Server-to-Server: where each new
	// token voids the older, two workers void each other's). n8n reads the credential again for the
	// next attempt, so one retry after a moment finds the newest. A revoked grant fails again.
	if (failure.needsReconnect || failure.status === 401) {
		return history.transientRetries === 0
			? { action: 'retry', waitMs: backoffMs(0, 2000, 2000, random) }
			: { action: 'fail' };
	}
	const transient =
		failure.status === undefined ? failure.networkCode !== undefined : failure.status >= 500;
	if (!transient) return { action: 'fail' };
	return retry('transientRetries', backoffMs(history.transientRetries, 400, 8000, random));
}

/**
 * What a per-second 429 tells the rate budget, where Zoom sends it (it does not on every answer):
 * how long to pause, and the account's limit from `X-RateLimit-Limit` on a `QPS` answer (on a daily
 * answer that header is the daily quota).
 */
export function rateLimitHints(failure: ZoomFailure, now: number) {
	const limit = Number(failure.headers['x-ratelimit-limit']);
	const perSecond = /^qps$/i.test(failure.headers['x-ratelimit-type'] ?? '');
	return {
		retryAfterMs: parseRetryAfter(failure.headers['retry-after'], now),
		accountLimit: perSecond && Number.isInteger(limit) && limit > 0 ? limit : undefined,
	};
}

export interface SchedulerOptions {
	/** The user's pinned rate; when not set, the rate is learned from Zoom's answers (rateBudget.ts). */
	maxRequestsPerSecond?: number;
	/** The Zoom account the requests count against: runs with one account share its rate budget. */
	account: string;
	/** Most requests in flight at once. */
	maxConcurrentRequests?: number;
	/** Stop starting items once one has failed for good (On Error "Stop"). */
	stopOnFirstFailure: boolean;
	/** The execution's cancel: waits end, requests in flight are cut off, nothing more is sent. */
	abortSignal?: AbortSignal;
}

export type ItemOutcome<T> =
	| { ok: true; value: T }
	| { ok: false; error: unknown; failure: ZoomFailure }
	/** Never sent: cancelled, or an earlier item failed and the node stops at the first failure. */
	| { ok: false; skipped: true };

/**
 * Runs one request per item, in parallel within the rate budget and the concurrency cap, retrying
 * what is worth retrying; exactly one outcome per item, in item order. When the token has probably
 * expired, the first request runs alone: it renews the token that every later one then finds, and
 * the budget leaves it out of its count of starts (RateBudget.leaveOut).
 */
export async function runForEachItem<T>(
	itemCount: number,
	send: (itemIndex: number) => Promise<T>,
	options: SchedulerOptions,
): Promise<Array<ItemOutcome<T>>> {
	const state = accountState(options.account);
	const key = options.maxRequestsPerSecond ?? 'adaptive';
	const budget =
		state.budgets.get(key) ?? new RateBudget(options.maxRequestsPerSecond, () => Date.now());
	state.budgets.set(key, budget);
	// Aborted once nothing more is to be sent (halted, cancelled, stopped): every wait ends then.
	const stop = new AbortController();
	const signals = [stop.signal, ...(options.abortSignal ? [options.abortSignal] : [])];
	const run: Run = { budget, stop, stopped: AbortSignal.any(signals), cancel: options.abortSignal };
	const outcomes: Array<ItemOutcome<T>> = [];
	let next = 0;
	const runNext = async () => {
		const itemIndex = next++;
		const outcome = await runItem(run, async () => await send(itemIndex));
		outcomes[itemIndex] = outcome;
		if (!outcome.ok && !('skipped' in outcome) && options.stopOnFirstFailure) stop.abort();
	};
	if (tokenLikelyExpired(state) && itemCount > 0) {
		await runNext();
		if (run.lastStartedAt !== undefined) budget.leaveOut(run.lastStartedAt);
	}
	const worker = async () => {
		while (next < itemCount) await runNext();
	};
	const cap = Math.floor(options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS);
	await Promise.all(Array.from({ length: Math.min(Math.max(1, cap), itemCount - next) }, worker));
	return outcomes;
}

/** One run's shared parts: its budget, and how it stops (`halted`: Zoom's daily limit). */
interface Run {
	budget: RateBudget;
	stop: AbortController;
	stopped: AbortSignal;
	cancel?: AbortSignal;
	/** When the run's latest request started. */
	lastStartedAt?: number;
	halted?: { ok: false; error: unknown; failure: ZoomFailure };
}

/** One item: its request, started within the budget and retried as decideRetry says. */
async function runItem<T>(run: Run, send: () => Promise<T>): Promise<ItemOutcome<T>> {
	const { budget } = run;
	const history: RetryHistory = { rateLimitRetries: 0, transientRetries: 0, waitedMs: 0 };
	const notToSend = (): ItemOutcome<T> | undefined =>
		run.halted ?? (run.stopped.aborted ? { ok: false, skipped: true } : undefined);
	for (;;) {
		// Checked before the budget too: an item not to be sent takes no start from it.
		if (notToSend()) return notToSend()!;
		const startedAt = await startWithinBudget(budget, run.stopped);
		run.lastStartedAt = startedAt;
		if (notToSend()) return notToSend()!;
		try {
			const value = await send();
			budget.onAccepted(startedAt);
			return { ok: true, value };
		} catch (error) {
			// A request cut off by the cancellation is not the item's failure: it was never answered.
			if (run.cancel?.aborted) return { ok: false, skipped: true };
			const failure = readZoomFailure(error);
			// Zoom answered, and not with a 429: the request counted like an accepted one.
			if (failure.status !== undefined && failure.status !== 429) budget.onAccepted(startedAt);
			const decision = decideRetry(failure, history, Date.now(), Math.random);
			if (decision.action === 'halt') {
				run.halted ??= { ok: false, error, failure };
				run.stop.abort();
				return run.halted;
			}
			if (decision.action === 'fail') return { ok: false, error, failure };
			if (failure.status === 429) {
				budget.onRateLimited(startedAt, rateLimitHints(failure, Date.now()));
				history.rateLimitRetries++;
			} else history.transientRetries++;
			history.waitedMs += decision.waitMs;
			await pause(decision.waitMs, run.stopped);
		}
	}
}

/**
 * Waits for the budget's next start and takes it. A reservation made before the budget learned
 * something (a 429, a Retry-After, a higher rate) is taken again; cancelling ends the wait at once.
 */
async function startWithinBudget(budget: RateBudget, abortSignal: AbortSignal): Promise<number> {
	let reservation = budget.reserve();
	while (reservation.waitMs > 0) {
		await pause(reservation.waitMs, abortSignal, reservation.changed);
		if (abortSignal.aborted || !reservation.changed.aborted) break;
		reservation = budget.reserve();
	}
	budget.started(reservation);
	return reservation.slot.at;
}
