/**
 * How fast to send to one Zoom account. Its per-second limit (Free 4, Pro 30, Business 80) is shared
 * by every app of the account and counted in ways Zoom does not document. The rule, in two sentences:
 * at most `rate` requests start within any second, and until Zoom has accepted more than a lower plan
 * limit within a second the request after it goes alone; a 429 sets the rate to what Zoom accepted in
 * the second before (Pro's limit when that is well between Pro's and Business's; or cuts it by a
 * tenth), and after a quiet while it rises by a twentieth (at least STEP above Free's limit), each
 * rise doubling the next once Zoom accepts a tenth above where it last held the rate, up to what Zoom
 * has accepted within a second or the plan limit the rate is under.
 *
 * The quiet while doubles while Zoom holds the rate in one place: up to 24 s near a plan limit, and
 * elsewhere (the rest is another process's share, which may end at any time) up to the time 40
 * requests take, so a rise that Zoom refuses costs at most one request in 40. Starts go 1/160 s apart
 * up to what Zoom has accepted (a second's share leaves early) and 1/80 s beyond; a pinned rate is
 * spaced evenly. Where Zoom says more, it is used: a Retry-After over a second pauses every request
 * (a shorter one delays only the refused request's retry), and X-RateLimit-Limit lowers the ceiling.
 */
