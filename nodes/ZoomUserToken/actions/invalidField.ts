import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** A value as it can be quoted in a message: shown whole when short, cut when long. */
export function quote(value: unknown): string {
	let text: string;
	try {
		text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
	} catch {
		text = String(value);
	}
	return `"${text.length > 80 ? `${text.slice(0, 77)}...` : text}"`;
}

/**
 * The error for a field value the node cannot use: it names the field, the value (inside `problem`)
 * and the item, and `description` tells the user what to enter instead. Nothing is sent for it.
 */
export function invalidField(
	node: INode,
	itemIndex: number,
	field: string,
	problem: string,
	description: string,
): NodeOperationError {
	return new NodeOperationError(node, `Invalid ${field} in item ${itemIndex}: ${problem}`, {
		itemIndex,
		description,
	});
}
