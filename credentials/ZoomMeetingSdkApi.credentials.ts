import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Meeting SDK app's credentials: the node signs the SDK's JWT with them, on this machine. Nothing is
 * sent anywhere, and Zoom has no endpoint that checks them: the node's Test (testedBy) checks what
 * n8n can, and a wrong secret shows only when the SDK joins ("Signature is invalid").
 */
export class ZoomMeetingSdkApi implements ICredentialType {
	name = 'zoomMeetingSdkApi';

	displayName = 'Zoom Meeting SDK API';

	icon: Icon = { light: 'file:zoom.svg', dark: 'file:zoom.dark.svg' };

	documentationUrl = 'https://developers.zoom.us/docs/meeting-sdk/auth/';

	properties: INodeProperties[] = [
		{
			displayName:
				'The Client ID and Client Secret of your app’s Meeting SDK credentials (App Marketplace → your General app → Embed → Meeting SDK). n8n only signs with them, locally. Zoom offers no way to check them: the Test only checks they are filled in and pasted right; a wrong secret shows when the SDK joins, as "Signature is invalid".',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'Also called the SDK key; the signature names it, and the SDK needs it too',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Signs the JWT; it never leaves n8n',
		},
	];
}
