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
