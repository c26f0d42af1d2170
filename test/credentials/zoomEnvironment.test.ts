import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { ZoomServerToServerOAuthApi } from '../../credentials/ZoomServerToServerOAuthApi.credentials';
import { checkCustomBaseUrl, resolveZoomEndpoints } from '../../credentials/zoomEnvironment';
import { connectToZoom, zoomUrl } from '../../nodes/ZoomUserToken/transport';

const environments: Array<[string, Record<string, string>, string, string]> = [
	['Zoom', { environment: 'zoom' }, 'https://api.zoom.us/v2', 'https://zoom.us/oauth/token'],
	[
		'Zoom for Government',
		{ environment: 'zoomGov' },
		'https://api.zoomgov.com/v2',
		'https://zoomgov.com/oauth/token',
	],
	[
		'Custom',
		{
			environment: 'custom',
			apiBaseUrl: 'https://gw.example.com/zoom/v2/',
			oauthBaseUrl: 'https://gw.example.com/zoom/oauth',
		},
		'https://gw.example.com/zoom/v2',
		'https://gw.example.com/zoom/oauth/token',
	],
];

describe.each(environments)('environment %s', (_name, environment, apiBaseUrl, tokenUrl) => {
	it('the node sends Get Token to the environment’s API host and path', async () => {
		for (const authentication of ['oAuth2', 'serverToServerOAuth']) {
			const context = {
				getNodeParameter: () => authentication,
				getCredentials: async () => ({ ...environment }),
				getNode: () => ({ name: 'Zoom User Token' }),
			} as unknown as IExecuteFunctions;
			const connection = await connectToZoom.call(context);
			expect(connection.apiBaseUrl).toBe(apiBaseUrl);
			expect(zoomUrl(connection, ['users', 'a+b@example.com', 'token'])).toBe(
				`${apiBaseUrl}/users/a%2Bb%40example.com/token`,
			);
		}
	});

	it('the Server-to-Server credential asks the environment’s token endpoint', async () => {
		const sent: IHttpRequestOptions[] = [];
		const helper = {
			helpers: {
				httpRequest: async (options: IHttpRequestOptions) => {
					sent.push(options);
					return { access_token: `token-for-${tokenUrl}`, expires_in: 3599 };
				},
			},
		};
		const credential = new ZoomServerToServerOAuthApi();
		const result = await credential.preAuthentication.call(helper, {
			...environment,
			accountId: 'acct-9',
			clientId: 'client-9',
			clientSecret: `secret-${tokenUrl}`,
			accessToken: '',
		});
		expect(result).toEqual({
			accessToken: `token-for-${tokenUrl}`,
			accessTokenFor: expect.stringMatching(/^[0-9a-f]{64}$/),
		});
		expect(sent).toHaveLength(1);
		const { abortSignal, ...options } = sent[0];
		expect(options).toEqual({
			method: 'POST',
			url: tokenUrl,
			qs: { grant_type: 'account_credentials', account_id: 'acct-9' },
			auth: { username: 'client-9', password: `secret-${tokenUrl}` },
			json: true,
			// The secret never follows a redirect, and the whole request has a deadline.
			disableFollowRedirect: true,
		});
		expect(abortSignal).toBeInstanceOf(AbortSignal);
	});

	it('the Server-to-Server credential test calls the environment’s API', () => {
		const { test } = new ZoomServerToServerOAuthApi();
		const workflow = new Workflow({
			nodes: [],
			connections: {},
			active: false,
			nodeTypes: {} as never,
		});
		const baseURL = workflow.expression.getSimpleParameterValue(
			{ name: 'test', type: 'mock', typeVersion: 1, position: [0, 0], parameters: {}, id: 't' },
			test.request.baseURL as string,
			'internal',
			{ $credentials: environment } as never,
			undefined,
			'',
		);
		expect(`${baseURL}${test.request.url}`).toBe(`${apiBaseUrl}/users/me/token`);
		// The token the Test fetched must not follow a redirect to another host.
		expect(test.request.disableFollowRedirect).toBe(true);
	});
});

describe('custom base URLs', () => {
	it.each([
		['https://gw.example.com/v2', 'https://gw.example.com/v2'],
		['https://gw.example.com/v2///', 'https://gw.example.com/v2'],
		['http://localhost:8080/v2', 'http://localhost:8080/v2'],
		['http://127.0.0.1:9/v2', 'http://127.0.0.1:9/v2'],
		['http://[::1]:9/v2', 'http://[::1]:9/v2'],
	])('accepts %s', (input, url) => {
		expect(checkCustomBaseUrl('API Base URL', input)).toEqual({ url });
	});

	it.each([
		['', /is empty/],
		['   ', /is empty/],
		['gw.example.com/v2', /is not a valid URL/],
		['http://gw.example.com/v2', /must use https:\/\//],
		['http://127.0.0.1.nip.io/v2', /must use https:\/\//],
		['ftp://gw.example.com', /must use https:\/\//],
		['https://gw.example.com/v2?x=1', /must not contain a query/],
		['https://user:pw@gw.example.com/v2', /must not contain a query, a fragment or user info/],
	])('rejects %j', (input, problem) => {
		const result = checkCustomBaseUrl('API Base URL', input);
		expect('problem' in result && result.problem).toMatch(problem);
	});

	it('an unknown environment is a clear problem, not a silent default', () => {
		expect(resolveZoomEndpoints({ environment: 'zoom-eu' })).toEqual({
			problem: 'Unknown Zoom environment "zoom-eu" in the credential.',
		});
		expect(resolveZoomEndpoints({})).toEqual({
			endpoints: {
				apiBaseUrl: 'https://api.zoom.us/v2',
				oauthBaseUrl: 'https://zoom.us/oauth',
				webBaseUrl: 'https://zoom.us',
			},
		});
	});
});
