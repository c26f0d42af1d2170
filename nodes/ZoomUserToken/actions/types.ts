import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * What an operation gives for one input item: its output, or its error with the fields that say
 * what the item was about (`json`, e.g. `{ userId }`). The router turns it into the item's outcome.
 */
export type ItemResult = { json: IDataObject; error?: unknown };

/** An operation runs over every input item and gives one result per item, in input order. */
export type Operation = (this: IExecuteFunctions) => Promise<ItemResult[]>;
