/**
 * How fast to send to one Zoom account. Zoom's per-second limit is per account (Free 4, Pro 30,
 * Business 80), shared with every app of the account, and Zoom does not document how it counts; so
 * the rule assumes as little as it can:
 *
 * Requests start evenly spaced at the account's rate, and never more than the rate within one
 * second, refused requests included. The rate starts at Zoom's highest limit (or the pinned rate);
 * a 429 sets it to what Zoom accepted in the second before (or cuts it by a tenth when that does not
 * explain the 429), and after a quiet while it rises again by a tenth, up to the ceiling.
 *
 * What Zoom tells is used where it comes: Retry-After pauses every request, and X-RateLimit-Limit
 * lowers the ceiling.
 */
export const ZOOM_MAX_RATE = 80;
const WINDOW_MS = 1000;
/** Below what Zoom accepted, against the network's jitter. */
const MARGIN = 0.985;
const CUT = 0.9;
const RISE = 1.1;
const FIRST_QUIET_MS = 1500;
const MAX_QUIET_MS = 24_000;

/** What a 429 answer said beyond its status. */
export interface RateLimitHints {
	/** Zoom's Retry-After, in ms from now. */
	retryAfterMs?: number;
	/** Zoom's X-RateLimit-Limit on a per-second (QPS) answer: the account's limit. */
	accountLimit?: number;
}

export interface Reservation {
	/** Milliseconds to wait before the request may start. */
	waitMs: number;
	/** Changes when the budget learns something; a reservation made before that is taken again. */
	epoch: number;
	/** The start as the log holds it: `started` moves it to when the request really left. */
	slot: { at: number };
}

export class RateBudget {
	private rate: number;

	private ceiling: number;

	/** Starts (reserved, sent, refused) of the last while, oldest first. */
	private starts: Array<{ at: number }> = [];

	/** Starts of the requests Zoom accepted in the last two seconds, oldest first. */
	private accepted: number[] = [];

	private pausedUntil = -Infinity;

	/** Requests started before this were planned before the last cut: their 429s are already read. */
	private cutAt = -Infinity;

	private lastCutRate: number | undefined;

	private quietMs = FIRST_QUIET_MS;

	private nextRiseAt = Infinity;

	private epochCount = 0;

	private changes = new AbortController();

	constructor(
		private readonly pinnedRate: number | undefined,
		private readonly now: () => number,
	) {
		this.ceiling = pinnedRate ?? ZOOM_MAX_RATE;
		this.rate = this.ceiling;
	}

	get epoch(): number {
		return this.epochCount;
	}

	/** Aborts when the epoch changes: a request waiting for its reservation should take it again. */
	get changed(): AbortSignal {
		return this.changes.signal;
	}

	/** The plan changed: reservations not yet started are void, their requests take new ones. */
	private replan(now: number): void {
		this.starts = this.starts.filter((slot) => slot.at <= now);
		this.epochCount++;
		this.changes.abort();
		this.changes = new AbortController();
	}

	/** The earliest start the rule allows after those already reserved. */
	reserve(): Reservation {
		const now = this.now();
		// At most `count` starts in the time `count` take at this rate: a second for a whole rate, and
		// for a fractional one the window that holds a whole number (0.5: 1 in 2 s; 2.5: 3 in 1.2 s).
		const count = Math.ceil(this.rate);
		const windowMs = (WINDOW_MS * count) / this.rate;
		const last = this.starts.at(-1)?.at ?? -Infinity;
		let at = Math.max(now, this.pausedUntil, last + WINDOW_MS / this.rate);
		if (this.starts.length >= count) at = Math.max(at, this.starts.at(-count)!.at + windowMs);
		const slot = { at };
		this.starts.push(slot);
		if (this.starts.length > 4 * ZOOM_MAX_RATE) this.starts.shift();
		return { waitMs: at - now, epoch: this.epochCount, slot };
	}

	/** The reserved request leaves now: timers fire late, and Zoom counts when it arrives. */
	started(reservation: Reservation): void {
		reservation.slot.at = Math.max(reservation.slot.at, this.now());
	}

	/** Zoom answered a request started at `startedAt`, and not with 429. */
	onAccepted(startedAt: number): void {
		const now = this.now();
		let index = this.accepted.length;
		while (index > 0 && this.accepted[index - 1] > startedAt) index--;
		this.accepted.splice(index, 0, startedAt);
		while (this.accepted[0] <= now - 2 * WINDOW_MS) this.accepted.shift();
		if (now < this.nextRiseAt || this.rate >= this.ceiling) return;
		this.rate = Math.min(this.ceiling, this.rate * RISE);
		this.nextRiseAt = now + this.quietMs;
		this.replan(now);
	}

	/** Zoom answered 429 (per second, not the daily limit) to a request started at `startedAt`. */
	onRateLimited(startedAt: number, { retryAfterMs, accountLimit }: RateLimitHints = {}): void {
		const now = this.now();
		if (retryAfterMs !== undefined)
			this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
		if (accountLimit !== undefined && this.pinnedRate === undefined)
			this.ceiling = Math.min(ZOOM_MAX_RATE, accountLimit * MARGIN);
		if (startedAt > this.cutAt) {
			const measured = this.accepted.filter(
				(at) => at > startedAt - WINDOW_MS && at <= startedAt,
			).length;
			const rate = measured > 0 && measured < this.rate ? measured * MARGIN : this.rate * CUT;
			// Zoom holding the rate where it held it last time: wait longer before rising again.
			const again = this.lastCutRate !== undefined && Math.abs(rate - this.lastCutRate) <= 1;
			this.quietMs = again ? Math.min(MAX_QUIET_MS, this.quietMs * 2) : FIRST_QUIET_MS;
			this.lastCutRate = this.rate = rate;
			this.nextRiseAt = now + this.quietMs;
			this.cutAt = now;
		}
		this.rate = Math.max(Math.min(1, this.ceiling), Math.min(this.ceiling, this.rate));
		this.replan(now);
	}
}
