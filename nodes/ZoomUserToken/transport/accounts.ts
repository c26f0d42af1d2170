import type { IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { pause } from '../../../credentials/requestDeadline';
import { discardAnswer, STREAM_ANSWERS } from './answer';
import { RateBudget } from './rateBudget';

/**
 * What this n8n process knows of one Zoom account (where its API lives and which credential signs
 * for it). Executions running at once with one account pace their requests together, and a later
 * run starts from what the account was last seen to accept. Processes (queue-mode workers) share no
 * memory: each has its own.
 */
export interface AccountState {
	/** Its rate budgets: the adaptive one, and one per rate a user pinned. */
	budgets: Map<number | 'adaptive', RateBudget>;
	/** When Zoom last answered a request of this process for the account. */
	lastAnswerAt?: number;
	/** The request getting the account's token renewed now: one renewal at a time. */
	renewal?: Promise<IN8nHttpFullResponse>;
	/** When this process last had the account's token renewed. */
	renewedAt?: number;
}

/** Accounts kept at once: the one used longest ago goes first (a Map iterates in insertion order). */
const MAX_ACCOUNTS = 100;
const accounts = new Map<string, AccountState>();

function accountState(account: string): AccountState {
	const state = accounts.get(account) ?? { budgets: new Map() };
	accounts.delete(account);
	accounts.set(account, state);
	if (accounts.size > MAX_ACCOUNTS) accounts.delete(accounts.keys().next().value!);
	return state;
}

/** How soon after a renewal a refused token is read again before it is renewed (sendRenewingOnce). */
const RENEWED_LATELY_MS = 60_000;

/** Zoom's access tokens live an hour: one unused for most of it has probably expired. */
const LIKELY_EXPIRED_AFTER_MS = 50 * 60_000;

/** Whether this process's token for the account has probably expired (or it never had one). */
export function tokenLikelyExpired(account: string): boolean {
	const { lastAnswerAt } = accountState(account);
	return lastAnswerAt === undefined || Date.now() - lastAnswerAt > LIKELY_EXPIRED_AFTER_MS;
}

/** The account's budget, at the pinned rate when the user set one. */
export function accountBudget(account: string, pinnedRate: number | undefined): RateBudget {
	const { budgets } = accountState(account);
	const key = pinnedRate ?? 'adaptive';
	// The clock is read at each use: whichever is current (a test's fake one).
	const budget = budgets.get(key) ?? new RateBudget(pinnedRate, () => Date.now());
	budgets.set(key, budget);
	return budget;
}

type Send = (changes: Partial<IHttpRequestOptions>) => Promise<IN8nHttpFullResponse>;

/**
 * Sends a request that reads its answer as it came (`send({})`), and gets the token renewed when Zoom
 * answers 401. n8n renews a token only when its own request fails with 401, so that request is sent
 * again with `renewing` (n8n's ordinary error path): n8n refreshes (OAuth2) or fetches (Server-to-Server)
 * the token and repeats it.
 *
 * One renewal at a time per account: n8n 1.x would renew once per request refused, and Zoom accepts a
 * refresh token once. Requests refused meanwhile wait for it, then n8n reads the renewed credential
 * for them. A token this process has not used for most of its hour is renewed with the first request
 * itself where n8n keeps a failed request's answer (2.x), saving a round trip.
 *
 * A token refused soon after this process renewed it was most likely replaced by another process (a
 * queue-mode worker), which saves the new one where n8n reads it; renewing at once would void that
 * one where each new Server-to-Server token voids the older. So the request is first sent again after
 * a random moment, n8n reading the credential anew. An hourly expiry is renewed at once: requests
 * wait for a renewal, and a longer one would release more of them at once.
 */
export async function sendRenewingOnce(
	account: string,
	send: Send,
	abortSignal: AbortSignal,
	renewing: Partial<IHttpRequestOptions>,
): Promise<IN8nHttpFullResponse> {
	const state = accountState(account);
	const renewOrReread = async () => {
		if (state.renewedAt !== undefined && Date.now() - state.renewedAt < RENEWED_LATELY_MS) {
			await pause(250 + Math.random() * 500, abortSignal);
			const again = await send({});
			if (again.statusCode !== 401) return again;
			discardAnswer(again.body);
		}
		state.renewedAt = Date.now();
		return await send(renewing);
	};
	const renew = async () => {
		const renewal = renewOrReread();
		state.renewal = renewal;
		try {
			return await renewal;
		} finally {
			if (state.renewal === renewal) state.renewal = undefined;
		}
	};
	const afterRenewal = async () => await state.renewal?.catch(() => undefined);

	const likelyExpired = tokenLikelyExpired(account);
	const renewalUnderWay = state.renewal !== undefined;
	await afterRenewal();
	let answer = await (STREAM_ANSWERS && likelyExpired && !renewalUnderWay ? renew() : send({}));
	if (answer.statusCode === 401 && state.renewal !== undefined) {
		discardAnswer(answer.body);
		await afterRenewal();
		answer = await send({});
	}
	if (answer.statusCode === 401) {
		discardAnswer(answer.body);
		answer = await renew();
	}
	state.lastAnswerAt = Date.now();
	return answer;
}
