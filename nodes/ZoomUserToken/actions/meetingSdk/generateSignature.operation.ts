/**
 * Meeting SDK → Generate Signature: the JWT every Zoom Meeting SDK (web, desktop, mobile, and the
 * meeting bots built on them) needs to start or join a meeting, signed in n8n with the app's Meeting
 * SDK credentials. No request is sent: the signature is HS256 over claims Zoom's own sample auth
 * endpoint uses (meetingsdk-auth-endpoint-sample), with its bounds.
 */
import { createHmac } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { inRange, invalidField, numberOf, quote } from '../fieldValues';
import { MEETING_NUMBER_ADVICE, parseMeetingNumber } from '../meetingNumber';
import type { ItemResult } from '../types';

const showOnlyForGenerateSignature = {
	resource: ['meetingSdk'],
	operation: ['generateSignature'],
};

export const CREDENTIAL_TYPE = 'zoomMeetingSdkApi';

/** Zoom's sample endpoint's bounds for `exp − iat`: half an hour to 48 hours. */
export const MIN_EXPIRATION_SECONDS = 1800;
export const MAX_EXPIRATION_SECONDS = 172_800;
const DEFAULT_EXPIRATION_SECONDS = 7200;
/** As Zoom's sample: `iat` 30 s in the past, so a clock slightly ahead of Zoom's is not refused. */
const CLOCK_SKEW_SECONDS = 30;

export const ROLES = { participant: 0, host: 1 } as const;
export type Role = (typeof ROLES)[keyof typeof ROLES];

export interface SignatureRequest {
	meetingNumber: string;
	role: Role;
	expirationSeconds: number;
}

export const description: INodeProperties[] = [
	{
		displayName: 'Meeting Number',
		name: 'meetingNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 857 4606 5432',
		description:
			'The meeting’s (or webinar’s) number, 9 to 11 digits, as in its join link. Spaces and dashes are removed.',
		displayOptions: { show: showOnlyForGenerateSignature },
	},
	{
		displayName: 'Role',
		name: 'role',
		type: 'options',
		options: [
			{
				name: 'Participant',
				value: ROLES.participant,
				description: 'Join the meeting (a bot joining with an OBF token, or an attendee)',
			},
			{
				name: 'Host',
				value: ROLES.host,
				description: 'Start the meeting as its host; the SDK also needs that host’s ZAK',
			},
		],
		default: 0,
		description:
			'Participant (0) to join the meeting, Host (1) to start it (the SDK then also needs the host’s ZAK)',
		displayOptions: { show: showOnlyForGenerateSignature },
	},
	{
		displayName: 'Expiration (Seconds)',
		name: 'expirationSeconds',
		type: 'number',
		// No min/max: the editor would clamp a typed value silently; the node refuses it, naming it.
		default: DEFAULT_EXPIRATION_SECONDS,
		description:
			'How long the signature is valid for starting or joining, from 1800 (30 minutes) to 172800 (48 hours); a session that started stays on',
		displayOptions: { show: showOnlyForGenerateSignature },
	},
];

