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
				action:
					'Generate a Meeting SDK signature (JWT) that lets an app or meeting bot join (role 0) or start (role 1, with the host’s ZAK) a Zoom meeting',
			},
		],
		default: 'generateSignature',
	},
	...generateSignature.description,
];
