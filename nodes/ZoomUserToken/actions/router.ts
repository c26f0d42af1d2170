import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ZoomConnection } from '../transport';
import { connectToZoom, runForEachItem, toNodeError } from '../transport';
import type { RunOptions } from './runOptions';
import { readRunOptions } from './runOptions';
import * as user from './user';

/** What the router needs of an operation that sends one Zoom request per item. */
export interface ZoomOperation<Request> {
	/** Reads and checks one item's fields; throws a NodeOperationError naming field, value and item. */
	readItem(context: IExecuteFunctions, itemIndex: number): Request;
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

/** An operation, type-checked against ZoomOperation with its own request type. */
function zoomOperation<Request>(handler: ZoomOperation<Request>): ZoomOperation<unknown> {
	return handler as ZoomOperation<unknown>;
}

const operations: Record<string, Record<string, ZoomOperation<unknown>>> = {
	user: { getToken: zoomOperation(user.getToken) },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = operations[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
		);
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
 * The path of every item, in one place: validate every item → connect → send within the rate budget
 * → one output per item, in input order, or the first failure thrown.
 */
async function runItems<Request>(
	context: IExecuteFunctions,
	operation: ZoomOperation<Request>,
): Promise<INodeExecutionData[]> {
	const items = context.getInputData();
	const onError = onErrorOf(context);
	const outputs = new Map<number, IDataObject>();
	const failures = new Map<number, ItemError>();
	// A loop, not Math.min(...keys): a run of 150,000 failed items would overflow the call stack.
	const firstFailure = () => {
		let first = Infinity;
		for (const itemIndex of failures.keys()) first = Math.min(first, itemIndex);
		return failures.get(first)!;
	};

	// Every item is checked before the first request, so a bad item never leaves half a run behind.
	const requests = items.map((_, itemIndex) => {
		try {
			return operation.readItem(context, itemIndex);
		} catch (error) {
			// Expressions that fail to evaluate land here too: the item's error like any other.
			failures.set(
				itemIndex,
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(context.getNode(), error as Error, { itemIndex }),
			);
			return undefined;
		}
	});
	if (onError === 'stop' && failures.size > 0) throw firstFailure();

	const toSend = requests.flatMap((request, itemIndex) =>
		request === undefined ? [] : [{ request, itemIndex }],
	);
	// The run's settings and credential: when they are unusable, every item that would be sent fails
	// with that error (or, with On Error "Stop", the run does).
	let run: { options: RunOptions; connection: ZoomConnection } | undefined;
	if (toSend.length > 0) {
		try {
			const options = readRunOptions(context);
			run = { options, connection: await connectToZoom.call(context) };
		} catch (error) {
			const runError =
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(context.getNode(), error as Error);
			if (onError === 'stop') throw runError;
			for (const { itemIndex } of toSend) failures.set(itemIndex, runError);
		}
	}
	if (run) {
		const { options, connection } = run;
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
				const userId = operation.userOf(request);
				failures.set(
					itemIndex,
					toNodeError(context.getNode(), outcome.error, {
						authentication: connection.authentication,
						userId,
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
	if (onError === 'stop' && failures.size > 0) throw firstFailure();

	return items.map((_, itemIndex) => {
		const pairedItem = { item: itemIndex };
		const output = outputs.get(itemIndex);
		if (output) return { json: output, pairedItem };
		const error = failures.get(itemIndex)!;
		const request = requests[itemIndex];
		const json = failureDetails(error, request === undefined ? null : operation.userOf(request));
		// n8n moves an item that carries an item-level error to the node's error output.
		return onError === 'errorOutput' ? { json, error, pairedItem } : { json, pairedItem };
	});
}

/** What a failed item carries when the node continues: the error, and what it was about. */
function failureDetails(error: ItemError, userId: string | null): IDataObject {
	const httpCode = 'httpCode' in error && error.httpCode ? Number(error.httpCode) : null;
	return {
		error: error.message,
		httpCode,
		zoomCode: (error.context?.zoomCode as number | undefined) ?? null,
		userId,
	};
}
