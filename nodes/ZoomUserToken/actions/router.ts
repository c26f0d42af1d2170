import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ZoomConnection } from '../transport';
import { connectToZoom, runForEachItem, toNodeError } from '../transport';
import * as meetingSdk from './meetingSdk';
import type { RunOptions } from './runOptions';
import { readRunOptions } from './runOptions';
import * as user from './user';

/** What the router needs of every operation: how one item is read, and what its failure names. */
interface ItemOperation<Request> {
	/** Reads and checks one item's fields; throws a NodeOperationError naming field, value and item. */
	readItem(context: IExecuteFunctions, itemIndex: number): Request;
	/** What a failed item carries beside its error: what it was about (`null` when it was invalid). */
	failureFields(request: Request | undefined): IDataObject;
}

/** An operation that sends one Zoom request per item. */
export interface ZoomOperation<Request> extends ItemOperation<Request> {
	kind: 'zoom';
	/** Sends the item's one request; resolves with the item's output. */
	send(
		this: IExecuteFunctions,
		connection: ZoomConnection,
		request: Request,
		item: ItemContext,
	): Promise<IDataObject>;
	/** The Zoom user the item was about, named in its failure. */
	userOf(request: Request): string;
}

/** An operation computed in n8n, without any request (the Meeting SDK signature). */
export interface LocalOperation<Request, Run> extends ItemOperation<Request> {
	kind: 'local';
	/** Reads what every item needs (its credential) once; throws a NodeOperationError if unusable. */
	prepare(context: IExecuteFunctions): Promise<Run>;
	/** The item's output; throws a NodeOperationError for the item. */
	compute(context: IExecuteFunctions, run: Run, request: Request, itemIndex: number): IDataObject;
}

type AnyOperation = ZoomOperation<unknown> | LocalOperation<unknown, unknown>;

/** An operation, type-checked against its interface with its own request type. */
function operation<Request, Run>(
	handler: ZoomOperation<Request> | LocalOperation<Request, Run>,
): AnyOperation {
	return handler as AnyOperation;
}

const operations: Record<string, Record<string, AnyOperation>> = {
	user: { getToken: operation(user.getToken) },
	meetingSdk: { generateSignature: operation(meetingSdk.generateSignature) },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = operations[resource]?.[operation];
	if (!handler) {
		// A workflow saved with a newer version: under Continue, every item fails with it.
		const error = new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
		const onError = onErrorOf(this);
		if (onError === 'stop') throw error;
		return [this.getInputData().map((_, itemIndex) => failedItem(error, {}, itemIndex, onError))];
	}
	return [await runItems(this, handler)];
}

/** What an operation's request for one item runs under. */
export interface ItemContext {
	itemIndex: number;
	timeoutMs: number;
	abortSignal?: AbortSignal;
}

type ItemError = NodeOperationError | NodeApiError;

/** The node's Settings → On Error, as it decides what becomes of a failed item. */
type OnError = 'stop' | 'regularOutput' | 'errorOutput';

function onErrorOf(context: IExecuteFunctions): OnError {
	if (!context.continueOnFail()) return 'stop';
	return context.getNode().onError === 'continueErrorOutput' ? 'errorOutput' : 'regularOutput';
}

/**
 * The path of every item, in one place: validate every item → send to Zoom within the rate budget,
 * or compute in n8n → one output per item, in input order, or the first failure thrown.
 */
async function runItems(
	context: IExecuteFunctions,
	operation: AnyOperation,
): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const onError = onErrorOf(context);
	const run: ItemRun = { outputs: new Map(), failures: new Map() };
	// A loop, not Math.min(...keys): a run of 150,000 failed items would overflow the call stack.
	const firstFailure = () => {
		let first = Infinity;
		for (const itemIndex of run.failures.keys()) first = Math.min(first, itemIndex);
		return run.failures.get(first)!;
	};

	// Every item is checked before the first request, so a bad item never leaves half a run behind.
	const requests = items.map((_, itemIndex) => {
		try {
			return operation.readItem(context, itemIndex);
		} catch (error) {
			// Expressions that fail to evaluate land here too: the item's error like any other.
			run.failures.set(itemIndex, asItemError(context, error, itemIndex));
			return undefined;
		}
	});
	if (onError === 'stop' && run.failures.size > 0) throw firstFailure();

	const toSend = requests.flatMap((request, itemIndex) =>
		request === undefined ? [] : [{ request, itemIndex }],
	);
	if (toSend.length > 0) {
		try {
			if (operation.kind === 'zoom') await sendToZoom(context, operation, toSend, onError, run);
			else await computeLocally(context, operation, toSend, onError, run);
		} catch (error) {
			// Anything that escaped an item's own handling (a bug): the outcome of every item without
			// one, so that no item leaves the node unchanged.
			const pending = toSend.filter(
				({ itemIndex }) => !run.outputs.has(itemIndex) && !run.failures.has(itemIndex),
			);
			failEvery(context, error, pending, onError, run.failures);
		}
	}
	if (onError === 'stop' && run.failures.size > 0) throw firstFailure();

	return items.map((_, itemIndex) => {
		const pairedItem = { item: itemIndex };
		const output = run.outputs.get(itemIndex);
		if (output) return { json: output, pairedItem };
		const fields = operation.failureFields(requests[itemIndex]);
		return failedItem(run.failures.get(itemIndex)!, fields, itemIndex, onError);
	});
}