/** Reads and checks one item's fields before anything is signed. */
export function readItem(context: IExecuteFunctions, itemIndex: number): SignatureRequest {
	const read = (name: string, fallback: unknown) =>
		context.getNodeParameter(name, itemIndex, fallback, { skipValidation: true });
	const invalid = (field: string, problem: string, advice: string) =>
		invalidField(context.getNode(), itemIndex, field, problem, advice);

	const number = read('meetingNumber', '');
	const meetingNumber = parseMeetingNumber(number);
	if (!meetingNumber) {
		const problem =
			meetingNumber === '' ? 'it is empty' : `${quote(number)} is not a meeting number`;
		throw invalid('Meeting Number (meetingNumber)', problem, MEETING_NUMBER_ADVICE);
	}
	// From an expression (or an AI agent): 0/1 as numbers or text, or the role's name.
	const role = read('role', ROLES.participant);
	const roleText = String(role).trim().toLowerCase();
	const roleValue = ['0', 'participant'].includes(roleText)
		? ROLES.participant
		: ['1', 'host'].includes(roleText)
			? ROLES.host
			: undefined;
	if (roleValue === undefined) {
		throw invalid(
			'Role (role)',
			`${quote(role)} is not a role`,
			'Use 0 (participant: join, as a bot with an OBF token does) or 1 (host: start the meeting, with the host’s ZAK).',
		);
	}
	const expiration = read('expirationSeconds', undefined);
	const expirationSeconds = numberOf(expiration) ?? DEFAULT_EXPIRATION_SECONDS;
	if (!inRange(expirationSeconds, MIN_EXPIRATION_SECONDS, MAX_EXPIRATION_SECONDS)) {
		throw invalid(
			'Expiration (Seconds) (expirationSeconds)',
			`${quote(expiration)} is not a whole number of seconds from ${MIN_EXPIRATION_SECONDS} to ${MAX_EXPIRATION_SECONDS}`,
			'Zoom accepts a signature valid for 30 minutes (1800) to 48 hours (172800); 7200 (two hours) is the default.',
		);
	}
	return { meetingNumber, role: roleValue, expirationSeconds };
}

/** The app's Meeting SDK credentials, checked once per run. */
export interface SdkApp {
	clientId: string;
	clientSecret: string;
}

/** The app's Client ID and Secret from its credential, or what is wrong with them. */
export function readSdkApp(credentials: IDataObject): { app: SdkApp } | { problem: string } {
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
	const [clientId, clientSecret] = [text(credentials.clientId), text(credentials.clientSecret)];
	const missing = [clientId === '' && 'Client ID', clientSecret === '' && 'Client Secret'];
	const credential = 'the Zoom Meeting SDK API credential';
	if (missing.some(Boolean))
		return {
			problem: `The Zoom Meeting SDK API credential has no ${missing.filter(Boolean).join(' and ')}`,
		};
	if (/\s/.test(clientId + clientSecret))
		return { problem: `The Client ID or Client Secret of ${credential} has a space in it` };
	if (clientId === clientSecret)
		return { problem: `The Client Secret of ${credential} is its Client ID pasted twice` };
	return { app: { clientId, clientSecret } };
}

export const SDK_CREDENTIAL_ADVICE =
	'Open the credential and paste the Client ID and Client Secret of your app’s Meeting SDK credentials (App Marketplace → your app → Embed → Meeting SDK).';

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** The item's output, what the SDK's join (or start) call takes: the JWT as Zoom's sample signs it. */
function sign(app: SdkApp, request: SignatureRequest): IDataObject {
	const iat = Math.floor(Date.now() / 1000) - CLOCK_SKEW_SECONDS;
	const exp = iat + request.expirationSeconds;
	const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
	const payload = base64url(
		JSON.stringify({
			appKey: app.clientId,
			sdkKey: app.clientId,
			mn: Number(request.meetingNumber),
			role: request.role,
			iat,
			exp,
			tokenExp: exp,
		}),
	);
	const signature = createHmac('sha256', app.clientSecret).update(`${header}.${payload}`);
	return {
		signature: `${header}.${payload}.${base64url(signature.digest())}`,
		sdkKey: app.clientId,
		meetingNumber: request.meetingNumber,
		role: request.role,
		expiresAt: new Date(exp * 1000).toISOString(),
	};
}

/** The credential once (every item fails when it is unusable), then each item's signature. */
export async function execute(this: IExecuteFunctions): Promise<ItemResult[]> {
	const read = readSdkApp(await this.getCredentials(CREDENTIAL_TYPE));
	if ('problem' in read) {
		throw new NodeOperationError(this.getNode(), read.problem, {
			description: SDK_CREDENTIAL_ADVICE,
		});
	}
	return this.getInputData().map((_, itemIndex) => {
		try {
			return { json: sign(read.app, readItem(this, itemIndex)) };
		} catch (error) {
			return { json: { meetingNumber: null }, error };
		}
	});
}
