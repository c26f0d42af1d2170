import type { INode } from 'n8n-workflow';

/** The node as errors name it, for the transport's unit tests. */
export const node: INode = {
	id: 'n',
	name: 'Zoom User Token',
	type: 'n8n-nodes-zoom-user-token.zoomUserToken',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** An HTTP client error as n8n's request helper throws it: the answer on `response`. */
export const httpError = (status: number, data: unknown, headers: Record<string, string> = {}) =>
	Object.assign(new Error(`Request failed with status code ${status}`), {
		response: { status, data, headers },
		config: { headers: { Authorization: 'Bearer secret-token' } },
	});
