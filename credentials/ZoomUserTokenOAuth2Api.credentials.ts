import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { environmentUrlExpression, zoomEnvironmentProperties } from './zoomEnvironment';

export class ZoomUserTokenOAuth2Api implements ICredentialType {
	name = 'zoomUserTokenOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Zoom User Token OAuth2 API';

	icon: Icon = { light: 'file:zoom.svg', dark: 'file:zoom.dark.svg' };

	documentationUrl = 'https://developers.zoom.us/docs/integrations/oauth/';

	properties: INodeProperties[] = [
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
			default: 'user:read:token',
			description:
				'Scopes to request; they must also be added to the app in the Zoom App Marketplace. Your own token ("Me"): user:read:token (granular) or user:read (classic). Any user of the account: user:read:token:admin or user:read:admin, plus user:read:list_users:admin to pick users from a list. The same scopes cover ZAK, OBF and SDK tokens.',
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
