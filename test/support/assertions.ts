import type { ZoomServer } from './zoomSetup';

/** Every secret the suite's Zoom server and credentials know of: none may reach the user. */
export function knownSecrets(server: ZoomServer): string[] {
	const secrets = [
		server.state.oauthApp.clientSecret,
		server.state.s2sApp.clientSecret,
		...server.state.accessTokens.keys(),
		server.state.currentRefreshToken,
		'refresh-0',
	];
	for (const request of server.requests) {
		if (request.authorization)
			secrets.push(request.authorization, request.authorization.replace(/^\S+\s+/, ''));
	}
	return secrets.filter((secret) => secret.length >= 6);
}

/** Fails naming the secret when `value` (any shape, serialised) contains one. */
export function expectNoSecrets(value: unknown, server: ZoomServer) {
	const text = typeof value === 'string' ? value : JSON.stringify(value, errorReplacer);
	for (const secret of knownSecrets(server)) {
		expect({ leaked: secret, found: text.includes(secret) }).toEqual({
			leaked: secret,
			found: false,
		});
	}
}

function errorReplacer(this: unknown, _key: string, value: unknown) {
	if (value instanceof Error) {
		const plain: Record<string, unknown> = {};
		for (const name of Object.getOwnPropertyNames(value))
			plain[name] = (value as unknown as Record<string, unknown>)[name];
		return plain;
	}
	return value;
}
