import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { environmentUrlExpression, zoomEnvironmentProperties } from './zoomEnvironment';

export class ZoomUserTokenOAuth2Api implements ICredentialType {
	name = 'zoomUserTokenOAuth2Api';

	extends = ['oAuth2Api'];

	// n8n's form reads "In <this name without OAuth2 API>, use the URL above…": the place to paste the
	// redirect URL is the Zoom app; "(User Token Node)" tells it from n8n's own "Zoom OAuth2 API".
	displayName = 'Zoom App (User Token Node) OAuth2 API';

	icon: Icon = { light: 'file:zoom.svg', dark: 'file:zoom.dark.svg' };

	documentationUrl = 'https://developers.zoom.us/docs/integrations/oauth/';

	properties: INodeProperties[] = [
		{
			displayName:
				'Paste the OAuth Redirect URL above into your Zoom app: App Marketplace → Manage → your app → Basic Information → OAuth Information, as OAuth Redirect URL and in the OAuth Allow List. Client ID and Client Secret are on the same page.',
			name: 'redirectNotice',
			type: 'notice',
			default: '',
		},
		...zoomEnvironmentProperties,
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: environmentUrlExpression('$self', 'authorize'),
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: environmentUrlExpression('$self', 'token'),
			required: true,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			// Empty: Zoom grants the scopes configured on the app, as n8n's own Zoom credential relies on.
			// A typed list that does not match the app makes Zoom refuse Connect ("invalid scope").
			default: '',
			description:
				'Leave empty: Zoom then grants the scopes you added to the app in the Zoom App Marketplace. Fill it only to ask for fewer (space-separated); every scope named must be on the app, or Connect fails with "invalid scope". The node needs user:read:token (your own token, "me") or user:read:token:admin (any user), plus user:read:list_users:admin for From List; classic-scope apps: user:read or user:read:admin.',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			// Zoom wants the client ID and secret as HTTP Basic auth on its token endpoint.
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'header',
		},
	];
}
