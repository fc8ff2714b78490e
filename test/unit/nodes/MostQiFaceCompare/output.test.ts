/** Face Compare's output items: a result, or an item's failure, per version. */
import { apiError, inputError } from '../../../../lib/mostqi/items/itemErrors';
import { errorOutputItem } from '../../../../lib/mostqi/items/itemOutput';
import { errorItem, successItem } from '../../../../nodes/MostQiFaceCompare/output';
import { fakeExecuteContext } from '../../../support/fakeExecuteContext';
import { atRow } from '../../../support/words';

/** A run of five items. */
const { ctx } = fakeExecuteContext({ items: Array.from({ length: 5 }, () => ({ json: {} })) });
const binary = { selfie: { data: 'AAAA', mimeType: 'image/png' } };
const input = { json: { applicant: 'ann', similarity: 'from input' }, binary };
const result = {
	similarity: 0.75,
	requestId: 'rq-9',
	elapsedMilliseconds: 40,
	response: { requestId: 'rq-9', result: { similarity: 0.75 } },
};
const plain = { keepInputFields: false, includeFullResponse: false, tableRows: false };
const band = (threshold: number, reviewThreshold: number | null) => ({
	threshold,
	reviewThreshold,
});

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

describe('decision columns', () => {
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
			error: `bad${atRow(0, 5)}. fix`,
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

	test('"Continue": the failure\'s fields at the top level, message and description in one text', () => {
		expect(errorItem(input, 4, apiError(ctx, 4, failure, 3), plain)).toEqual({
			json: {
				error: `MostQi refused${atRow(4, 5)}. Check the key.`,
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
			error: `bad${atRow(0, 5)}. fix`,
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
});
