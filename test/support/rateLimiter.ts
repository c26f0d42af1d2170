/**
 * Models of Zoom's per-second limit. Zoom documents the limits (per account: Free 4, Pro 30,
 * Business 80 per second) but not how it counts, so the suite's Zoom server (and the rate budget's
 * simulation) can count in each plausible way:
 * - `sliding`: at most `limit` requests in any one second (the window ends at each request);
 * - `fixed`: at most `limit` requests per second of the clock (windows aligned to whole seconds);
 * - `bucket`: a token bucket holding `limit` (the burst), refilled at `limit` per second;
 * and in a sliding window a refused request either costs nothing (`countRefused: false`) or counts
 * like an accepted one. (A fixed window that refuses is full until the next second, and a bucket
 * that refuses has no token to take, so counting a refused request changes nothing there.)
 */
export type LimiterModel = 'sliding' | 'fixed' | 'bucket';

export interface LimiterOptions {
	/** Requests per second (fractions allowed). */
	limit: number;
	model?: LimiterModel;
	countRefused?: boolean;
}

export interface Limiter {
	/** Whether a request arriving at `now` is accepted; when not, in how long one would be. */
	admit(now: number): { accepted: true } | { accepted: false; retryAfterMs: number };
}

const WINDOW_MS = 1000;

export function createLimiter({
	limit,
	model = 'sliding',
	countRefused = false,
}: LimiterOptions): Limiter {
	if (model === 'bucket') {
		let tokens = limit;
		let last: number | undefined;
		return {
			admit(now) {
				if (last !== undefined)
					tokens = Math.min(limit, tokens + ((now - last) * limit) / WINDOW_MS);
				last = now;
				if (tokens >= 1) {
					tokens -= 1;
					return { accepted: true };
				}
				return { accepted: false, retryAfterMs: ((1 - tokens) * WINDOW_MS) / limit };
			},
		};
	}
	const arrivals: number[] = [];
	return {
		admit(now) {
			const windowStart =
				model === 'fixed' ? Math.floor(now / WINDOW_MS) * WINDOW_MS : now - WINDOW_MS;
			// A sliding window holds the last second, (now − 1 s, now]; a fixed one [second, now].
			while (
				arrivals.length > 0 &&
				(model === 'fixed' ? arrivals[0] < windowStart : arrivals[0] <= windowStart)
			)
				arrivals.shift();
			const accepted = arrivals.length < limit;
			if (accepted || (countRefused && model === 'sliding')) arrivals.push(now);
			if (accepted) return { accepted: true };
			const freesAt =
				model === 'fixed'
					? windowStart + WINDOW_MS
					: arrivals[arrivals.length - Math.ceil(limit)] + WINDOW_MS;
			return { accepted: false, retryAfterMs: Math.max(0, freesAt - now) };
		},
	};
}
