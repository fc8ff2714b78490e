import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { CompareResult } from './transport/transport';

export interface OutputOptions {
	keepInputFields: boolean;
	includeFullResponse: boolean;
}

/** The success item of the contract: similarity, verdict and MostQi's identifiers. */
export function successItem(
	input: INodeExecutionData,
	itemIndex: number,
	result: CompareResult,
	threshold: number,
	attempts: number,
	options: OutputOptions,
): INodeExecutionData {
	const json: IDataObject = {
		...(options.keepInputFields ? input.json : {}),
		similarity: result.similarity,
		isMatch: result.similarity >= threshold,
		threshold,
		requestId: result.requestId,
		elapsedMilliseconds: result.elapsedMilliseconds,
		attempts,
	};
	if (options.includeFullResponse) json.mostQiResponse = result.response as IDataObject;
	return withInput(input, itemIndex, json);
}

type ItemError = Error & { description?: string | null; httpCode?: string | null; context?: IDataObject };

/** What went wrong with one item, as plain fields: the message, the code, and what MostQi sent. */
function failureFields(error: ItemError): IDataObject {
	const context = error.context ?? {};
	const fields: IDataObject = {
		error: error.description ? `${error.message}. ${error.description}` : error.message,
		errorCode: typeof context.errorCode === 'string' ? context.errorCode : 'UNKNOWN',
	};
	const httpCode = Number(error.httpCode);
	if (error.httpCode && Number.isFinite(httpCode)) fields.httpCode = httpCode;
	if (typeof context.requestId === 'string') fields.requestId = context.requestId;
	if (typeof context.attempts === 'number') fields.attempts = context.attempts;
	return fields;
}

/** The error item of the contract, for "Continue": the failure's fields at the top level. */
export function errorItem(
	input: INodeExecutionData,
	itemIndex: number,
	error: ItemError,
	options: OutputOptions,
): INodeExecutionData {
	return withInput(input, itemIndex, { ...(options.keepInputFields ? input.json : {}), ...failureFields(error) });
}

/**
 * The error item for "Continue (using error output)". n8n moves an item to the error output only
 * when its JSON holds nothing but `error` (n8n 1.x and 2.0; 2.41 also allows `message` and
 * `details`), and there it adds the input item's fields; an item with its own `error` property
 * is moved too, but its JSON is then cut down to the message. So everything sits in one `error`
 * object, the way n8n's HTTP Request node reports on that output: `error.message`,
 * `error.errorCode`, `error.httpCode`, `error.requestId`, `error.attempts`.
 */
export function errorOutputItem(input: INodeExecutionData, itemIndex: number, error: ItemError): INodeExecutionData {
	const { error: message, ...codes } = failureFields(error);
	return withInput(input, itemIndex, { error: { message, ...codes } });
}

/** The input's files travel on, so a later step can store or show them. */
function withInput(input: INodeExecutionData, itemIndex: number, json: IDataObject): INodeExecutionData {
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (input.binary) item.binary = input.binary;
	return item;
}
