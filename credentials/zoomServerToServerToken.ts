import { createHash } from 'node:crypto';

import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { withDeadline } from './requestDeadline';
import { urlToName } from './zoomEnvironment';

/**
 * Server-to-Server OAuth tokens, fetched once and shared.
 *
 * n8n calls a credential's preAuthentication for every request that finds the stored token empty
 * or that Zoom answered with 401, so with many requests in flight it would fetch many tokens at
 * once; every fetch costs a request against the account's limits. This module lets concurrent
 * callers share one fetch, and hands the newest token to a caller that still holds a token this
 * process already replaced. A refused token this process never held came from another n8n process
 * (a queue-mode worker, through the database): nothing here is known to be newer, so it fetches.
 *
 * The cache is keyed by a hash of everything that identifies the app (never by the secret itself),
 * holds at most one entry per app (a changed secret replaces the entry of the old one), keeps nothing
 * for a failed fetch, and stays under MAX_APPS entries.
 */

interface CachedToken {
	accessToken: string;
	expiresAt: number;
}

interface TokenSlot {
	/** Its key in `slots`: which app (token URL, account, client), without the secret. */
	key: string;
	/** Of every value, the secret included (appFingerprint): a new secret replaces the slot. */
	fingerprint: string;
	current?: CachedToken;
	pending?: Promise<CachedToken>;
	/** Hashes of the tokens `current` replaced, newest last: a caller holding one of them is behind. */
	replaced: string[];
}

const slots = new Map<string, TokenSlot>();

const MAX_APPS = 100;

// Tokens remembered per app as replaced; a process replaces one about every hour.
const MAX_REPLACED = 8;

// A token this close to its expiry is not handed out again.
const EXPIRY_MARGIN_MS = 60_000;

/**
 * Zoom's token endpoint gets this long to answer, whole — less than a request's default Timeout, so
 * that a stalled fetch fails as what it is. A fetch that failed or stalled is never shared on.
 */
export const TOKEN_REQUEST_DEADLINE_MS = 20_000;

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

const appKeyOf = (app: ServerToServerApp) =>
	hash([app.tokenUrl, app.accountId, app.clientId].join('\n'));

/**
 * A hash of every value a token is fetched with (token URL, account, client, secret): a token is
 * used only with the values that fetched it (ZoomServerToServerOAuthApi stores it beside the token).
 */
export function appFingerprint(app: ServerToServerApp): string {
	return hash([appKeyOf(app), app.clientSecret].join('\n'));
}

function slotFor(app: ServerToServerApp): TokenSlot {
	const key = appKeyOf(app);
	const fingerprint = appFingerprint(app);
	let slot = slots.get(key);
	// A new app, or the same app with another secret (whose token goes).
	if (slot?.fingerprint !== fingerprint) {
		slots.delete(key);
		// Oldest first out: a Map iterates in insertion order.
		if (slots.size >= MAX_APPS) slots.delete(slots.keys().next().value!);
		slot = { key, fingerprint, replaced: [] };
		slots.set(key, slot);
	}
	return slot;
}

export interface ServerToServerApp {
	tokenUrl: string;
	accountId: string;
	clientId: string;
	clientSecret: string;
}

export async function obtainServerToServerToken(
	helper: IHttpRequestHelper,
	app: ServerToServerApp,
	staleToken: unknown,
): Promise<string> {
	const slot = slotFor(app);
	if (!slot.pending) {
		const { current } = slot;
		// n8n calls with an empty token when it has none, and with the token Zoom refused after a 401.
		const callerIsBehind =
			typeof staleToken !== 'string' ||
			staleToken === '' ||
			slot.replaced.includes(hash(staleToken));
		if (current && callerIsBehind && current.expiresAt - EXPIRY_MARGIN_MS > Date.now()) {
			return current.accessToken;
		}
		const fetching = fetchToken(helper, app);
		slot.pending = fetching;
		fetching.then(
			(token) => {
				if (slot.current) {
					slot.replaced = [...slot.replaced, hash(slot.current.accessToken)].slice(-MAX_REPLACED);
				}
				slot.current = token;
				slot.pending = undefined;
			},
			// A failed fetch leaves nothing behind: no token, no slot of its own; its caller reports the error.
			() => {
				slot.pending = undefined;
				if (!slot.current && slots.get(slot.key) === slot) slots.delete(slot.key);
			},
		);
	}
	return (await slot.pending!).accessToken;
}

interface TokenResponse {
	access_token?: unknown;
	expires_in?: unknown;
}

