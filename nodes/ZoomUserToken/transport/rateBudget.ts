/**
 * How fast to send to one Zoom account. Its per-second limit (Free 4, Pro 30, Business 80) is shared
 * by every app of the account and counted in ways Zoom does not document. The rule, in two sentences:
 * at most `rate` requests start within any second, and beyond a plan limit Zoom has not yet been seen
 * to exceed within a second, one request goes before any more; a 429 sets the rate to what Zoom
 * accepted in the second before (Pro's limit for a burst above it), and after a quiet while it rises
 * to the next plan limit, or first by one request a second (a probe) where Zoom held it at a plan
 * limit or twice at the same rate (the quiet while doubles, up to 24 s, while Zoom holds it at a
 * plan limit, and is back to 1.5 s once a rise holds).
 *
 * Requests go 1/160 s apart up to what Zoom has accepted within a second (so each second's share
 * leaves early); beyond it 1/80 s apart, and no more than six a round trip, so that few are out when
 * a 429 comes; a pinned rate is spaced evenly. Where Zoom says more it is used: a Retry-After over
 * a second pauses every request, and X-RateLimit-Limit lowers the ceiling. A request that had the
 * token renewed is left out of the count of starts (leaveOut).
 */
export const ZOOM_MAX_RATE = 80;
const WINDOW_MS = 1000;
/** Zoom's plan limits: Free, Pro, Business and above. */
const PLAN_LIMITS = [4, 30, ZOOM_MAX_RATE];
const PRO_LIMIT = 30;
/** Below what Zoom accepted, against the network's jitter. */
const MARGIN = 0.985;
const FIRST_QUIET_MS = 1500;
const MAX_QUIET_MS = 24_000;
/** Beyond what Zoom has accepted within a second, requests out per round trip at most. */
const OUT_BEYOND = 6;

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
	/** Aborts when the budget learns something: a request still waiting takes a new reservation. */
	changed: AbortSignal;
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

	/** The most requests Zoom has accepted within one second. */
	private proven = 0;

	private pausedUntil = -Infinity;

	/** When the rate was last cut, and to what: 429s of requests started before are already read. */
	private cut = { at: -Infinity, rate: 0, atPlan: false, again: false };

	private quietMs = FIRST_QUIET_MS;

	private nextRiseAt = Infinity;

	private changes = new AbortController();

	/** The shortest round trip Zoom answered in (the first one carries a token renewal too). */
	private roundTripMs = Infinity;

	constructor(
		private readonly pinnedRate: number | undefined,
		private readonly now: () => number,
	) {
		this.ceiling = pinnedRate ?? ZOOM_MAX_RATE;
		// Below Zoom's highest limit as a learned rate is: the request that renewed the token, which
		// the count leaves out (leaveOut), would make one too many within a second.
		this.rate = pinnedRate ?? ZOOM_MAX_RATE * MARGIN;
	}

	/** The plan changed: reservations not yet started are void, their requests take new ones. */
	private replan(now: number): void {
		this.starts = this.starts.filter((slot) => slot.at <= now);
		this.changes.abort();
		this.changes = new AbortController();
	}

	/** The plan limit the rate is above and Zoom has not yet been seen to exceed. */
	private gate(): number | undefined {
		if (this.pinnedRate !== undefined) return undefined;
		return PLAN_LIMITS.find((limit) => limit >= this.proven && limit < this.rate);
	}

	/** The earliest start the rule allows after those already reserved. */
	reserve(): Reservation {
		const now = this.now();
		// At most `count` starts in the time `count` take at this rate: a second for a whole rate, and
		// for a fractional one the window that holds a whole number (0.5: 1 in 2 s; 2.5: 3 in 1.2 s).
		const count = Math.ceil(this.rate);
		const windowMs = (WINDOW_MS * count) / this.rate;
		const gate = this.gate();
		const sure = gate === undefined ? Math.min(this.rate, this.proven) : ZOOM_MAX_RATE;
		// Beyond what Zoom has accepted within a second, a sixth of a round trip apart (never slower
		// than that rate): few are out when a 429 comes, if a limit let more through than it holds.
		const beyond = gate === undefined && this.pinnedRate === undefined && this.proven < this.rate;
		const spacing = Math.max(
			WINDOW_MS / (this.pinnedRate ?? Math.max(ZOOM_MAX_RATE, 2 * sure)),
			beyond ? Math.min(this.roundTripMs / OUT_BEYOND, WINDOW_MS / this.proven) : 0,
		);
		let at = Math.max(now, this.pausedUntil, (this.starts.at(-1)?.at ?? -Infinity) + spacing);
		if (this.starts.length >= count) at = Math.max(at, this.starts.at(-count)!.at + windowMs);
		// The probe is out (gate + 1 starts within a second): wait for its answer, a second at most.
		const first = gate === undefined ? undefined : this.starts.at(-gate - 1)?.at;
		if (first !== undefined && first > at - WINDOW_MS) at = first + WINDOW_MS;
		const slot = { at };
		this.starts.push(slot);
		if (this.starts.length > 4 * ZOOM_MAX_RATE) this.starts.shift();
		return { waitMs: at - now, changed: this.changes.signal, slot };
	}

	/**
	 * A request that had the token renewed reached Zoom a round trip or more after it started. Counted,
	 * it would stretch the probe beyond Free's limit over that round trip, and a window on Zoom's clock
	 * that ends within it would let the probe through falsely. A pinned rate keeps every start.
	 */
	leaveOut(startedAt: number): void {
		if (this.pinnedRate === undefined)
			this.starts = this.starts.filter((slot) => slot.at !== startedAt);
	}

	/** The reserved request leaves now: timers fire late, and Zoom counts when it arrives. */
	started(reservation: Reservation): void {
		reservation.slot.at = Math.max(reservation.slot.at, this.now());
	}

	private acceptedInSecondBefore(startedAt: number): number {
		return this.accepted.filter((at) => at > startedAt - WINDOW_MS && at <= startedAt).length;
	}

	/** Zoom answered a request started at `startedAt`, and not with 429. */
	onAccepted(startedAt: number): void {
		const now = this.now();
		this.roundTripMs = Math.min(this.roundTripMs, now - startedAt);
		let index = this.accepted.length;
		while (index > 0 && this.accepted[index - 1] > startedAt) index--;
		this.accepted.splice(index, 0, startedAt);
		while (this.accepted[0] <= now - 2 * WINDOW_MS) this.accepted.shift();
		const gate = this.gate();
		this.proven = Math.max(this.proven, this.acceptedInSecondBefore(startedAt));
		if (this.gate() !== gate) this.replan(now);
		if (now < this.nextRiseAt || this.rate >= this.ceiling) return;
		// Held at a plan limit (or twice at one rate: an app's share that stays), the first rise is a
		// probe; else (the other process may be done) straight to the next plan limit, and soon.
		const next = PLAN_LIMITS.find((limit) => limit * MARGIN > this.rate) ?? ZOOM_MAX_RATE;
		const gently = (this.cut.atPlan || this.cut.again) && this.rate <= this.cut.rate;
		const upTo = gently ? 0 : next * MARGIN;
		if (!gently) this.quietMs = FIRST_QUIET_MS;
		this.rate = Math.min(this.ceiling, Math.max(this.rate + 1, upTo));
		this.nextRiseAt = now + this.quietMs;
		this.replan(now);
	}

	/** Zoom answered 429 (per second, not the daily limit) to a request started at `startedAt`. */
	onRateLimited(startedAt: number, { retryAfterMs, accountLimit }: RateLimitHints = {}): void {
		const now = this.now();
		this.roundTripMs = Math.min(this.roundTripMs, now - startedAt);
		if (retryAfterMs !== undefined && retryAfterMs > WINDOW_MS)
			this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
		if (accountLimit !== undefined && this.pinnedRate === undefined)
			this.ceiling = Math.min(ZOOM_MAX_RATE, accountLimit * MARGIN);
		if (startedAt > this.cut.at) {
			// Well above Pro's limit yet below Business's: a burst (a token bucket's, or the two halves
			// of fixed windows on the clock) above Pro's.
			const measured = this.acceptedInSecondBefore(startedAt);
			const held = measured > PRO_LIMIT && measured < 0.8 * ZOOM_MAX_RATE ? PRO_LIMIT : measured;
			const rate = held > 0 && held < this.rate ? held * MARGIN : this.rate * 0.9;
			// At a plan limit, unless Zoom has accepted more than a burst above it (twice it) within a
			// second: then the rest of the limit is another process's share.
			const atPlan = PLAN_LIMITS.some(
				(limit) => rate >= 0.8 * limit && rate <= 1.25 * limit && this.proven <= 2 * limit,
			);
			this.quietMs = atPlan ? Math.min(MAX_QUIET_MS, 2 * this.quietMs) : FIRST_QUIET_MS;
			const again = Math.abs(rate - this.cut.rate) <= 1;
			this.cut = { at: now, rate, atPlan, again };
			this.rate = rate;
			this.nextRiseAt = now + this.quietMs;
		}
		this.rate = Math.max(Math.min(1, this.ceiling), Math.min(this.ceiling, this.rate));
		this.replan(now);
	}
}
