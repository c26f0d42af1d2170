import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_TIMEOUT_SECONDS } from '../transport';
import { inRange, quote } from './fieldValues';

/** Each option's bounds: beyond them a timer overflows or the node would wait for ever. */
const LIMITS = {
	maxRequestsPerSecond: { label: 'Max Requests per Second', min: 0.1, max: 1000, whole: false },
	maxConcurrentRequests: { label: 'Max Concurrent Requests', min: 1, max: 100, whole: true },
	timeout: { label: 'Timeout (Seconds)', min: 1, max: 300, whole: false },
} as const;

/**
 * The Options collection of an operation that sends one Zoom request per item. Its numbers have no
 * min/max in the editor on purpose: n8n's number input clamps a typed value to them without a word,
 * so the range is in the description and readRunOptions refuses a value outside it, naming it.
 */
export function runOptionsField(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Max Concurrent Requests',
				name: 'maxConcurrentRequests',
				type: 'number',
				default: DEFAULT_MAX_CONCURRENT_REQUESTS,
				description: `Most requests to Zoom in flight at once, 1 to ${LIMITS.maxConcurrentRequests.max}`,
			},
			{
				displayName: 'Max Requests per Second',
				name: 'maxRequestsPerSecond',
				type: 'number',
				default: 0,
				description: `Fixed ceiling for the request rate, ${LIMITS.maxRequestsPerSecond.min} to ${LIMITS.maxRequestsPerSecond.max}. 0: automatic — the node speeds up while Zoom answers and slows down when Zoom says it is too fast. Zoom's per-account limits are 4 (Free), 30 (Pro) and 80 (Business and above) per second, shared by all apps of the account.`,
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				default: DEFAULT_TIMEOUT_SECONDS,
				description: `How long one request to Zoom may take, answer included, before it is retried: ${LIMITS.timeout.min} to ${LIMITS.timeout.max}`,
			},
		],
	};
}

/** How a run paces its requests to Zoom; read once per execution, from the first item. */
export function readRunOptions(context: IExecuteFunctions) {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const read = (name: keyof typeof LIMITS): number | undefined => {
		const { label, min, max, whole } = LIMITS[name];
		const value = options[name];
		if (value === undefined || value === null || value === '' || value === 0) return undefined;
		if (typeof value === 'number' && inRange(value, min, max, whole)) return value;
		const expected = `${whole ? 'a whole number' : 'a number'} from ${min} to ${max}`;
		throw new NodeOperationError(
			context.getNode(),
			`Invalid option ${label}: ${quote(value)} is not ${expected}`,
			{ description: `Set ${label} to ${expected}, or remove the option to use the default.` },
		);
	};
	return {
		maxRequestsPerSecond: read('maxRequestsPerSecond'),
		maxConcurrentRequests: read('maxConcurrentRequests'),
		timeoutMs: (read('timeout') ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
	};
}
