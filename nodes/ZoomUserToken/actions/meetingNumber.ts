import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidField, quote } from './fieldValues';

/** Zoom meeting and webinar numbers: 9 to 11 digits. */
const MEETING_NUMBER = /^\d{9,11}$/;

export const MEETING_NUMBER_ADVICE =
	'Enter the meeting’s number, 9 to 11 digits, as in its join link (https://zoom.us/j/85746065432): spaces and dashes are fine, letters and the link itself are not.';

/**
 * A meeting number as users paste it ("857 4606-5432") or an expression gives it (a number): its
 * digits; `''` when empty; `undefined` when it is not a meeting number.
 */
export function parseMeetingNumber(value: unknown): string | undefined {
	if (value === undefined || value === null) return '';
	const text =
		typeof value === 'number' && Number.isSafeInteger(value)
			? String(value)
			: typeof value === 'string'
				? value.replace(/[\s-]/g, '')
				: undefined;
	if (text === '') return '';
	return text !== undefined && MEETING_NUMBER.test(text) ? text : undefined;
}

/** The optional Meeting ID field (Get Token, Get My ZAK); `description` says what it does there. */
export function meetingIdField(
	description: string,
	displayOptions: IDisplayOptions,
): INodeProperties {
	return {
		displayName: 'Meeting ID',
		name: 'meetingId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 857 4606 5432',
		description: `Optional. ${description} 9 to 11 digits; spaces and dashes are removed.`,
		displayOptions,
	};
}

/** The optional Meeting ID field of an item: its digits, or undefined when empty. */
export function readMeetingId(context: IExecuteFunctions, itemIndex: number): string | undefined {
	const value = context.getNodeParameter('meetingId', itemIndex, '', { skipValidation: true });
	const meetingId = parseMeetingNumber(value);
	if (meetingId === undefined) {
		throw invalidField(
			context.getNode(),
			itemIndex,
			'Meeting ID (meetingId)',
			`${quote(value)} is not a meeting ID`,
			`${MEETING_NUMBER_ADVICE} Or leave the field empty.`,
		);
	}
	return meetingId === '' ? undefined : meetingId;
}

/** The host's start link: Zoom's meeting page on the account's web host, with the ZAK. */
export function startUrl(webBaseUrl: string, meetingId: string, zak: string): string {
	return `${webBaseUrl}/s/${meetingId}?zak=${encodeURIComponent(zak)}`;
}
