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
				// What an AI agent reads as the tool's description (see ../user/index.ts).
				action:
					'Generate a meeting sdk signature that lets an app or bot join a meeting with role 0 or start it as host with role 1 and the host zak',
			},
		],
		default: 'generateSignature',
	},
	...generateSignature.description,
];
