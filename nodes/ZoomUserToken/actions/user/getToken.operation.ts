import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ZoomConnection } from '../../transport';
import { connectToZoom, sendZoomGet } from '../../transport';
import { DEFAULT_MAX_CONCURRENT_REQUESTS, runForEachItem } from '../../transport/requestScheduler';
import { zoomApiError } from '../../transport/zoomErrors';
import type { TokenRequest } from './tokenRequest';
import { MAX_TTL_SECONDS, quote, readTokenRequest, tokenQuery } from './tokenRequest';

const showOnlyForGetToken = { resource: ['user'], operation: ['getToken'] };
const DEFAULT_TIMEOUT_SECONDS = 30;

export const description: INodeProperties[] = [
	{
		displayName: 'User',
		name: 'userId',
		type: 'resourceLocator',
		default: { mode: 'id', value: 'me' },
		required: true,
		description: 'The Zoom user whose token to get. "me" is the user who connected the credential (for Server-to-Server OAuth, the app\'s owner).',
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
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$',
							errorMessage: 'Not a valid email address',
						},
					},
				],
			},
		],
		displayOptions: { show: showOnlyForGetToken },
	},
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
				description: 'On Behalf Of token, which Zoom requires for bots joining meetings outside your account',
			},
			{
				name: 'SDK Token (Deprecated by Zoom)',
				value: 'token',
				description: 'The older client-SDK token; none is issued to users who sign in with Google or Facebook',
			},
		],
		default: 'zak',
		displayOptions: { show: showOnlyForGetToken },
	},
	{
		displayName: 'TTL (Seconds)',
		name: 'ttl',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_TTL_SECONDS, numberPrecision: 0 },
		default: 0,
		description:
			"How long a ZAK or OBF token stays valid, in seconds, up to one year (31536000). 0 or empty: Zoom's default (2 hours; 90 days for users created through the API). Not used for the SDK token.",
		// Hidden only for the SDK token: when Token Type is an expression the field must stay visible.
		displayOptions: { show: showOnlyForGetToken, hide: { tokenType: ['token'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: showOnlyForGetToken },
		options: [
			{
				displayName: 'Max Concurrent Requests',
				name: 'maxConcurrentRequests',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 0 },
				default: DEFAULT_MAX_CONCURRENT_REQUESTS,
				description: 'Most requests to Zoom in flight at once',
			},
			{
				displayName: 'Max Requests per Second',
				name: 'maxRequestsPerSecond',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					"Fixed ceiling for the request rate. 0: automatic — the node speeds up while Zoom answers and slows down when Zoom says it is too fast. Zoom's per-account limits are 4 (Free), 30 (Pro) and 80 (Business and above) per second, shared by all apps of the account.",
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_TIMEOUT_SECONDS,
				description: 'How long to wait for one answer from Zoom before retrying it',
			},
		],
	},
];

interface RequestOptions {
	maxRequestsPerSecond?: number;
	maxConcurrentRequests?: number;
	timeoutMs: number;
}

function readOptions(context: IExecuteFunctions): RequestOptions {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const positive = (name: string, label: string): number | undefined => {
		const value = options[name];
		if (value === undefined || value === null || value === '' || value === 0) return undefined;
		if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
			throw new NodeOperationError(context.getNode(), `Invalid option ${label}: ${quote(value)} is not a positive number`, {
				description: `Set ${label} to a positive number, or remove the option to use the default.`,
			});
		}
		return value;
	};
	return {
		maxRequestsPerSecond: positive('maxRequestsPerSecond', 'Max Requests per Second'),
		maxConcurrentRequests: positive('maxConcurrentRequests', 'Max Concurrent Requests'),
		timeoutMs: (positive('timeout', 'Timeout (Seconds)') ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
	};
}

