import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ERROR_CODES } from '../errorCodes';
import type { MostQiFailure } from '../failure';
import { keepWords, survivesN8n } from '../messages';

/**
 * The item as a builder finds it: n8n's table view numbers nothing, so the row counts from 1
 * and says out of how many ("row 2 of 3" is the second row). n8n's own index follows, in n8n's
 * words: the editor appends "[item N]" (counting from 0) to an error's message unless the
 * message already says "item N", and a bare "[item 1]" after "row 2" would read as a contradiction.
 */
export function itemName(ctx: IExecuteFunctions, itemIndex: number): string {
	return `row ${itemIndex + 1} of ${ctx.getInputData().length}, item ${itemIndex} counting from 0`;
}

/** A bad input of one item: names the item, what is wrong, and how to fix it. */
export function inputError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description: string,
): NodeOperationError {
	// in words n8n leaves as they are, whatever field names, file names and URLs they quote
	const text = survivesN8n(`${message} (${itemName(ctx, itemIndex)})`);
	const error = new NodeOperationError(ctx.getNode(), text, {
		itemIndex,
		description: survivesN8n(description),
	});
	keepWords(error, text, description);
	error.context.errorCode = ERROR_CODES.INVALID_INPUT;
	return error;
}

/** A failed MostQi call as an n8n API error that keeps MostQi's code, status and request ID. */
export function apiError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	failure: MostQiFailure,
	attempts: number,
): NodeApiError {
	// Only these plain fields reach the error (and n8n's saved execution data): no request,
	// no headers, so no token or client key.
	const response: JsonObject = { errorCode: failure.errorCode };
	if (failure.requestId !== undefined) response.requestId = failure.requestId;
	const message = survivesN8n(`${failure.message} (${itemName(ctx, itemIndex)})`);
	const error = new NodeApiError(ctx.getNode(), response, {
		message,
		description: survivesN8n(failure.description),
		httpCode: failure.httpCode === undefined ? undefined : String(failure.httpCode),
		itemIndex,
	});
	// n8n also replaces the message when the code it reads (here MostQi's errorCode) is on its list
	keepWords(error, message, failure.description);
	error.context.errorCode = failure.errorCode;
	error.context.attempts = attempts;
	if (failure.requestId !== undefined) error.context.requestId = failure.requestId;
	return error;
}
