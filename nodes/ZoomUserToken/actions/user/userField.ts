/**
 * The User field of every operation about one Zoom user (Get Token, Revoke SSO Token), and how an
 * item's value is read and checked.
 */
import type {
	IExecuteFunctions,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';

import { invalidField, quote } from '../fieldValues';

/** `description` says what the operation does with the user. */
export function userField(show: Record<string, string[]>, description: string): INodeProperties {
	return {
		displayName: 'User',
		name: 'userId',
		type: 'resourceLocator',
		default: { mode: 'id', value: 'me' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a user...',
				typeOptions: { searchListMethod: 'searchUsers', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. KDcuGIm1QgePTO8WbOqwIQ or me',
			},
			{
				displayName: 'By Email',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. jane@example.com',
				// No field validation: n8n 2.x would refuse the whole workflow for a typed value before
				// the node runs, n8n 1.x would not check at all. readUserId checks every item alike,
				// naming the item, and Continue On Fail applies.
			},
		],
		displayOptions: { show },
	};
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ENTER_USER = 'Enter a Zoom user ID, a sign-in email, or "me" for the connected user';

export function readUserId(context: IExecuteFunctions, itemIndex: number): string {
	const parameter = context.getNodeParameter('userId', itemIndex, undefined, {
		skipValidation: true,
	}) as INodeParameterResourceLocator | string | number | undefined;
	const locator =
		parameter !== null && typeof parameter === 'object'
			? parameter
			: { mode: 'id', value: parameter };
	const raw = locator.value;
	const userId = typeof raw === 'string' ? raw.trim() : '';
	const invalid = (problem: string, description: string) =>
		invalidField(context.getNode(), itemIndex, 'User (userId)', problem, description);
	// Zoom user IDs are text: a number from an expression (NaN, -5, 1e21…) is a mistake, not an ID.
	if (typeof raw !== 'string' && raw !== undefined && raw !== null) {
		const kind =
			typeof raw === 'number' ? 'a number' : `a ${Array.isArray(raw) ? 'list' : typeof raw}`;
		throw invalid(
			`${quote(raw)} is ${kind}, not a user ID or email`,
			`${ENTER_USER}; an expression must give text (for example {{ $json.email }}).`,
		);
	}
	if (userId === '') {
		throw invalid(
			'it is empty',
			`${ENTER_USER}. If the value comes from an expression, check that the input item has it.`,
		);
	}
	if (userId === '.' || userId === '..' || LONE_SURROGATE.test(userId)) {
		throw invalid(`${quote(userId)} is not a user ID or email`, `${ENTER_USER}.`);
	}
	if (locator.mode === 'email' && !EMAIL.test(userId)) {
		throw invalid(
			`${quote(userId)} is not an email address`,
			'In "By Email" mode enter the email the user signs in to Zoom with, e.g. jane@example.com, or switch the field to "By ID".',
		);
	}
	return userId;
}
