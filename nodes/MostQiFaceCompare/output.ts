import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { withoutJoiners } from '../../lib/mostqi/messages';
import { withoutRememberedSecrets } from '../../lib/mostqi/secrets';
import type { CompareResult } from './transport/transport';

export interface OutputOptions {
	keepInputFields: boolean;
	includeFullResponse: boolean;
	/**
	 * Node version 2: a decision first on every item, and every item with the same columns (null
	 * where there is no value), so that n8n's table lines up a failed row with the others.
	 */
	tableRows: boolean;
}

/** What a similarity is judged against: the Match Threshold, and a review band's lower edge. */
export interface Thresholds {
	threshold: number;
	/** null: no review band. */
	reviewThreshold: number | null;
}

/** Version 2's outcome of an item; `error` only for a failed item with "Continue". */
export type Decision = 'match' | 'review' | 'mismatch' | 'error';

export function decide(similarity: number, { threshold, reviewThreshold }: Thresholds): Decision {
	if (similarity >= threshold) return 'match';
	if (reviewThreshold !== null && similarity >= reviewThreshold) return 'review';
	return 'mismatch';
}

/**
 * Version 2's columns, in the order n8n's table shows them (it orders by first appearance).
 * A success never has an `error` key: n8n 1.x and 2.0 take a first item holding one, even null,
 * as a failure under Retry On Fail and run the node again, paying every comparison twice.
 */
const COLUMNS = [
	'decision',
	'similarity',
	'isMatch',
	'threshold',
	'reviewThreshold',
	'requestId',
	'elapsedMilliseconds',
	'attempts',
];
const ERROR_COLUMNS = [...COLUMNS, 'error', 'errorCode', 'httpCode'];

/** The result's fields, then the input's (version 2 keeps the verdict first in the table). */
function withInputFields(
	result: IDataObject,
	input: INodeExecutionData,
	options: OutputOptions,
): IDataObject {
	if (!options.keepInputFields) return result;
	if (!options.tableRows) return { ...input.json, ...result };
	const json: IDataObject = { ...result };
	// the node's columns are its own: an input's stale `error` would make a success look failed
	for (const [key, value] of Object.entries(input.json)) {
		if (!(key in json) && !ERROR_COLUMNS.includes(key)) json[key] = value;
	}
	return json;
}

/** Version 2: the fields in the columns' order, null for those it lacks. */
function asRow(fields: IDataObject, columns: string[]): IDataObject {
	const row: IDataObject = {};
	for (const column of columns) row[column] = fields[column] ?? null;
	return row;
}

/** The success item of the contract: similarity, verdict and MostQi's identifiers. */
export function successItem(
	input: INodeExecutionData,
	itemIndex: number,
	result: CompareResult,
	thresholds: Thresholds,
	attempts: number,
	options: OutputOptions,
): INodeExecutionData {
	const decision = decide(result.similarity, thresholds);
	const fields: IDataObject = {
		similarity: result.similarity,
		isMatch: decision === 'match',
		threshold: thresholds.threshold,
		requestId: result.requestId,
		elapsedMilliseconds: result.elapsedMilliseconds,
		attempts,
	};
	// version 1, as first released, has no decision and no band
	const row = options.tableRows
		? asRow({ ...fields, decision, reviewThreshold: thresholds.reviewThreshold }, COLUMNS)
		: fields;
	const json = withInputFields(row, input, options);
	if (options.includeFullResponse)
		json.mostQiResponse = withoutRememberedSecrets(result.response) as IDataObject;
	return withInput(input, itemIndex, json);
}

type ItemError = Error & {
	description?: string | null;
	httpCode?: string | null;
	context?: IDataObject;
};

/** What went wrong with one item, as plain fields: the message, the code, and what MostQi sent. */
function failureFields(error: ItemError): IDataObject {
	const context = error.context ?? {};
	const fields: IDataObject = {
		// plain text: the joiners that keep n8n from rewriting a thrown error's message would only
		// get in the way of an IF node, a search or a copied URL in the item (see messages.ts)
		error: withoutJoiners(
			error.description ? `${error.message}. ${error.description}` : error.message,
		),
		errorCode: typeof context.errorCode === 'string' ? context.errorCode : 'UNKNOWN',
	};
	const httpCode = Number(error.httpCode);
	if (error.httpCode && Number.isFinite(httpCode)) fields.httpCode = httpCode;
	if (typeof context.requestId === 'string') fields.requestId = context.requestId;
	if (typeof context.attempts === 'number') fields.attempts = context.attempts;
	return fields;
}

/**
 * The error item of the contract, for "Continue": the failure's fields at the top level; in
 * version 2 decision "error" first, the success columns null and the thresholds the item used
 * (null where one was itself the problem).
 */
export function errorItem(
	input: INodeExecutionData,
	itemIndex: number,
	error: ItemError,
	options: OutputOptions,
	thresholds: { threshold: number | null; reviewThreshold: number | null } = {
		threshold: null,
		reviewThreshold: null,
	},
): INodeExecutionData {
	const fields = failureFields(error);
	const json = withInputFields(
		options.tableRows
			? asRow({ ...fields, ...thresholds, decision: 'error' }, ERROR_COLUMNS)
			: fields,
		input,
		options,
	);
	return withInput(input, itemIndex, json);
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

/** The input's files travel on, so a later step can store or show them. */
function withInput(
	input: INodeExecutionData,
	itemIndex: number,
	json: IDataObject,
): INodeExecutionData {
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (input.binary) item.binary = input.binary;
	return item;
}
