// The e2e suites' own workflows: Manual Trigger → items (Set + Split Out) → Zoom User Token, and
// the chain builder the queue-mode suite uses too.

const OAUTH2 = { zoomUserTokenOAuth2Api: { id: 'e2eOAuth2', name: 'Zoom OAuth2 (expired token)' } };
const S2S = { zoomServerToServerOAuthApi: { id: 'e2eS2S', name: 'Zoom Server-to-Server' } };

type OnError = 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';

/** A node of a chain: what n8n needs beyond its ID and position. */
export interface ChainNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	[more: string]: unknown;
}

/** A workflow whose nodes run one after the other, laid out left to right. */
export function chainWorkflow(id: string, name: string, nodes: ChainNode[]) {
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: nodes.map((node, index) => ({
			id: `${id}-${index + 1}`,
			position: [200 * index, 0],
			...node,
		})),
		connections: Object.fromEntries(
			nodes
				.slice(0, -1)
				.map((node, index) => [
					node.name,
					{ main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] },
				]),
		),
	};
}

/** The Zoom User Token node, Get Token unless `parameters` names another operation. */
export function zoomNode(
	parameters: Record<string, unknown>,
	credentials: object,
	onError: OnError = 'stopWorkflow',
): ChainNode {
	return {
		name: 'Zoom User Token',
		type: 'n8n-nodes-zoom-user-token.zoomUserToken',
		typeVersion: 1,
		parameters: { resource: 'user', operation: 'getToken', options: {}, ...parameters },
		credentials,
		onError,
	};
}

function itemsWorkflow(
	id: string,
	name: string,
	items: object[],
	zoomParameters: Record<string, unknown>,
	{ credentials = OAUTH2 as object, onError = 'stopWorkflow' as OnError } = {},
) {
	return chainWorkflow(id, name, [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		{
			name: 'Items',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items }), options: {} },
		},
		{
			name: 'Split',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'items', options: {} },
		},
		zoomNode(zoomParameters, credentials, onError),
	]);
}

const byId = (expression: string) => ({ __rl: true, mode: 'id', value: expression });
const unknownUser = [{ id: 'u-jane' }, { id: 'nobody' }, { id: 'u-bob' }];

/**
 * What n8n's "Custom API Call" points to: the HTTP Request node signing a Zoom call with this
 * package's Server-to-Server credential (Predefined Credential Type).
 */
export function customApiCallWorkflow(apiBaseUrl: string) {
	return chainWorkflow('e2eCustomApiCall1', 'HTTP Request with the Zoom credential', [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		{
			name: 'HTTP Request',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				url: `${apiBaseUrl}/users/u-bob/token`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'zoomServerToServerOAuthApi',
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'type', value: 'zak' }] },
				options: {},
			},
			credentials: S2S,
		},
	]);
}

