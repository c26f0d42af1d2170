/**
 * How fast to send: when each request may start, learned from Zoom's answers.
 *
 * Zoom's limit for this endpoint is per account and per second (Free 4, Pro 30, Business 80), shared
 * with every other app of the account, so the node cannot know it in advance. Zoom's 429s cost the
 * account nothing (only accepted requests count), so the budget starts at Zoom's highest limit and
 * lets the first 429 tell: the requests Zoom accepted in the second before it are what the account
 * gives this process. From then on it keeps a log of request starts and lets at most that many start
 * in any one second (plus a small margin against network jitter), which is how Zoom counts. After a
 * quiet while it allows one more per second, then two, four…, in case the limit has room again (other
 * apps or queue-mode workers finished); when Zoom holds it at a plan's whole limit again and again, it
 * probes less and less often. A rate the user pins is the ceiling, kept to evenly from the start.
 */
export const ZOOM_MAX_RATE = 80;
/** Zoom's documented per-second limits for this endpoint: Free, Pro, Business and up. */
const PLAN_LIMITS = [4, 30, ZOOM_MAX_RATE];
const WINDOW_MS = 1000;
const MIN_MARGIN_MS = 15;
const MAX_MARGIN_MS = 200;
const FIRST_HOLD_MS = 1500;
const MAX_HOLD_MS = 8000;
/** How often a probe adds to the limit once Zoom took the first step: a worker left alone fills the room fast. */
const PROBE_EVERY_MS = 250;
const MAX_PROBE_STEP = 16;
const MAX_CUT_SHARE = 2 / 3;

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
	/** Highest rate: what the user pinned, Zoom's highest plan limit, or the account's own limit. */
	private ceiling: number;

	private readonly pinned: boolean;

	/** Starts allowed per window; unknown until Zoom first answers 429. */
	private limit: number | undefined;

	private marginMs = MIN_MARGIN_MS;

	/** Request starts, oldest first; the last `limit` of them are all the log needs. */
	private starts: Array<{ at: number }> = [];

	/** Start times of the requests Zoom accepted, oldest first: the account's view of this process. */
	private accepted: number[] = [];

	private lastStart = -Infinity;

	/** The shortest round trip this budget has seen: how long before its answer an accepted request left at the latest. */
	private minRoundTripMs = Infinity;

	private pausedUntil = -Infinity;

	private epochCount = 0;

	private changes = new AbortController();

	/** Requests started before this were planned before the last cut: their 429s are already read. */
	private cutAt = -Infinity;

	private lastCutLimit: number | undefined;

	private holdMs = FIRST_HOLD_MS;

	private nextProbeAt = Infinity;

	private probeStep = 1;

	constructor(
		pinnedRate: number | undefined,
		private readonly now: () => number,
	) {
		this.pinned = pinnedRate !== undefined;
		this.ceiling = pinnedRate ?? ZOOM_MAX_RATE;
		// A pinned rate is the user's statement of the limit: kept to as Zoom counts it, from the start,
		// exactly (no margin) until Zoom refuses a request.
		this.limit = pinnedRate;
		if (pinnedRate !== undefined) this.marginMs = 0;
	}

	get epoch(): number {
		return this.epochCount;
	}

	/** Aborts when the epoch changes: a request waiting for its reservation should take it again. */
	get changed(): AbortSignal {
		return this.changes.signal;
	}

	/**
	 * The budget learned something: reservations not yet started are void (their requests take new
	 * ones), and `keep` is the log of starts Zoom counts from now on.
	 */
	private replan(keep: Array<{ at: number }>): void {
		this.starts = keep;
		this.lastStart = keep.at(-1)?.at ?? -Infinity;
		this.epochCount++;
		this.changes.abort();
		this.changes = new AbortController();
	}

	/** The log without the reservations not yet started. */
	private startedSoFar(now: number): Array<{ at: number }> {
		return this.starts.filter((slot) => slot.at <= now);
	}

	/** Reserves the earliest start allowed after those already reserved. */
	reserve(): Reservation {
		const now = this.now();
		// Bursts at twice the known limit at most: fast at a run's start, and a probe above the limit
		// then costs a 429 or two, not every request sent while the first 429 is on its way.
		const spacing = Math.max(
			WINDOW_MS / this.ceiling,
			this.limit === undefined ? 0 : (WINDOW_MS + this.marginMs) / (2 * this.limit),
		);
		let startAt = Math.max(now, this.pausedUntil, this.lastStart + spacing);
		const slot = { at: startAt };
		if (this.limit !== undefined) {
			// Zoom counts the requests of the last second: at most `limit` starts in any window. A
			// fractional limit (a pinned 0.5 or 2.5) is `count` starts in the window that holds
			// exactly that many at this rate: 1 in 2 s, 3 in 1.2 s.
			const count = Math.ceil(this.limit);
			const windowMs = (WINDOW_MS * count) / this.limit;
			if (this.starts.length >= count) {
				startAt = Math.max(
					startAt,
					this.starts[this.starts.length - count].at + windowMs + this.marginMs,
				);
			}
			this.starts.push(slot);
			if (this.starts.length > 2 * count) this.starts.splice(0, this.starts.length - count);
		}
		slot.at = startAt;
		this.lastStart = startAt;
		return { waitMs: startAt - now, epoch: this.epochCount, slot };
	}

	/** The reserved request leaves now: timers fire late, and Zoom counts when it arrives. */
	started(reservation: Reservation): void {
		reservation.slot.at = Math.max(reservation.slot.at, this.now());
	}

	/** Zoom answered a request started at `startedAt`, and not with 429: it counted. */
	onAccepted(startedAt: number): void {
		const now = this.now();
		// A request that first renewed the token left again later than it started: count it from
		// the latest moment it can have left, one shortest round trip before its answer.
		this.minRoundTripMs = Math.min(this.minRoundTripMs, now - startedAt);
		insertSorted(this.accepted, Math.max(startedAt, now - this.minRoundTripMs));
		while (this.accepted.length > 0 && this.accepted[0] <= now - 2 * WINDOW_MS)
			this.accepted.shift();
		if (this.limit === undefined || now < this.nextProbeAt) return;
		// A quiet while at this limit: try a little more, then more, in case the account has room.
		this.limit = Math.min(this.ceiling, this.limit + this.probeStep);
		// The first step of one waits a whole window for Zoom's verdict (at the account's limit it
		// costs one 429); once Zoom took it, the steps grow quickly.
		this.nextProbeAt = now + (this.probeStep === 1 ? WINDOW_MS + this.marginMs : PROBE_EVERY_MS);
		this.probeStep = Math.min(MAX_PROBE_STEP, this.probeStep * 2);
		this.marginMs = Math.max(MIN_MARGIN_MS, this.marginMs / 2);
		// Requests waiting far ahead (reserved while the limit was lower) may start sooner now.
		this.replan(this.startedSoFar(now));
	}

	/** Zoom answered 429 (per second, not the daily limit) to a request started at `startedAt`. */
	onRateLimited(startedAt: number, hints: RateLimitHints = {}): void {
		const now = this.now();
		if (hints.retryAfterMs !== undefined && now + hints.retryAfterMs > this.pausedUntil) {
			this.pausedUntil = now + hints.retryAfterMs;
			this.replan(this.startedSoFar(now));
		}
		if (hints.accountLimit !== undefined && hints.accountLimit >= 1 && !this.pinned) {
			this.ceiling = Math.min(ZOOM_MAX_RATE, hints.accountLimit);
		}
		// Requests planned before the last cut were refused for what that cut already learned.
		if (startedAt <= this.cutAt) return;
		const inWindow = this.accepted.filter((at) => at > startedAt - WINDOW_MS);
		const acceptedBefore = inWindow.filter((at) => at <= startedAt);
		const previous = this.limit;
		let limit = acceptedBefore.length > 0 ? acceptedBefore.length : (previous ?? this.ceiling) / 2;
		// Once a limit is known, fall by at most a third per cut: a process that was sending little
		// when a 429 came (its executions ending, another process bursting) must not collapse to that.
		if (previous !== undefined) limit = Math.max(limit, Math.ceil(previous * MAX_CUT_SHARE));
		if (previous !== undefined && limit >= previous) {
			// Refused within what Zoom accepted before: network jitter, or another app of the account
			// (then what Zoom accepts of this process falls, and the next cut reads it). Keep more time.
			limit = previous;
			this.marginMs = Math.min(MAX_MARGIN_MS, Math.max(MIN_MARGIN_MS, this.marginMs * 2));
		}
		this.limit = Math.max(1, Math.min(this.ceiling, limit));
		// Zoom held this process at the same limit again, and it is a whole plan's limit (or the one
		// Zoom named): the account's own, so probe above it less and less often. A limit below that is
		// a share of an account other processes or apps use too: probe soon, they may have finished.
		const confirmed =
			this.lastCutLimit !== undefined && Math.abs(this.limit - this.lastCutLimit) <= 1;
		const wholeAccount = [...PLAN_LIMITS, this.ceiling].some(
			(planLimit) => Math.abs(this.limit! - planLimit) <= 1,
		);
		this.holdMs =
			confirmed && wholeAccount ? Math.min(MAX_HOLD_MS, this.holdMs * 2) : FIRST_HOLD_MS;
		this.lastCutLimit = this.limit;
		this.nextProbeAt = now + this.holdMs;
		this.probeStep = 1;
		this.cutAt = now;
		// Plan from what Zoom counted: the accepted starts, not the refused ones.
		this.replan(inWindow.map((at) => ({ at })));
	}
}

function insertSorted(list: number[], value: number): void {
	let index = list.length;
	while (index > 0 && list[index - 1] > value) index--;
	list.splice(index, 0, value);
}
