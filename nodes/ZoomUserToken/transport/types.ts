/** The node's `authentication` choices. */
export type ZoomAuthentication = 'oAuth2' | 'serverToServerOAuth';

/** Which credential the node uses and where its account's API lives; read once per execution. */
export interface ZoomConnection {
	authentication: ZoomAuthentication;
	credentialType: string;
	apiBaseUrl: string;
	/** Where the account's users open meetings: start links point there. */
	webBaseUrl: string;
	/** The Zoom account requests count against: the API host and the credential that signs them. */
	account: string;
}
