import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './actions/router';
import * as meetingSdk from './actions/meetingSdk';
import * as user from './actions/user';
import { testMeetingSdkCredential } from './methods/credentialTest';
import { searchUsers } from './methods/listSearch';

export class ZoomUserToken implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoom User Token',
		name: 'zoomUserToken',
		icon: { light: 'file:zoom.svg', dark: 'file:zoom.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["resource"] === "meetingSdk" ? "Generate SDK signature" : $parameter["operation"] === "revokeSsoToken" ? "Revoke SSO token" : $parameter["operation"] === "getMyZak" ? "Get my ZAK" : "Get " + ($parameter["tokenType"] === "onbehalf" ? "OBF" : $parameter["tokenType"] === "token" ? "SDK" : "ZAK") + " token" }}',
		description:
			"Get a Zoom user's ZAK, OBF (on behalf of) or SDK token, revoke a user's SSO token, and sign Meeting SDK signatures",
		defaults: { name: 'Zoom User Token' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'zoomUserTokenOAuth2Api',
				required: true,
				displayOptions: { show: { resource: ['user'], authentication: ['oAuth2'] } },
			},
			{
				name: 'zoomServerToServerOAuthApi',
				required: true,
				displayOptions: { show: { resource: ['user'], authentication: ['serverToServerOAuth'] } },
			},
			{
				name: 'zoomMeetingSdkApi',
				required: true,
				// Zoom cannot check these keys: the Test checks what n8n can (methods/credentialTest.ts).
				testedBy: 'testMeetingSdkCredential',
				displayOptions: { show: { resource: ['meetingSdk'] } },
			},
		],
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{
						name: 'OAuth2',
						value: 'oAuth2',
						description:
							'A Zoom user connects their account (General app, user-managed or admin-managed)',
					},
					{
						name: 'Server-to-Server OAuth',
						value: 'serverToServerOAuth',
						description: 'An account-level app for schedules and webhooks: no browser sign-in',
					},
				],
				default: 'oAuth2',
				description:
					'The kind of Zoom app the credential is for: OAuth2 when a user signs in, Server-to-Server OAuth for an account-level app',
				displayOptions: { show: { resource: ['user'] } },
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'User', value: 'user' },
					{ name: 'Meeting SDK', value: 'meetingSdk' },
				],
				default: 'user',
			},
			...user.description,
			...meetingSdk.description,
		],
	};

	methods = {
		listSearch: { searchUsers },
		credentialTest: { testMeetingSdkCredential },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
