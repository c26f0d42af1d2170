import { NodeApiError, UserError } from 'n8n-workflow';

import { urlToName } from '../../../credentials/zoomEnvironment';

import { parseAnswer } from './answer';

/**
 * What went wrong with one Zoom request, read once off whatever either n8n line threw: everything
 * the node decides (retry, wait, halt, which advice to give) is made from this shape, and nothing of
 * the original error (its request headers hold the bearer token) is kept.
 */
export interface ZoomFailure {
	/** HTTP status Zoom answered, when it answered at all. */
	status?: number;
	/** Zoom's numeric error code from the JSON body, e.g. 1001, 124, 4711. */
	zoomCode?: number;
	/** Zoom's own message from the JSON body. */
	zoomMessage?: string;
	/** Response headers, lower-cased. */
	headers: Record<string, string>;
	/** A network-level error code (ECONNRESET, ETIMEDOUT, ECONNABORTED, …) when no answer came. */
	networkCode?: string;
	/** Zoom refused n8n's refresh of the OAuth2 token (2.x: n8n asks to reconnect; 1.x: invalid_grant). */
	needsReconnect: boolean;
	/** The OAuth `error` Zoom's token endpoint gave when n8n refreshed the token, e.g. `invalid_client`. */
	oauthError?: string;
	/** A message from n8n or the credential (not from Zoom) when nothing better is known. */
	otherMessage?: string;
	/** Where the request went, when the node's transport knows (no query: nothing secret). */
	url?: string;
	/** A credential's own explanation (e.g. why Zoom refused a Server-to-Server token). */
	credentialProblem?: { message: string; description: string };
}

type Loose = Record<string, unknown> | undefined;

const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
]);

function asRecord(value: unknown): Loose {
	return value !== null && typeof value === 'object'
		? (value as Record<string, unknown>)
		: undefined;
}

/** The chain error → cause → cause…, bounded so a cyclic chain cannot hang the node. */
export function causeChain(error: unknown): Array<Record<string, unknown>> {
	const chain: Array<Record<string, unknown>> = [];
	let current = asRecord(error);
	while (current && chain.length < 6 && !chain.includes(current)) {
		chain.push(current);
		current = asRecord(current.cause);
	}
	return chain;
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	const record = asRecord(headers);
	if (!record) return result;
	// axios hands out an AxiosHeaders instance; its own enumerable keys are the header names.
	for (const [name, value] of Object.entries(record)) {
		if (typeof value === 'string' || typeof value === 'number')
			result[name.toLowerCase()] = String(value);
	}
	return result;
}

/** Zoom's error body: `{code, message}`, parsed where it is still text. */
function readBody(failure: ZoomFailure, data: unknown): void {
	const body = asRecord(parseAnswer(data));
	if (!body) return;
	const code = Number(body.code);
	if (Number.isFinite(code)) failure.zoomCode = code;
	if (typeof body.message === 'string') failure.zoomMessage = cut(body.message);
}

/**
 * The texts @n8n/client-oauth2 gives a token request Zoom refused, by OAuth error. n8n 1.x keeps only
 * this text (with `httpCode: "EAUTH"`), not the token endpoint's body.
 */
const CLIENT_OAUTH2_TEXTS: Array<[string, string]> = [
	['Client authentication failed', 'invalid_client'],
	['The provided authorization grant', 'invalid_grant'],
];

/** A link's message; a credential's own explanation when the link is one (or wraps one, on 1.x). */
function readMessage(failure: ZoomFailure, link: Record<string, unknown>): void {
	if (typeof link.message !== 'string' || link.message === '') return;
	// The innermost message is the original one; wrappers add generic texts around it.
	failure.otherMessage = cut(link.message);
	// A credential's UserError, or (1.x) n8n's NodeApiError around one: no status, no cause.
	const wrappedUserError =
		link instanceof NodeApiError && link.httpCode === null && link.cause === undefined;
	if (
		(link instanceof UserError || wrappedUserError) &&
		typeof link.description === 'string' &&
		link.description !== ''
	) {
		failure.credentialProblem = { message: cut(link.message), description: cut(link.description) };
	}
}

