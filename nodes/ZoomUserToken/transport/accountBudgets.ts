import { RateBudget } from './rateBudget';
import { rememberRecent } from './recentAccounts';

/**
 * One rate budget per Zoom account in this n8n process. Zoom's limit is per account, so executions
 * running at the same time with the same credential pace their requests together, and a later run
 * starts from the rate the account was last seen to accept instead of learning it from scratch.
 * Separate processes (queue-mode workers) cannot share memory: each keeps its own budget.
 */
const budgets = new Map<string, RateBudget>();

/**
 * The budget of `account` (where its API lives and which credential signs for it), at the pinned
 * rate when the user set one: a pinned rate and the adaptive one are separate budgets.
 */
export function accountBudget(account: string, pinnedRate: number | undefined): RateBudget {
	const key = `${account}\n${pinnedRate ?? 'adaptive'}`;
	// Read the clock at each use, not once: whichever clock is current (a test's fake one).
	const budget = budgets.get(key) ?? new RateBudget(pinnedRate, () => Date.now());
	rememberRecent(budgets, key, budget);
	return budget;
}
