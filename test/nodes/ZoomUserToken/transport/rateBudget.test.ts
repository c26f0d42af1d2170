import { RateBudget, ZOOM_MAX_RATE } from '../../../../nodes/ZoomUserToken/transport/rateBudget';

/** Drives the budget on a fake clock: starts requests as allowed, all answered at once. */
function simulate(
	budget: RateBudget,
	clock: { now: number },
	seconds: number,
	acceptPerSecond = Infinity,
) {
	const accepted: number[] = [];
	let rateLimited = 0;
	const end = clock.now + seconds * 1000;
	while (clock.now < end) {
		clock.now += budget.reserve();
		const windowCount = accepted.filter((at) => at > clock.now - 1000).length;
		if (windowCount < acceptPerSecond) {
			accepted.push(clock.now);
			budget.onAccepted();
		} else {
			rateLimited++;
			budget.onRateLimited();
		}
	}
	return { accepted: accepted.length, rateLimited };
}

describe('rate budget', () => {
	it('spaces request starts at 1/rate', () => {
		const clock = { now: 0 };
		const budget = new RateBudget(20, () => clock.now);
		expect([budget.reserve(), budget.reserve(), budget.reserve()]).toEqual([0, 50, 100]);
	});

	it('starts low and roughly doubles every second while Zoom answers, up to Zoom’s highest limit', () => {
		const clock = { now: 0 };
		const budget = new RateBudget(undefined, () => clock.now);
		expect(budget.requestsPerSecond).toBe(10);
		simulate(budget, clock, 1);
		expect(budget.requestsPerSecond).toBeGreaterThan(18);
		simulate(budget, clock, 5);
		expect(budget.requestsPerSecond).toBe(ZOOM_MAX_RATE);
	});

	it('settles just under a 30/s limit and uses most of it', () => {
		const clock = { now: 0 };
		const budget = new RateBudget(undefined, () => clock.now);
		simulate(budget, clock, 5, 30);
		const { accepted, rateLimited } = simulate(budget, clock, 30, 30);
		expect(accepted / 30).toBeGreaterThan(27);
		expect(rateLimited).toBeLessThan(30);
	});

	it('does not hammer a Free account’s 4/s', () => {
		const clock = { now: 0 };
		const budget = new RateBudget(undefined, () => clock.now);
		simulate(budget, clock, 5, 4);
		const { accepted, rateLimited } = simulate(budget, clock, 30, 4);
		expect(accepted / 30).toBeGreaterThan(3.5);
		expect(rateLimited / (accepted + rateLimited)).toBeLessThan(0.1);
	});

	it('a pinned rate is where it starts and its ceiling', () => {
		const clock = { now: 0 };
		const budget = new RateBudget(30, () => clock.now);
		expect(budget.requestsPerSecond).toBe(30);
		simulate(budget, clock, 10);
		expect(budget.requestsPerSecond).toBe(30);
	});
});
