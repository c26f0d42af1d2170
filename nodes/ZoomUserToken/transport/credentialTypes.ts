/** The node's `authentication` choices. */
export type ZoomAuthentication = 'oAuth2' | 'serverToServerOAuth';

/** The credential type each authentication choice uses. */
export function credentialTypeFor(authentication: ZoomAuthentication): string {
	return authentication === 'serverToServerOAuth' ? 'zoomServerToServerOAuthApi' : 'zoomUserTokenOAuth2Api';
}
