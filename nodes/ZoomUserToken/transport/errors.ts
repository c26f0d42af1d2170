/**
 * The one place where what went wrong with a Zoom request is read and explained.
 *
 * `readZoomFailure` normalises whatever n8n threw into a `ZoomFailure`; the scheduler decides retries
 * from it, `isDailyLimit` is the one rule for Zoom's daily limit, and `zoomApiError` turns it into the
 * actionable NodeApiError the user sees.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, UserError } from 'n8n-workflow';

import { redirectTarget } from '../../../credentials/zoomEnvironment';

import type { ZoomAuthentication } from './index';

/**
 * What went wrong with one Zoom request, read off whatever n8n threw.
 *
 * `httpRequestWithAuthentication` wraps the HTTP client's error in a NodeApiError (sometimes twice),
 * and an OAuth2 refresh that Zoom refused arrives as a NodeOperationError. Everything the node
 * decides — retry, wait, or which advice to give — is made from this one normalised shape, and
 * nothing of the original error (which carries request headers, and so the bearer token) is kept.
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
/** A URL to name in a message: no user info, query or fragment, where anything secret could be. */
function withoutSecrets(url: unknown): string | undefined {
	if (typeof url !== 'string') return undefined;
	try {
		const { origin, pathname } = new URL(url);
		return `${origin}${pathname}`;
	} catch {
		return undefined;
	}
}

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

function parseBody(data: unknown): Loose {
	if (typeof data === 'string') {
		try {
			return asRecord(JSON.parse(data));
		} catch {
			return undefined;
		}
	}
	return asRecord(data);
}

/** Zoom's error body: `{code, message}`. */
function readBody(failure: ZoomFailure, body: Loose): void {
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
	let legacy: { status: number; body: Loose } | undefined;
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
			legacy ??= { status: Number(legacyCode), body: asRecord(asRecord(link.context)?.data) };
		}
		// The transport's own answer names its URL; the HTTP client's error (n8n's ordinary path) has
		// it in its request config, whose headers (the token) are never read.
		failure.url ??= withoutSecrets(link.requestUrl ?? asRecord(link.config)?.url);
		const response = asRecord(link.response);
		if (response && failure.status === undefined) {
			const status = Number(response.status ?? response.statusCode);
			if (Number.isInteger(status) && status > 0) failure.status = status;
			failure.headers = lowerCaseHeaders(response.headers);
			readBody(failure, parseBody(response.data ?? response.body));
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
		if (typeof link.message === 'string' && link.message !== '') {
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
				failure.credentialProblem = {
					message: cut(link.message),
					description: cut(link.description),
				};
			}
		}
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

/**
 * Zoom's daily limit: a 429 whose X-RateLimit-Type says so, or whose message does (Zoom does not send
 * the header on every such answer). Waiting would take until tomorrow, so the node stops sending.
 */
export function isDailyLimit(failure: ZoomFailure): boolean {
	return (
		failure.status === 429 &&
		(/daily/i.test(failure.headers['x-ratelimit-type'] ?? '') ||
			/daily/i.test(failure.zoomMessage ?? ''))
	);
}

/** Retry-After in milliseconds from now: seconds, or an HTTP or ISO 8601 date-time (Zoom's daily limit). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
	const at = Date.parse(text);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * What a per-second 429 tells the rate budget, where Zoom sends it (it does not on every answer):
 * how long to pause, and the account's limit from `X-RateLimit-Limit` on a `QPS` answer (on a daily
 * answer that header is the daily quota).
 */
export function rateLimitHints(
	failure: ZoomFailure,
	now: number,
): { retryAfterMs?: number; accountLimit?: number } {
	const limit = Number(failure.headers['x-ratelimit-limit']);
	const perSecond = /^qps$/i.test(failure.headers['x-ratelimit-type'] ?? '');
	return {
		retryAfterMs: parseRetryAfter(failure.headers['retry-after'], now),
		accountLimit: perSecond && Number.isInteger(limit) && limit > 0 ? limit : undefined,
	};
}

/** The longest Retry-After the node waits out; a longer one stops the run instead. */
const LONGEST_RETRY_AFTER_MS = 60_000;

/**
 * Why a 429 stops the whole run instead of being waited out — the one rule for halting, used by the
 * retry policy and by the message: Zoom's daily limit, or a Retry-After longer than the node waits.
 */
