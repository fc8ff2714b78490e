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

/**
 * The error item of the contract, for "Continue". For "Continue (using error output)" the item
 * also carries the error itself: that is how n8n (1.x and 2.x) knows to move it to the error
 * output while keeping its JSON fields (it adds the input item's fields under them).
 */
export function errorItem(
	input: INodeExecutionData,
	itemIndex: number,
	error: ItemError,
	options: OutputOptions & { toErrorOutput?: boolean },
): INodeExecutionData {
	const context = error.context ?? {};
	const json: IDataObject = {
		...(options.keepInputFields ? input.json : {}),
		error: error.description ? `${error.message}. ${error.description}` : error.message,
		errorCode: typeof context.errorCode === 'string' ? context.errorCode : 'UNKNOWN',
	};
	const httpCode = Number(error.httpCode);
	if (error.httpCode && Number.isFinite(httpCode)) json.httpCode = httpCode;
	if (typeof context.requestId === 'string') json.requestId = context.requestId;
	if (typeof context.attempts === 'number') json.attempts = context.attempts;
	const item = withInput(input, itemIndex, json);
	if (options.toErrorOutput) item.error = error as NonNullable<INodeExecutionData['error']>;
	return item;
}

/** The input's files travel on, so a later step can store or show them. */
function withInput(input: INodeExecutionData, itemIndex: number, json: IDataObject): INodeExecutionData {
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (input.binary) item.binary = input.binary;
	return item;
}