export const testWorkflows = [
	// A pinned rate below one per second (0.5: a start every 2 s), under Continue and under Stop.
	...(['continueRegularOutput', 'stopWorkflow'] as const).map((onError, index) =>
		itemsWorkflow(
			`e2ePinnedHalf${index + 1}`,
			`half a request per second, ${onError}`,
			(onError === 'stopWorkflow' ? ['u-jane', 'u-bob'] : ['u-jane', 'u-bob', 'me']).map((id) => ({
				id,
			})),
			{ userId: byId('={{ $json.id }}'), options: { maxRequestsPerSecond: 0.5 } },
			{ onError },
		),
	),
	itemsWorkflow(
		'e2eThreeTypes',
		'three items, three token types',
		[
			{ email: 'jane@example.com', type: 'zak', ttl: 600 },
			{ email: 'bob@example.com', type: 'onbehalf', ttl: 3600 },
			{ email: 'owner@example.com', type: 'token', ttl: 0 },
		],
		{
			userId: { __rl: true, mode: 'email', value: '={{ $json.email }}' },
			tokenType: '={{ $json.type }}',
			ttl: '={{ $json.ttl }}',
		},
	),
	itemsWorkflow(
		'e2eUnknownCof',
		'unknown user, continue (regular output)',
		unknownUser,
		{ userId: byId('={{ $json.id }}'), tokenType: 'zak' },
		{ onError: 'continueRegularOutput' },
	),
	itemsWorkflow(
		'e2eUnknownErrOut1',
		'unknown user, continue (error output)',
		unknownUser,
		{ userId: byId('={{ $json.id }}'), tokenType: 'zak' },
		{ onError: 'continueErrorOutput' },
	),
	itemsWorkflow('e2eUnknownStop', 'unknown user, stop', unknownUser, {
		userId: byId('={{ $json.id }}'),
		tokenType: 'zak',
	}),
	// The Zoom server answers this user's request with a redirect to another host (see run.ts).
	itemsWorkflow(
		'e2eRedirect2',
		'a redirect to another host is refused',
		[{ id: 'u-jane' }, { id: 'redirect-me' }],
		{ userId: byId('={{ $json.id }}'), tokenType: 'zak' },
		{ onError: 'continueRegularOutput' },
	),
	// The other user-token calls: sign out (SSO) and the signed-in user's own ZAK.
	itemsWorkflow(
		'e2eRevoke1',
		'revoke SSO tokens, OAuth2, continue',
		[{ id: 'u-jane' }, { id: 'nobody' }],
		{ operation: 'revokeSsoToken', userId: byId('={{ $json.id }}') },
		{ onError: 'continueRegularOutput' },
	),
	itemsWorkflow(
		'e2eRevoke2',
		'revoke an SSO token, server-to-server',
		[{ email: 'bob@example.com' }],
		{
			authentication: 'serverToServerOAuth',
			operation: 'revokeSsoToken',
			userId: { __rl: true, mode: 'email', value: '={{ $json.email }}' },
		},
		{ credentials: S2S },
	),
	itemsWorkflow('e2eMyZak1', 'my ZAK with a start link', [{ meeting: '857 4606 5432' }], {
		operation: 'getMyZak',
		meetingId: '={{ $json.meeting }}',
	}),
	itemsWorkflow(
		'e2eMyZak2',
		'my ZAK with server-to-server: refused',
		[{}],
		{ authentication: 'serverToServerOAuth', operation: 'getMyZak' },
		{ credentials: S2S },
	),
	itemsWorkflow(
		'e2eS2SMany',
		'server-to-server, many items',
		Array.from({ length: 30 }, (_, index) => ({ id: ['u-jane', 'u-bob', 'u-owner'][index % 3] })),
		{
			authentication: 'serverToServerOAuth',
			userId: byId('={{ $json.id }}'),
			tokenType: 'onbehalf',
		},
		{ credentials: S2S },
	),
];

/**
 * The default environments as users run them — Zoom's own hostnames over https (run.ts reaches them
 * through a proxy and a throw-away authority, test/support/zoomHosts.ts): the credentials name no URL.
 */
export const ZOOM_HOSTS_CREDENTIALS = {
	oAuth2: { zoomUserTokenOAuth2Api: { id: 'e2eZoomOAuth2', name: 'Zoom OAuth2 on zoom.us' } },
	s2s: {
		zoomServerToServerOAuthApi: { id: 'e2eZoomS2S', name: 'Zoom Server-to-Server on zoom.us' },
	},
	gov: {
		zoomServerToServerOAuthApi: {
			id: 'e2eZoomGovS2S',
			name: 'Zoom Server-to-Server on zoomgov.com',
		},
	},
};

