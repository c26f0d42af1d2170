/**
 * The one place where a failed Zoom request is read and explained: what either n8n line threw,
 * read once into a ZoomFailure (nothing of the original error is kept: its request headers hold the
 * bearer token), and the NodeApiError the user sees, from a table of explanations.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, UserError } from 'n8n-workflow';

import { urlToName } from '../../../credentials/zoomEnvironment';

import type { ZoomAuthentication, ZoomFailure } from './types';

type Loose = Record<string, unknown>;

const NETWORK_CODES = new Set(
	'ECONNRESET ECONNREFUSED ECONNABORTED ETIMEDOUT ESOCKETTIMEDOUT EPIPE EAI_AGAIN ENOTFOUND EHOSTUNREACH ENETUNREACH ERR_SOCKET_CONNECTION_TIMEOUT UND_ERR_SOCKET UND_ERR_CONNECT_TIMEOUT'.split(
		' ',
	),
);

/**
 * The texts @n8n/client-oauth2 gives a token request Zoom refused, by OAuth error. n8n 1.x keeps only
 * this text (with `httpCode: "EAUTH"`), not the token endpoint's body.
 */
const CLIENT_OAUTH2_TEXTS: Array<[string, string]> = [
	['Client authentication failed', 'invalid_client'],
	['The provided authorization grant', 'invalid_grant'],
];

const asRecord = (value: unknown): Loose | undefined =>
	value !== null && typeof value === 'object' ? (value as Loose) : undefined;

/** Text from Zoom (or a gateway) as it may appear in a message: a sensible length, whatever came. */
export const cut = (text: string) => (text.length > 300 ? `${text.slice(0, 299)}…` : text);

/** JSON when it is JSON (Zoom always answers JSON), else the text as it came. */
export function parseAnswer(answer: unknown): unknown {
	if (typeof answer !== 'string') return answer;
	try {
		return answer.trim() === '' ? undefined : JSON.parse(answer);
	} catch {
		return answer;
	}
}

/** The chain error → cause → cause…, bounded so a cyclic chain cannot hang the node. */
export function causeChain(error: unknown): Loose[] {
	const chain: Loose[] = [];
	for (let link = asRecord(error); link && chain.length < 6 && !chain.includes(link);) {
		chain.push(link);
		link = asRecord(link.cause);
	}
	return chain;
}

/** An answer: status, lower-cased headers (axios's AxiosHeaders too) and Zoom's `{code, message}`. */
function readResponse(failure: ZoomFailure, status: unknown, headers: unknown, data: unknown) {
	if (Number.isInteger(Number(status)) && Number(status) > 0) failure.status = Number(status);
	for (const [name, value] of Object.entries(asRecord(headers) ?? {})) {
		if (typeof value === 'string' || typeof value === 'number')
			failure.headers[name.toLowerCase()] = String(value);
	}
	const body = asRecord(parseAnswer(data));
	if (!body) return;
	if (Number.isFinite(Number(body.code))) failure.zoomCode = Number(body.code);
	if (typeof body.message === 'string') failure.zoomMessage = cut(body.message);
}

/**
 * Reads what n8n threw, in every shape it hands over:
 * - the transport's own error for any answer but a success, and n8n 2.x's errors (a NodeApiError
 *   whose `cause` chain reaches the HTTP client's error): `response` with status, headers and body,
 *   or a network `code`;
 * - n8n 1.x: a NodeApiError with no cause and no headers — `httpCode` holds the status as text
 *   ("404"), a network code ("ECONNRESET") or "EAUTH" with the OAuth2 library's text for a refused
 *   token request, and Zoom's body is in `context.data`;
 * - an OAuth2 refresh Zoom refused: the token endpoint's `body` (2.x), or n8n's `failure.cause ===
 *   'credential-invalid'`; a credential's UserError with a description (1.x wraps it in a
 *   NodeApiError with no status and no cause).
 */