/**
 * Reads what n8n threw, in every shape it hands over:
 * - the transport's own ZoomAnswer, for any answer but a success (transport/index.ts asks n8n for
 *   every answer as it came): `response.status`, `response.headers`, `response.data` — alike on every
 *   n8n line;
 * - n8n 2.x: a NodeApiError (sometimes two) whose `cause` chain reaches the HTTP client's error, with
 *   `response.status`, `response.headers` and `response.data` (or `.body`), or a network `code`;
 * - n8n 1.x: a NodeApiError that keeps no cause and no headers — only `httpCode`, holding either the
 *   HTTP status as text ("404"), the network error code ("ECONNRESET") or "EAUTH" with the OAuth2
 *   library's text for a refused token request, and Zoom's body in `context.data`; a credential's
 *   UserError arrives as such a NodeApiError with its message and description and no `httpCode`;
 * - an OAuth2 refresh Zoom refused (2.x): the token endpoint's `body` (`error: "invalid_client"`), or
 *   n8n's `failure.cause === 'credential-invalid'`; a credential's own UserError with a description.
 */
export function readZoomFailure(error: unknown): ZoomFailure {
	const failure: ZoomFailure = { headers: {}, needsReconnect: false };
	// n8n 1.x's shape, used only when no HTTP client error with the whole answer is in the chain.
	let legacy: { status: number; body: unknown } | undefined;
	for (const link of causeChain(error)) {
		const legacyCode =
			typeof link.httpCode === 'string' || typeof link.httpCode === 'number'
				? String(link.httpCode)
				: '';
		if (NETWORK_CODES.has(legacyCode)) failure.networkCode ??= legacyCode;
		if (legacyCode === 'EAUTH' && typeof link.message === 'string') {
			const text = link.message;
			failure.oauthError ??= CLIENT_OAUTH2_TEXTS.find(([start]) => text.startsWith(start))?.[1];
		}
		if (/^\d{3}$/.test(legacyCode)) {
			legacy ??= { status: Number(legacyCode), body: asRecord(link.context)?.data };
		}
		// The transport's own answer names its URL; the HTTP client's error (n8n's ordinary path) has
		// it in its request config, whose headers (the token) are never read.
		failure.url ??= urlToName(link.requestUrl ?? asRecord(link.config)?.url, true);
		const response = asRecord(link.response);
		if (response && failure.status === undefined) {
			const status = Number(response.status ?? response.statusCode);
			if (Number.isInteger(status) && status > 0) failure.status = status;
			failure.headers = lowerCaseHeaders(response.headers);
			readBody(failure, response.data ?? response.body);
		}
		if (
			failure.networkCode === undefined &&
			typeof link.code === 'string' &&
			NETWORK_CODES.has(link.code)
		) {
			failure.networkCode = link.code;
		}
		const oauthBody = asRecord(link.body);
		if (failure.oauthError === undefined && typeof oauthBody?.error === 'string')
			failure.oauthError = oauthBody.error;
		const failureInfo = asRecord(link.failure);
		if (failureInfo?.cause === 'credential-invalid') failure.needsReconnect = true;
		readMessage(failure, link);
	}
	// Zoom refused the refresh token: only reconnecting the credential helps.
	if (failure.oauthError === 'invalid_grant') failure.needsReconnect = true;
	if (failure.status === undefined && legacy) {
		failure.status = legacy.status;
		readBody(failure, legacy.body);
	}
	if (failure.status === undefined && failure.networkCode === undefined) {
		const text = failure.otherMessage ?? '';
		if (/timeout|timed out/i.test(text)) failure.networkCode = 'ETIMEDOUT';
		else if (/socket hang up|ECONNRESET/i.test(text)) failure.networkCode = 'ECONNRESET';
	}
	return failure;
}

/** Text from Zoom (or a gateway) as it may appear in a message: a sensible length, whatever came. */
const MAX_QUOTED_TEXT = 300;
export function cut(text: string): string {
	return text.length > MAX_QUOTED_TEXT ? `${text.slice(0, MAX_QUOTED_TEXT - 1)}…` : text;
}
