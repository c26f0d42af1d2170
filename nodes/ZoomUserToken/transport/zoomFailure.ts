import { UserError } from 'n8n-workflow';

/**
 * What went wrong with one Zoom request, read off whatever n8n threw.
 *
 * `httpRequestWithAuthentication` wraps the HTTP client's error in a NodeApiError (sometimes twice),
 * and an OAuth2 refresh that Zoom refused arrives as a NodeOperationError. Everything the node
 * decides — retry, wait, or which advice to give — is made from this one normalised shape, and
 * nothing of the original error (which carries request headers, and so the bearer token) is kept.
 */
export interface ZoomFailure {
	/** HTTP status Zoom answered, when it answered at all. */
	status?: number;
	/** Zoom's numeric error code from the JSON body, e.g. 1001, 124, 4711. */
	zoomCode?: number;
	/** Zoom's own message from the JSON body. */
	zoomMessage?: string;
	/** Response headers, lower-cased. */
	headers: Record<string, string>;
	/** A network-level error code (ECONNRESET, ETIMEDOUT, ECONNABORTED, …) when no answer came. */
	networkCode?: string;
	/** n8n could not refresh the OAuth2 token and asks for the credential to be reconnected. */
	needsReconnect: boolean;
	/** The OAuth `error` Zoom's token endpoint gave when n8n refreshed the token, e.g. `invalid_client`. */
	oauthError?: string;
	/** A message from n8n or the credential (not from Zoom) when nothing better is known. */
	otherMessage?: string;
	/** A credential's own explanation (e.g. why Zoom refused a Server-to-Server token). */
	credentialProblem?: { message: string; description: string };
}

type Loose = Record<string, unknown> | undefined;

const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
]);

function asRecord(value: unknown): Loose {
	return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

/** The chain error → cause → cause…, bounded so a cyclic chain cannot hang the node. */
function causeChain(error: unknown): Array<Record<string, unknown>> {
	const chain: Array<Record<string, unknown>> = [];
	let current = asRecord(error);
	while (current && chain.length < 6 && !chain.includes(current)) {
		chain.push(current);
		current = asRecord(current.cause);
	}
	return chain;
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	const record = asRecord(headers);
	if (!record) return result;
	// axios hands out an AxiosHeaders instance; its own enumerable keys are the header names.
	for (const [name, value] of Object.entries(record)) {
		if (typeof value === 'string' || typeof value === 'number') result[name.toLowerCase()] = String(value);
	}
	return result;
}

function parseBody(data: unknown): Loose {
	if (typeof data === 'string') {
		try {
			return asRecord(JSON.parse(data));
		} catch {
			return undefined;
		}
	}
	return asRecord(data);
}

export function readZoomFailure(error: unknown): ZoomFailure {
	const failure: ZoomFailure = { headers: {}, needsReconnect: false };
	for (const link of causeChain(error)) {
		const response = asRecord(link.response);
		if (response && failure.status === undefined) {
			const status = Number(response.status ?? response.statusCode);
			if (Number.isInteger(status) && status > 0) failure.status = status;
			failure.headers = lowerCaseHeaders(response.headers);
			const body = parseBody(response.data ?? response.body);
			if (body) {
				const code = Number(body.code);
				if (Number.isFinite(code)) failure.zoomCode = code;
				if (typeof body.message === 'string') failure.zoomMessage = body.message;
			}
		}
		if (failure.networkCode === undefined && typeof link.code === 'string' && NETWORK_CODES.has(link.code)) {
			failure.networkCode = link.code;
		}
		const oauthBody = asRecord(link.body);
		if (failure.oauthError === undefined && typeof oauthBody?.error === 'string') failure.oauthError = oauthBody.error;
		const failureInfo = asRecord(link.failure);
		if (failureInfo?.cause === 'credential-invalid') failure.needsReconnect = true;
		if (typeof link.message === 'string' && link.message !== '') {
			// The innermost message is the original one; wrappers add generic texts around it.
			failure.otherMessage = link.message;
			if (link instanceof UserError && typeof link.description === 'string' && link.description !== '') {
				failure.credentialProblem = { message: link.message, description: link.description };
			}
		}
	}
	if (failure.status === undefined && failure.networkCode === undefined) {
		const text = failure.otherMessage ?? '';
		if (/timeout|timed out/i.test(text)) failure.networkCode = 'ETIMEDOUT';
		else if (/socket hang up|ECONNRESET/i.test(text)) failure.networkCode = 'ECONNRESET';
	}
	return failure;
}
