/** The output items and item errors, and the pool that runs the items: each rule on its own. */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { apiError, inputError } from '../../lib/mostqi/items/itemErrors';
import { errorOutputItem } from '../../lib/mostqi/items/itemOutput';
import { decide } from '../../nodes/MostQiFaceCompare/decisions';
import { errorItem, successItem } from '../../nodes/MostQiFaceCompare/output';
import { runPool } from '../../lib/mostqi/items/pool';
import { fakeContext } from './fakeContext';

/** A run of five items. */
const { ctx } = fakeContext({ items: Array.from({ length: 5 }, () => ({ json: {} })) });
const binary = { selfie: { data: 'AAAA', mimeType: 'image/png' } };
const input = { json: { applicant: 'ann', similarity: 'from input' }, binary };
const result = {
	similarity: 0.75,
	requestId: 'rq-9',
	elapsedMilliseconds: 40,
	response: { requestId: 'rq-9', result: { similarity: 0.75 } },
};
const plain = { keepInputFields: false, includeFullResponse: false, tableRows: false };

describe('success item', () => {
	test('similarity, verdict, threshold, MostQi identifiers and attempts; the files travel on; paired with its input', () => {
		expect(
			successItem(input, 3, result, { threshold: 0.7, reviewThreshold: null }, 2, plain),
		).toEqual({
			json: {
				similarity: 0.75,
				isMatch: true,
				threshold: 0.7,
				requestId: 'rq-9',
				elapsedMilliseconds: 40,
				attempts: 2,
			},
			binary,
			pairedItem: { item: 3 },
		});
	});

	test('a similarity equal to the threshold is a match, just below it is not', () => {
		expect(
			successItem(
				input,
				0,
				{ ...result, similarity: 0.7 },
				{ threshold: 0.7, reviewThreshold: null },
				1,
				plain,
			).json.isMatch,
		).toBe(true);
		expect(
			successItem(
				input,
				0,
				{ ...result, similarity: 0.6999 },
				{ threshold: 0.7, reviewThreshold: null },
				1,
				plain,
			).json.isMatch,
		).toBe(false);
	});

	test('Keep Input Fields puts the input fields first; the result wins a clash', () => {
		const { json } = successItem(input, 0, result, { threshold: 0.7, reviewThreshold: null }, 1, {
			...plain,
			keepInputFields: true,
		});
		expect(json).toMatchObject({ applicant: 'ann', similarity: 0.75 });
	});

	test("Include Full Response adds MostQi's answer, only then", () => {
		expect(
			successItem(input, 0, result, { threshold: 0.7, reviewThreshold: null }, 1, {
				...plain,
				includeFullResponse: true,
			}).json.mostQiResponse,
		).toEqual(result.response);
		expect(
			successItem(input, 0, result, { threshold: 0.7, reviewThreshold: null }, 1, plain).json,
		).not.toHaveProperty('mostQiResponse');
	});

	test('an input without files gives an item without files', () => {
		expect(
			successItem({ json: {} }, 0, result, { threshold: 0.7, reviewThreshold: null }, 1, plain),
		).not.toHaveProperty('binary');
	});
});

