import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import * as meetingSdk from './meetingSdk';
import type { ItemResult, Operation } from './types';
import * as user from './user';

const operations: Record<string, Record<string, Operation>> = {
	user: {
		getToken: user.getToken.execute,
		getMyZak: user.getMyZak.execute,
		revokeSsoToken: user.revokeSsoToken.execute,
	},
	meetingSdk: { generateSignature: meetingSdk.generateSignature.execute },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	let results: ItemResult[];
	try {
		const execute = operations[resource]?.[operation];
		if (!execute) {
			// A workflow saved with a newer version of the node.
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" of resource "${resource}" is not supported`,
			);
		}
		results = await execute.call(this);
	} catch (error) {
		// Whatever was thrown (a setting, the credential, a bug) is the outcome of every item: none
		// leaves the node unchanged.
		results = items.map(() => ({ json: {}, error }));
	}
	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	const outcomes = items.map((_, itemIndex): INodeExecutionData => {
		const { json, error } = results[itemIndex];
		const pairedItem = { item: itemIndex };
		if (error === undefined) return { json, pairedItem };
		const nodeError = asNodeError(this, error, itemIndex);
		// Settings → On Error "Stop": the first failure, in item order, is the execution's error.
		if (!this.continueOnFail()) throw nodeError;
		const failure = { ...failureDetails(nodeError), ...json };
		// n8n moves an item that carries an item-level error to the node's error output.
		return toErrorOutput
			? { json: failure, error: nodeError, pairedItem }
			: { json: failure, pairedItem };
	});
	return [outcomes];
}

function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number) {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/** What a failed item carries when the node continues: the error, and Zoom's codes when it answered. */
function failureDetails(error: NodeOperationError | NodeApiError): IDataObject {
	const httpCode = 'httpCode' in error && error.httpCode ? Number(error.httpCode) : null;
	return {
		error: error.message,
		httpCode,
		zoomCode: (error.context?.zoomCode as number | undefined) ?? null,
	};
}