export const ZOOM_MAX_RATE = 80;
const WINDOW_MS = 1000;
/** Below what Zoom accepted, against the network's jitter. */
const MARGIN = 0.985;
const CUT = 0.9;
/** A rise near where Zoom last held the rate; beyond that, each doubles the next. */
const FIRST_RISE = 0.05;
/** The least rise, in requests a second, above Free's limit. */
const STEP = 1;
const FIRST_QUIET_MS = 1500;
const MAX_QUIET_MS = 24_000;
/** Away from a plan limit, the quiet while grows only up to the time this many requests take. */
const SHARE_QUIET_REQUESTS = 40;
/** Zoom's lower plan limits (Free, Pro): the request after each is a probe, answered before more go. */
const PLAN_LIMITS = [4, 30];
const [, PRO_LIMIT] = PLAN_LIMITS;
const EVERY_PLAN_LIMIT = [...PLAN_LIMITS, ZOOM_MAX_RATE];
/** Zoom accepting this much above where it held the rate: the process that took the rest is done. */
const RELEASED = 1.1;
/** A rate this far below what Zoom has accepted within a second: another process's share, maybe stale. */
const STALE_SHARE = 0.9;
/** A rate Zoom holds this near a plan limit is held by that limit (a burst may let a little more). */
const NEAR_PLAN = { below: 0.8, above: 1.25 };

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

	private pausedUntil = -Infinity;

	/** Requests started before this were planned before the last cut: their 429s are already read. */
	private cutAt = -Infinity;

	private lastCutRate: number | undefined;

	private quietMs = FIRST_QUIET_MS;

	private rise = FIRST_RISE;

	private nextRiseAt = Infinity;

	/** The most requests Zoom has accepted within one second. */
	private proven = 0;

	private changes = new AbortController();

	constructor(
		private readonly pinnedRate: number | undefined,
		private readonly now: () => number,
	) {
		this.ceiling = pinnedRate ?? ZOOM_MAX_RATE;
		this.rate = this.ceiling;
	}

	/** The plan changed: reservations not yet started are void, their requests take new ones. */
	private replan(now: number): void {
		this.starts = this.starts.filter((slot) => slot.at <= now);
		this.changes.abort();
		this.changes = new AbortController();
	}

	/** The plan limit the account has not yet been seen to exceed, when the rate goes beyond it. */
	private gate(): number | undefined {
		if (this.pinnedRate !== undefined) return undefined;
		return PLAN_LIMITS.find((limit) => limit >= this.proven && limit < this.rate);
	}

	/** The earliest start the rule allows after those already reserved. */
	reserve(): Reservation {
		const now = this.now();
		// After a second without requests, a rate held well below what Zoom has accepted within a
		// second (another process's share) may be stale: it may rise at the next answer. (Near that,
		// the quiet while stands: a rise at once would cost the new run a 429 and a cut.)
		const idle = (this.starts.at(-1)?.at ?? -Infinity) < now - WINDOW_MS;
		if (idle && this.rate < STALE_SHARE * this.proven && this.nextRiseAt > now) {
			this.nextRiseAt = now;
			this.quietMs = FIRST_QUIET_MS;
			this.rise = FIRST_RISE;
		}
		// At most `count` starts in the time `count` take at this rate: a second for a whole rate, and
		// for a fractional one the window that holds a whole number (0.5: 1 in 2 s; 2.5: 3 in 1.2 s).
		const count = Math.ceil(this.rate);
		const windowMs = (WINDOW_MS * count) / this.rate;
		const last = this.starts.at(-1)?.at ?? -Infinity;
		// A pinned rate is spaced evenly. A learned one goes as Zoom's window allows, at twice the pace
		// of what the window is sure to take (what Zoom has accepted, or a pending probe's bound), so
		// each second's share leaves early; above that, 1/80 s apart, so that few are out when a 429
		// comes.
		const gate = this.gate();
		const sure = gate === undefined ? Math.min(this.rate, this.proven) : ZOOM_MAX_RATE;
		const spacing = WINDOW_MS / (this.pinnedRate ?? Math.max(ZOOM_MAX_RATE, 2 * sure));
		let at = Math.max(now, this.pausedUntil, last + spacing);
		if (this.starts.length >= count) at = Math.max(at, this.starts.at(-count)!.at + windowMs);
		// The probe is out (gate + 1 starts within a second): wait for its answer, a second at most.
		const first = gate === undefined ? undefined : this.starts.at(-gate - 1)?.at;
		if (first !== undefined && first > at - WINDOW_MS) at = first + WINDOW_MS;
		const slot = { at };
		this.starts.push(slot);
		if (this.starts.length > 4 * ZOOM_MAX_RATE) this.starts.shift();
		return { waitMs: at - now, changed: this.changes.signal, slot };
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
		const inSecond = this.acceptedInSecondBefore(startedAt);
		if (inSecond > this.proven) {
			const gate = this.gate();
			this.proven = inSecond;
			if (this.gate() !== gate) this.replan(now);
		}
		if (now < this.nextRiseAt || this.rate >= this.ceiling) return;
		// Doubled rises stop at what Zoom has accepted within a second, or at the plan limit the rate is
		// under (a share held low has accepted little); a rise that reached that stops doubling. Beyond,
		// a twentieth; above Free's limit at least STEP, so that two processes' shares even out (a rise
		// by a fraction keeps their ratio).
		const plan = PLAN_LIMITS.find((limit) => limit >= this.rate) ?? ZOOM_MAX_RATE;
		const cap = Math.max(this.proven, plan) * MARGIN;
		if (this.rate > (this.lastCutRate ?? 0) * RELEASED) {
			if (this.rate * (1 + this.rise) < cap) this.rise *= 2;
			this.quietMs = Math.max(FIRST_QUIET_MS, this.quietMs / 2);
		}
		const doubled = Math.min(this.rate * (1 + this.rise), cap);
		const step = this.rate >= PLAN_LIMITS[0] ? STEP : 0;
		const risen = Math.max(this.rate * (1 + FIRST_RISE), this.rate + step, doubled);
		this.rate = Math.min(this.ceiling, risen);
		this.nextRiseAt = now + this.quietMs;
		this.replan(now);
	}

	private acceptedInSecondBefore(startedAt: number): number {
		return this.accepted.filter((at) => at > startedAt - WINDOW_MS && at <= startedAt).length;
	}

	/** Zoom answered 429 (per second, not the daily limit) to a request started at `startedAt`. */
	onRateLimited(startedAt: number, { retryAfterMs, accountLimit }: RateLimitHints = {}): void {
		const now = this.now();
		if (retryAfterMs !== undefined && retryAfterMs > WINDOW_MS)
			this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
		if (accountLimit !== undefined && this.pinnedRate === undefined)
			this.ceiling = Math.min(ZOOM_MAX_RATE, accountLimit * MARGIN);
		if (startedAt > this.cutAt) {
			// Cut less than a second ago and still refused: what Zoom accepted since, per second (a
			// token bucket's burst would inflate a whole second's count).
			const since = startedAt - this.cutAt;
			const measured =
				since < WINDOW_MS && since >= WINDOW_MS / 4
					? (this.accepted.filter((at) => at > this.cutAt && at <= startedAt).length * WINDOW_MS) /
						since
					: this.acceptedInSecondBefore(startedAt);
			// Above Pro's limit yet well below Business's: a burst above Pro's (a token bucket's, or a fixed
			// window's two halves).
			const held =
				measured > PRO_LIMIT && measured < NEAR_PLAN.below * ZOOM_MAX_RATE ? PRO_LIMIT : measured;
			const rate = held > 0 && held < this.rate ? held * MARGIN : this.rate * CUT;
			// Zoom holding the rate where it held it last time: wait longer to rise again.
			const again = this.lastCutRate !== undefined && Math.abs(rate - this.lastCutRate) <= 1;
			const atPlan = EVERY_PLAN_LIMIT.some(
				(limit) => rate >= limit * NEAR_PLAN.below && rate <= limit * NEAR_PLAN.above,
			);
			const longest = atPlan
				? MAX_QUIET_MS
				: Math.max(FIRST_QUIET_MS, (SHARE_QUIET_REQUESTS * WINDOW_MS) / rate);
			this.quietMs = again ? Math.min(longest, this.quietMs * 2) : FIRST_QUIET_MS;
			this.lastCutRate = this.rate = rate;
			this.rise = FIRST_RISE;
			this.nextRiseAt = now + this.quietMs;
			this.cutAt = now;
		}
		this.rate = Math.max(Math.min(1, this.ceiling), Math.min(this.ceiling, this.rate));
		this.replan(now);
	}
}
