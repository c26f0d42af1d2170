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

	it('names a new node with a short action, as n8n’s own nodes do (and so an AI tool’s default description)', () => {
		// n8n names a node added from the panel after its action; an agent reads "<action> in <node>".
		expect(NodeHelpers.makeNodeName({ resource: 'user', operation: 'getToken' }, description)).toBe(
			'Get a user token',
		);
		expect(
			NodeHelpers.makeNodeName(
				{ resource: 'meetingSdk', operation: 'generateSignature' },
				description,
			),
		).toBe('Generate a signature');
		expect(
			NodeHelpers.makeDescription({ resource: 'user', operation: 'getToken' }, description),
		).toBe('Get a user token in Zoom User Token');
	});

	it('describes every field it shows, so the editor explains what to enter', () => {
		const undescribed = (properties: INodeProperties[]): string[] =>
			properties.flatMap((property) => [
				...(property.type !== 'notice' &&
				property.type !== 'collection' &&
				!property.description &&
				property.name !== 'resource' &&
				property.name !== 'operation'
					? [property.name]
					: []),
				...(Array.isArray(property.options)
					? undescribed(
							(property.options as INodeProperties[]).filter(
								(option) => typeof option === 'object' && 'type' in option,
							),
						)
					: []),
			]);
		expect(undescribed(description.properties)).toEqual([]);
	});

	it('leaves a number’s range to the node’s own check: the editor clamps typed values silently', () => {
		const numbers = (properties: INodeProperties[]): INodeProperties[] =>
			properties.flatMap((property) => [
				...(property.type === 'number' ? [property] : []),
				...(Array.isArray(property.options)
					? numbers(
							(property.options as INodeProperties[]).filter(
								(option) => typeof option === 'object' && 'type' in option,
							),
						)
					: []),
			]);
		const clamped = numbers(description.properties).filter(
			(property) =>
				property.typeOptions?.minValue !== undefined ||
				property.typeOptions?.maxValue !== undefined ||
				property.typeOptions?.numberPrecision !== undefined,
		);
		expect(
			numbers(description.properties)
				.map((property) => property.name)
				.sort(),
		).toEqual([
			'expirationSeconds',
			'maxConcurrentRequests',
			'maxRequestsPerSecond',
			'timeout',
			'ttl',
		]);
		expect(clamped.map((property) => property.name)).toEqual([]);
	});

	it('shows Meeting ID for ZAK and OBF, not for the SDK token', () => {
		expect(shown('meetingId', { tokenType: 'zak' })).toBe(true);
		expect(shown('meetingId', { tokenType: 'onbehalf' })).toBe(true);
		expect(shown('meetingId', { tokenType: 'token' })).toBe(false);
	});
});
