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
 * once, each fetch a request against the account's limits. Concurrent callers here share one fetch,
 * and a caller that still holds a token this process already replaced gets the newest. A refused
 * token this process never held came from another n8n process (a queue-mode worker, through the
 * database): nothing here is known to be newer, so it fetches.
 *
 * The cache is keyed by a hash of the app (never by the secret itself), holds one entry per app (a
 * changed secret replaces it), keeps nothing for a failed fetch, and stays under MAX_APPS entries.
 */

interface TokenSlot {
	/** Of every value, the secret included (appFingerprint): a new secret replaces the slot. */
	fingerprint: string;
	current?: { accessToken: string; expiresAt: number };
	pending?: Promise<{ accessToken: string; expiresAt: number }>;
	/** Hashes of the tokens `current` replaced, newest last: a caller holding one of them is behind. */
	replaced: string[];
}

const slots = new Map<string, TokenSlot>();
const MAX_APPS = 100;
/** Tokens remembered per app as replaced; a process replaces one about every hour. */
const MAX_REPLACED = 8;
/** A token this close to its expiry is not handed out again. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * Zoom's token endpoint gets this long to answer, whole — less than a request's default Timeout, so
 * that a stalled fetch fails as what it is. A fetch that failed or stalled is never shared on.
 */
export const TOKEN_REQUEST_DEADLINE_MS = 20_000;

export interface ServerToServerApp {
	tokenUrl: string;
	accountId: string;
	clientId: string;
	clientSecret: string;
}

const hash = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex');
const appKeyOf = (app: ServerToServerApp) => hash(app.tokenUrl, app.accountId, app.clientId);

/**
 * A hash of every value a token is fetched with (token URL, account, client, secret): a token is
 * used only with the values that fetched it (ZoomServerToServerOAuthApi stores it beside the token).
 */
export const appFingerprint = (app: ServerToServerApp) => hash(appKeyOf(app), app.clientSecret);

/**
 * The app's token: the one this process holds when the caller is behind it (`staleToken` empty, or
 * one it replaced), else a new one. (n8n gives preAuthentication no cancel signal; the node's request
 * waiting for it stops at once on a cancel, transport/index.ts, and the fetch ends at its deadline.)
 */
export async function obtainServerToServerToken(
	helper: IHttpRequestHelper,
	app: ServerToServerApp,
	staleToken: unknown,
): Promise<string> {
	const key = appKeyOf(app);
	const fingerprint = appFingerprint(app);
	let slot = slots.get(key);
	if (slot?.fingerprint !== fingerprint) {
		// A new app, or the same app with another secret (whose token goes); oldest out first.
		slots.delete(key);
		if (slots.size >= MAX_APPS) slots.delete(slots.keys().next().value!);
		slot = { fingerprint, replaced: [] };
		slots.set(key, slot);
	}
	const { current } = slot;
	const behind =
		typeof staleToken !== 'string' || staleToken === '' || slot.replaced.includes(hash(staleToken));
	if (!slot.pending && current && behind && current.expiresAt - EXPIRY_MARGIN_MS > Date.now())
		return current.accessToken;
	if (!slot.pending) {
		const owner = slot;
		owner.pending = fetchToken(helper, app);
		owner.pending.then(
			(token) => {
				if (owner.current) owner.replaced = [...owner.replaced, hash(owner.current.accessToken)];
				owner.replaced = owner.replaced.slice(-MAX_REPLACED);
				owner.current = token;
				owner.pending = undefined;
			},
			// A failed fetch leaves nothing behind; its caller reports the error.
			() => {
				owner.pending = undefined;
				if (!owner.current && slots.get(key) === owner) slots.delete(key);
			},
		);
	}
	return (await slot.pending!).accessToken;
}

async function fetchToken(helper: IHttpRequestHelper, app: ServerToServerApp) {
	let response: { access_token?: unknown; expires_in?: unknown };
	try {
		response = await withDeadline(
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
		);
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
	const { response, code } = error as {
		response?: {
			status?: number;
			data?: { reason?: unknown; error?: unknown };
			headers?: Record<string, unknown>;
		};
		code?: unknown;
	};
	const status = response?.status;
	const fail = (message: string, description: string) => new UserError(message, { description });
	if (status !== undefined && status >= 300 && status < 400) {
		const target = urlToName(response?.headers?.location);
		return fail(
			`Zoom's token endpoint answered with a redirect${target ? ` to ${target}` : ''}`,
			`${app.tokenUrl} answered HTTP ${status}. The credential never sends the Client ID and Secret on to another address. Check the credential's Environment: a Custom OAuth Base URL must point straight at the OAuth server.`,
		);
	}
	if (status === undefined && code === 'ETIMEDOUT') {
		return fail(
			"Zoom's token endpoint did not answer in time",
			`No whole answer from ${app.tokenUrl} within ${TOKEN_REQUEST_DEADLINE_MS / 1000} seconds. Run the workflow again; if it persists, check the credential's Environment and this n8n's network access to Zoom.`,
		);
	}
	if (status === undefined) {
		return fail(
			`Could not reach Zoom's token endpoint${typeof code === 'string' ? ` (${code})` : ''}`,
			`No answer from ${app.tokenUrl}. Check the credential's Environment and this n8n's network access to Zoom.`,
		);
	}
	const oauthError = typeof response?.data?.error === 'string' ? response.data.error : '';
	const reason = typeof response?.data?.reason === 'string' ? response.data.reason : '';
	const said = `Zoom's token endpoint answered HTTP ${status}${oauthError ? ` ${oauthError}` : ''}${reason ? `: "${reason}"` : ''}.`;
	const copy = "from the app's App Credentials page in the Zoom App Marketplace";
	if (/disabled|deactivat|not activated/i.test(reason)) {
		return fail(
			'The Zoom Server-to-Server OAuth app is not activated',
			`${said} Open the app in the Zoom App Marketplace and activate it on its Activation page.`,
		);
	}
	// The Test shows only the message at first: it says where the right values are.
	if (oauthError === 'invalid_client' || /client/i.test(reason)) {
		return fail(
			'Zoom rejected the Client ID or Client Secret: copy both from the App Credentials page of your Server-to-Server OAuth app in the Zoom App Marketplace',
			`${said} Copy both again ${copy} into the n8n credential.`,
		);
	}
	if (/account/i.test(reason)) {
		return fail(
			`Zoom does not accept the Account ID "${app.accountId}": copy it from the App Credentials page of your Server-to-Server OAuth app in the Zoom App Marketplace`,
			`${said} Copy the Account ID ${copy}.`,
		);
	}
	return fail(
		'Zoom refused to issue a Server-to-Server OAuth token',
		`${said} Check the credential's Account ID, Client ID and Client Secret.`,
	);
}

/** The credential fields this module reads, typed. */
export function serverToServerApp(
	credentials: ICredentialDataDecryptedObject,
	tokenUrl: string,
): ServerToServerApp {
	const text = (value: unknown) => String(value ?? '').trim();
	return {
		tokenUrl,
		accountId: text(credentials.accountId),
		clientId: text(credentials.clientId),
		clientSecret: text(credentials.clientSecret),
	};
}
