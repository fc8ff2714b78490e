/** The decision from a similarity: match, review or mismatch, by the threshold and the band. */
import { decide } from '../../../../nodes/MostQiFaceCompare/decisions';
import { run } from '../../../support/faceCompareRun';
import { atRow } from '../../../support/words';

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
});

describe('the thresholds, read per item', () => {
	test('version 1: a threshold under Options per item, each item judged by its own', async () => {
		const { output } = run(
			3,
			{ threshold: (i: number) => [0.5, 0.95, 0.9][i] },
			{ typeVersion: 1 },
		);
		const result = await output;
		expect(result.map((r) => [r.json.threshold, r.json.isMatch])).toEqual([
			[0.5, true],
			[0.95, false],
			[0.9, true],
		]);
	});

	test.each([
		['nothing', undefined, 'nothing'],
		['null', null, 'null'],
		['empty text', '', '""'],
		['text', 'high', '"high"'],
		['above 1', 1.5, '1.5'],
		['below 0', -0.01, '-0.01'],
		['NaN', Number.NaN, 'NaN'],
	])(
		'version 1: a threshold under Options that resolves to %s fails that item only, never the default',
		async (_name, value, shown) => {
			const { fake, output } = run(
				2,
				{ threshold: (i: number) => (i === 1 ? value : 0.8) },
				{ typeVersion: 1 },
			);
			const [first, second] = await output;
			expect(first.json).toMatchObject({ threshold: 0.8, isMatch: true });
			expect(second.json).toEqual({
				error: `"Match Threshold" must be a number from 0 to 1, not ${shown}${atRow(1, 2)}. Set "Match Threshold" under Options to a similarity such as 0.7; if it is an expression, make it return a number for every item, or remove the option to use the default (0.7).`,
				errorCode: 'INVALID_INPUT',
			});
			expect(fake.requests).toHaveLength(1);
		},
	);

	test('version 1: the threshold limits 0 and 1 are allowed', async () => {
		const { output } = run(2, { threshold: (i: number) => i }, { typeVersion: 1 });
		expect((await output).map((r) => r.json.threshold)).toEqual([0, 1]);
	});
});
