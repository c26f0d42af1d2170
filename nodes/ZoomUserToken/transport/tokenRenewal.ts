import type { IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { accountState, tokenLikelyExpired } from './accounts';
import { discardAnswer, STREAM_ANSWERS } from './answer';

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
 */
export async function sendRenewingOnce(
	account: string,
	send: Send,
	renewing: Partial<IHttpRequestOptions>,
): Promise<IN8nHttpFullResponse> {
	const state = accountState(account);
	const renew = async () => {
		const renewal = send(renewing);
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
