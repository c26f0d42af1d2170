/**
 * User → Revoke SSO Token: `DELETE /users/{userId}/token` signs a user who signs in through single
 * sign-on (SSO) out of their current Zoom session (Zoom answers 204 No Content). For offboarding and
 * incident response: an identity provider says a user was disabled, and Zoom signs them out now.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ZoomConnection } from '../../transport';
import { sendZoomRequest } from '../../transport';
import type { ItemContext } from '../sendEachItem';
import { sendEachItem } from '../sendEachItem';
import type { ItemResult } from '../types';
import { readUserId, userField } from './userField';

const showOnlyForRevoke = { resource: ['user'], operation: ['revokeSsoToken'] };

/** Checked against Zoom's API reference and Rivet: see the README's scope table. */
const SCOPE_ADVICE =
	'Revoke SSO Token needs user:delete:token:admin (granular scopes) or user:write:admin (classic scopes) — user:delete:token or user:write for your own session ("me").';

export const description: INodeProperties[] = [
	{
		displayName:
			'This signs the user out of Zoom (their current SSO session) as soon as it runs. Use it where a person or a trusted system decides, such as an offboarding workflow; do not give it to an AI agent as a tool.',
		name: 'revokeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showOnlyForRevoke },
	},
	userField(
		showOnlyForRevoke,
		'The Zoom user to sign out: pick from the list, or enter their user ID or sign-in email. "me" is the user who connected the credential (for Server-to-Server OAuth, the app\'s owner).',
	),
];

async function send(
	this: IExecuteFunctions,
	connection: ZoomConnection,
	request: { userId: string },
	{ timeoutMs, abortSignal }: ItemContext,
): Promise<IDataObject> {
	await sendZoomRequest.call(this, connection, {
		method: 'DELETE',
		path: ['users', request.userId, 'token'],
		timeoutMs,
		abortSignal,
	});
	return { userId: request.userId, revoked: true };
}

/** One DELETE per item: see sendEachItem. */
export async function execute(this: IExecuteFunctions): Promise<ItemResult[]> {
	return await sendEachItem(this, {
		readItem: (context, itemIndex) => ({ userId: readUserId(context, itemIndex) }),
		send,
		scopeAdvice: SCOPE_ADVICE,
	});
}