export function readZoomFailure(error: unknown): ZoomFailure {
	const failure: ZoomFailure = { headers: {}, needsReconnect: false };
	let legacy: Loose | undefined;
	for (const link of causeChain(error)) {
		const legacyCode = ['string', 'number'].includes(typeof link.httpCode)
			? String(link.httpCode)
			: '';
		if (/^\d{3}$/.test(legacyCode))
			legacy ??= { status: legacyCode, data: asRecord(link.context)?.data };
		const code = NETWORK_CODES.has(legacyCode) ? legacyCode : link.code;
		if (typeof code === 'string' && NETWORK_CODES.has(code)) failure.networkCode ??= code;
		if (legacyCode === 'EAUTH' && typeof link.message === 'string') {
			const text = link.message;
			failure.oauthError ??= CLIENT_OAUTH2_TEXTS.find(([start]) => text.startsWith(start))?.[1];
		}
		// The transport's answer names its URL; the HTTP client's error has it in its request config,
		// whose headers (the token) are never read.
		failure.url ??= urlToName(link.requestUrl ?? asRecord(link.config)?.url, true);
		const response = asRecord(link.response);
		if (response && failure.status === undefined)
			readResponse(
				failure,
				response.status ?? response.statusCode,
				response.headers,
				response.data ?? response.body,
			);
		const oauthError = asRecord(link.body)?.error;
		if (typeof oauthError === 'string') failure.oauthError ??= oauthError;
		if (asRecord(link.failure)?.cause === 'credential-invalid') failure.needsReconnect = true;
		if (typeof link.message !== 'string' || link.message === '') continue;
		// The innermost message is the original one; wrappers add generic texts around it.
		failure.otherMessage = cut(link.message);
		const wrappedUserError =
			link instanceof NodeApiError && link.httpCode === null && link.cause === undefined;
		if (
			(link instanceof UserError || wrappedUserError) &&
			typeof link.description === 'string' &&
			link.description !== ''
		)
			failure.credentialProblem = {
				message: cut(link.message),
				description: cut(link.description),
			};
	}
	// Zoom refused the refresh token: only reconnecting the credential helps.
	if (failure.oauthError === 'invalid_grant') failure.needsReconnect = true;
	if (failure.status === undefined && legacy) readResponse(failure, legacy.status, {}, legacy.data);
	if (failure.status === undefined && failure.networkCode === undefined) {
		const text = failure.otherMessage ?? '';
		if (/timeout|timed out/i.test(text)) failure.networkCode = 'ETIMEDOUT';
		else if (/socket hang up|ECONNRESET/i.test(text)) failure.networkCode = 'ECONNRESET';
	}
	return failure;
}

/** The longest Retry-After the node waits out; a longer one stops the run instead. */
export const LONGEST_RETRY_AFTER_MS = 60_000;

/** Retry-After in milliseconds from now: seconds, or an HTTP or ISO 8601 date-time (Zoom's daily limit). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	const text = value?.trim() ?? '';
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
	const at = Date.parse(text);
	return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Why a 429 stops the whole run instead of being waited out — the one rule for halting, used by the
 * retries and by the message: Zoom's daily limit (named in X-RateLimit-Type or, as Zoom does not send
 * that header on every such answer, in its message), or a Retry-After longer than the node waits.
 */
export function haltReason(failure: ZoomFailure, now: number): 'daily' | 'retryAfter' | undefined {
	if (failure.status !== 429) return undefined;
	const type = failure.headers['x-ratelimit-type'] ?? '';
	if (/daily/i.test(type) || /daily/i.test(failure.zoomMessage ?? '')) return 'daily';
	const waitMs = parseRetryAfter(failure.headers['retry-after'], now);
	return waitMs !== undefined && waitMs > LONGEST_RETRY_AFTER_MS ? 'retryAfter' : undefined;
}

export interface ZoomErrorContext {
	authentication: ZoomAuthentication;
	/** The user the request was about, for messages such as "user not found". */
	userId?: string;
	itemIndex?: number;
	/** The scopes the operation needs, as advice (each operation names its own). */
	scopeAdvice?: string;
}

type Explain = (
	failure: ZoomFailure,
	context: ZoomErrorContext,
) => { message: string; description: string };

/** Get Token's scopes, and the list's: the advice when no operation names its own (the list search). */
const GET_TOKEN_SCOPES =
	'Get Token needs user:read:token:admin (granular scopes) or user:read:admin (classic scopes) — user:read:token or user:read are enough for your own token ("me") — and user:read:list_users:admin to pick users From List.';

const OAUTH2_CREDENTIAL = 'the Zoom App (User Token Node) OAuth2 API credential';

const CHECK_NETWORK =
	"Check this n8n's network access to Zoom, the credential's Environment, and the node's Timeout option.";

const userOf = (context: ZoomErrorContext) =>
	context.userId !== undefined ? `"${context.userId}"` : 'the user';

