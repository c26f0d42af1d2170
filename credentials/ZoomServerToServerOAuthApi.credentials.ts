import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import {
	environmentUrlExpression,
	resolveZoomEndpoints,
	zoomEnvironmentProperties,
} from './zoomEnvironment';
import {
	appFingerprint,
	obtainServerToServerToken,
	serverToServerApp,
} from './zoomServerToServerToken';

/** The app a credential's values name: its token URL (from the Environment), account and client. */
function appOf(credentials: ICredentialDataDecryptedObject) {
	const resolved = resolveZoomEndpoints(credentials);
	if ('problem' in resolved) {
		throw new UserError(`Zoom Server-to-Server OAuth credential: ${resolved.problem}`);
	}
	return serverToServerApp(credentials, `${resolved.endpoints.oauthBaseUrl}/token`);
}

const MISSING_SCOPE =
	'The token was issued, but the app lacks a scope: add user:read:token:admin (granular) or user:read:admin (classic) on the Scopes page of the Zoom app, then activate it again';

/** A Test rule: Zoom's error `code` in the answer fails the Test with `message`. */
const codeRule = (value: number, message: string) => ({
	type: 'responseSuccessBody' as const,
	properties: { key: 'code', value, message },
});

export class ZoomServerToServerOAuthApi implements ICredentialType {
	name = 'zoomServerToServerOAuthApi';

	displayName = 'Zoom Server-to-Server OAuth API';

	icon: Icon = { light: 'file:zoom.svg', dark: 'file:zoom.dark.svg' };

	documentationUrl = 'https://developers.zoom.us/docs/internal-apps/s2s-oauth/';

	// The same order as the OAuth2 credential's form: the app's values, then where Zoom is.
	properties: INodeProperties[] = [
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			required: true,
			description: "From the app's App Credentials page in the Zoom App Marketplace",
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		...zoomEnvironmentProperties,
		{
			// Filled by preAuthentication; n8n empties and refills it when Zoom answers 401.
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			// Which values fetched the access token (a hash, see appFingerprint).
			displayName: 'Access Token For',
			name: 'accessTokenFor',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const app = appOf(credentials);
		const accessTokenFor = appFingerprint(app);
		// A stored token fetched with other values is no token of this app's: never hand it back.
		const stored = credentials.accessTokenFor === accessTokenFor ? credentials.accessToken : '';
		const accessToken = await obtainServerToServerToken(this, app, stored);
		return { accessToken, accessTokenFor };
	}

	/**
	 * n8n keeps the stored token when the user edits the credential, and fetches a new one only when
	 * it is empty or a request fails with 401. So a token is sent only with the values that fetched it;
	 * after an edit, the request fails with 401 before anything is sent, and n8n fetches a token with
	 * the new values (preAuthentication) and repeats it — in runs and in the credential's Test alike.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		if (credentials.accessTokenFor !== appFingerprint(appOf(credentials))) {
			throw Object.assign(
				new UserError('The Server-to-Server OAuth credential changed since its token was fetched'),
				{ response: { status: 401 } },
			);
		}
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${credentials.accessToken}` },
		};
	}

	// Asks for a short-lived ZAK of the app's owner: the cheapest call that needs the very scope
	// the node needs, so a passing test means the node will work.
	test: ICredentialTestRequest = {
		request: {
			baseURL: environmentUrlExpression('$credentials', 'api'),
			url: '/users/me/token',
			qs: { type: 'zak', ttl: 60 },
			// The fetched token must never follow a redirect to another host.
			disableFollowRedirect: true,
			// Zoom's answer is judged by its body, below. n8n 1.x loses the status of a failed test
			// request before its rules see it (every failure would read "Bad request - please check
			// your parameters"); an answer taken as it came reads the same on every n8n line.
			ignoreHttpStatusErrors: true,
		},
		// Anything but a token fails, with the likeliest cause.
		rules: [
			codeRule(4700, MISSING_SCOPE),
			codeRule(4711, MISSING_SCOPE),
			codeRule(124, 'Zoom rejected the access token: check that the app is activated'),
			{
				// Anything else: a redirect, an error Zoom rarely gives here.
				type: 'responseSuccessBody',
				properties: {
					key: 'token',
					value: undefined,
					message:
						'Zoom answered without a token for the app\'s owner ("me"): check the app on the Zoom App Marketplace, or run the node to see Zoom\'s whole answer',
				},
			},
		],
	};
}