export function haltReason(failure: ZoomFailure, now: number): 'daily' | 'retryAfter' | undefined {
	if (failure.status !== 429) return undefined;
	if (isDailyLimit(failure)) return 'daily';
	const waitMs = parseRetryAfter(failure.headers['retry-after'], now);
	return waitMs !== undefined && waitMs > LONGEST_RETRY_AFTER_MS ? 'retryAfter' : undefined;
}

/** Text from Zoom (or a gateway) as it may appear in a message: a sensible length, whatever came. */
const MAX_QUOTED_TEXT = 300;
function cut(text: string): string {
	return text.length > MAX_QUOTED_TEXT ? `${text.slice(0, MAX_QUOTED_TEXT - 1)}…` : text;
}

export interface ZoomErrorContext {
	authentication: ZoomAuthentication;
	/** The user the request was about, for messages such as "user not found". */
	userId?: string;
	itemIndex?: number;
}

const SCOPE_ADVICE =
	'Add the missing scopes on the Scopes page of your app in the Zoom App Marketplace. This node needs user:read:token:admin (granular scopes) or user:read:admin (classic scopes) — user:read:token or user:read are enough for your own token ("me") — and user:read:list_users:admin to pick users From List.';

function reconnectAdvice(authentication: ZoomAuthentication): string {
	return authentication === 'oAuth2'
		? 'Then open the Zoom App (User Token Node) OAuth2 API credential in n8n and reconnect it, so Zoom grants the new scopes.'
		: 'Then n8n gets a token with the new scopes the next time it fetches one (at the latest within an hour).';
}