describe('decision', () => {
	const band = (threshold: number, reviewThreshold: number | null) => ({
		threshold,
		reviewThreshold,
	});

	test.each([
		[0.7, band(0.7, null), 'match'],
		[0.6999, band(0.7, null), 'mismatch'],
		[0.7, band(0.7, 0.5), 'match'],
		[0.5, band(0.7, 0.5), 'review'],
		[0.4999, band(0.7, 0.5), 'mismatch'],
		[1, band(1, 0), 'match'],
		[0.9999, band(1, 0), 'review'],
		[0, band(1, 0), 'review'],
		[0, band(0, null), 'match'],
		[0, band(0.01, null), 'mismatch'],
		// a band of zero width: the edge is a match, below it a mismatch
		[0.7, band(0.7, 0.7), 'match'],
		[0.6999, band(0.7, 0.7), 'mismatch'],
	])('similarity %p with %p is %p', (similarity, thresholds, decision) => {
		expect(decide(similarity, thresholds)).toBe(decision);
	});

	test('version 2: the decision first, isMatch only for match, the band beside the threshold; no error key', () => {
		const v2 = { ...plain, tableRows: true };
		const { json } = successItem(input, 0, { ...result, similarity: 0.6 }, band(0.7, 0.5), 1, v2);
		expect(json).toEqual({
			decision: 'review',
			similarity: 0.6,
			isMatch: false,
			threshold: 0.7,
			reviewThreshold: 0.5,
			requestId: 'rq-9',
			elapsedMilliseconds: 40,
			attempts: 1,
		});
		expect(Object.keys(json)[0]).toBe('decision');
		expect(successItem(input, 0, result, band(0.7, null), 1, v2).json).toMatchObject({
			decision: 'match',
			isMatch: true,
			reviewThreshold: null,
		});
	});

	test('version 1 has neither decision nor band', () => {
		const { json } = successItem(input, 0, result, band(0.7, 0.5), 1, plain);
		expect(json).not.toHaveProperty('decision');
		expect(json).not.toHaveProperty('reviewThreshold');
	});

	test('version 2 error item: decision "error", the success columns null, then the failure', () => {
		const error = inputError(ctx, 0, 'bad', 'fix');
		const { json } = errorItem(input, 0, error, { ...plain, tableRows: true }, band(0.7, null));
		expect(json).toEqual({
			decision: 'error',
			similarity: null,
			isMatch: null,
			threshold: 0.7,
			reviewThreshold: null,
			requestId: null,
			elapsedMilliseconds: null,
			attempts: null,
			error: 'bad (row 1 of 5, item 0 counting from 0). fix',
			errorCode: 'INVALID_INPUT',
			httpCode: null,
		});
	});
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
		expect(error.message).toBe('MostQi refused (row 5 of 5, item 4 counting from 0)');
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
			error: 'm (row 1 of 5, item 0 counting from 0). d',
			errorCode: 'NETWORK',
			attempts: 1,
		});
	});

	test('inputError names the item and says INVALID_INPUT', () => {
		const error = inputError(ctx, 2, 'Face A is empty', 'Choose a file.');
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Face A is empty (row 3 of 5, item 2 counting from 0)');
		expect(error.description).toBe('Choose a file.');
		expect(error.context).toMatchObject({ itemIndex: 2, errorCode: 'INVALID_INPUT' });
	});

	test('"Continue": the failure\'s fields at the top level, message and description in one text', () => {
		expect(errorItem(input, 4, apiError(ctx, 4, failure, 3), plain)).toEqual({
			json: {
				error: 'MostQi refused (row 5 of 5, item 4 counting from 0). Check the key.',
				errorCode: 'R117',
				httpCode: 401,
				requestId: 'rq-1',
				attempts: 3,
			},
			binary,
			pairedItem: { item: 4 },
		});
	});

	test('"Continue" with Keep Input Fields keeps them beside the failure', () => {
		const { json } = errorItem(input, 0, inputError(ctx, 0, 'bad', 'fix'), {
			...plain,
			keepInputFields: true,
		});
		expect(json).toEqual({
			applicant: 'ann',
			similarity: 'from input',
			error: 'bad (row 1 of 5, item 0 counting from 0). fix',
			errorCode: 'INVALID_INPUT',
		});
	});

	test("an error item holds the words as the builder typed them (no joiner against n8n's rewriting), so an IF on $json.error finds them", () => {
		const error = inputError(
			ctx,
			0,
			'Face B: this item has no binary field "residencePermit"',
			'Set it to files.example.com/eperm.png',
		);
		expect(error.message).not.toContain('residencePermit');
		const text = String(errorItem({ json: {} }, 0, error, plain).json.error);
		expect(text).toContain('"residencePermit"');
		expect(text).toContain('files.example.com/eperm.png');
		expect(
			String((errorOutputItem({ json: {} }, 0, error).json.error as { message: string }).message),
		).toContain('residencePermit');
	});

	test("an error that is not the node's own is UNKNOWN, with its message only", () => {
		expect(errorItem({ json: {} }, 0, new Error('surprise'), plain).json).toEqual({
			error: 'surprise',
			errorCode: 'UNKNOWN',
		});
	});

	test('a status that is not a number is left out', () => {
		const error = Object.assign(new Error('m'), { httpCode: 'abc' });
		expect(errorItem({ json: {} }, 0, error, plain).json).not.toHaveProperty('httpCode');
	});

	test('"Continue (using error output)": everything inside one error object, which n8n keeps', () => {
		expect(errorOutputItem(input, 1, apiError(ctx, 1, failure, 2))).toEqual({
			json: {
				error: {
					message: 'MostQi refused (row 2 of 5, item 1 counting from 0). Check the key.',
					errorCode: 'R117',
					httpCode: 401,
					requestId: 'rq-1',
					attempts: 2,
				},
			},
			binary,
			pairedItem: { item: 1 },
		});
	});
});

describe('runPool', () => {
	const tick = () => new Promise((r) => setTimeout(r, 1));

	test('runs every index once, in order of start, never more than the limit at once', async () => {
		const started: number[] = [];
		let running = 0;
		let most = 0;
		await runPool(7, 3, async (i) => {
			started.push(i);
			most = Math.max(most, ++running);
			await tick();
			running--;
		});
		expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(most).toBe(3);
	});

	test('a limit above the count starts only the count; a count of 0 starts nothing', async () => {
		const task = jest.fn(async () => undefined);
		await runPool(2, 10, task);
		expect(task).toHaveBeenCalledTimes(2);
		task.mockClear();
		await runPool(0, 4, task);
		expect(task).not.toHaveBeenCalled();
	});

	test('a limit below 1 still runs one at a time', async () => {
		const task = jest.fn(async () => undefined);
		await runPool(3, 0, task);
		expect(task).toHaveBeenCalledTimes(3);
	});

	test('shouldStart is asked before every start', async () => {
		const started: number[] = [];
		await runPool(
			5,
			1,
			async (i) => void started.push(i),
			() => started.length < 2,
		);
		expect(started).toEqual([0, 1]);
	});

	test('a thrown task stops new starts and is rethrown only after the running ones end', async () => {
		const ended: number[] = [];
		const pool = runPool(10, 2, async (i) => {
			if (i === 0) throw new Error('first');
			await tick();
			await tick();
			ended.push(i);
		});
		await expect(pool).rejects.toThrow('first');
		expect(ended).toEqual([1]);
	});
});
