import { expectNoSecrets } from './support/assertions';
import type { Engine, ZoomServer } from './support/zoomSetup';
import {
	addOAuth2Credential,
	addS2SCredential,
	getTokenParameters,
	newEngine,
} from './support/zoomSetup';
import { onFakeClock } from './support/fakeClock';
import { n8nLog } from './support/n8nEngine';
import { startZoomServer } from './support/zoomServer';

/**
 * Every failure mode, and then a search of everything the user or an operator could see — thrown
 * errors (message, description, context, cause), output items and every line n8n logged — for the
 * access token, the refresh token, the client secret and Authorization header values.
 */
describe('no secret in errors, outputs or logs', () => {
	let server: ZoomServer;
	let engine: Engine;
	let logged: string[];
	const restore: Array<() => void> = [];

	beforeEach(() => {
		logged = [];
		for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
			const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
				logged.push(
					args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '),
				);
			});
			restore.push(() => spy.mockRestore());
		}
		const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
			logged.push(String(chunk));
			return true;
		});
		restore.push(() => stdout.mockRestore());
	});
	afterEach(async () => {
		while (restore.length) restore.pop()!();
		await server.close();
	});

	type Scenario = {
		server?: Parameters<typeof startZoomServer>[0];
		authentication: 'oAuth2' | 'serverToServerOAuth';
		credential?: Record<string, unknown>;
		expired?: boolean;
		userId?: string;
		options?: object;
		expect: RegExp;
	};

	const scenarios: Array<[string, Scenario]> = [
		[
			'wrong client secret (Server-to-Server)',
			{
				authentication: 'serverToServerOAuth',
				credential: { clientSecret: 'bad-client-secret-1' },
				expect: /Client ID or Client Secret/,
			},
		],
		[
			'unknown account (Server-to-Server)',
			{
				authentication: 'serverToServerOAuth',
				credential: { accountId: 'acct-x' },
				expect: /Account ID/,
			},
		],
		[
			'wrong client secret on refresh (OAuth2)',
			{
				authentication: 'oAuth2',
				expired: true,
				credential: { clientSecret: 'bad-client-secret-2' },
				expect: /Client ID or Client Secret of the OAuth2 credential/,
			},
		],
		[
			'401 after refresh (OAuth2)',
			{
				authentication: 'oAuth2',
				expired: true,
				server: { accessTokenTtlSeconds: 0 },
				expect: /rejected the access token/,
			},
		],
		[
			'401 after a new token (Server-to-Server)',
			{
				authentication: 'serverToServerOAuth',
				server: { accessTokenTtlSeconds: 0 },
				expect: /rejected the access token/,
			},
		],
		[
			'400 missing scopes',
			{
				authentication: 'oAuth2',
				server: { scopes: ['user:read'] },
				userId: 'u-jane',
				expect: /missing a scope/,
			},
		],
		[
			'404 unknown user',
			{ authentication: 'serverToServerOAuth', userId: 'ghost', expect: /not found/ },
		],
		[
			'429 daily limit',
			{ authentication: 'oAuth2', server: { dailyLimit: 1 }, expect: /daily request limit/ },
		],
		[
			'5xx after retries',
			{
				authentication: 'serverToServerOAuth',
				server: { faults: { rate5xx: 1 } },
				expect: /server error/,
			},
		],
		[
			'time-outs after retries',
			{
				authentication: 'oAuth2',
				server: { faults: { rateSlow: 1, slowMs: 5000 } },
				options: { timeout: 1 },
				expect: /Zoom did not answer in time/,
			},
		],
	];

	it.each(scenarios)('%s', async (_name, scenario) => {
		server = await startZoomServer(scenario.server);
		engine = newEngine();
		if (scenario.authentication === 'oAuth2')
			addOAuth2Credential(engine, server, 'cred', {
				expired: scenario.expired,
				extra: scenario.credential,
			});
		else addS2SCredential(engine, server, 'cred', scenario.credential);
		const parameters = getTokenParameters({
			authentication: scenario.authentication,
			userId: scenario.userId ?? 'me',
			options: scenario.options ?? {},
		});
		const items = [{}, {}];

		const logStart = n8nLog.length;
		const continued = await onFakeClock(
			async () =>
				await engine.runNode({ parameters, credentialId: 'cred', items, continueOnFail: true }),
		);
		expect(
			continued.items!.map((item) => String(item.json.error ?? item.json.token)),
		).toContainEqual(expect.stringMatching(scenario.expect));
		const failed = await onFakeClock(
			async () => await engine.runNode({ parameters, credentialId: 'cred', items }),
		);
		expect(failed.error.message).toMatch(scenario.expect);
		// The sweep below covers what n8n logged: here, at least the failure itself.
		expect(n8nLog.slice(logStart).join('\n')).toMatch(scenario.expect);
		const seen: unknown[] = [continued.items, continued.run, failed.error, failed.run];
		seen.push(logged.join('\n'), n8nLog.slice(logStart).join('\n'));
		const secrets = ['bad-client-secret-1', 'bad-client-secret-2'];
		for (const value of seen) {
			expectNoSecrets(value, server);
			const text = typeof value === 'string' ? value : JSON.stringify(value);
			for (const secret of secrets) expect(text.includes(secret)).toBe(false);
		}
	});
});
