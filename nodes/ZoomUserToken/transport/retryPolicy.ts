import type { ZoomFailure } from './failure';

/** What to do after a failed attempt. */
export type RetryDecision =
	| { action: 'retry'; waitMs: number; rateLimited: boolean }
	| { action: 'fail' }
	/** Stop sending any request: waiting would take hours (Zoom's daily limit). */
	| { action: 'halt' };

export interface RetryLimits {
	/** Retries of one item after 429 answers. */
	rateLimitRetries: number;
	/** Retries of one item after 5xx answers, resets and time-outs. */
	transientRetries: number;
	/** Longest total wait for one item, across all its retries. */
	maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_LIMITS: RetryLimits = {
	rateLimitRetries: 10,
	transientRetries: 4,
	maxTotalWaitMs: 120_000,
};

/** Full jitter: a random wait up to the exponential bound, so parallel retries do not line up. */
export function backoffMs(
	attempt: number,
	baseMs: number,
	capMs: number,
	random: () => number,
): number {
	const bound = Math.min(capMs, baseMs * 2 ** attempt);
	return Math.round(bound / 2 + (random() * bound) / 2);
}

export function isTransient(failure: ZoomFailure): boolean {
	if (failure.status !== undefined) return failure.status >= 500 && failure.status <= 599;
	return failure.networkCode !== undefined;
}

/** An item's retries so far. */
export interface RetryHistory {
	rateLimitRetries: number;
	transientRetries: number;
	waitedMs: number;
}

export function decideRetry(
	failure: ZoomFailure,
	history: RetryHistory,
	limits: RetryLimits,
	now: number,
	random: () => number,
): RetryDecision {
	if (failure.status === 429) {
		if (haltReason(failure, now)) return { action: 'halt' };
		const retryAfterMs = parseRetryAfter(failure.headers['retry-after'], now);
		// Without Retry-After, the first retry goes straight back to the rate budget, which has just
		// learned from this 429 and spaces it; only a 429 after that backs off as well.
		const waitMs =
			retryAfterMs ??
			(history.rateLimitRetries === 0
				? 0
				: backoffMs(history.rateLimitRetries - 1, 500, 16_000, random));
		if (
			history.rateLimitRetries >= limits.rateLimitRetries ||
			history.waitedMs + waitMs > limits.maxTotalWaitMs
		) {
			return { action: 'fail' };
		}
		return { action: 'retry', waitMs, rateLimited: true };
	}
	// Zoom refused the token n8n had just renewed: another process may have renewed it meanwhile and
	// be saving its own (OAuth2: Zoom accepts a refresh token once; Server-to-Server: where each new
	// token voids the older, two workers void each other's). n8n reads the credential again for the
	// next attempt, so one retry after a moment finds the newest. A revoked grant fails again.
	if (failure.needsReconnect || failure.status === 401) {
		return history.transientRetries === 0
			? { action: 'retry', waitMs: backoffMs(0, 2000, 2000, random), rateLimited: false }
			: { action: 'fail' };
	}
	if (isTransient(failure)) {
		const waitMs = backoffMs(history.transientRetries, 400, 8000, random);
		if (
			history.transientRetries >= limits.transientRetries ||
			history.waitedMs + waitMs > limits.maxTotalWaitMs
		) {
			return { action: 'fail' };
		}
		return { action: 'retry', waitMs, rateLimited: false };
	}
	return { action: 'fail' };
}

/**
 * Zoom's daily limit: a 429 whose X-RateLimit-Type says so, or whose message does (Zoom does not send
 * the header on every such answer). Waiting would take until tomorrow, so the node stops sending.
 */
export function isDailyLimit(failure: ZoomFailure): boolean {
	return (
		failure.status === 429 &&
		(/daily/i.test(failure.headers['x-ratelimit-type'] ?? '') ||
			/daily/i.test(failure.zoomMessage ?? ''))
	);
}

/** Retry-After in milliseconds from now: seconds, or an HTTP or ISO 8601 date-time (Zoom's daily limit). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
	const at = Date.parse(text);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * What a per-second 429 tells the rate budget, where Zoom sends it (it does not on every answer):
 * how long to pause, and the account's limit from `X-RateLimit-Limit` on a `QPS` answer (on a daily
 * answer that header is the daily quota).
 */
export function rateLimitHints(
	failure: ZoomFailure,
	now: number,
): { retryAfterMs?: number; accountLimit?: number } {
	const limit = Number(failure.headers['x-ratelimit-limit']);
	const perSecond = /^qps$/i.test(failure.headers['x-ratelimit-type'] ?? '');
	return {
		retryAfterMs: parseRetryAfter(failure.headers['retry-after'], now),
		accountLimit: perSecond && Number.isInteger(limit) && limit > 0 ? limit : undefined,
	};
}

/** The longest Retry-After the node waits out; a longer one stops the run instead. */
export const LONGEST_RETRY_AFTER_MS = 60_000;

/**
 * Why a 429 stops the whole run instead of being waited out — the one rule for halting, used by the
 * retry policy and by the message: Zoom's daily limit, or a Retry-After longer than the node waits.
 */
export function haltReason(failure: ZoomFailure, now: number): 'daily' | 'retryAfter' | undefined {
	if (failure.status !== 429) return undefined;
	if (isDailyLimit(failure)) return 'daily';
	const waitMs = parseRetryAfter(failure.headers['retry-after'], now);
	return waitMs !== undefined && waitMs > LONGEST_RETRY_AFTER_MS ? 'retryAfter' : undefined;
}
