import type { ZoomFailure } from './failure';

/** What to do after a failed attempt; `halt` stops every request (waiting would take hours). */
export type RetryDecision =
	{ action: 'retry'; waitMs: number } | { action: 'fail' } | { action: 'halt' };

/** An item's retries so far: after 429s, after anything else worth retrying; its waits in all. */
export interface RetryHistory {
	rateLimitRetries: number;
	transientRetries: number;
	waitedMs: number;
}

export const RETRY_LIMITS = { rateLimitRetries: 10, transientRetries: 4, totalWaitMs: 120_000 };

/** The longest Retry-After the node waits out; a longer one stops the run instead. */
export const LONGEST_RETRY_AFTER_MS = 60_000;

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

/** Retry-After in milliseconds from now: seconds, or an HTTP or ISO 8601 date-time (Zoom's daily limit). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	const text = value?.trim() ?? '';
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
	const at = Date.parse(text);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
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

/**
 * Why a 429 stops the whole run instead of being waited out — the one rule for halting, used by the
 * retry policy and by the message: Zoom's daily limit (named in X-RateLimit-Type or, as Zoom does
 * not send that header on every such answer, in its message), or a Retry-After longer than the node
 * waits.
 */
export function haltReason(failure: ZoomFailure, now: number): 'daily' | 'retryAfter' | undefined {
	if (failure.status !== 429) return undefined;
	const type = failure.headers['x-ratelimit-type'] ?? '';
	if (/daily/i.test(type) || /daily/i.test(failure.zoomMessage ?? '')) return 'daily';
	const waitMs = parseRetryAfter(failure.headers['retry-after'], now);
	return waitMs !== undefined && waitMs > LONGEST_RETRY_AFTER_MS ? 'retryAfter' : undefined;
}
