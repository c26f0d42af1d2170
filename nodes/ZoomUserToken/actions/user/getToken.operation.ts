/**
 * User → Get Token: a Zoom user's ZAK, OBF or SDK token through `GET /users/{userId}/token`.
 * This file holds the operation's own parts: its fields, how one item is read and checked, and the
 * one request an item sends; the User field is shared (userField.ts), the run over every item too
 * (../sendEachItem.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ZoomConnection } from '../../transport';
import { sendZoomRequest } from '../../transport';
import { inRange, invalidField, numberOf, quote } from '../fieldValues';
import { meetingIdField, readMeetingId, startUrl } from '../meetingNumber';
import type { ItemContext } from '../sendEachItem';
import { sendEachItem } from '../sendEachItem';
import type { ItemResult } from '../types';
import { readUserId, userField } from './userField';

const showOnlyForGetToken = { resource: ['user'], operation: ['getToken'] };

const TOKEN_TYPES = ['zak', 'onbehalf', 'token'] as const;
type TokenType = (typeof TOKEN_TYPES)[number];

/** Zoom documents one year as the longest token lifetime. */
const MAX_TTL_SECONDS = 31_536_000;

/** One item's request, checked: what `GET /users/{userId}/token` will be sent with. */
interface TokenRequest {
	userId: string;
	tokenType: TokenType;
	/** Seconds; absent means Zoom's default lifetime. */
	ttl?: number;
	/** The meeting an OBF token is for (sent as `meeting_id`), or a ZAK's start link is for. */
	meetingId?: string;
}

export const description: INodeProperties[] = [
	userField(
		showOnlyForGetToken,
		'The Zoom user whose token to get. "me" is the user who connected the credential (for Server-to-Server OAuth, the app\'s owner).',
	),
	{
		displayName: 'Token Type',
		name: 'tokenType',
		type: 'options',
		options: [
			{
				name: 'ZAK – Start or Join Meetings as the User',
				value: 'zak',
				description: 'Zoom Access Key, for host start links and the Meeting SDK',
			},
			{
				name: 'OBF – Meeting Bots Acting on Behalf of the User',
				value: 'onbehalf',
				description:
					'On Behalf Of token for a Meeting SDK bot: get it just before the bot joins (short-lived, single use, valid while the user is in the meeting)',
			},
			{
				name: 'SDK Token (Deprecated by Zoom)',
				value: 'token',
				description:
					'The older client-SDK token; none is issued to users who sign in with Google or Facebook',
			},
		],
		default: 'zak',
		description:
			'Which token to get: ZAK to start or join meetings as the user (host start links, the Meeting SDK), OBF for a meeting bot joining on behalf of the user, or the deprecated SDK token',
		displayOptions: { show: showOnlyForGetToken },
	},
	{
		displayName: 'TTL (Seconds)',
		name: 'ttl',
		type: 'number',
		// No min/max: the editor would clamp a typed value silently; readTtl refuses it, naming it.
		default: 0,
		description:
			"How long a ZAK or OBF token stays valid, in seconds, up to one year (31536000). 0 or empty: Zoom's default (2 hours; for the ZAK of a user created through the API, 90 days). Not used for the SDK token.",
		// Hidden only for the SDK token: when Token Type is an expression the field must stay visible.
		displayOptions: { show: showOnlyForGetToken, hide: { tokenType: ['token'] } },
	},
	meetingIdField(
		'OBF: the meeting the bot is about to join; Zoom gets it as meeting_id. ZAK: the output also gets startUrl, the host’s start link for this meeting.',
		{ show: showOnlyForGetToken, hide: { tokenType: ['token'] } },
	),
];

function readTokenType(context: IExecuteFunctions, itemIndex: number): TokenType {
	const value = context.getNodeParameter('tokenType', itemIndex, 'zak', { skipValidation: true });
	const text = typeof value === 'string' ? value.trim() : value;
	if (TOKEN_TYPES.includes(text as TokenType)) return text as TokenType;
	throw invalidField(
		context.getNode(),
		itemIndex,
		'Token Type (tokenType)',
		`${quote(value)} is not a token type`,
		'Use one of: zak (start or join meetings as the user), onbehalf (OBF token for meeting bots), token (SDK token, deprecated by Zoom).',
	);
}

function readTtl(context: IExecuteFunctions, itemIndex: number): number | undefined {
	const value = context.getNodeParameter('ttl', itemIndex, undefined, { skipValidation: true });
	const seconds = numberOf(value);
	if (seconds === undefined || seconds === 0) return undefined;
	if (inRange(seconds, 1, MAX_TTL_SECONDS)) return seconds;
	throw invalidField(
		context.getNode(),
		itemIndex,
		'TTL (ttl)',
		`${quote(value)} is not a whole number of seconds from 1 to ${MAX_TTL_SECONDS}`,
		"Enter the token's lifetime in seconds, e.g. 7200 for two hours (up to one year, 31536000), or leave it empty (0) for Zoom's default.",
	);
}

/**
 * Reads and checks one item's fields before anything is sent. Zoom ignores a ttl for the SDK token,
 * and ties no SDK token to a meeting: neither is read for it, so the request and output stay honest.
 */
function readItem(context: IExecuteFunctions, itemIndex: number): TokenRequest {
	const userId = readUserId(context, itemIndex);
	const tokenType = readTokenType(context, itemIndex);
	if (tokenType === 'token') return { userId, tokenType };
	return {
		userId,
		tokenType,
		ttl: readTtl(context, itemIndex),
		meetingId: readMeetingId(context, itemIndex),
	};
}

/** Sends the item's one request; its output is the token and what it is for. */
async function send(
	this: IExecuteFunctions,
	connection: ZoomConnection,
	{ userId, tokenType, ttl, meetingId }: TokenRequest,
	{ itemIndex, timeoutMs, abortSignal }: ItemContext,
): Promise<IDataObject> {
	// `type` always explicit (Zoom's default is the deprecated SDK token); the meeting only for an
	// OBF token: a ZAK is not tied to a meeting, so Zoom never gets one with it.
	const qs = {
		type: tokenType,
		...(ttl !== undefined && { ttl }),
		...(tokenType === 'onbehalf' && meetingId !== undefined && { meeting_id: meetingId }),
	};
	const response = (await sendZoomRequest.call(this, connection, {
		path: ['users', userId, 'token'],
		qs,
		timeoutMs,
		abortSignal,
	})) as { token?: unknown } | undefined;
	const token = response?.token;
	if (typeof token !== 'string' || token === '') {
		const name = { zak: 'ZAK', onbehalf: 'OBF', token: 'SDK' }[tokenType];
		throw new NodeOperationError(
			this.getNode(),
			`Zoom returned no ${name} token for user ${quote(userId)}`,
			{
				itemIndex,
				description:
					tokenType === 'token'
						? 'Zoom issues no SDK token (type "token") to users who sign in with Google or Facebook. Use Token Type "ZAK" for them, or have the user sign in with a Zoom password.'
						: "Zoom answered without a token. Try again; if it persists, check the user's status in the Zoom admin portal.",
			},
		);
	}
	return {
		token,
		tokenType,
		userId,
		...(ttl !== undefined && { expiresAt: new Date(Date.now() + ttl * 1000).toISOString() }),
		...(meetingId !== undefined && { meetingId }),
		...(tokenType === 'zak' &&
			meetingId !== undefined && { startUrl: startUrl(connection.webBaseUrl, meetingId, token) }),
	};
}

/** Get Token's run: see sendEachItem. */
export async function execute(this: IExecuteFunctions): Promise<ItemResult[]> {
	return await sendEachItem(this, { readItem, send });
}
