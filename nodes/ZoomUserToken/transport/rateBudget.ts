/**
 * How fast to send: a pacer that spaces request starts at 1/rate seconds, and a rate that adapts.
 *
 * Zoom's limit for this endpoint is per account and per second (Free 4, Pro 30, Business 80), and
 * shared with every other app of the account, so the node cannot know it in advance. The rate grows
 * quickly while Zoom answers (doubling every second until the first 429), then, on a 429, drops to
 * just under what Zoom actually accepted in the last second and creeps up again slowly. A rate the
 * user pins is the ceiling and the starting point.
 */
export const ZOOM_MAX_RATE = 80;
const DEFAULT_START_RATE = 10;
const MIN_RATE = 0.5;
const WINDOW_MS = 1000;

export class RateBudget {
	private rate: number;

	private readonly ceiling: number;

	private probing = false;

	private nextStartAt = 0;

	private lastCutAt = -Infinity;

	private readonly recentSuccesses: number[] = [];

	constructor(
		pinnedRate: number | undefined,
		private readonly now: () => number,
	) {
		this.ceiling = pinnedRate ?? ZOOM_MAX_RATE;
		this.rate = pinnedRate ?? DEFAULT_START_RATE;
		// A pinned rate is the user's statement of the limit: no need to find it.
		this.probing = pinnedRate !== undefined;
	}

	get requestsPerSecond(): number {
		return this.rate;
	}

	/** Milliseconds to wait before the next request may start; reserves that start. */
	reserve(): number {
		const now = this.now();
		const startAt = Math.max(now, this.nextStartAt);
		this.nextStartAt = startAt + 1000 / this.rate;
		return startAt - now;
	}

	onSuccess(): void {
		const now = this.now();
		this.recentSuccesses.push(now);
		while (this.recentSuccesses.length > 0 && this.recentSuccesses[0] <= now - WINDOW_MS) {
			this.recentSuccesses.shift();
		}
		// Per success: +1 doubles the rate each second; +0.5/rate adds half a request per second each second.
		const step = this.probing ? 0.5 / this.rate : 1;
		this.rate = Math.min(this.ceiling, this.rate + step);
	}

	onRateLimited(): void {
		const now = this.now();
		// The answers to requests already in flight say the same thing: cut once per window.
		if (now - this.lastCutAt < WINDOW_MS) return;
		this.lastCutAt = now;
		const accepted = this.recentSuccesses.filter((at) => at > now - WINDOW_MS).length;
		const target = Math.min(this.rate * 0.9, accepted > 0 ? accepted * 0.9 : this.rate / 2);
		this.rate = Math.max(MIN_RATE, Math.min(this.ceiling, target));
		this.probing = true;
		// Give Zoom's window a moment to drain before the next start.
		this.nextStartAt = Math.max(this.nextStartAt, now + 1000 / this.rate);
	}
}
