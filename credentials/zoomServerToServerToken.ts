import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

/**
 * Server-to-Server OAuth tokens, fetched once and shared.
 *
 * n8n calls a credential's preAuthentication for every request that finds the stored token empty
 * or that Zoom answered with 401, so with many requests in flight it would fetch many tokens at
 * once, and Zoom has been seen to invalidate earlier tokens when many are minted quickly. This
 * module lets concurrent callers share one fetch, and hands the newest token to a caller that
 * still holds a token somebody already replaced.
 */

interface CachedToken {
	accessToken: string;
	expiresAt: number;
}

interface TokenSlot {
	current?: CachedToken;
	pending?: Promise<CachedToken>;
}

// Keyed by everything that identifies the app, so a changed secret never reuses an old token.
const slots = new Map<string, TokenSlot>();

// A token this close to its expiry is not handed out again.
const EXPIRY_MARGIN_MS = 60_000;

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
	const key = [app.tokenUrl, app.accountId, app.clientId, app.clientSecret].join('\n');
	let slot = slots.get(key);
	if (!slot) {
		slot = {};
		slots.set(key, slot);
	}
	if (!slot.pending) {
		const { current } = slot;
		if (
			current &&
			current.accessToken !== staleToken &&
			current.expiresAt - EXPIRY_MARGIN_MS > Date.now()
		) {
			return current.accessToken;
		}
		const fetching = fetchToken(helper, app);
		const owner = slot;
		owner.pending = fetching;
		fetching.then(
			(token) => {
				owner.current = token;
				owner.pending = undefined;
			},
			// A failed fetch leaves the previous state untouched; its caller reports the error.
			() => {
				owner.pending = undefined;
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
		response = (await helper.helpers.httpRequest({
			method: 'POST',
			url: app.tokenUrl,
			qs: { grant_type: 'account_credentials', account_id: app.accountId },
			auth: { username: app.clientId, password: app.clientSecret },
			json: true,
		})) as TokenResponse;
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
		response?: { status?: number; data?: { reason?: unknown; error?: unknown } };
		code?: unknown;
	};
	const status = failure.response?.status;
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
			'Zoom rejected the Client ID or Client Secret of the Server-to-Server OAuth credential',
			{
				description: `${said} Copy both again from the app's App Credentials page in the Zoom App Marketplace into the n8n credential.`,
			},
		);
	}
	if (/account/i.test(reason)) {
		return new UserError(
			`Zoom does not accept the Account ID "${app.accountId}" of the Server-to-Server OAuth credential`,
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
