import type { INodeProperties } from 'n8n-workflow';

/**
 * Where a Zoom account lives. Both credentials offer the same choice, and the node's transport
 * derives every URL from it, so a Zoom for Government or proxied account never reaches zoom.us.
 */
export type ZoomEnvironment = 'zoom' | 'zoomGov' | 'custom';

export interface ZoomEndpoints {
	/** Base of the REST API, e.g. `https://api.zoom.us/v2` (no trailing slash). */
	apiBaseUrl: string;
	/** Base of the OAuth endpoints, e.g. `https://zoom.us/oauth` (no trailing slash). */
	oauthBaseUrl: string;
	/** Where users open meetings (start links), e.g. `https://zoom.us`: the OAuth host's origin. */
	webBaseUrl: string;
}

export const ZOOM_ENDPOINTS: Record<Exclude<ZoomEnvironment, 'custom'>, ZoomEndpoints> = {
	zoom: {
		apiBaseUrl: 'https://api.zoom.us/v2',
		oauthBaseUrl: 'https://zoom.us/oauth',
		webBaseUrl: 'https://zoom.us',
	},
	zoomGov: {
		apiBaseUrl: 'https://api.zoomgov.com/v2',
		oauthBaseUrl: 'https://zoomgov.com/oauth',
		webBaseUrl: 'https://zoomgov.com',
	},
};

const showOnlyForCustom = { show: { environment: ['custom'] } };

export const zoomEnvironmentProperties: INodeProperties[] = [
	{
		displayName: 'Environment',
		name: 'environment',
		type: 'options',
		options: [
			{
				name: 'Zoom',
				value: 'zoom',
				description: 'Accounts on zoom.us (API at api.zoom.us)',
			},
			{
				name: 'Zoom for Government',
				value: 'zoomGov',
				description: 'Accounts on zoomgov.com (API at api.zoomgov.com)',
			},
			{
				name: 'Custom',
				value: 'custom',
				description: 'A gateway or proxy in front of Zoom, with URLs you type',
			},
		],
		default: 'zoom',
	},
	{
		displayName: 'API Base URL',
		name: 'apiBaseUrl',
		type: 'string',
		default: '',
		placeholder: 'https://zoom-gateway.example.com/v2',
		description:
			'Base URL of the Zoom REST API, up to and including /v2. Must use HTTPS unless the host is localhost or 127.0.0.1.',
		displayOptions: showOnlyForCustom,
	},
	{
		displayName: 'OAuth Base URL',
		name: 'oauthBaseUrl',
		type: 'string',
		default: '',
		placeholder: 'https://zoom-gateway.example.com/oauth',
		description:
			'Base URL of the OAuth endpoints: /authorize and /token are appended. Must use HTTPS unless the host is localhost or 127.0.0.1.',
		displayOptions: showOnlyForCustom,
	},
];

/**
 * An n8n expression that follows the chosen environment: `$self` in a credential's hidden fields
 * (as n8n's Salesforce credential does for its sandbox), `$credentials` in its test request.
 */
export function environmentUrlExpression(
	source: '$self' | '$credentials',
	target: 'api' | 'authorize' | 'token',
): string {
	const pick = (endpoints: ZoomEndpoints) =>
		target === 'api' ? endpoints.apiBaseUrl : `${endpoints.oauthBaseUrl}/${target}`;
	const customBase = target === 'api' ? 'apiBaseUrl' : 'oauthBaseUrl';
	const customSuffix = target === 'api' ? '' : `/${target}`;
	const base = `(${source}.${customBase} || '').trim().replace(/\\/+$/, '')`;
	// The rule checkCustomBaseUrl applies, here where n8n itself uses the URL (the OAuth2 sign-in and
	// refresh, the credential test): https, or plain http to this machine only; no query, fragment or
	// user info. Anything else becomes an address no request can be sent to, that says why.
	const secure =
		`(/^https:\\/\\/[^\\/?#@\\s]+(\\/[^?#@\\s]*)?$/i.test(${base})` +
		` || /^http:\\/\\/(localhost|127(\\.\\d{1,3}){3}|\\[::1\\])(:\\d+)?(\\/[^?#@\\s]*)?$/i.test(${base}))`;
	const refused = `'https-required://the-${customBase === 'apiBaseUrl' ? 'api' : 'oauth'}-base-url-must-use-https'`;
	const custom = `(${secure} ? ${base} + '${customSuffix}' : ${refused})`;
	return (
		`={{ ${source}.environment === 'custom' ? ${custom}` +
		` : ${source}.environment === 'zoomGov' ? '${pick(ZOOM_ENDPOINTS.zoomGov)}'` +
		` : '${pick(ZOOM_ENDPOINTS.zoom)}' }}`
	);
}

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Checks a user-typed base URL; returns the URL without trailing slashes, or why it is unusable. */
export function checkCustomBaseUrl(
	label: string,
	value: unknown,
): { url: string } | { problem: string } {
	const text = typeof value === 'string' ? value.trim().replace(/\/+$/, '') : '';
	if (text === '') {
		return { problem: `${label} is empty. Enter it in the credential (Environment: Custom).` };
	}
	const parsed = URL.canParse(text) ? new URL(text) : undefined;
	if (!parsed) {
		return {
			problem: `${label} "${text}" is not a valid URL. Enter a full URL such as https://zoom-gateway.example.com.`,
		};
	}
	if (parsed.search || parsed.hash || parsed.username || parsed.password) {
		return { problem: `${label} "${text}" must not contain a query, a fragment or user info.` };
	}
	const loopback = parsed.protocol === 'http:' && LOOPBACK_HOSTS.test(parsed.hostname);
	if (parsed.protocol !== 'https:' && !loopback) {
		return {
			problem: `${label} "${text}" must use https:// (plain http is only allowed for localhost).`,
		};
	}
	return { url: text };
}

/** Resolves the endpoints of a credential's environment, checking custom URLs before any request. */
export function resolveZoomEndpoints(credentials: {
	environment?: unknown;
	apiBaseUrl?: unknown;
	oauthBaseUrl?: unknown;
}): { endpoints: ZoomEndpoints } | { problem: string } {
	const environment = credentials.environment ?? 'zoom';
	if (environment === 'zoom' || environment === 'zoomGov') {
		return { endpoints: ZOOM_ENDPOINTS[environment] };
	}
	if (environment !== 'custom') {
		return { problem: `Unknown Zoom environment "${String(environment)}" in the credential.` };
	}
	const api = checkCustomBaseUrl('API Base URL', credentials.apiBaseUrl);
	if ('problem' in api) return api;
	const oauth = checkCustomBaseUrl('OAuth Base URL', credentials.oauthBaseUrl);
	if ('problem' in oauth) return oauth;
	return {
		endpoints: {
			apiBaseUrl: api.url,
			oauthBaseUrl: oauth.url,
			webBaseUrl: new URL(oauth.url).origin,
		},
	};
}

/**
 * A URL as a message may name it: scheme and host, and its path `withPath` — never user info, query
 * or fragment, where a token can be. Nothing for a relative URL (a redirect to the same host).
 */
export function urlToName(url: unknown, withPath = false): string | undefined {
	if (typeof url !== 'string' || url === '') return undefined;
	try {
		const { protocol, host, pathname } = new URL(url);
		return `${protocol}//${host}${withPath ? pathname : ''}`;
	} catch {
		return undefined;
	}
}