async function fetchToken(
	this: IExecuteFunctions,
	connection: ZoomConnection,
	request: TokenRequest,
	itemIndex: number,
	timeoutMs: number,
): Promise<IDataObject> {
	const response = (await sendZoomGet.call(this, connection, {
		path: ['users', request.userId, 'token'],
		qs: tokenQuery(request),
		timeoutMs,
	})) as { token?: unknown } | undefined;
	const token = response?.token;
	if (typeof token !== 'string' || token === '') {
		throw new NodeOperationError(this.getNode(), `Zoom returned no ${request.tokenType} token for user ${quote(request.userId)}`, {
			itemIndex,
			description:
				request.tokenType === 'token'
					? 'Zoom issues no SDK token (type "token") to users who sign in with Google or Facebook. Use Token Type "ZAK" for them, or have the user sign in with a Zoom password.'
					: 'Zoom answered without a token. Try again; if it persists, check the user\'s status in the Zoom admin portal.',
		});
	}
	return {
		token,
		tokenType: request.tokenType,
		userId: request.userId,
		...(request.ttl !== undefined && { expiresAt: new Date(Date.now() + request.ttl * 1000).toISOString() }),
	};
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();

	// Every item is checked before the first request, so a bad item never leaves half a run behind.
	const requests = items.map((_, itemIndex) => {
		try {
			return readTokenRequest(this, itemIndex);
		} catch (error) {
			// Expressions that fail to evaluate land here too; they are the item's error like any other.
			return error instanceof NodeOperationError
				? error
				: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	});
	const firstInvalid = requests.find((request) => request instanceof NodeOperationError);
	if (firstInvalid && !continueOnFail) throw firstInvalid;

	const errors = new Map<number, Error>();
	const results = new Map<number, IDataObject>();
	const toSend: Array<{ request: TokenRequest; itemIndex: number }> = [];
	requests.forEach((request, itemIndex) => {
		if (request instanceof NodeOperationError) errors.set(itemIndex, request);
		else toSend.push({ request, itemIndex });
	});

	if (toSend.length > 0) {
		const connection = await connectToZoom.call(this);
		const options = readOptions(this);
		const outcomes = await runForEachItem(
			toSend.length,
			async (k) => await fetchToken.call(this, connection, toSend[k].request, toSend[k].itemIndex, options.timeoutMs),
			{
				maxRequestsPerSecond: options.maxRequestsPerSecond,
				maxConcurrentRequests: options.maxConcurrentRequests,
				stopOnFirstFailure: !continueOnFail,
				abortSignal: this.getExecutionCancelSignal?.(),
			},
		);
		outcomes.forEach((outcome, k) => {
			const { request, itemIndex } = toSend[k];
			if (outcome.ok) {
				results.set(itemIndex, outcome.value);
			} else if (!('skipped' in outcome)) {
				errors.set(
					itemIndex,
					outcome.error instanceof NodeOperationError
						? outcome.error
						: zoomApiError(this.getNode(), outcome.failure, {
								authentication: connection.authentication,
								userId: request.userId,
								itemIndex,
							}),
				);
			}
		});
	}

	if (!continueOnFail && errors.size > 0) {
		throw errors.get(Math.min(...errors.keys()));
	}

	return items.map((_, itemIndex) => {
		const result = results.get(itemIndex);
		if (result) return { json: result, pairedItem: { item: itemIndex } };
		return { json: errorOutput(errors.get(itemIndex), requests[itemIndex]), pairedItem: { item: itemIndex } };
	});
}

/** What a failed item carries when the node continues on fail: the error, and what it was about. */
function errorOutput(error: Error | undefined, request: TokenRequest | NodeOperationError): IDataObject {
	const apiError = error as { httpCode?: string | null; context?: IDataObject } | undefined;
	const httpCode = apiError?.httpCode ? Number(apiError.httpCode) : null;
	return {
		error: error?.message ?? 'The request was cancelled before it was sent',
		httpCode,
		zoomCode: (apiError?.context?.zoomCode as number | undefined) ?? null,
		userId: request instanceof NodeOperationError ? null : request.userId,
	};
}