/** What each kind of failure means and what to do about it. */
const EXPLANATIONS = {
	redirect: ({ status, headers }) => {
		const target = urlToName(headers.location);
		return {
			message: `Zoom answered with a redirect${target ? ` to ${target}` : ''}`,
			description: `The API (or the gateway in the credential's Environment) answered HTTP ${status}. The node never follows a redirect with a credential, so nothing was sent ${target ? `to ${target}` : 'further'}. Check the credential's Environment: a Custom API Base URL must point straight at the API.`,
		};
	},
	notFromZoom: ({ status, url }) => ({
		message: `The answer to ${url ?? "the credential's API Base URL"} did not come from Zoom's API`,
		description: `It was HTTP ${status} without Zoom's JSON. Check the credential's Environment: with Custom, the API Base URL must end in /v2 (as in https://api.zoom.us/v2), and a gateway there must pass requests and answers to Zoom's API unchanged; with Zoom or Zoom for Government, check that no proxy answers in Zoom's place.`,
	}),
	userNotFound: ({ zoomMessage }, context) => ({
		message: `Zoom user ${userOf(context)} not found`,
		description: `Zoom has no user ${userOf(context)} in the account of this credential${zoomMessage ? ` (Zoom: "${zoomMessage}")` : ''}. Check the User field: pick the user from the list, or enter their Zoom user ID or sign-in email.`,
	}),
	otherAccount: (_, context) => ({
		message: `Zoom user ${userOf(context)} does not belong to this account`,
		description: `Zoom acts only on users of the account the credential is connected to. Use a user of that account, or a credential connected to the account ${userOf(context)} belongs to.`,
	}),
	notSso: ({ zoomMessage }, context) => ({
		message: `Zoom user ${userOf(context)} has no SSO sign-in to revoke`,
		description: `Zoom said: "${zoomMessage}". Revoke SSO Token signs out users who sign in to Zoom through single sign-on (SSO); this user does not, or has no SSO session now. Nothing was changed.`,
	}),
	missingScope: ({ zoomMessage }, { authentication, scopeAdvice }) => ({
		message: 'The Zoom app is missing a scope this operation needs',
		description: `Zoom said: "${zoomMessage ?? 'missing scopes'}". Add the missing scopes on the Scopes page of your app in the Zoom App Marketplace: ${scopeAdvice ?? GET_TOKEN_SCOPES} ${
			authentication === 'oAuth2'
				? `Then open ${OAUTH2_CREDENTIAL} in n8n and reconnect it, so Zoom grants the new scopes.`
				: 'Then n8n gets a token with the new scopes the next time it fetches one (at the latest within an hour).'
		}`,
	}),
	invalidClient: () => ({
		message: 'Zoom rejected the Client ID or Client Secret of the OAuth2 credential',
		description: `n8n could not refresh the access token. Copy the Client ID and Client Secret again from the app's App Credentials page in the Zoom App Marketplace into ${OAUTH2_CREDENTIAL}, then reconnect it.`,
	}),
	tokenRejected: (_, { authentication }) =>
		authentication === 'oAuth2'
			? {
					message: 'Zoom rejected the access token of the OAuth2 credential',
					description: `n8n already tried to refresh the token and Zoom still refused it: access was revoked, the app was deactivated, or the refresh token is no longer valid. Open ${OAUTH2_CREDENTIAL} in n8n and reconnect it.`,
				}
			: {
					message: 'Zoom rejected the access token of the Server-to-Server OAuth credential',
					description:
						"n8n fetched a new token and Zoom still refused it. Check that the Server-to-Server OAuth app is activated in the Zoom App Marketplace and that the credential's Account ID, Client ID and Client Secret belong to it.",
				},
	dailyLimit: ({ headers }) => ({
		message: "Zoom's daily request limit for this account is used up",
		description: `Zoom limits how many of these requests an account may make per day${headers['retry-after'] ? `; it accepts requests again at ${headers['retry-after']}` : ''}. The node stopped sending at once, and every remaining item got this error. Run the workflow after that, or with fewer users.`,
	}),
	longRetryAfter: ({ headers }) => ({
		message: 'Zoom asked the node to pause for longer than it waits',
		description: `Zoom answered 429 with Retry-After "${cut(headers['retry-after'] ?? '')}": no requests until then. The node waits out up to ${LONGEST_RETRY_AFTER_MS / 1000} seconds, so it stopped sending, and every remaining item got this error. Run the workflow again after that time.`,
	}),
	rateLimit: () => ({
		message: "Zoom's rate limit was reached",
		description:
			'The node waited and retried as long as its limits allow. Lower "Max Requests per Second" in the node\'s options, or run fewer items at once: every app of the Zoom account shares the same per-second limit.',
	}),
	serverError: ({ status }) => ({
		message: `Zoom answered with a server error (HTTP ${status})`,
		description:
			'Zoom had a temporary problem and still had it after the node retried. Run the workflow again later.',
	}),
	// The network code stays out of the message: n8n would swap such a message for its own text.
	timeout: () => ({
		message: 'Zoom did not answer in time',
		description: `No answer within the Timeout option, also after retries. ${CHECK_NETWORK}`,
	}),
	unreachable: ({ networkCode }) => ({
		message: 'Could not reach Zoom',
		description: `The connection failed (${networkCode}), also after retries. ${CHECK_NETWORK}`,
	}),
	noAnswer: ({ credentialProblem, otherMessage }) =>
		credentialProblem ?? {
			message: otherMessage ?? 'The request to Zoom failed',
			description: "Check the credential (open it and test it) and the node's settings.",
		},
	other: ({ status, zoomCode, zoomMessage }) => ({
		message: `Zoom answered HTTP ${status}${zoomCode !== undefined ? ` (code ${zoomCode})` : ''}${zoomMessage ? `: ${zoomMessage}` : ''}`,
		description: 'Check the values of the node’s fields for this item.',
	}),
} satisfies Record<string, Explain>;

