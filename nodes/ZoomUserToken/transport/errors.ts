/**
 * The one place where a failed Zoom request is explained: what the failure (read once, failure.ts)
 * means, from a table, and the NodeApiError the user sees.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { urlToName } from '../../../credentials/zoomEnvironment';

import type { ZoomFailure } from './failure';
import { cut, readZoomFailure } from './failure';
import { haltReason, LONGEST_RETRY_AFTER_MS } from './retryPolicy';
import type { ZoomAuthentication } from './types';

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
		description:
			"No answer within the Timeout option, also after retries. Check this n8n's network access to Zoom, the credential's Environment, and the node's Timeout option.",
	}),
	unreachable: ({ networkCode }) => ({
		message: 'Could not reach Zoom',
		description: `The connection failed (${networkCode}), also after retries. Check this n8n's network access to Zoom, the credential's Environment, and the node's Timeout option.`,
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
	const { status, zoomCode } = failure;
	const byCode = zoomCode !== undefined ? BY_ZOOM_CODE[zoomCode] : undefined;
	if (status !== undefined && status >= 300 && status < 400) return 'redirect';
	if (byCode) return byCode;
	// Zoom's API answers JSON with its own code (1001 for an unknown user): a 404 or a success
	// without one came from something else, a wrong address or a gateway's page.
	const success = status !== undefined && status >= 200 && status < 300;
	if (zoomCode === undefined && (status === 404 || success)) return 'notFromZoom';
	if (status === 400 && /scope/i.test(failure.zoomMessage ?? '')) return 'missingScope';
	// Zoom documents no code for revoking the SSO token of a user without SSO: its words tell.
	if (status === 400 && /\bSSO\b/i.test(failure.zoomMessage ?? '')) return 'notSso';
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

/**
 * An error of the node's own (bad input, no token in the answer) as it is; anything else read and
 * explained.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	context: ZoomErrorContext,
): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError) return error;
	return zoomApiError(node, readZoomFailure(error), context);
}
