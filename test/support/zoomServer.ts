/**
 * A Zoom-compatible HTTP server for the unit, engine, end-to-end and bench suites, on 127.0.0.1.
 *
 * It behaves as Zoom's developer documentation describes Zoom: the OAuth token endpoint
 * (authorization-code refresh with strict refresh-token rotation, Server-to-Server `account_credentials`), bearer tokens
 * that expire, granular/classic scopes, `GET /v2/users/{userId}/token` validating `type` and `ttl`,
 * `DELETE /v2/users/{userId}/token` (204, no body), `GET /v2/users/me/zak` (me only),
 * `GET /v2/users` with `next_page_token` paging, Zoom's error bodies, a per-second rate limit and a
 * daily limit. It can also inject faults (429 with or without Retry-After, 5xx, resets, slow answers).
 * Every request is recorded with its raw URL, so tests can assert exactly what the node sent.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { LimiterOptions } from './rateLimiter';
import { createLimiter } from './rateLimiter';

const TOKEN_SCOPES_SELF = [
	'user:read:token',
	'user:read',
	'user:read:token:admin',
	'user:read:admin',
];
const TOKEN_SCOPES_ANY = ['user:read:token:admin', 'user:read:admin'];
const LIST_SCOPES = ['user:read:list_users:admin', 'user:read:admin'];
const REVOKE_SCOPES_SELF = [
	'user:delete:token',
	'user:write',
	'user:delete:token:admin',
	'user:write:admin',
];
const REVOKE_SCOPES_ANY = ['user:delete:token:admin', 'user:write:admin'];
const ZAK_SCOPES = ['user_zak:read', 'user:read:zak'];

/** A small seeded generator, so injected faults are the same on every run. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0 || 1;
	return () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

export interface ZoomUser {
	id: string;
	email: string;
	first_name: string;
	last_name: string;
	login_type?: string;
	/** Set for users of another account. */
	account?: string;
}

/** This server's refusal to revoke the SSO token of a user without SSO (see `nonSsoRevoke`). */
const NOT_SSO = { code: 300, message: 'The user is not an SSO user.' };

export interface Faults {
	rate429?: number;
	rate429WithRetryAfter?: number;
	retryAfterSeconds?: number;
	rate5xx?: number;
	rateReset?: number;
	rateSlow?: number;
	slowMs?: number;
}

export interface ZoomServerOptions {
	/** Users of the account. */
	users?: ZoomUser[];
	/** The user "me" resolves to. */
	ownerId?: string;
	/** The OAuth2 (authorization-code) app. */
	oauthApp?: { clientId: string; clientSecret: string };
	s2sApp?: { accountId: string; clientId: string; clientSecret: string; disabled?: boolean };
	/** Scopes granted to every token. */
	scopes?: string[];
	/**
	 * Server-to-Server tokens: several valid at once (`several`, Zoom's S2S page), or each new one
	 * voiding the older ones (`newestOnly`, as a Zoom staff answer on the forum and a vendor's docs
	 * say). Settable on `state` while the server runs.
	 */
	s2sTokens?: 'several' | 'newestOnly';
	/**
	 * Revoking the SSO token of a user who does not sign in through SSO: Zoom documents no error for
	 * it, so either it answers 204 like for anyone (`accepted`, the default), or it refuses with HTTP
	 * 400 and words about SSO (`refused`; the code and text are this server's, not Zoom's).
	 * Settable on `state`.
	 */
	nonSsoRevoke?: 'accepted' | 'refused';
	/** Lifetime of issued access tokens (expires_in). */
	accessTokenTtlSeconds?: number;
	/** Delay before every API answer. */
	latencyMs?: number;
	/** API requests accepted per second (0: no limit), counted as `limiter` says. */
	ratePerSecond?: number;
	/**
	 * How the per-second limit counts (rateLimiter.ts; default: a sliding second, refused requests
	 * not counted), and what a per-second 429 carries: by default only X-RateLimit-Type; with
	 * `headers: true` also Retry-After, X-RateLimit-Limit and X-RateLimit-Remaining; with
	 * `headers: false` none of them.
	 */
	limiter?: Omit<LimiterOptions, 'limit'> & { headers?: boolean };
	/** API requests accepted per day (0: no limit). */
	dailyLimit?: number;
	faults?: Faults;
	/** Every access token expires when this many API requests have arrived. */
	expireTokensAfterApiRequests?: number;
	initialRefreshToken?: string;
	seed?: number;
	/** Serve https with this key and certificate (see zoomHosts.ts), instead of http. */
	tls?: { key: string; cert: string };
}

