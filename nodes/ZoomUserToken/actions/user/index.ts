import type { INodeProperties } from 'n8n-workflow';

import * as getToken from './getToken.operation';

export { getToken };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Get Token',
				value: 'getToken',
				description: "Get a user's ZAK, OBF (on behalf of) or SDK token",
				// n8n shows an AI agent "<action> in Zoom User Token" as the tool's description.
				action:
					"Get a Zoom user's token: ZAK (type zak) to start or join meetings as the user, OBF (type onbehalf) for a meeting bot joining on the user's behalf, or the deprecated SDK token (type token)",
			},
		],
		default: 'getToken',
	},
	...getToken.description,
];
