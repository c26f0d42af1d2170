/**
 * User → Get My ZAK: `GET /users/me/zak`, the ZAK of the user who connected the OAuth2 credential,
 * for user-managed apps that hold only the narrow ZAK scope instead of the token scope of Get Token.
 * Zoom documents no lifetime for this ZAK, so the output states none.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ZoomConnection } from '../../transport';
import { sendZoomRequest } from '../../transport';
import { meetingIdField, readMeetingId, startUrl } from '../meetingNumber';
import type { ItemContext } from '../sendEachItem';
import { sendEachItem } from '../sendEachItem';
import type { ItemResult } from '../types';

const showOnlyForGetMyZak = { resource: ['user'], operation: ['getMyZak'] };

/** See the README's scope table: the granular name is not in Zoom's reference as I could read it. */
const SCOPE_ADVICE =
	'Get My ZAK needs user_zak:read (classic scopes) or user:read:zak (granular scopes).';

const S2S_HAS_NO_USER =
	'Get My ZAK needs Authentication "OAuth2": a Server-to-Server OAuth app has no signed-in user. Switch Authentication to OAuth2, or use Get Token with User "me" for the app owner’s ZAK.';

export const description: INodeProperties[] = [
	{
		displayName: S2S_HAS_NO_USER,
		name: 'getMyZakNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...showOnlyForGetMyZak, authentication: ['serverToServerOAuth'] } },
	},
	meetingIdField('The output also gets startUrl, your start link for this meeting.', {
		show: showOnlyForGetMyZak,
	}),
];

interface MyZakRequest {
	userId: 'me';
	meetingId?: string;
}

async function send(
	this: IExecuteFunctions,
	connection: ZoomConnection,
	{ meetingId }: MyZakRequest,
	{ itemIndex, timeoutMs, abortSignal }: ItemContext,
): Promise<IDataObject> {
	const response = (await sendZoomRequest.call(this, connection, {
		path: ['users', 'me', 'zak'],
		timeoutMs,
		abortSignal,
	})) as { token?: unknown };
	const token = response.token;
	if (typeof token !== 'string' || token === '') {
		throw new NodeOperationError(this.getNode(), 'Zoom returned no ZAK for the signed-in user', {
			itemIndex,
			description:
				'Zoom answered without a token. Try again; if it persists, reconnect the OAuth2 credential.',
		});
	}
	return {
		token,
		tokenType: 'zak',
		userId: 'me',
		...(meetingId !== undefined && {
			meetingId,
			startUrl: startUrl(connection.webBaseUrl, meetingId, token),
		}),
	};
}

/** One request per item, OAuth2 only: see sendEachItem. */
export async function execute(this: IExecuteFunctions): Promise<ItemResult[]> {
	if (this.getNodeParameter('authentication', 0, 'oAuth2') !== 'oAuth2') {
		throw new NodeOperationError(this.getNode(), 'Get My ZAK works with OAuth2 only', {
			description: S2S_HAS_NO_USER,
		});
	}
	return await sendEachItem(this, {
		readItem: (context, itemIndex): MyZakRequest => ({
			userId: 'me',
			meetingId: readMeetingId(context, itemIndex),
		}),
		send,
		scopeAdvice: SCOPE_ADVICE,
	});
}