export interface RecordedRequest {
	method: string;
	url: string;
	path: string;
	query: Record<string, string>;
	authorization?: string;
	/** The Host header: which of Zoom's hosts the client meant. */
	host?: string;
	body: string;
	status?: number;
	at: number;
	kind: 'token' | 'api';
}

type Query = Record<string, string>;

/** An answer a test installs in place of Zoom's (see `misbehave`); `false`: answer as Zoom would. */
export type Misbehaviour = (
	req: http.IncomingMessage,
	res: http.ServerResponse,
) => void | boolean | Promise<void | boolean>;

export function defaultUsers(): ZoomUser[] {
	return [
		{ id: 'u-owner', email: 'owner@example.com', first_name: 'Olivia', last_name: 'Owner' },
		{
			id: 'u-jane',
			email: 'jane@example.com',
			first_name: 'Jane',
			last_name: 'Doe',
			login_type: 'sso',
		},
		{ id: 'u-bob', email: 'bob@example.com', first_name: 'Bob', last_name: 'Builder' },
		{
			id: 'u-google',
			email: 'g@example.com',
			first_name: 'Gina',
			last_name: 'Google',
			login_type: 'google',
		},
		{
			id: 'u-other',
			email: 'other@elsewhere.com',
			first_name: 'Otto',
			last_name: 'Other',
			account: 'other',
		},
	];
}