/** Advice for each kind of failure, keyed by what Zoom said. */
function explain(
	failure: ZoomFailure,
	context: ZoomErrorContext,
): { message: string; description: string } {
	const { status, zoomCode, zoomMessage } = failure;
	const user = context.userId !== undefined ? `"${context.userId}"` : 'the user';

	if (status !== undefined && status >= 300 && status < 400) {
		const target = redirectTarget(failure.headers.location);
		return {
			message: `Zoom answered with a redirect${target ? ` to ${target}` : ''}`,
			description: `The API (or the gateway in the credential's Environment) answered HTTP ${status}. The node never follows a redirect with a credential, so nothing was sent ${target ? `to ${target}` : 'further'}. Check the credential's Environment: a Custom API Base URL must point straight at the API.`,
		};
	}
	// Zoom's API answers JSON with its own code for an unknown user (1001): a 404 or a success
	// without it came from something else — a wrong address, a gateway's page.
	const success = status !== undefined && status >= 200 && status < 300;
	if (zoomCode === undefined && (status === 404 || success)) {
		return {
			message: `The answer to ${failure.url ?? "the credential's API Base URL"} did not come from Zoom's API`,
			description: `It was HTTP ${status} without Zoom's JSON. Check the credential's Environment: with Custom, the API Base URL must end in /v2 (as in https://api.zoom.us/v2), and a gateway there must pass requests and answers to Zoom's API unchanged; with Zoom or Zoom for Government, check that no proxy answers in Zoom's place.`,
		};
	}
	if (zoomCode === 1001) {
		return {
			message: `Zoom user ${user} not found`,
			description: `Zoom has no user ${user} in the account of this credential${zoomMessage ? ` (Zoom: "${zoomMessage}")` : ''}. Check the User field: pick the user from the list, or enter their Zoom user ID or sign-in email.`,
		};
	}
	if (zoomCode === 1010) {
		return {
			message: `Zoom user ${user} does not belong to this account`,
			description: `Zoom only issues tokens for users of the account the credential is connected to. Use a user of that account, or a credential connected to the account ${user} belongs to.`,
		};
	}
	if (
		zoomCode === 4700 ||
		zoomCode === 4711 ||
		(status === 400 && /scope/i.test(zoomMessage ?? ''))
	) {
		return {
			message: 'The Zoom app is missing a scope this operation needs',
			description: `Zoom said: "${zoomMessage ?? 'missing scopes'}". ${SCOPE_ADVICE} ${reconnectAdvice(context.authentication)}`,
		};
	}
	if (failure.oauthError === 'invalid_client') {
		return {
			message: 'Zoom rejected the Client ID or Client Secret of the OAuth2 credential',
			description:
				"n8n could not refresh the access token. Copy the Client ID and Client Secret again from the app's App Credentials page in the Zoom App Marketplace into the Zoom App (User Token Node) OAuth2 API credential, then reconnect it.",
		};
	}
	if (failure.needsReconnect || status === 401 || zoomCode === 124) {
		return context.authentication === 'oAuth2'
			? {
					message: 'Zoom rejected the access token of the OAuth2 credential',
					description:
						'n8n already tried to refresh the token and Zoom still refused it: access was revoked, the app was deactivated, or the refresh token is no longer valid. Open the Zoom App (User Token Node) OAuth2 API credential in n8n and reconnect it.',
				}
			: {
					message: 'Zoom rejected the access token of the Server-to-Server OAuth credential',
					description:
						"n8n fetched a new token and Zoom still refused it. Check that the Server-to-Server OAuth app is activated in the Zoom App Marketplace and that the credential's Account ID, Client ID and Client Secret belong to it.",
				};
	}
	if (status === 429) {
		const halted = haltReason(failure, Date.now());
		const retryAfter = failure.headers['retry-after'];
		if (halted === 'daily') {
			return {
				message: "Zoom's daily request limit for this account is used up",
				description: `Zoom limits how many of these requests an account may make per day${retryAfter ? `; it accepts requests again at ${retryAfter}` : ''}. The node stopped sending at once, and every remaining item got this error. Run the workflow after that, or with fewer users.`,
			};
		}
		if (halted === 'retryAfter') {
			return {
				message: 'Zoom asked the node to pause for longer than it waits',
				description: `Zoom answered 429 with Retry-After "${cut(retryAfter ?? '')}": no requests until then. The node waits out up to ${LONGEST_RETRY_AFTER_MS / 1000} seconds, so it stopped sending, and every remaining item got this error. Run the workflow again after that time.`,
			};
		}
		return {
			message: "Zoom's rate limit was reached",
			description:
				'The node waited and retried as long as its limits allow. Lower "Max Requests per Second" in the node\'s options, or run fewer items at once: every app of the Zoom account shares the same per-second limit.',
		};
	}
	if (status !== undefined && status >= 500) {
		return {
			message: `Zoom answered with a server error (HTTP ${status})`,
			description:
				'Zoom had a temporary problem and still had it after the node retried. Run the workflow again later.',
		};
	}
	if (status === undefined) {
		if (failure.networkCode) {
			// The code stays out of the message: n8n would swap such a message for its own generic text.
			const timedOut = /TIMEDOUT|ABORTED|TIMEOUT/.test(failure.networkCode);
			return {
				message: timedOut ? 'Zoom did not answer in time' : 'Could not reach Zoom',
				description: `${timedOut ? 'No answer within the Timeout option' : `The connection failed (${failure.networkCode})`}, also after retries. Check this n8n's network access to Zoom, the credential's Environment, and the node's Timeout option.`,
			};
		}
		return (
			failure.credentialProblem ?? {
				message: failure.otherMessage ?? 'The request to Zoom failed',
				description: "Check the credential (open it and test it) and the node's settings.",
			}
		);
	}
	return {
		message: `Zoom answered HTTP ${status}${zoomCode !== undefined ? ` (code ${zoomCode})` : ''}${zoomMessage ? `: ${zoomMessage}` : ''}`,
		description: 'Check the values of the node’s fields for this item.',
	};
}

/**
 * The NodeApiError the user sees. It is built from the normalised failure only, never from the
 * original error, whose request options hold the bearer token.
 */
export function zoomApiError(
	node: INode,
	failure: ZoomFailure,
	context: ZoomErrorContext,
): NodeApiError {
	const { message, description } = explain(failure, context);
	const errorResponse: JsonObject = {
		message: failure.zoomMessage ?? message,
		...(failure.zoomCode !== undefined && { code: failure.zoomCode }),
		...(failure.status !== undefined && { httpCode: String(failure.status) }),
	};
	const error = new NodeApiError(node, errorResponse, {
		message,
		description,
		httpCode: failure.status !== undefined ? String(failure.status) : undefined,
		itemIndex: context.itemIndex,
	});
	// In the context too: n8n keeps an item-level error's context when it saves a run, not its httpCode.
	error.context.httpCode = failure.status ?? null;
	error.context.zoomCode = failure.zoomCode ?? null;
	error.context.userId = context.userId ?? null;
	return error;
}

/**
 * Any failure of an item as the error the user sees: the node's own errors (bad input, no token in
 * the answer) as they are, everything from a request read and explained.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	context: ZoomErrorContext,
): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError) return error;
	return zoomApiError(node, readZoomFailure(error), context);
}
