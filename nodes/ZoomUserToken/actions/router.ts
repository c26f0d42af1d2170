import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as user from './user';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0);
	const operation = this.getNodeParameter('operation', 0);

	if (resource === 'user' && operation === 'getToken') {
		return [await user.getToken.execute.call(this)];
	}
	throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`);
}