export const zoomHostsWorkflows = [
	itemsWorkflow(
		'e2eHostsZoomOAuth2',
		'Zoom (zoom.us), OAuth2: ZAKs with start links',
		[
			{ id: 'u-jane', meeting: '857 4606 5432' },
			{ id: 'u-bob', meeting: '91234567890' },
		],
		{ userId: byId('={{ $json.id }}'), tokenType: 'zak', meetingId: '={{ $json.meeting }}' },
		{ credentials: ZOOM_HOSTS_CREDENTIALS.oAuth2 },
	),
	itemsWorkflow(
		'e2eHostsZoomS2S',
		'Zoom (zoom.us), Server-to-Server: OBF tokens',
		[{ id: 'u-jane' }, { id: 'u-bob' }],
		{
			authentication: 'serverToServerOAuth',
			userId: byId('={{ $json.id }}'),
			tokenType: 'onbehalf',
		},
		{ credentials: ZOOM_HOSTS_CREDENTIALS.s2s },
	),
	itemsWorkflow(
		'e2eHostsZoomGov',
		'Zoom for Government (zoomgov.com), Server-to-Server: ZAKs with start links',
		[{ id: 'u-owner', meeting: '85746065432' }],
		{
			authentication: 'serverToServerOAuth',
			userId: byId('={{ $json.id }}'),
			tokenType: 'zak',
			meetingId: '={{ $json.meeting }}',
		},
		{ credentials: ZOOM_HOSTS_CREDENTIALS.gov },
	),
];

/**
 * The node as an AI tool behind n8n's MCP Server Trigger, its fields filled by the agent with the
 * README's `$fromAI` patterns (run.ts calls it with an MCP client).
 */
export const MCP_PATH = 'zoom-tools';
export const mcpToolWorkflow = {
	id: 'e2eMcpTool1',
	name: 'MCP server: Zoom user tokens as a tool',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'e2eMcpTool1-1',
			name: 'MCP Server Trigger',
			type: '@n8n/n8n-nodes-langchain.mcpTrigger',
			typeVersion: 2,
			position: [0, 0],
			webhookId: 'e2e-mcp-tool',
			parameters: { path: MCP_PATH },
		},
		{
			id: 'e2eMcpTool1-2',
			name: 'Get Zoom user token',
			type: 'n8n-nodes-zoom-user-token.zoomUserTokenTool',
			typeVersion: 1,
			position: [0, 200],
			parameters: {
				resource: 'user',
				operation: 'getToken',
				userId: {
					__rl: true,
					mode: 'id',
					value: "={{ $fromAI('userId', 'Zoom user ID, sign-in email, or me') }}",
				},
				tokenType:
					"={{ $fromAI('tokenType', 'exactly one of: zak (start or join as the user), onbehalf (OBF, for a meeting bot), token (deprecated SDK token)') }}",
				ttl: "={{ $fromAI('ttl', 'token lifetime in whole seconds, 1 to 31536000, or 0 for Zoom default', 'number') }}",
				options: {},
			},
			credentials: {
				zoomUserTokenOAuth2Api: { id: 'zoomOAuth2Example', name: 'Zoom User Token OAuth2 account' },
			},
		},
		{
			id: 'e2eMcpTool1-3',
			name: 'Get my Zoom ZAK',
			type: 'n8n-nodes-zoom-user-token.zoomUserTokenTool',
			typeVersion: 1,
			position: [200, 200],
			parameters: { resource: 'user', operation: 'getMyZak', options: {} },
			credentials: {
				zoomUserTokenOAuth2Api: { id: 'zoomOAuth2Example', name: 'Zoom User Token OAuth2 account' },
			},
		},
		{
			id: 'e2eMcpTool1-4',
			name: 'Sign out Zoom user',
			type: 'n8n-nodes-zoom-user-token.zoomUserTokenTool',
			typeVersion: 1,
			position: [400, 200],
			parameters: {
				resource: 'user',
				operation: 'revokeSsoToken',
				userId: {
					__rl: true,
					mode: 'id',
					value:
						"={{ $fromAI('userId', 'Zoom user ID or sign-in email of the user to sign out') }}",
				},
				options: {},
			},
			credentials: {
				zoomUserTokenOAuth2Api: { id: 'zoomOAuth2Example', name: 'Zoom User Token OAuth2 account' },
			},
		},
	],
	connections: {
		'Get Zoom user token': {
			ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]],
		},
		'Get my Zoom ZAK': {
			ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]],
		},
		'Sign out Zoom user': {
			ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]],
		},
	},
};
