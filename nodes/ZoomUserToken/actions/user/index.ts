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
				action: 'Get a user token',
			},
		],
		default: 'getToken',
	},
	...getToken.description,
];
