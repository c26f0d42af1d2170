/**
 * The node's one way to Zoom's API: where the account's API lives, which credential signs, and one
 * function that sends a request and reads its whole answer. Pacing is requestScheduler.ts; reading
 * and explaining failures is errors.ts.
 */
import type {
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { pause, withDeadline } from '../../../credentials/requestDeadline';
import { resolveZoomEndpoints } from '../../../credentials/zoomEnvironment';

import { causeChain, parseAnswer, toNodeError } from './errors';
import { accountState, tokenLikelyExpired } from './requestScheduler';
import type { AccountState } from './requestScheduler';
import type { ZoomAuthentication, ZoomConnection } from './types';

export { zoomApiError } from './errors';
export { DEFAULT_MAX_CONCURRENT_REQUESTS, runForEachItem } from './requestScheduler';
export type { ZoomAuthentication, ZoomConnection } from './types';

type ZoomContext = IExecuteFunctions | ILoadOptionsFunctions;

/** How long one request may take, answer included, unless the node's Timeout option says otherwise. */
export const DEFAULT_TIMEOUT_SECONDS = 30;

export interface ZoomRequest {
	/** GET unless said otherwise: Revoke SSO Token deletes. */
	method?: 'GET' | 'DELETE';
	/** Path segments below the API base; each is percent-encoded as exactly one segment. */
	path: string[];
	qs?: Record<string, string | number>;
	/** The whole answer's deadline. */
	timeoutMs: number;
	/** The execution's cancel signal: cancelling the execution aborts the request in flight. */
	abortSignal?: AbortSignal;
}

export async function connectToZoom(this: ZoomContext): Promise<ZoomConnection> {
	const authentication = this.getNodeParameter('authentication', 0, 'oAuth2') as ZoomAuthentication;
	if (authentication !== 'oAuth2' && authentication !== 'serverToServerOAuth') {
		throw new NodeOperationError(
			this.getNode(),
			`Unknown authentication "${String(authentication)}"`,
			{
				description: 'Choose OAuth2 or Server-to-Server OAuth in the node’s Authentication field.',
			},
		);
	}
	const credentialType =
		authentication === 'oAuth2' ? 'zoomUserTokenOAuth2Api' : 'zoomServerToServerOAuthApi';
	const resolved = resolveZoomEndpoints(await this.getCredentials(credentialType));
	if ('problem' in resolved) {
		throw new NodeOperationError(
			this.getNode(),
			`The Zoom credential is not usable: ${resolved.problem}`,
			{
				description: 'Open the credential and fix its Environment settings.',
			},
		);
	}
	const { apiBaseUrl, webBaseUrl } = resolved.endpoints;
	const credential = this.getNode().credentials?.[credentialType];
	const account = `${apiBaseUrl} ${credentialType} ${credential?.id ?? credential?.name ?? ''}`;
	return { authentication, credentialType, apiBaseUrl, webBaseUrl, account };
}

/**
 * Every segment is percent-encoded, so `/`, `?`, `#` and `%` in a user ID cannot leave their
 * segment; the dot segments that URL parsers collapse never get here (input validation rejects them).
 */
export function zoomUrl(connection: ZoomConnection, path: string[]): string {
	return `${connection.apiBaseUrl}/${path.map(encodeURIComponent).join('/')}`;
}

/**
 * Whether this n8n hands a failed request's own error on (n8n 2.x keeps it as `cause`), so that the
 * body of an error answer can be read from its stream. n8n 1.x parses an error body itself and keeps
 * only what it parsed. Matters only for the one request the node lets n8n fail (the renewal).
 */
const STREAM_ANSWERS = (() => {
	const original = new Error('probe');
	const node = { name: '', type: '', parameters: {} } as unknown as INode;
	return new NodeApiError(node, original as unknown as JsonObject).cause === original;
})();

/** Far above any real answer: a token answer is under 1 KB, a page of 300 users about 150 KB. */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

type ByteStream = AsyncIterable<Uint8Array | string> & { destroy?: () => void };

const isStream = (value: unknown): value is ByteStream =>
	typeof (value as ByteStream | null)?.[Symbol.asyncIterator] === 'function';

/** Frees the connection of an answer the node will not read. */
const discard = (answer: unknown) => isStream(answer) && answer.destroy?.();

/**
 * The whole answer as text, or an error once it passes MAX_ANSWER_BYTES: n8n's helpers would buffer
 * an answer of any size, so requests ask for a stream and this reads it.
 */
async function readAnswer(answer: unknown): Promise<unknown> {
	if (!isStream(answer)) return answer;
	const decoder = new TextDecoder();
	let text = '';
	let bytes = 0;
	for await (const chunk of answer) {
		bytes += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
		if (bytes > MAX_ANSWER_BYTES) {
			answer.destroy?.();
			throw Object.assign(
				new Error(
					`Zoom's answer was larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB; the node stopped reading it`,
				),
				{ code: 'E_ANSWER_TOO_LARGE' },
			);
		}
		text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
	}
	return text + decoder.decode();
}

/**
 * An answer from Zoom other than a success, in the shape readZoomFailure reads, naming where the
 * request went (no query: nothing secret). Its headers are the answer's: no credential rides on it.
 */
const zoomAnswer = (status: number, headers: object, data: unknown, requestUrl: string) =>
	Object.assign(new Error(`Zoom answered with HTTP ${status}`), {
		requestUrl,
		response: { status, headers: { ...headers }, data },
	});

/**
 * One request to Zoom through n8n's authenticated helper, its whole answer (status, headers, body)
 * read within the request's deadline and the execution's cancel. Resolves with a success's parsed
 * body (`{}` for 204); rejects with any other answer, or with what n8n threw: readZoomFailure reads
 * either. n8n 1.x's errors keep neither an answer's headers nor its stream, so every answer is asked
 * for as it came and read here, alike on both lines; only the renewal goes n8n's ordinary way.
 */
export async function sendZoomRequest(
	this: ZoomContext,
	connection: ZoomConnection,
	request: ZoomRequest,
): Promise<unknown> {
	const url = zoomUrl(connection, request.path);
	return await withDeadline(request.timeoutMs, request.abortSignal, async (abortSignal) => {
		const options: IHttpRequestOptions = {
			method: request.method ?? 'GET',
			url,
			qs: request.qs,
			headers: { Accept: 'application/json' },
			// A stream, so that an answer can be cut off at MAX_ANSWER_BYTES.
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// The bearer token must never follow a redirect to another host (or to plain http): a 3xx
			// is an answer like any other, and the error names where it pointed.
			disableFollowRedirect: true,
			timeout: request.timeoutMs,
			abortSignal,
		};
		const send: Send = async (renewing) =>
			(await this.helpers.httpRequestWithAuthentication.call(this, connection.credentialType, {
				...options,
				...(renewing && {
					ignoreHttpStatusErrors: false,
					// Where n8n does not keep a failed request's error (1.x), its body comes parsed.
					...(!STREAM_ANSWERS && { encoding: undefined, json: true }),
				}),
			})) as IN8nHttpFullResponse;
		const answer = await sendRenewingOnce(
			accountState(connection.account),
			send,
			abortSignal,
		).catch(async (error: unknown) => {
			// n8n's ordinary path failed: its error body may still be a stream, read here (capped, in
			// the deadline) where readZoomFailure looks for it.
			for (const link of causeChain(error)) {
				const response = link.response as { data?: unknown } | undefined;
				if (isStream(response?.data))
					response.data = await readAnswer(response.data).catch(() => '');
			}
			throw error;
		});
		const { statusCode, headers } = answer;
		const success = statusCode >= 200 && statusCode < 300;
		// An error answer too large to read still has its status and headers to tell.
		const read = readAnswer(answer.body);
		const body = parseAnswer(await (success ? read : read.catch(() => undefined)));
		if (statusCode === 204) return {};
		// Zoom's API answers JSON objects: anything else came from somewhere else (a web page).
		if (success && body !== null && typeof body === 'object') return body;
		throw zoomAnswer(statusCode, headers, body, url);
	});
}

/** Sends the request as it is, or (`renewing`) the ordinary way, where n8n renews on a 401. */
type Send = (renewing: boolean) => Promise<IN8nHttpFullResponse>;

/** How soon after a renewal a refused token is read again before it is renewed (sendRenewingOnce). */
const RENEWED_LATELY_MS = 60_000;

/**
 * Sends a request, and when Zoom answers 401 sends it again `renewing`: n8n renews a token only when
 * its own request fails with 401, then refreshes (OAuth2) or fetches (Server-to-Server) and repeats.
 * One renewal at a time per account (n8n 1.x would renew once per refusal; Zoom takes a refresh token
 * once): requests refused meanwhile wait, then n8n reads the renewed credential for them. A token
 * unused for most of its hour is renewed with the first request itself where n8n keeps a failed
 * request's answer (2.x). A token refused soon after this process renewed it was most likely
 * replaced by another worker, and renewing would void that one where each new Server-to-Server token
 * voids the older: the request is first sent again after a random moment, n8n reading it anew.
 */
async function sendRenewingOnce(
	state: AccountState,
	send: Send,
	abortSignal: AbortSignal,
): Promise<IN8nHttpFullResponse> {
	const renew = async () => {
		const renewal = (async () => {
			if (state.renewedAt !== undefined && Date.now() - state.renewedAt < RENEWED_LATELY_MS) {
				await pause(250 + Math.random() * 500, abortSignal);
				const again = await send(false);
				if (again.statusCode !== 401) return again;
				discard(again.body);
			}
			state.renewedAt = Date.now();
			return await send(true);
		})();
		state.renewal = renewal;
		try {
			return await renewal;
		} finally {
			if (state.renewal === renewal) state.renewal = undefined;
		}
	};
	const afterRenewal = async () => await state.renewal?.catch(() => undefined);

	const renewNow = STREAM_ANSWERS && tokenLikelyExpired(state) && state.renewal === undefined;
	await afterRenewal();
	let answer = await (renewNow ? renew() : send(false));
	if (answer.statusCode === 401 && state.renewal !== undefined) {
		discard(answer.body);
		await afterRenewal();
		answer = await send(false);
	}
	if (answer.statusCode === 401) {
		discard(answer.body);
		answer = await renew();
	}
	state.lastAnswerAt = Date.now();
	return answer;
}

/** One request whose failure becomes an actionable NodeApiError (the list search). */
export async function zoomApiRequest(
	this: ZoomContext,
	connection: ZoomConnection,
	request: ZoomRequest,
): Promise<unknown> {
	try {
		return await sendZoomRequest.call(this, connection, request);
	} catch (error) {
		throw toNodeError(this.getNode(), error, { authentication: connection.authentication });
	}
}