type Kind = keyof typeof EXPLANATIONS;

/** Zoom's own error codes the node explains (Zoom's API reference, per endpoint). */
const BY_ZOOM_CODE: Record<number, Kind> = {
	124: 'tokenRejected',
	1001: 'userNotFound',
	1010: 'otherAccount',
	4700: 'missingScope',
	4711: 'missingScope',
};

/** Which explanation a failure gets: Zoom's code first, then what the answer (or its absence) says. */
function kindOf(failure: ZoomFailure): Kind {
	const { status, zoomCode, zoomMessage = '' } = failure;
	if (status !== undefined && status >= 300 && status < 400) return 'redirect';
	const byCode = zoomCode !== undefined ? BY_ZOOM_CODE[zoomCode] : undefined;
	if (byCode) return byCode;
	// Zoom's API answers JSON with its own code (1001 for an unknown user): a 404 or a success
	// without one came from something else, a wrong address or a gateway's page.
	const success = status !== undefined && status >= 200 && status < 300;
	if (zoomCode === undefined && (status === 404 || success)) return 'notFromZoom';
	if (status === 400 && /scope/i.test(zoomMessage)) return 'missingScope';
	// Zoom documents no code for revoking the SSO token of a user without SSO: its words tell.
	if (status === 400 && /\bSSO\b/i.test(zoomMessage)) return 'notSso';
	if (failure.oauthError === 'invalid_client') return 'invalidClient';
	if (failure.needsReconnect || status === 401) return 'tokenRejected';
	if (status === 429) {
		const halted = haltReason(failure, Date.now());
		return halted === 'daily' ? 'dailyLimit' : halted ? 'longRetryAfter' : 'rateLimit';
	}
	if (status !== undefined) return status >= 500 ? 'serverError' : 'other';
	if (failure.networkCode === undefined) return 'noAnswer';
	return /TIMEDOUT|ABORTED|TIMEOUT/.test(failure.networkCode) ? 'timeout' : 'unreachable';
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
	const { message, description } = EXPLANATIONS[kindOf(failure)](failure, context);
	const httpCode = failure.status !== undefined ? String(failure.status) : undefined;
	const errorResponse: JsonObject = {
		message: failure.zoomMessage ?? message,
		...(failure.zoomCode !== undefined && { code: failure.zoomCode }),
		...(httpCode !== undefined && { httpCode }),
	};
	const error = new NodeApiError(node, errorResponse, {
		message,
		description,
		httpCode,
		itemIndex: context.itemIndex,
	});
	// In the context too: n8n keeps an item-level error's context when it saves a run, not its httpCode.
	error.context.httpCode = failure.status ?? null;
	error.context.zoomCode = failure.zoomCode ?? null;
	error.context.userId = context.userId ?? null;
	return error;
}

/** An error of the node's own (bad input, no token in the answer) as it is; anything else explained. */
export function toNodeError(
	node: INode,
	error: unknown,
	context: ZoomErrorContext,
): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError) return error;
	return zoomApiError(node, readZoomFailure(error), context);
}
