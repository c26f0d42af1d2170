import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { expectNoSecrets } from './support/assertions';
import { onFakeClock } from './support/fakeClock';
import type { Engine, ZoomServer } from './support/zoomSetup';
import {
	OAUTH2,
	addOAuth2Credential,
	addS2SCredential,
	customEnvironment,
	getTokenParameters,
	newEngine,
} from './support/zoomSetup';
import type { Misbehaviour } from './support/zoomServer';
import { startZoomServer } from './support/zoomServer';

/**
 * The adversarial suite: a Zoom (or a gateway in front of it) that redirects, stalls, trickles,
 * answers oversized or malformed bodies, and a second local host — "foreign" — that records whether
 * any credential reached it. Each case runs the whole node in n8n's engine.
 */

interface Foreign {
	url: string;
	received: Array<{ url: string; authorization?: string; body: string }>;
	close: () => Promise<void>;
}

/** A host that is not the configured one: it records everything and answers like a Zoom would. */
async function startForeignHost(): Promise<Foreign> {
	const received: Foreign['received'] = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk));
		req.on('end', () => {
			received.push({ url: req.url ?? '', authorization: req.headers.authorization, body });
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(
				JSON.stringify({ token: 'forged-token', access_token: 'forged-access', expires_in: 3600 }),
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		received,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

const redirectTo =
	(location: string, status = 302): Misbehaviour =>
	(_req, res) => {
		res.writeHead(status, { Location: location });
		res.end();
	};

describe('adversarial: nothing leaves for another host, nothing waits forever', () => {
	let server: ZoomServer;
	let foreign: Foreign;
	let engine: Engine;

	beforeEach(async () => {
		server = await startZoomServer();
		foreign = await startForeignHost();
		engine = newEngine();
		addOAuth2Credential(engine, server, 'oauth');
		addS2SCredential(engine, server, 's2s');
	});
	afterEach(async () => {
		await server.close();
		await foreign.close();
	});

	const run = async (
		authentication: 'oAuth2' | 'serverToServerOAuth',
		parameters: Record<string, unknown> = {},
		items: object[] = [{}],
		credentialId = authentication === 'oAuth2' ? 'oauth' : 's2s',
	) =>
		await onFakeClock(
			async () =>
				await engine.runNode({
					parameters: getTokenParameters({ authentication, ...parameters }),
					credentialId,
					items,
					continueOnFail: true,
				}),
		);

	describe.each(['oAuth2', 'serverToServerOAuth'] as const)('with %s', (authentication) => {
		it.each([301, 302, 303, 307, 308])(
			'an API answer %i to another host is an error naming that host; the bearer token stays home',
			async (status) => {
				server.misbehave.api = redirectTo(`${foreign.url}/v2/users/me/token?type=zak`, status);
				const { items } = await run(authentication);
				expect(items![0].json).toMatchObject({
					error: `Zoom answered with a redirect to ${foreign.url}`,
					httpCode: status,
				});
				expect(items![0].json.token).toBeUndefined();
				expect(foreign.received).toEqual([]);
				expectNoSecrets(items, server);
			},
		);

		it('a redirect to plain http is refused the same way', async () => {
			server.misbehave.api = redirectTo('http://zoom-downgrade.example.com/v2/users/me/token');
			const { items } = await run(authentication);
			expect(items![0].json.error).toBe(
				'Zoom answered with a redirect to http://zoom-downgrade.example.com',
			);
		});

		it('the user list search does not follow a redirect either', async () => {
			server.misbehave.api = redirectTo(`${foreign.url}/v2/users`);
			await expect(
				engine.searchUsers({
					parameters: getTokenParameters({ authentication }),
					credentialId: authentication === 'oAuth2' ? 'oauth' : 's2s',
				}),
			).rejects.toThrow(`Zoom answered with a redirect to ${foreign.url}`);
			expect(foreign.received).toEqual([]);
		});

		it('a trickling answer is cut off by the Timeout: it bounds the whole answer, not the silence', async () => {
			server.misbehave.api = (_req, res) => {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				const drip = setInterval(() => res.write(' '), 500);
				res.on('close', () => clearInterval(drip));
			};
			const { items } = await run(authentication, { options: { timeout: 2 } });
			expect(items![0].json.error).toBe('Zoom did not answer in time');
		});

		it('a trickling error body is cut off by the Timeout too, on n8n’s own request path', async () => {
			// A fresh process renews a token it has not used for an hour with its first request, which
			// n8n sends the ordinary way (n8n 2.x): its error body arrives as a stream to read.
			server.misbehave.api = (_req, res) => {
				res.writeHead(503, { 'Content-Type': 'application/json' });
				const drip = setInterval(() => res.write(' '), 200);
				res.on('close', () => clearInterval(drip));
			};
			const { items } = await run(authentication, { options: { timeout: 1 } });
			expect(items![0].json.error).toBe('Zoom did not answer in time');
		});

		it('an oversized answer is cut off at the cap, not buffered whole', async () => {
			let sent = 0;
			server.misbehave.api = (_req, res) => {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				const chunk = Buffer.alloc(64 * 1024, 0x20);
				const pump = () => {
					// 64 MB if nobody stops reading: sixteen times the cap.
					while (sent < 1024 && res.write(chunk)) sent++;
					if (sent < 1024) res.once('drain', pump);
					else res.end('{}');
				};
				res.on('close', () => res.removeAllListeners('drain'));
				pump();
			};
			const { items } = await run(authentication);
			expect(String(items![0].json.error)).toMatch(/larger than 4 MB/);
			expect(sent).toBeLessThan(1024);
		});

		it.each([
			['a 404 page without Zoom’s code (an API Base URL missing /v2, a gateway’s page)', 404],
			['a 200 page that is not Zoom’s JSON', 200],
		])('%s says the URL did not reach Zoom’s API, and names it', async (_name, status) => {
			server.misbehave.api = (_req, res) => {
				res.writeHead(status, { 'Content-Type': 'text/html' });
				res.end('<html><body>Not here</body></html>');
			};
			const { items } = await run(authentication, { userId: 'u-jane' });
			const { error } = items![0].json;
			expect(error).toBe(
				`The answer to ${server.apiBaseUrl}/users/u-jane/token did not come from Zoom's API`,
			);
			expect(error).not.toMatch(/not found/);
			expect(error).not.toMatch(/type=|ttl=/);
			const { errorItems } = await onFakeClock(
				async () =>
					await engine.runNode({
						parameters: getTokenParameters({ authentication, userId: 'u-jane' }),
						credentialId: authentication === 'oAuth2' ? 'oauth' : 's2s',
						items: [{}],
						onError: 'continueErrorOutput',
					}),
			);
			// The suite's credentials are Custom: what to check there.
			expect(errorItems![0].error!.description).toMatch(/API Base URL .* \/v2/);
		});

		it('Zoom’s text in a message is cut to a sensible length', async () => {
			server.misbehave.api = (_req, res) => {
				res.writeHead(404, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ code: 3000, message: 'x'.repeat(5_000_000) }));
			};
			const { items } = await run(authentication, { userId: 'u-jane' });
			const error = String(items![0].json.error);
			expect(error.length).toBeLessThan(400);
			// A body over 4 MB is not read: without Zoom's code, the answer is not taken for Zoom's.
			expect(error).toMatch(/^Zoom user "u-jane" not found|HTTP 404|did not come from Zoom's API/);
		});
	});

	it('the Server-to-Server token endpoint answering 307 to another host: the client secret stays home', async () => {
		server.misbehave.token = redirectTo(`${foreign.url}/oauth/token`, 307);
		const { items } = await run('serverToServerOAuth');
		expect(String(items![0].json.error)).toMatch(
			`Zoom's token endpoint answered with a redirect to ${foreign.url}`,
		);
		expect(foreign.received).toEqual([]);
		expectNoSecrets(items, server);
	});

	it('a stalled token request ends at its deadline, and the next run fetches a new token', async () => {
		server.misbehave.token = () => undefined; // never answers
		const stalled = await run('serverToServerOAuth', { options: { timeout: 60 } });
		expect(String(stalled.items![0].json.error)).toBe(
			"Zoom's token endpoint did not answer in time",
		);
		delete server.misbehave.token;
		const next = await run('serverToServerOAuth');
		expect(next.items![0].json.token).toMatch(/^zak:u-owner:/);
	});

	it('a changed secret, account or environment never receives another credential’s token', async () => {
		expect((await run('serverToServerOAuth')).items![0].json.token).toMatch(/^zak:/);
		const app = server.state.s2sApp;
		addS2SCredential(engine, server, 'otherSecret', { clientSecret: 'not-the-secret' });
		addS2SCredential(engine, server, 'otherAccount', { accountId: 'acct-other' });
		addS2SCredential(engine, server, 'otherEnvironment', {
			environment: 'custom',
			apiBaseUrl: `${foreign.url}/v2`,
			oauthBaseUrl: `${foreign.url}/oauth`,
			clientSecret: app.clientSecret,
		});
		const wrongSecret = await run('serverToServerOAuth', {}, [{}], 'otherSecret');
		expect(wrongSecret.items![0].json.error).toMatch(/Client ID or Client Secret/);
		const wrongAccount = await run('serverToServerOAuth', {}, [{}], 'otherAccount');
		expect(wrongAccount.items![0].json.error).toMatch(/Account ID "acct-other"/);
		// The foreign host issues its own token; Zoom's token was never sent there.
		await run('serverToServerOAuth', {}, [{}], 'otherEnvironment');
		const zoomTokens = [...server.state.accessTokens.keys()];
		for (const request of foreign.received) {
			for (const token of zoomTokens) expect(request.authorization ?? '').not.toContain(token);
		}
	});

	it('the token cache keeps nothing for a failed fetch, and never hands a rotated-out secret’s token on', async () => {
		addS2SCredential(engine, server, 'wrong', { clientSecret: 'wrong-secret' });
		await run('serverToServerOAuth', {}, [{}], 'wrong');
		await run('serverToServerOAuth', {}, [{}], 'wrong');
		// Each run asked Zoom again: no failed fetch was kept and handed out.
		expect(server.tokenRequests()).toHaveLength(2);
		await run('serverToServerOAuth');
		const first = server.tokenRequests().length;
		server.state.s2sApp.clientSecret = 'rotated-secret-VALUE';
		addS2SCredential(engine, server, 'rotated');
		expect((await run('serverToServerOAuth', {}, [{}], 'rotated')).items![0].json.token).toMatch(
			/^zak:/,
		);
		// The new secret fetched its own token, and Zoom got the new secret.
		expect(server.tokenRequests()).toHaveLength(first + 1);
		expect(server.tokenRequests().at(-1)!.authorization).toBe(
			`Basic ${Buffer.from('s2s-client:rotated-secret-VALUE').toString('base64')}`,
		);
	});

	it.each([
		[Number.NaN, '"NaN"'],
		[Infinity, 'null'],
		[-5, '-5'],
		[1e21, '1e+21'],
	])('a numeric user ID (%s) from an expression is refused before any request', async (value) => {
		const { items } = await run('oAuth2', { userId: '={{ $json.id }}' }, [{ id: value }]);
		expect(String(items![0].json.error)).toMatch(
			/^Invalid User \(userId\) in item 0: .* is a number/,
		);
		expect(server.apiRequests()).toHaveLength(0);
	});

	it.each([
		[{ timeout: 1e18 }, /Timeout \(Seconds\): "1000000000000000000" is not a number from 1 to 300/],
		[
			{ maxRequestsPerSecond: 1e-7 },
			/Max Requests per Second: "1e-7" is not a number from 0.1 to 1000/,
		],
		[
			{ maxConcurrentRequests: 2.5 },
			/Max Concurrent Requests: "2.5" is not a whole number from 1 to 100/,
		],
		[{ timeout: 'soon' }, /Timeout \(Seconds\): "soon" is not a number/],
	])('options out of range (%o) get a clear error and send nothing', async (options, message) => {
		const { items } = await run('oAuth2', { options }, [{}, {}]);
		expect(items!.map((item) => String(item.json.error))).toEqual([
			expect.stringMatching(message),
			expect.stringMatching(message),
		]);
		expect(server.apiRequests()).toHaveLength(0);
	});

	it.each([
		['not JSON', 'text', "did not come from Zoom's API"],
		['no list', { users: 'everyone' }, "Zoom's list of users did not come in the expected form"],
		[
			'users without IDs',
			{ users: [{ email: 'x@example.com' }] },
			"Zoom's list of users did not come in the expected form",
		],
	])('a user list answer with %s is a clear error', async (_name, body, message) => {
		server.misbehave.api = (_req, res) => {
			res.writeHead(200, {
				'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json',
			});
			res.end(typeof body === 'string' ? body : JSON.stringify(body));
		};
		await expect(
			engine.searchUsers({ parameters: getTokenParameters({}), credentialId: 'oauth' }),
		).rejects.toThrow(message);
	});

	it('Zoom’s daily limit without the X-RateLimit-Type header still halts the run, saying why', async () => {
		server.misbehave.api = (_req, res) => {
			res.writeHead(429, { 'Content-Type': 'application/json' });
			res.end(
				JSON.stringify({
					code: 429,
					message: 'You have reached the maximum daily rate limit for this API. Try again later.',
				}),
			);
		};
		const { items } = await run(
			'oAuth2',
			{ userId: '={{ $json.id }}' },
			Array.from({ length: 20 }, () => ({ id: 'u-jane' })),
		);
		expect(new Set(items!.map((item) => item.json.error))).toEqual(
			new Set(["Zoom's daily request limit for this account is used up"]),
		);
		expect(server.apiRequests()).toHaveLength(1);
	});

	it('a Retry-After longer than the node waits halts the run and says so, not "waited and retried"', async () => {
		server.misbehave.api = (_req, res) => {
			res.writeHead(429, {
				'Content-Type': 'application/json',
				'Retry-After': '3600',
				'X-RateLimit-Type': 'QPS',
			});
			res.end(
				JSON.stringify({
					code: 429,
					message: 'You have reached the maximum per-second rate limit for this API.',
				}),
			);
		};
		const stopped = await onFakeClock(
			async () =>
				await engine.runNode({
					parameters: getTokenParameters({}),
					credentialId: 'oauth',
					items: [{}, {}],
				}),
		);
		expect(stopped.error.message).toBe('Zoom asked the node to pause for longer than it waits');
		expect(stopped.error.description).toMatch(/Retry-After "3600".*stopped sending/);
		expect(stopped.error.description).not.toMatch(/waited and retried/);
	});

	it('a daily-limit halt on 150,000 items ends cleanly with the first item’s error', async () => {
		// Every item fails alike: picking the first failure must not spread 150,000 indexes into a call.
		server.state.dailyLimit = 1;
		server.state.acceptedToday = 1;
		const many = Array.from({ length: 150_000 }, () => ({}));
		let tookMs = 0;
		const stopped = await onFakeClock(async () => {
			const startedAt = Date.now();
			const run = await engine.runNode({
				parameters: getTokenParameters({}),
				credentialId: 'oauth',
				items: many,
			});
			tookMs = Date.now() - startedAt;
			return run;
		});
		// The items after the halt get its error at once, not each after a wait for a start.
		expect(tookMs).toBeLessThan(10_000);
		expect(stopped.error.message).toBe("Zoom's daily request limit for this account is used up");
		expect(stopped.error.context.itemIndex).toBe(0);
		expect(server.apiRequests()).toHaveLength(1);
	});

	it('the OAuth2 credential’s Custom authorization and token URLs follow the https-unless-loopback rule', async () => {
		const resolve = async (oauthBaseUrl: string) => {
			engine.addCredential('custom', OAUTH2, {
				...customEnvironment(server),
				oauthBaseUrl,
				clientId: 'c',
				clientSecret: 's',
			});
			const data = await engine.credentialsHelper.getDecrypted(
				{} as never,
				{ id: 'custom', name: 'custom' },
				OAUTH2,
			);
			return [data.authUrl, data.accessTokenUrl];
		};
		expect(await resolve('https://gateway.example.com/oauth/')).toEqual([
			'https://gateway.example.com/oauth/authorize',
			'https://gateway.example.com/oauth/token',
		]);
		expect(await resolve(server.oauthBaseUrl)).toEqual([
			`${server.oauthBaseUrl}/authorize`,
			`${server.oauthBaseUrl}/token`,
		]);
		for (const insecure of [
			'http://zoom-gateway.example.com/oauth',
			'http://127.0.0.1.example.com/oauth',
			'ftp://x/oauth',
		]) {
			const [authUrl, tokenUrl] = await resolve(insecure);
			expect(authUrl).toMatch(/^https-required:/);
			expect(tokenUrl).toMatch(/^https-required:/);
		}
	});
});