async function fetchToken(
	helper: IHttpRequestHelper,
	app: ServerToServerApp,
): Promise<CachedToken> {
	let response: TokenResponse;
	try {
		response = (await withDeadline(
			TOKEN_REQUEST_DEADLINE_MS,
			undefined,
			async (abortSignal) =>
				await helper.helpers.httpRequest({
					method: 'POST',
					url: app.tokenUrl,
					qs: { grant_type: 'account_credentials', account_id: app.accountId },
					auth: { username: app.clientId, password: app.clientSecret },
					json: true,
					// The client secret must never follow a redirect to another host.
					disableFollowRedirect: true,
					// No `timeout` of its own: the deadline bounds the whole answer and says so.
					abortSignal,
				}),
		)) as TokenResponse;
	} catch (error) {
		throw tokenEndpointError(error, app);
	}
	if (typeof response?.access_token !== 'string' || response.access_token === '') {
		throw new UserError("Zoom's token endpoint answered without an access token", {
			description: `${app.tokenUrl} is not Zoom's OAuth server, or not one that issues Server-to-Server tokens. Check the credential's Environment.`,
		});
	}
	const expiresIn = Number(response.expires_in);
	return {
		accessToken: response.access_token,
		expiresAt: Date.now() + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000,
	};
}

/**
 * Turns a token endpoint failure into an error that names the likely cause and says what to do.
 * Only Zoom's `error` and `reason` fields are quoted: never the request, which carries the secret.
 */
function tokenEndpointError(error: unknown, app: ServerToServerApp): UserError {
	const failure = error as {
		response?: {
			status?: number;
			data?: { reason?: unknown; error?: unknown };
			headers?: Record<string, unknown>;
		};
		code?: unknown;
	};
	const status = failure.response?.status;
	if (status !== undefined && status >= 300 && status < 400) {
		const target = urlToName(failure.response?.headers?.location);
		return new UserError(
			`Zoom's token endpoint answered with a redirect${target ? ` to ${target}` : ''}`,
			{
				description: `${app.tokenUrl} answered HTTP ${status}. The credential never sends the Client ID and Secret on to another address. Check the credential's Environment: a Custom OAuth Base URL must point straight at the OAuth server.`,
			},
		);
	}
	if (status === undefined && failure.code === 'ETIMEDOUT') {
		return new UserError("Zoom's token endpoint did not answer in time", {
			description: `No whole answer from ${app.tokenUrl} within ${TOKEN_REQUEST_DEADLINE_MS / 1000} seconds. Run the workflow again; if it persists, check the credential's Environment and this n8n's network access to Zoom.`,
		});
	}
	if (status === undefined) {
		const code = typeof failure.code === 'string' ? ` (${failure.code})` : '';
		return new UserError(`Could not reach Zoom's token endpoint${code}`, {
			description: `No answer from ${app.tokenUrl}. Check the credential's Environment and this n8n's network access to Zoom.`,
		});
	}
	const data = failure.response?.data ?? {};
	const oauthError = typeof data.error === 'string' ? data.error : '';
	const reason = typeof data.reason === 'string' ? data.reason : '';
	const said = `Zoom's token endpoint answered HTTP ${status}${oauthError ? ` ${oauthError}` : ''}${reason ? `: "${reason}"` : ''}.`;
	if (/disabled|deactivat|not activated/i.test(reason)) {
		return new UserError('The Zoom Server-to-Server OAuth app is not activated', {
			description: `${said} Open the app in the Zoom App Marketplace and activate it on its Activation page.`,
		});
	}
	if (oauthError === 'invalid_client' || /client/i.test(reason)) {
		return new UserError(
			// The Test shows only the message at first: it says where the right values are.
			'Zoom rejected the Client ID or Client Secret: copy both from the App Credentials page of your Server-to-Server OAuth app in the Zoom App Marketplace',
			{
				description: `${said} Copy both again from the app's App Credentials page in the Zoom App Marketplace into the n8n credential.`,
			},
		);
	}
	if (/account/i.test(reason)) {
		return new UserError(
			`Zoom does not accept the Account ID "${app.accountId}": copy it from the App Credentials page of your Server-to-Server OAuth app in the Zoom App Marketplace`,
			{
				description: `${said} Copy the Account ID from the app's App Credentials page in the Zoom App Marketplace.`,
			},
		);
	}
	return new UserError('Zoom refused to issue a Server-to-Server OAuth token', {
		description: `${said} Check the credential's Account ID, Client ID and Client Secret.`,
	});
}

/** The credential fields this module reads, typed. */
export function serverToServerApp(
	credentials: ICredentialDataDecryptedObject,
	tokenUrl: string,
): ServerToServerApp {
	return {
		tokenUrl,
		accountId: String(credentials.accountId ?? '').trim(),
		clientId: String(credentials.clientId ?? '').trim(),
		clientSecret: String(credentials.clientSecret ?? '').trim(),
	};
}
