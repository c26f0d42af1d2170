import type { IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { discardAnswer, STREAM_ANSWERS } from './answer';
import { rememberRecent } from './recentAccounts';

type Send = (changes: Partial<IHttpRequestOptions>) => Promise<IN8nHttpFullResponse>;

/** Per Zoom account, the request getting its token renewed now: one renewal at a time. */
const renewals = new Map<string, Promise<IN8nHttpFullResponse>>();

/** Per Zoom account, when Zoom last answered a request of this process; the most recent accounts. */
const lastAnswerAt = new Map<string, number>();
/** Zoom's access tokens live an hour: one unused for most of it has probably expired. */
const LIKELY_EXPIRED_AFTER_MS = 50 * 60_000;

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
 */
export async function sendRenewingOnce(
	account: string,
	send: Send,
	renewing: Partial<IHttpRequestOptions>,
): Promise<IN8nHttpFullResponse> {
	const renew = async () => {
		const renewal = send(renewing);
		renewals.set(account, renewal);
		try {
			return await renewal;
		} finally {
			if (renewals.get(account) === renewal) renewals.delete(account);
		}
	};
	const afterRenewal = async () => await renewals.get(account)?.catch(() => undefined);

	const lastUsed = lastAnswerAt.get(account);
	const likelyExpired = lastUsed === undefined || Date.now() - lastUsed > LIKELY_EXPIRED_AFTER_MS;
	const renewalUnderWay = renewals.has(account);
	await afterRenewal();
	let answer = await (STREAM_ANSWERS && likelyExpired && !renewalUnderWay ? renew() : send({}));
	if (answer.statusCode === 401 && renewals.has(account)) {
		discardAnswer(answer.body);
		await afterRenewal();
		answer = await send({});
	}
	if (answer.statusCode === 401) {
		discardAnswer(answer.body);
		answer = await renew();
	}
	rememberRecent(lastAnswerAt, account, Date.now());
	return answer;
}
