/** An item's error: which item (as a builder counts rows, then in n8n's words), and what MostQi said. */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { apiError, inputError, itemName } from '../../../../../lib/mostqi/items/itemErrors';
import { errorItem } from '../../../../../nodes/MostQiFaceCompare/output';
import { fakeExecuteContext } from '../../../../support/fakeExecuteContext';
import { atRow } from '../../../../support/words';

/** A run of five items. */
const { ctx } = fakeExecuteContext({ items: Array.from({ length: 5 }, () => ({ json: {} })) });
const plain = { keepInputFields: false, includeFullResponse: false, tableRows: false };

test("an item is named by its row counting from 1, out of how many, then by n8n's index from 0", () => {
	// the one place the wording is spelled; every other test names a row by test/support/words.ts
	expect(itemName(ctx, 0)).toBe('row 1 of 5, item 0 counting from 0');
	expect(itemName(ctx, 4)).toBe('row 5 of 5, item 4 counting from 0');
});

describe('item errors', () => {
	const failure = {
		message: 'MostQi refused',
		description: 'Check the key.',
		errorCode: 'R117',
		httpCode: 401,
		requestId: 'rq-1',
	};

	test('apiError keeps the code, status, request ID and attempts, names the item', () => {
		const error = apiError(ctx, 4, failure, 3);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`MostQi refused${atRow(4, 5)}`);
		expect(error.description).toBe('Check the key.');
		expect(error.httpCode).toBe('401');
		expect(error.context).toMatchObject({
			itemIndex: 4,
			errorCode: 'R117',
			attempts: 3,
			requestId: 'rq-1',
		});
	});

	test('every message holds n8n\'s own "item N" (from 0), which stops n8n\'s editor from appending "[item N]" to it', () => {
		// the editor's rule (NodeErrorView, n8n 2.41): message.includes(`item ${itemIndex}`) or append
		for (const itemIndex of [0, 1, 3, 4]) {
			for (const error of [
				apiError(ctx, itemIndex, failure, 1),
				inputError(ctx, itemIndex, 'bad', 'fix'),
			]) {
				expect(error.message).toContain(`item ${error.context.itemIndex as number}`);
				expect(error.message).toContain(`(row ${itemIndex + 1} of 5, `);
			}
		}
	});

	test('the error n8n saves holds only the code and request ID of the answer', () => {
		expect(apiError(ctx, 0, failure, 1).errorResponse).toEqual({
			errorCode: 'R117',
			requestId: 'rq-1',
		});
		// no requestId key at all (toEqual would accept one holding undefined)
		expect(
			Object.keys(apiError(ctx, 0, { ...failure, requestId: undefined }, 1).errorResponse ?? {}),
		).toEqual(['errorCode']);
	});

	test('apiError without status or request ID leaves them out', () => {
		const error = apiError(ctx, 0, { message: 'm', description: 'd', errorCode: 'NETWORK' }, 1);
		expect(error.context).not.toHaveProperty('requestId');
		expect(error.httpCode).not.toBe('undefined');
		// n8n's NodeApiError fills httpCode from the response's errorCode; no number, no status
		expect(errorItem({ json: {} }, 0, error, plain).json).toEqual({
			error: `m${atRow(0, 5)}. d`,
			errorCode: 'NETWORK',
			attempts: 1,
		});
	});

	test('inputError names the item and says INVALID_INPUT', () => {
		const error = inputError(ctx, 2, 'Face A is empty', 'Choose a file.');
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(`Face A is empty${atRow(2, 5)}`);
		expect(error.description).toBe('Choose a file.');
		expect(error.context).toMatchObject({ itemIndex: 2, errorCode: 'INVALID_INPUT' });
	});
});
