import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_MAX_CONCURRENT_REQUESTS } from '../transport';
import { quote } from './invalidField';

const DEFAULT_TIMEOUT_SECONDS = 30;

/** How a run paces its requests to Zoom; read once per execution, from the first item. */
export interface RunOptions {
	maxRequestsPerSecond?: number;
	maxConcurrentRequests?: number;
	timeoutMs: number;
}

/** The Options collection of an operation that sends one Zoom request per item. */
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
	};
}

export function readRunOptions(context: IExecuteFunctions): RunOptions {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const positive = (name: string, label: string): number | undefined => {
		const value = options[name];
		if (value === undefined || value === null || value === '' || value === 0) return undefined;
		if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
			throw new NodeOperationError(
				context.getNode(),
				`Invalid option ${label}: ${quote(value)} is not a positive number`,
				{
					description: `Set ${label} to a positive number, or remove the option to use the default.`,
				},
			);
		}
		return value;
	};
	return {
		maxRequestsPerSecond: positive('maxRequestsPerSecond', 'Max Requests per Second'),
		maxConcurrentRequests: positive('maxConcurrentRequests', 'Max Concurrent Requests'),
		timeoutMs: (positive('timeout', 'Timeout (Seconds)') ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
	};
}
