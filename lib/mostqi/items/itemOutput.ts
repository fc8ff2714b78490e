import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ERROR_CODES } from '../errorCodes';
import { withoutJoiners } from '../messages';

/** A failed item's error, as n8n's NodeApiError / NodeOperationError carry it. */
export type ItemError = Error & {
	description?: string | null;
	httpCode?: string | null;
	context?: IDataObject;
};

/** What went wrong with one item, as plain fields: the message, the code, and what MostQi sent. */
export function failureFields(error: ItemError): IDataObject {
	const context = error.context ?? {};
	const fields: IDataObject = {
		// plain text: the joiners that keep n8n from rewriting a thrown error's message would only
		// get in the way of an IF node, a search or a copied URL in the item (see messages.ts)
		error: withoutJoiners(
			error.description ? `${error.message}. ${error.description}` : error.message,
		),
		errorCode: typeof context.errorCode === 'string' ? context.errorCode : ERROR_CODES.UNKNOWN,
	};
	const httpCode = Number(error.httpCode);
	if (error.httpCode && Number.isFinite(httpCode)) fields.httpCode = httpCode;
	if (typeof context.requestId === 'string') fields.requestId = context.requestId;
	if (typeof context.attempts === 'number') fields.attempts = context.attempts;
	return fields;
}

/**
 * The error item for "Continue (using error output)". n8n moves an item to the error output only
 * when its JSON holds nothing but `error` (n8n 1.x and 2.0; 2.41 also allows `message` and
 * `details`), and there it adds the input item's fields; an item with its own `error` property
 * is moved too, but its JSON is then cut down to the message. So everything sits in one `error`
 * object, the way n8n's HTTP Request node reports on that output: `error.message`,
 * `error.errorCode`, `error.httpCode`, `error.requestId`, `error.attempts`.
 */
export function errorOutputItem(
	input: INodeExecutionData,
	itemIndex: number,
	error: ItemError,
): INodeExecutionData {
	const { error: message, ...codes } = failureFields(error);
	return withInput(input, itemIndex, { error: { message, ...codes } });
}

/** Whether an item is one for n8n's error output (see errorOutputItem). */
export function isErrorOutputItem(item: INodeExecutionData): boolean {
	return Object.keys(item.json).length === 1 && 'error' in item.json;
}

/** The item paired with its input; the input's files travel on, so a later step can use them. */
export function withInput(
	input: INodeExecutionData,
	itemIndex: number,
	json: IDataObject,
): INodeExecutionData {
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (input.binary) item.binary = input.binary;
	return item;
}

/**
 * Which of the input item's JSON fields an output item keeps: none; all, the result's fields
 * over them (Face Compare version 1); or those that are not the node's own columns, after the
 * result's (the verdict first in n8n's table; an input's stale `error` would make a success look
 * failed).
 */
export type InputFieldsRule = 'none' | 'underResult' | { except: readonly string[] };

export function withInputFields(
	result: IDataObject,
	input: INodeExecutionData,
	rule: InputFieldsRule,
): IDataObject {
	if (rule === 'none') return result;
	if (rule === 'underResult') return { ...input.json, ...result };
	const json: IDataObject = { ...result };
	for (const [key, value] of Object.entries(input.json)) {
		if (!(key in json) && !rule.except.includes(key)) json[key] = value;
	}
	return json;
}

/** The fields in the columns' order, null for those it lacks: n8n's table lines rows up. */
export function asRow(fields: IDataObject, columns: readonly string[]): IDataObject {
	const row: IDataObject = {};
	for (const column of columns) row[column] = fields[column] ?? null;
	return row;
}
