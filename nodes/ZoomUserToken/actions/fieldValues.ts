/**
 * How the operations read their fields' values as users type them or expressions give them, and the
 * error for a value the node cannot use.
 */
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

/**
 * A number field's value as users type it or an expression gives it: a number, or plain digits as
 * text ("3600", not "0x10" or "1e3"); `undefined` when empty; NaN for anything else.
 */
export function numberOf(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number') return value;
	if (typeof value !== 'string') return NaN;
	return /^\s*\d+\s*$/.test(value) ? Number(value) : value.trim() === '' ? undefined : NaN;
}

/** Whether a number is in [min, max], and whole where it must be. */
export function inRange(value: number | undefined, min: number, max: number, whole = true) {
	return (
		value !== undefined &&
		Number.isFinite(value) &&
		value >= min &&
		value <= max &&
		(!whole || Number.isInteger(value))
	);
}
