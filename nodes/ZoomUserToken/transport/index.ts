import type { IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { resolveZoomEndpoints } from '../../../credentials/zoomEnvironment';
import type { ZoomAuthentication } from './credentialTypes';
import { credentialTypeFor } from './credentialTypes';
import { zoomApiError } from './zoomErrors';
import { readZoomFailure } from './zoomFailure';

export type { ZoomAuthentication } from './credentialTypes';

type ZoomContext = IExecuteFunctions | ILoadOptionsFunctions;

/** Which credential the node uses and where its account's API lives; read once per execution. */
export interface ZoomConnection {
	authentication: ZoomAuthentication;
	credentialType: string;
	apiBaseUrl: string;
}

export interface ZoomGetRequest {
	/** Path segments below the API base; each is percent-encoded as exactly one segment. */
	path: string[];
	qs?: Record<string, string | number>;
	timeoutMs?: number;
}

export async function connectToZoom(this: ZoomContext): Promise<ZoomConnection> {
	const authentication = this.getNodeParameter('authentication', 0, 'oAuth2') as ZoomAuthentication;
	if (authentication !== 'oAuth2' && authentication !== 'serverToServerOAuth') {
		throw new NodeOperationError(this.getNode(), `Unknown authentication "${String(authentication)}"`, {
			description: 'Choose OAuth2 or Server-to-Server OAuth in the node’s Authentication field.',
		});
	}
	const credentialType = credentialTypeFor(authentication);
	const credentials = await this.getCredentials(credentialType);
	const resolved = resolveZoomEndpoints(credentials);
	if ('problem' in resolved) {
		throw new NodeOperationError(this.getNode(), `The Zoom credential is not usable: ${resolved.problem}`, {
			description: 'Open the credential and fix its Environment settings.',
		});
	}
	return { authentication, credentialType, apiBaseUrl: resolved.endpoints.apiBaseUrl };
}

/**
 * Every segment is percent-encoded, so `/`, `?`, `#` and `%` in a user ID cannot leave their
 * segment; the dot segments that URL parsers collapse never get here (input validation rejects them).
 */
export function zoomUrl(connection: ZoomConnection, path: string[]): string {
	return `${connection.apiBaseUrl}/${path.map(encodeURIComponent).join('/')}`;
}

/** One GET to Zoom through n8n's authenticated request helper. Errors come back as n8n threw them. */
export async function sendZoomGet(
	this: ZoomContext,
	connection: ZoomConnection,
	request: ZoomGetRequest,
): Promise<unknown> {
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: zoomUrl(connection, request.path),
		qs: request.qs,
		json: true,
		...(request.timeoutMs !== undefined && { timeout: request.timeoutMs }),
	};
	return await this.helpers.httpRequestWithAuthentication.call(this, connection.credentialType, options);
}

/** One GET whose failure becomes an actionable NodeApiError (the list search). */
export async function zoomApiGet(
	this: ZoomContext,
	connection: ZoomConnection,
	request: ZoomGetRequest,
): Promise<unknown> {
	try {
		return await sendZoomGet.call(this, connection, request);
	} catch (error) {
		throw zoomApiError(this.getNode(), readZoomFailure(error), { authentication: connection.authentication });
	}
}
