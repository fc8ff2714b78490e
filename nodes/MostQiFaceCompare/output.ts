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

/** The error item of the contract, for "Continue On Fail". */
export function errorItem(
	input: INodeExecutionData,
	itemIndex: number,
	error: Error & { description?: string | null; httpCode?: string | null; context?: IDataObject },
	options: OutputOptions,
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
	return withInput(input, itemIndex, json);
}

/** The input's files travel on, so a later step can store or show them. */
function withInput(input: INodeExecutionData, itemIndex: number, json: IDataObject): INodeExecutionData {
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (input.binary) item.binary = input.binary;
	return item;
}
