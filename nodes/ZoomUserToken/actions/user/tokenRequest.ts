import type { IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const TOKEN_TYPES = ['zak', 'onbehalf', 'token'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

/** Zoom documents one year as the longest token lifetime. */
export const MAX_TTL_SECONDS = 31_536_000;

/** One item's request, checked: what `GET /users/{userId}/token` will be sent with. */
export interface TokenRequest {
	userId: string;
	tokenType: TokenType;
	/** Seconds; absent means Zoom's default lifetime. */
	ttl?: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A value as it can be quoted in a message: shown whole when short, cut when long. */
export function quote(value: unknown): string {
	let text: string;
	try {
		text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
	} catch {
		text = String(value);
	}
	return `"${text.length > 80 ? `${text.slice(0, 77)}...` : text}"`;
}

function invalid(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	problem: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Invalid ${field} in item ${itemIndex}: ${problem}`, {
		itemIndex,
		description,
	});
}

function readUserId(context: IExecuteFunctions, itemIndex: number): string {
	const field = 'User (userId)';
	const parameter = context.getNodeParameter('userId', itemIndex, undefined, { skipValidation: true }) as
		| INodeParameterResourceLocator
		| string
		| number
		| undefined;
	const locator =
		parameter !== null && typeof parameter === 'object' ? parameter : { mode: 'id', value: parameter };
	const raw = locator.value;
	if (typeof raw !== 'string' && typeof raw !== 'number') {
		throw invalid(
			context,
			itemIndex,
			field,
			raw === undefined || raw === null || raw === '' ? 'it is empty' : `${quote(raw)} is not a user ID or email`,
			'Enter a Zoom user ID, a sign-in email, or "me" for the connected user; an expression must give text.',
		);
	}
	const userId = String(raw).trim();
	if (userId === '') {
		throw invalid(context, itemIndex, field, 'it is empty', 'Enter a Zoom user ID, a sign-in email, or "me" for the connected user. If the value comes from an expression, check that the input item has it.');
	}
	if (userId === '.' || userId === '..' || LONE_SURROGATE.test(userId)) {
		throw invalid(context, itemIndex, field, `${quote(userId)} is not a user ID or email`, 'Enter a Zoom user ID, a sign-in email, or "me".');
	}
	if (locator.mode === 'email' && !EMAIL.test(userId)) {
		throw invalid(context, itemIndex, field, `${quote(userId)} is not an email address`, 'In "By Email" mode enter the email the user signs in to Zoom with, e.g. jane@example.com, or switch the field to "By ID".');
	}
	return userId;
}

function readTokenType(context: IExecuteFunctions, itemIndex: number): TokenType {
	const value = context.getNodeParameter('tokenType', itemIndex, 'zak', { skipValidation: true });
	const text = typeof value === 'string' ? value.trim() : value;
	if (!TOKEN_TYPES.includes(text as TokenType)) {
		throw invalid(context, itemIndex, 'Token Type (tokenType)', `${quote(value)} is not a token type`, 'Use one of: zak (start or join meetings as the user), onbehalf (OBF token for meeting bots), token (SDK token, deprecated by Zoom).');
	}
	return text as TokenType;
}

function readTtl(context: IExecuteFunctions, itemIndex: number): number | undefined {
	const value = context.getNodeParameter('ttl', itemIndex, undefined, { skipValidation: true });
	// Text from an expression counts when it is plain digits ("3600"), not "0x10" or "1e3".
	const seconds = typeof value === 'string' ? (/^\s*\d+\s*$/.test(value) ? Number(value) : value.trim() === '' ? null : NaN) : value;
	if (seconds === undefined || seconds === null || seconds === 0) return undefined;
	if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1 || seconds > MAX_TTL_SECONDS) {
		throw invalid(context, itemIndex, 'TTL (ttl)', `${quote(value)} is not a whole number of seconds from 1 to ${MAX_TTL_SECONDS}`, "Enter the token's lifetime in seconds, e.g. 7200 for two hours (up to one year, 31536000), or leave it empty (0) for Zoom's default.");
	}
	return seconds;
}

/** Reads and checks one item's fields before anything is sent. */
export function readTokenRequest(context: IExecuteFunctions, itemIndex: number): TokenRequest {
	const userId = readUserId(context, itemIndex);
	const tokenType = readTokenType(context, itemIndex);
	// Zoom ignores a ttl for the SDK token; not sending it keeps the request and the output honest.
	const ttl = tokenType === 'token' ? undefined : readTtl(context, itemIndex);
	return { userId, tokenType, ...(ttl !== undefined && { ttl }) };
}

/** The query Zoom gets: `type` always explicit (Zoom's default is the deprecated SDK token). */
export function tokenQuery(request: TokenRequest): Record<string, string | number> {
	return { type: request.tokenType, ...(request.ttl !== undefined && { ttl: request.ttl }) };
}
