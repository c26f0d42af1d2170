import type { INodeProperties } from 'n8n-workflow';

import { runOptionsField } from '../runOptions';
import * as getMyZak from './getMyZak.operation';
import * as getToken from './getToken.operation';
import * as revokeSsoToken from './revokeSsoToken.operation';

export { getMyZak, getToken, revokeSsoToken };

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
			{
				name: 'Get My ZAK',
				value: 'getMyZak',
				description:
					'Get the ZAK of the user who connected the OAuth2 credential, with only the ZAK scope',
				action: 'Get my access key',
			},
			{
				name: 'Revoke SSO Token',
				value: 'revokeSsoToken',
				description:
					'Sign a user who signs in through SSO out of Zoom now (their current session); for offboarding, not for AI agents',
				// An AI tool's default description too: what it does to a person comes first.
				action: 'Sign out a user',
			},
		],
		default: 'getToken',
	},
	...getToken.description,
	...getMyZak.description,
	...revokeSsoToken.description,
	// One Options collection for every User operation: each sends one request per item.
	runOptionsField({ resource: ['user'] }),
];
