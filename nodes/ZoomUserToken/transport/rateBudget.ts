/**
 * How fast to send: a pacer that spaces request starts at 1/rate seconds, and a rate that adapts.
 *
 * Zoom's limit for this endpoint is per account and per second (Free 4, Pro 30, Business 80), and
 * shared with every other app of the account, so the node cannot know it in advance. The rate grows
 * quickly while Zoom answers (doubling every second until the first 429). A 429 tells what Zoom
 * actually accepted in the last second: the rate drops below that, climbs back to just under it and
 * holds there for a while, then probes above it slowly in case the limit has room again (other apps
 * of the account share it). A rate the user pins is the ceiling and the starting point.
 */
export const ZOOM_MAX_RATE = 80;
const DEFAULT_START_RATE = 10;
const MIN_RATE = 0.5;
const WINDOW_MS = 1000;
// After a 429, stay at this share of what Zoom accepted, for this long, before probing above it.
const HOLD_SHARE = 0.97;
const HOLD_MS = 10_000;

export class RateBudget {
	private rate: number;

	private readonly ceiling: number;

	private probing = false;

	private nextStartAt = 0;

	private lastCutAt = -Infinity;

	/** What Zoom accepted per second when it last answered 429, and until when to stay under it. */
	private measuredLimit = Infinity;

	private holdUntil = -Infinity;

	private readonly recentlyAccepted: number[] = [];

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

	/** Zoom answered, and not with 429. */
	onAccepted(): void {
		const now = this.now();
		this.recentlyAccepted.push(now);
		while (this.recentlyAccepted.length > 0 && this.recentlyAccepted[0] <= now - WINDOW_MS) {
			this.recentlyAccepted.shift();
		}
		// Per answer: +1 doubles the rate each second (slow start); k/rate adds k requests per second
		// each second: quickly back up to what Zoom is known to accept, slowly beyond it.
		const holding = now < this.holdUntil;
		const cap = holding ? Math.max(MIN_RATE, this.measuredLimit * HOLD_SHARE) : this.ceiling;
		const step = !this.probing ? 1 : (holding ? 2 : 0.5) / this.rate;
		this.rate = Math.min(this.ceiling, cap, this.rate + step);
	}

	onRateLimited(): void {
		const now = this.now();
		// The answers to requests already in flight say the same thing: cut once per window.
		if (now - this.lastCutAt < WINDOW_MS) return;
		this.lastCutAt = now;
		const accepted = this.recentlyAccepted.filter((at) => at > now - WINDOW_MS).length;
		this.measuredLimit = accepted > 0 ? accepted : this.rate / 2;
		this.holdUntil = now + HOLD_MS;
		// Never below half the current rate at once: a stray 429 (another app of the account had a
		// burst) must not collapse a run that was going well.
		const target = Math.max(this.rate / 2, Math.min(this.rate * 0.9, this.measuredLimit * 0.9));
		this.rate = Math.max(MIN_RATE, Math.min(this.ceiling, target));
		this.probing = true;
		// Give Zoom's window a moment to drain before the next start.
		this.nextStartAt = Math.max(this.nextStartAt, now + 1000 / this.rate);
	}
}
