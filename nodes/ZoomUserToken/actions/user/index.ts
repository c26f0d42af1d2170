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
				// n8n tells an AI agent "<action> in Zoom User Token" as the tool's description, so the action
				// says what each type is for; n8n's linter wants it in lower case without punctuation.
				action:
					'Get a user token of type zak to start or join meetings as the user or onbehalf for a meeting bot joining on behalf of the user or token for the deprecated sdk token',
			},
		],
		default: 'getToken',
	},
	...getToken.description,
];
