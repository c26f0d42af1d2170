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

/**
 * What went wrong with one Zoom request, read once off whatever either n8n line threw (errors.ts):
 * everything the node decides (retry, wait, halt, which advice to give) is made from this shape.
 */
export interface ZoomFailure {
	/** HTTP status Zoom answered, when it answered at all. */
	status?: number;
	/** Zoom's numeric error code from the JSON body, e.g. 1001, 124, 4711. */
	zoomCode?: number;
	/** Zoom's own message from the JSON body. */
	zoomMessage?: string;
	/** Response headers, lower-cased. */
	headers: Record<string, string>;
	/** A network-level error code (ECONNRESET, ETIMEDOUT, ECONNABORTED, …) when no answer came. */
	networkCode?: string;
	/** Zoom refused n8n's refresh of the OAuth2 token (2.x: n8n asks to reconnect; 1.x: invalid_grant). */
	needsReconnect: boolean;
	/** The OAuth `error` Zoom's token endpoint gave when n8n refreshed the token, e.g. `invalid_client`. */
	oauthError?: string;
	/** A message from n8n or the credential (not from Zoom) when nothing better is known. */
	otherMessage?: string;
	/** Where the request went, when known (no query: nothing secret). */
	url?: string;
	/** A credential's own explanation (e.g. why Zoom refused a Server-to-Server token). */
	credentialProblem?: { message: string; description: string };
}
