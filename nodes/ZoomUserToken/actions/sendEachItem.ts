/**
 * The run of an operation that sends one Zoom request per item (Get Token, Revoke SSO Token, Get My
 * ZAK): every item is checked first (with On Error "Stop", nothing is sent when one is invalid),
 * then one request per valid item goes within the account's rate budget; one result per item, in
 * input order.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ZoomConnection } from '../transport';
import { connectToZoom, runForEachItem, zoomApiError } from '../transport';
import { readRunOptions } from './runOptions';
import type { ItemResult } from './types';

/** What one item's request runs under. */
export interface ItemContext {
	itemIndex: number;
	timeoutMs: number;
	abortSignal?: AbortSignal;
}

export interface PerItemRequest<R extends { userId: string }> {
	/** Reads and checks one item's fields; throws the item's error. */
	readItem: (context: IExecuteFunctions, itemIndex: number) => R;
	/** Sends the item's one request and gives its output. */
	send: (
		this: IExecuteFunctions,
		connection: ZoomConnection,
		request: R,
		item: ItemContext,
	) => Promise<IDataObject>;
	/** The scopes the operation needs, for the error when Zoom says one is missing. */
	scopeAdvice?: string;
}

export async function sendEachItem<R extends { userId: string }>(
	context: IExecuteFunctions,
	operation: PerItemRequest<R>,
): Promise<ItemResult[]> {
	const checked = context.getInputData().map((_, itemIndex) => {
		try {
			return { request: operation.readItem(context, itemIndex) };
		} catch (error) {
			// Expressions that fail to evaluate land here too: the item's error like any other.
			return { error };
		}
	});
	const invalid = checked.find((item) => 'error' in item);
	if (invalid && !context.continueOnFail()) throw invalid.error;
	const results: ItemResult[] = checked.map(({ error }) => ({ json: { userId: null }, error }));
	const toSend = checked.flatMap(({ request }, itemIndex) =>
		request ? [{ request, itemIndex }] : [],
	);
	if (toSend.length > 0) await sendAll(context, operation, toSend, results);
	return results;
}

/** The run's options and credential, then each item's request; its result goes to `results`. */
async function sendAll<R extends { userId: string }>(
	context: IExecuteFunctions,
	{ send, scopeAdvice }: PerItemRequest<R>,
	toSend: Array<{ request: R; itemIndex: number }>,
	results: ItemResult[],
) {
	const { timeoutMs, ...pacing } = readRunOptions(context);
	const connection = await connectToZoom.call(context);
	const abortSignal = context.getExecutionCancelSignal?.();
	const stopOnFirstFailure = !context.continueOnFail();
	const outcomes = await runForEachItem(
		toSend.length,
		async (k) =>
			await send.call(context, connection, toSend[k].request, {
				itemIndex: toSend[k].itemIndex,
				timeoutMs,
				abortSignal,
			}),
		{ ...pacing, account: connection.account, stopOnFirstFailure, abortSignal },
	);
	const errors = outcomes.map((outcome, k) => {
		if (outcome.ok || 'skipped' in outcome) return undefined;
		if (outcome.error instanceof NodeOperationError) return outcome.error;
		const { itemIndex, request } = toSend[k];
		return zoomApiError(context.getNode(), outcome.failure, {
			authentication: connection.authentication,
			userId: request.userId,
			itemIndex,
			scopeAdvice,
		});
	});
	const firstFailure = errors.find((error) => error !== undefined);
	// An item not sent: the execution was cancelled, or (On Error "Stop") an earlier item failed.
	const notSent = (itemIndex: number) =>
		abortSignal?.aborted || !firstFailure
			? new NodeOperationError(
					context.getNode(),
					`The execution was cancelled before item ${itemIndex} was sent to Zoom`,
					{ itemIndex },
				)
			: firstFailure;
	outcomes.forEach((outcome, k) => {
		const { itemIndex, request } = toSend[k];
		results[itemIndex] = outcome.ok
			? { json: outcome.value }
			: { json: { userId: request.userId }, error: errors[k] ?? notSent(itemIndex) };
	});
}
