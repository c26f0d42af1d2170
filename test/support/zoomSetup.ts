import { ZoomMeetingSdkApi } from '../../credentials/ZoomMeetingSdkApi.credentials';
import { ZoomServerToServerOAuthApi } from '../../credentials/ZoomServerToServerOAuthApi.credentials';
import { ZoomUserTokenOAuth2Api } from '../../credentials/ZoomUserTokenOAuth2Api.credentials';
import { ZoomUserToken } from '../../nodes/ZoomUserToken/ZoomUserToken.node';
import { createEngine } from './n8nEngine';
import { startZoomServer } from './zoomServer';

export type ZoomServer = Awaited<ReturnType<typeof startZoomServer>>;
export type Engine = ReturnType<typeof createEngine>;

export const OAUTH2 = 'zoomUserTokenOAuth2Api';
export const S2S = 'zoomServerToServerOAuthApi';
export const MEETING_SDK = 'zoomMeetingSdkApi';

/** n8n's engine with this package's node and credentials loaded from the TypeScript source. */
export function newEngine(): Engine {
	return createEngine({
		ZoomUserToken,
		credentialClasses: { ZoomUserTokenOAuth2Api, ZoomServerToServerOAuthApi, ZoomMeetingSdkApi },
	});
}

/** Custom environment pointing a credential at the suite's Zoom server. */
export function customEnvironment(server: ZoomServer) {
	return {
		environment: 'custom',
		apiBaseUrl: server.apiBaseUrl,
		oauthBaseUrl: server.oauthBaseUrl,
	};
}

/**
 * A connected OAuth2 credential as n8n stores it after the browser sign-in; `expired` makes its
 * access token one Zoom no longer accepts (the usual state of a credential last used yesterday).
 */
export function addOAuth2Credential(
	engine: Engine,
	server: ZoomServer,
	id = 'oauth',
	{ expired = false, extra = {} }: { expired?: boolean; extra?: Record<string, unknown> } = {},
) {
	const accessToken = expired ? 'access-expired-yesterday' : server.issueAccessToken('oauth');
	engine.addCredential(id, OAUTH2, {
		...customEnvironment(server),
		clientId: server.state.oauthApp.clientId,
		clientSecret: server.state.oauthApp.clientSecret,
		oauthTokenData: {
			access_token: accessToken,
			refresh_token: server.state.currentRefreshToken,
			token_type: 'bearer',
			expires_in: 3599,
			scope: server.state.scopes.join(' '),
		},
		...extra,
	});
}

export function addS2SCredential(
	engine: Engine,
	server: ZoomServer,
	id = 's2s',
	extra: Record<string, unknown> = {},
) {
	engine.addCredential(id, S2S, {
		...customEnvironment(server),
		accountId: server.state.s2sApp.accountId,
		clientId: server.state.s2sApp.clientId,
		clientSecret: server.state.s2sApp.clientSecret,
		accessToken: '',
		...extra,
	});
}

/** Node parameters for Get Token, with the User field in "By ID" mode unless given whole. */
export function getTokenParameters(parameters: Record<string, unknown> = {}) {
	const { userId = 'me', ...rest } = parameters;
	return {
		resource: 'user',
		operation: 'getToken',
		userId: typeof userId === 'object' ? userId : { __rl: true, mode: 'id', value: userId },
		...rest,
	};
}
