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
				description:
					"Get a user's ZAK (start or join meetings as the user), OBF token (a meeting bot on behalf of the user) or SDK token",
				// The action is what the node panel lists and the name a new node gets (and, with " in Zoom
				// User Token", an AI tool's default description): short, as n8n's own "Get a user".
				action: 'Get a user token',
			},
		],
		default: 'getToken',
	},
	...getToken.description,
];
