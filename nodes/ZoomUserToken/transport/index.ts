import type {
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withDeadline } from '../../../credentials/requestDeadline';
import { resolveZoomEndpoints } from '../../../credentials/zoomEnvironment';
import { sendRenewingOnce } from './accounts';
import { isStream, parseAnswer, readAnswer, STREAM_ANSWERS, ZoomAnswer } from './answer';
import { toNodeError } from './errors';
import { causeChain } from './failure';
import type { ZoomAuthentication, ZoomConnection } from './types';

/**
 * The node's one way to Zoom's API: where the account's API lives, which credential signs, how one
 * request is sent; pacing (requestScheduler.ts) and explaining errors (errors.ts) are re-exported.
 */
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
	const credentials = await this.getCredentials(credentialType);
	const resolved = resolveZoomEndpoints(credentials);
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
 * One request to Zoom through n8n's authenticated request helper, its whole answer (status, headers,
 * body) read within the request's deadline and the execution's cancel. Resolves with the parsed
 * answer of a success (`{}` for 204 No Content); rejects with a ZoomAnswer for any other answer, or with what n8n threw (its
 * body read too): `readZoomFailure` reads either.
 *
 * n8n's helpers throw on an HTTP error, and n8n 1.x's error keeps neither the answer's headers nor
 * its stream. So the node asks for every answer as it came (`ignoreHttpStatusErrors`,
 * `returnFullResponse`) and reads status, headers and body itself, alike on every n8n line. A 401
 * is the exception: n8n renews the token only when its own request fails with 401, so that one is
 * sent again the ordinary way, once per account at a time (accounts.ts).
 */
export async function sendZoomRequest(
	this: ZoomContext,
	connection: ZoomConnection,
	request: ZoomRequest,
): Promise<unknown> {
	const url = zoomUrl(connection, request.path);
	const send = async (abortSignal: AbortSignal) => {
		const options: IHttpRequestOptions = {
			method: request.method ?? 'GET',
			url,
			qs: request.qs,
			headers: { Accept: 'application/json' },
			// Read as a stream, so that an answer can be cut off at MAX_ANSWER_BYTES (n8n's helpers
			// buffer any size otherwise).
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// The bearer token must never follow a redirect to another host (or to plain http): a 3xx
			// is an answer like any other, and the error names where it pointed.
			disableFollowRedirect: true,
			timeout: request.timeoutMs,
			abortSignal,
		};
		const sendWith = async (changes: Partial<IHttpRequestOptions>) =>
			(await this.helpers.httpRequestWithAuthentication.call(this, connection.credentialType, {
				...options,
				...changes,
			})) as IN8nHttpFullResponse;
		// Where n8n does not keep a failed request's error (1.x), a stream could not be read from it:
		// there the repeated request's error body comes parsed.
		const answer = await sendRenewingOnce(connection.account, sendWith, abortSignal, {
			ignoreHttpStatusErrors: false,
			...(!STREAM_ANSWERS && { encoding: undefined, json: true }),
		}).catch(async (error: unknown) => {
			// n8n's ordinary path failed: its error body is still a stream, read here (capped, in the
			// deadline) where failure.ts looks for it. The scheduler reads the error once.
			for (const link of causeChain(error)) {
				const response = link.response as { data?: unknown } | undefined;
				if (response && isStream(response.data))
					response.data = await readAnswer(response.data).catch(() => '');
			}
			return await Promise.reject(error);
		});
		const { statusCode, headers } = answer;
		const success = statusCode >= 200 && statusCode < 300;
		// An error answer too large to read still has its status and headers to tell.
		const read = readAnswer(answer.body);
		const body = parseAnswer(await (success ? read : read.catch(() => undefined)));
		if (statusCode === 204) return {};
		// Zoom's API answers JSON objects: anything else came from somewhere else (a web page).
		if (success && body !== null && typeof body === 'object') return body;
		throw new ZoomAnswer(statusCode, headers, body, url);
	};
	return await withDeadline(request.timeoutMs, request.abortSignal, send);
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