export async function startZoomServer(options: ZoomServerOptions = {}) {
	const state = {
		users: options.users ?? defaultUsers(),
		ownerId: options.ownerId ?? 'u-owner',
		oauthApp: options.oauthApp ?? { clientId: 'oauth-client', clientSecret: 'oauth-secret-VALUE' },
		s2sApp: options.s2sApp ?? {
			accountId: 'acct-1',
			clientId: 's2s-client',
			clientSecret: 's2s-secret-VALUE',
		},
		scopes: options.scopes ?? ['user:read:token:admin', 'user:read:list_users:admin'],
		s2sTokens: options.s2sTokens ?? 'several',
		nonSsoRevoke: options.nonSsoRevoke ?? 'accepted',
		/** Users whose SSO token was revoked, in order. */
		revoked: [] as string[],
		accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3599,
		latencyMs: options.latencyMs ?? 0,
		ratePerSecond: options.ratePerSecond ?? 0,
		dailyLimit: options.dailyLimit ?? 0,
		faults: { retryAfterSeconds: 1, slowMs: 0, ...(options.faults ?? {}) } as Faults,
		/** access token → {expiresAt, kind} */
		accessTokens: new Map<string, { expiresAt: number; kind: string }>(),
		/** the one refresh token currently valid (rotation) */
		currentRefreshToken: options.initialRefreshToken ?? 'refresh-0',
		counter: 0,
		/** When set, every access token expires once this many API requests have arrived. */
		expireTokensAfterApiRequests: options.expireTokensAfterApiRequests ?? 0,
		limiter:
			options.ratePerSecond !== undefined && options.ratePerSecond > 0
				? createLimiter({ ...options.limiter, limit: options.ratePerSecond })
				: undefined,
		acceptedToday: 0,
	};
	const random = seededRandom(options.seed ?? 42);
	const requests: RecordedRequest[] = [];
	const stats = { api: 0, token: 0, rateLimited: 0, faults: 0, inFlight: 0, maxInFlight: 0 };

	const issueAccessToken = (kind: string): string => {
		if (kind === 's2s' && state.s2sTokens === 'newestOnly') {
			for (const [token, entry] of state.accessTokens)
				if (entry.kind === kind) state.accessTokens.delete(token);
		}
		const token = `access-${kind}-${++state.counter}`;
		state.accessTokens.set(token, {
			expiresAt: Date.now() + state.accessTokenTtlSeconds * 1000,
			kind,
		});
		return token;
	};

	const send = (
		res: http.ServerResponse,
		status: number,
		body?: object,
		headers: Record<string, string> = {},
	): void => {
		res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
		res.end(body === undefined ? '' : JSON.stringify(body));
	};

	const basicAuth = (req: http.IncomingMessage) => {
		const header = req.headers.authorization ?? '';
		if (!header.startsWith('Basic ')) return undefined;
		const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		return colon < 0
			? undefined
			: { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
	};

	/**
	 * What Zoom never does but a gateway, a proxy or an attacker in the path might: the adversarial
	 * suite installs an answer of its own for the API or the token endpoint (redirects, stalls,
	 * trickles, oversized or malformed bodies). The request is still recorded.
	 */
	const misbehave: Partial<Record<RecordedRequest['kind'], Misbehaviour>> = {};

	const handleToken = (
		req: http.IncomingMessage,
		res: http.ServerResponse,
		query: Query,
		body: string,
	): void => {
		stats.token++;
		const form = Object.fromEntries(new URLSearchParams(body));
		const params: Query = { ...form, ...query };
		const client = basicAuth(req);
		const grant = params.grant_type;
		const tokenBody = (kind: string) => ({
			access_token: issueAccessToken(kind),
			token_type: 'bearer',
			expires_in: state.accessTokenTtlSeconds,
			scope: state.scopes.join(' '),
			api_url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		});
		if (grant === 'account_credentials') {
			const app = state.s2sApp;
			if (!client || client.id !== app.clientId || client.secret !== app.clientSecret) {
				return send(res, 401, {
					reason: 'Invalid client_id or client_secret',
					error: 'invalid_client',
				});
			}
			if (app.disabled)
				return send(res, 400, { reason: 'The app has been disabled', error: 'invalid_request' });
			if (params.account_id !== app.accountId) {
				return send(res, 400, { reason: 'Invalid account_id', error: 'invalid_request' });
			}
			return send(res, 200, tokenBody('s2s'));
		}
		const app = state.oauthApp;
		if (!client || client.id !== app.clientId || client.secret !== app.clientSecret) {
			return send(res, 401, {
				reason: 'Invalid client_id or client_secret',
				error: 'invalid_client',
			});
		}
		if (grant === 'refresh_token') {
			// Zoom rotates refresh tokens: only the newest one works, and only once.
			if (params.refresh_token !== state.currentRefreshToken) {
				return send(res, 400, { reason: 'Invalid Token!', error: 'invalid_grant' });
			}
			state.currentRefreshToken = `refresh-${++state.counter}`;
			return send(res, 200, { ...tokenBody('oauth'), refresh_token: state.currentRefreshToken });
		}
		return send(res, 400, { reason: 'Unsupported grant type', error: 'unsupported_grant_type' });
	};

	/** Zoom's per-second 429; `retryAfterSeconds` adds the Retry-After Zoom sends on some of them. */
	const rateLimited = (res: http.ServerResponse, retryAfterSeconds?: number): void => {
		stats.rateLimited++;
		const headers = options.limiter?.headers;
		return send(
			res,
			429,
			{
				code: 429,
				message:
					'You have reached the maximum per-second rate limit for this API. Try again later.',
			},
			{
				...(headers !== false && { 'X-RateLimit-Category': 'Light', 'X-RateLimit-Type': 'QPS' }),
				...(headers === true && {
					'X-RateLimit-Limit': String(state.ratePerSecond),
					'X-RateLimit-Remaining': '0',
				}),
				...(retryAfterSeconds !== undefined && { 'Retry-After': String(retryAfterSeconds) }),
			},
		);
	};

	const handleApi = async (
		req: http.IncomingMessage,
		res: http.ServerResponse,
		rawPath: string,
		query: Query,
	): Promise<void> => {
		stats.api++;
		if (stats.api === state.expireTokensAfterApiRequests) {
			for (const entry of state.accessTokens.values()) entry.expiresAt = 0;
		}
		if (state.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, state.latencyMs));
		const faults = state.faults;
		if (faults.rateReset && random() < faults.rateReset) {
			stats.faults++;
			req.socket.destroy();
			return;
		}
		if (faults.rateSlow && random() < faults.rateSlow) {
			stats.faults++;
			await new Promise((resolve) => setTimeout(resolve, faults.slowMs));
		}
		if (faults.rate5xx && random() < faults.rate5xx) {
			stats.faults++;
			return send(res, random() < 0.5 ? 500 : 503, { code: 500, message: 'Internal Server Error' });
		}
		if (faults.rate429 && random() < faults.rate429) {
			stats.faults++;
			const withRetryAfter = random() < (faults.rate429WithRetryAfter ?? 0);
			return rateLimited(res, withRetryAfter ? faults.retryAfterSeconds : undefined);
		}

		const auth = req.headers.authorization ?? '';
		const access = auth.startsWith('Bearer ') ? state.accessTokens.get(auth.slice(7)) : undefined;
		if (!access || access.expiresAt <= Date.now()) {
			return send(res, 401, { code: 124, message: 'Invalid access token.' });
		}

		if (state.dailyLimit > 0 && state.acceptedToday >= state.dailyLimit) {
			stats.rateLimited++;
			const reset = new Date(Date.now() + 6 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
			return send(
				res,
				429,
				{
					code: 429,
					message: 'You have reached the maximum daily rate limit for this API. Try again later.',
				},
				{
					'X-RateLimit-Type': 'Daily-limit',
					'X-RateLimit-Limit': String(state.dailyLimit),
					'X-RateLimit-Remaining': '0',
					'Retry-After': reset,
				},
			);
		}
		const admitted = state.limiter?.admit(Date.now());
		if (admitted && !admitted.accepted) {
			return rateLimited(
				res,
				options.limiter?.headers ? Math.ceil(admitted.retryAfterMs / 1000) : undefined,
			);
		}
		state.acceptedToday++;

		const segments = rawPath.split('/');
		if (segments[1] !== 'v2' || segments[2] !== 'users' || segments.length > 5)
			return send(res, 404, { code: 404, message: 'Not found' });
		if (segments.length === 3) {
			return req.method === 'GET'
				? listUsers(res, query)
				: send(res, 404, { code: 404, message: 'Not found' });
		}
		let userId: string;
		try {
			userId = decodeURIComponent(segments[3] ?? '');
		} catch {
			return send(res, 400, { code: 300, message: 'Invalid path' });
		}
		const route = `${req.method} ${segments[4]}`;
		// Zoom has the ZAK path for "me" only.
		if (route === 'GET zak' && userId === 'me') return myZak(res);
		if (route === 'GET token') return userToken(res, userId, query);
		if (route === 'DELETE token') return revokeToken(res, userId);
		return send(res, 404, { code: 404, message: 'Not found' });
	};

	const missingScope = (res: http.ServerResponse, needed: string[]) =>
		state.scopes.some((scope) => needed.includes(scope))
			? false
			: (send(res, 400, {
					code: 4711,
					message: `Invalid access token, does not contain scopes:[${needed.join(', ')}]`,
				}),
				true);

	/** The user a path names (an ID, an email, or "me"), or Zoom's answer when there is none. */
	const findUser = (res: http.ServerResponse, userId: string): ZoomUser | undefined => {
		const user = state.users.find(
			(candidate) =>
				(userId === 'me' && candidate.id === state.ownerId) ||
				candidate.id === userId ||
				candidate.email.toLowerCase() === userId.toLowerCase(),
		);
		if (!user) send(res, 404, { code: 1001, message: `User does not exist: ${userId}` });
		// Zoom's specs list code 1010 under HTTP 400.
		else if (user.account !== undefined)
			send(res, 400, { code: 1010, message: 'User not belong to this account' });
		else return user;
		return undefined;
	};

	const isSelf = (userId: string) => userId === 'me' || userId === state.ownerId;

	const listUsers = (res: http.ServerResponse, query: Query): void => {
		if (missingScope(res, LIST_SCOPES)) return;
		const pageSize = Math.min(300, Math.max(1, Number(query.page_size ?? 30)));
		const start = query.next_page_token ? Number(query.next_page_token.replace('page-', '')) : 0;
		const members = state.users.filter((user) => user.account === undefined);
		const page = members.slice(start, start + pageSize);
		const next = start + pageSize < members.length ? `page-${start + pageSize}` : '';
		return send(res, 200, {
			page_size: pageSize,
			total_records: members.length,
			next_page_token: next,
			users: page.map(({ id, email, first_name, last_name }) => ({
				id,
				email,
				first_name,
				last_name,
				type: 1,
				status: 'active',
			})),
		});
	};

	const userToken = (res: http.ServerResponse, userId: string, query: Query): void => {
		const type = query.type ?? 'token';
		if (!['zak', 'token', 'onbehalf'].includes(type)) {
			return send(res, 400, { code: 300, message: `Invalid field: type` });
		}
		if (query.meeting_id !== undefined && !/^\d{9,11}$/.test(query.meeting_id)) {
			return send(res, 400, { code: 300, message: 'Invalid field: meeting_id' });
		}
		if (query.ttl !== undefined) {
			const ttl = Number(query.ttl);
			if (!/^\d+$/.test(query.ttl) || ttl < 1 || ttl > 31536000) {
				return send(res, 400, { code: 300, message: 'Invalid field: ttl' });
			}
		}
		if (missingScope(res, isSelf(userId) ? TOKEN_SCOPES_SELF : TOKEN_SCOPES_ANY)) return;
		const user = findUser(res, userId);
		if (!user) return;
		if (type === 'token' && user.login_type === 'google') return send(res, 200, { token: null });
		// An OBF token can be tied to the meeting the bot joins; the token names it here so tests see it.
		const meeting = type === 'onbehalf' && query.meeting_id ? `:meeting-${query.meeting_id}` : '';
		return send(res, 200, {
			token: `${type}:${user.id}:${query.ttl ?? 'default'}:${++state.counter}${meeting}`,
		});
	};

	const myZak = (res: http.ServerResponse): void => {
		if (missingScope(res, ZAK_SCOPES)) return;
		return send(res, 200, { token: `zak:${state.ownerId}:me:${++state.counter}` });
	};

	const revokeToken = (res: http.ServerResponse, userId: string): void => {
		if (missingScope(res, isSelf(userId) ? REVOKE_SCOPES_SELF : REVOKE_SCOPES_ANY)) return;
		const user = findUser(res, userId);
		if (!user) return;
		if (user.login_type !== 'sso' && state.nonSsoRevoke === 'refused')
			return send(res, 400, NOT_SSO);
		state.revoked.push(user.id);
		res.writeHead(204);
		res.end();
	};

	const handle: http.RequestListener = (req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const requestUrl = req.url ?? '/';
			const questionMark = requestUrl.indexOf('?');
			const rawPath = questionMark < 0 ? requestUrl : requestUrl.slice(0, questionMark);
			const query = Object.fromEntries(
				new URLSearchParams(questionMark < 0 ? '' : requestUrl.slice(questionMark + 1)),
			);
			const record: RecordedRequest = {
				method: req.method ?? 'GET',
				url: requestUrl,
				path: rawPath,
				query,
				authorization: req.headers.authorization,
				host: req.headers.host,
				body,
				at: Date.now(),
				kind: rawPath === '/oauth/token' ? 'token' : 'api',
			};
			requests.push(record);
			if (record.kind === 'api') {
				stats.inFlight++;
				stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
				res.on('close', () => stats.inFlight--);
			}
			res.once('finish', () => (record.status = res.statusCode));
			const override = misbehave[record.kind];
			const answer = async () => {
				if (override && (await override(req, res)) !== false) return;
				if (req.method === 'POST' && rawPath === '/oauth/token') handleToken(req, res, query, body);
				else if ((req.method === 'GET' || req.method === 'DELETE') && rawPath.startsWith('/v2/'))
					await handleApi(req, res, rawPath, query);
				else send(res, 404, { code: 404, message: 'Not found' });
			};
			answer().catch((error) => send(res, 500, { code: 500, message: String(error) }));
		});
	};
	const server = options.tls ? https.createServer(options.tls, handle) : http.createServer(handle);
	server.keepAliveTimeout = 30_000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;

	return {
		url,
		port,
		apiBaseUrl: `${url}/v2`,
		oauthBaseUrl: `${url}/oauth`,
		state,
		stats,
		requests,
		misbehave,
		/** Requests to the API (not the token endpoint). */
		apiRequests: () => requests.filter((request) => request.kind === 'api'),
		tokenRequests: () => requests.filter((request) => request.kind === 'token'),
		/** A valid access token as if issued earlier (for seeding a credential). */
		issueAccessToken,
		/** Makes every access token issued so far expire now. */
		expireAccessTokens() {
			for (const entry of state.accessTokens.values()) entry.expiresAt = 0;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}

export type ZoomServer = Awaited<ReturnType<typeof startZoomServer>>;
