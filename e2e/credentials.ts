/**
 * The data of the credentials the end-to-end suites import, from the apps of the Zoom server they run
 * against: what a user would have saved in n8n's editor.
 */
import type { ZoomServer } from '../test/support/zoomServer';

/** Environment "Custom", pointed at the Zoom server. */
export const customEnvironment = (zoom: ZoomServer) => ({
	environment: 'custom',
	apiBaseUrl: zoom.apiBaseUrl,
	oauthBaseUrl: zoom.oauthBaseUrl,
});

/**
 * A connected OAuth2 account: with `accessToken`, a token Zoom accepts; without, one that expired
 * and the refresh token to renew it.
 */
export const oauth2Data = (zoom: ZoomServer, accessToken?: string) => ({
	clientId: zoom.state.oauthApp.clientId,
	clientSecret: zoom.state.oauthApp.clientSecret,
	oauthTokenData: {
		access_token: accessToken ?? 'expired-yesterday',
		...(accessToken === undefined && { refresh_token: zoom.state.currentRefreshToken }),
		token_type: 'bearer',
		expires_in: 3599,
	},
});

/** A Server-to-Server app with no token fetched yet. */
export const serverToServerData = (zoom: ZoomServer) => ({ ...zoom.state.s2sApp, accessToken: '' });
