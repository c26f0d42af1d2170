import type { INodeProperties } from 'n8n-workflow';

import * as generateSignature from './generateSignature.operation';

export { generateSignature };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['meetingSdk'] } },
		options: [
			{
				name: 'Generate Signature',
				value: 'generateSignature',
				description:
					'Sign the JWT a Meeting SDK app or bot needs to start or join a meeting, with your app’s Meeting SDK credentials',
				// The node panel's entry and a new node's name (see ../user/index.ts).
				action: 'Generate a signature',
			},
		],
		default: 'generateSignature',
	},
	...generateSignature.description,
];
