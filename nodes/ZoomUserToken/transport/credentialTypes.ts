/** The node's `authentication` choices and the credential type each one uses. */
export type ZoomAuthentication = 'oAuth2' | 'serverToServerOAuth';

export const ZOOM_CREDENTIAL_TYPES: Record<ZoomAuthentication, string> = {
	oAuth2: 'zoomUserTokenOAuth2Api',
	serverToServerOAuth: 'zoomServerToServerOAuthApi',
};
