/** The item on n8n's error output: the whole failure inside one error object. */
import { apiError } from '../../../../../lib/mostqi/items/itemErrors';
import { errorOutputItem } from '../../../../../lib/mostqi/items/itemOutput';
import { fakeExecuteContext } from '../../../../support/fakeExecuteContext';
import { atRow } from '../../../../support/words';

/** A run of five items. */
const { ctx } = fakeExecuteContext({ items: Array.from({ length: 5 }, () => ({ json: {} })) });
const binary = { selfie: { data: 'AAAA', mimeType: 'image/png' } };
const input = { json: { applicant: 'ann', similarity: 'from input' }, binary };

describe('item errors', () => {
	const failure = {
		message: 'MostQi refused',
		description: 'Check the key.',
		errorCode: 'R117',
		httpCode: 401,
		requestId: 'rq-1',
	};

	test('"Continue (using error output)": everything inside one error object, which n8n keeps', () => {
		expect(errorOutputItem(input, 1, apiError(ctx, 1, failure, 2))).toEqual({
			json: {
				error: {
					message: `MostQi refused${atRow(1, 5)}. Check the key.`,
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