/** A failed item's output: the error and what the item was about. */
function failedItem(
	error: ItemError,
	fields: IDataObject,
	itemIndex: number,
	onError: OnError,
): INodeExecutionData {
	const json = { ...failureDetails(error), ...fields };
	const pairedItem = { item: itemIndex };
	// n8n moves an item that carries an item-level error to the node's error output.
	return onError === 'errorOutput' ? { json, error, pairedItem } : { json, pairedItem };
}

/** What became of each item so far. */
interface ItemRun {
	outputs: Map<number, IDataObject>;
	failures: Map<number, ItemError>;
}

type Pending<Request> = Array<{ request: Request; itemIndex: number }>;

function asItemError(context: IExecuteFunctions, error: unknown, itemIndex?: number): ItemError {
	return error instanceof NodeOperationError
		? error
		: new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/** The run cannot start (settings, credential): every pending item fails with it, or the run does. */
function failEvery<Request>(
	context: IExecuteFunctions,
	error: unknown,
	pending: Pending<Request>,
	onError: OnError,
	failures: ItemRun['failures'],
): void {
	const runError = asItemError(context, error);
	if (onError === 'stop') throw runError;
	for (const { itemIndex } of pending) failures.set(itemIndex, runError);
}

/**
 * The run's settings and credential, then one request per item within the rate budget. When the
 * settings or the credential are unusable, every item that would be sent fails with that error (or,
 * with On Error "Stop", the run does).
 */
async function sendToZoom<Request>(
	context: IExecuteFunctions,
	operation: ZoomOperation<Request>,
	toSend: Pending<Request>,
	onError: OnError,
	{ outputs, failures }: ItemRun,
): Promise<void> {
	let options: RunOptions;
	let connection: ZoomConnection;
	try {
		options = readRunOptions(context);
		connection = await connectToZoom.call(context);
	} catch (error) {
		failEvery(context, error, toSend, onError, failures);
		return;
	}
	const abortSignal = context.getExecutionCancelSignal?.();
	const outcomes = await runForEachItem(
		toSend.length,
		async (k) =>
			await operation.send.call(context, connection, toSend[k].request, {
				itemIndex: toSend[k].itemIndex,
				timeoutMs: options.timeoutMs,
				abortSignal,
			}),
		{
			maxRequestsPerSecond: options.maxRequestsPerSecond,
			account: connection.account,
			maxConcurrentRequests: options.maxConcurrentRequests,
			stopOnFirstFailure: onError === 'stop',
			abortSignal,
		},
	);
	outcomes.forEach((outcome, k) => {
		const { request, itemIndex } = toSend[k];
		if (outcome.ok) {
			outputs.set(itemIndex, outcome.value);
		} else if (!('skipped' in outcome)) {
			failures.set(
				itemIndex,
				toNodeError(context.getNode(), outcome.error, {
					authentication: connection.authentication,
					userId: operation.userOf(request),
					itemIndex,
				}),
			);
		} else if (abortSignal?.aborted) {
			failures.set(
				itemIndex,
				new NodeOperationError(
					context.getNode(),
					`The execution was cancelled before item ${itemIndex} was sent to Zoom`,
					{ itemIndex },
				),
			);
		}
		// Otherwise skipped after an earlier failure, with On Error "Stop": that failure is thrown below.
	});
}

/** The credential once, then each item's output; with On Error "Stop", up to the first failure. */
async function computeLocally<Request>(
	context: IExecuteFunctions,
	operation: LocalOperation<Request, unknown>,
	toCompute: Pending<Request>,
	onError: OnError,
	{ outputs, failures }: ItemRun,
): Promise<void> {
	let prepared: unknown;
	try {
		prepared = await operation.prepare(context);
	} catch (error) {
		failEvery(context, error, toCompute, onError, failures);
		return;
	}
	for (const { request, itemIndex } of toCompute) {
		try {
			outputs.set(itemIndex, operation.compute(context, prepared, request, itemIndex));
		} catch (error) {
			failures.set(itemIndex, asItemError(context, error, itemIndex));
			if (onError === 'stop') return;
		}
	}
}

/** What a failed item carries when the node continues: the error, and Zoom's codes when it answered. */
function failureDetails(error: ItemError): IDataObject {
	const httpCode = 'httpCode' in error && error.httpCode ? Number(error.httpCode) : null;
	return {
		error: error.message,
		httpCode,
		zoomCode: (error.context?.zoomCode as number | undefined) ?? null,
	};
}
