import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { ZoomUserToken } from '../../../nodes/ZoomUserToken/ZoomUserToken.node';

/** What the editor shows, decided by n8n's own display logic over the node's description. */
describe('Zoom User Token node description', () => {
	const { description } = new ZoomUserToken();
	const field = (name: string) =>
		description.properties.find((property) => property.name === name) as INodeProperties;
	const shown = (name: string, values: INodeParameters) =>
		NodeHelpers.displayParameter(
			{ resource: 'user', operation: 'getToken', ...values },
			field(name),
			null,
			description,
		);

	it('shows TTL for ZAK, OBF and a token type from an expression, not for the SDK token', () => {
		expect(shown('ttl', { tokenType: 'zak' })).toBe(true);
		expect(shown('ttl', { tokenType: 'onbehalf' })).toBe(true);
		// The editor resolves an expression before deciding; with no input data yet it resolves to nothing.
		expect(shown('ttl', { tokenType: '={{ $json.type }}' })).toBe(true);
		expect(shown('ttl', { tokenType: '' })).toBe(true);
		expect(shown('ttl', { tokenType: 'token' })).toBe(false);
	});

	it('defaults to a ZAK for "me" with the OAuth2 credential', () => {
		const defaults = NodeHelpers.getNodeParameters(
			description.properties,
			{},
			true,
			false,
			null,
			description,
		);
		expect(defaults).toMatchObject({
			authentication: 'oAuth2',
			resource: 'user',
			operation: 'getToken',
			userId: { mode: 'id', value: 'me' },
			tokenType: 'zak',
			ttl: 0,
		});
	});

	it('picks the credential the resource and authentication name', () => {
		const credentialFor = (authentication: string, resource = 'user') =>
			description
				.credentials!.filter((credential) =>
					NodeHelpers.displayParameter(
						{ resource, authentication },
						credential as unknown as INodeProperties,
						null,
						description,
					),
				)
				.map((credential) => credential.name);
		expect(credentialFor('oAuth2')).toEqual(['zoomUserTokenOAuth2Api']);
		expect(credentialFor('serverToServerOAuth')).toEqual(['zoomServerToServerOAuthApi']);
		// The Meeting SDK signature is signed with the app's SDK credentials, whatever Authentication says.
		expect(credentialFor('oAuth2', 'meetingSdk')).toEqual(['zoomMeetingSdkApi']);
		expect(credentialFor('serverToServerOAuth', 'meetingSdk')).toEqual(['zoomMeetingSdkApi']);
	});

	it('is a usable AI tool with a subtitle naming the token type', () => {
		expect(description.usableAsTool).toBe(true);
		expect(description.subtitle).toContain('OBF');
	});

	it('tells an AI agent what each token type and the signature are for (n8n’s tool description)', () => {
		const toolDescription = (resource: string, operation: string) =>
			NodeHelpers.makeDescription({ resource, operation }, description);
		const getToken = toolDescription('user', 'getToken');
		expect(getToken).toMatch(/ in Zoom User Token$/);
		for (const words of [
			/zak to start or join meetings/,
			/onbehalf for a meeting bot/,
			/deprecated sdk token/,
		]) {
			expect(getToken).toMatch(words);
		}
		expect(toolDescription('meetingSdk', 'generateSignature')).toMatch(
			/meeting sdk signature .* join a meeting with role 0 or start it as host with role 1/,
		);
	});

	it('shows Meeting ID for ZAK and OBF, not for the SDK token', () => {
		expect(shown('meetingId', { tokenType: 'zak' })).toBe(true);
		expect(shown('meetingId', { tokenType: 'onbehalf' })).toBe(true);
		expect(shown('meetingId', { tokenType: 'token' })).toBe(false);
	});
});
