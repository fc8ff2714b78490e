/**
 * The options every MostQi node has, read per item through Face Compare's loop: an expression that
 * fails names its option; Concurrency is read from the first item, for the whole run.
 */

import { run } from '../../../../support/faceCompareRun';
import type { Param } from '../../../../support/fakeExecuteContext';
import { atRow } from '../../../../support/words';
import { optionsCollection } from '../../../../../lib/mostqi/options/commonOptions';

describe('an option read per item', () => {
	test('an option whose expression throws fails that item, naming the option', async () => {
		const { fake, output } = run(3, {
			timeout: (i: number) => {
				if (i === 1) throw new Error('Cannot read properties of undefined');
				return 5000;
			},
		});
		const result = await output;
		expect(result[1].json.error).toBe(
			`The expression of "Timeout (Milliseconds)" could not be evaluated: Cannot read properties of undefined${atRow(1, 3)}. Open Options and correct "Timeout (Milliseconds)" for this item, or give it a fixed value.`,
		);
		expect([result[0].json.similarity, result[2].json.similarity]).toEqual([0.9, 0.9]);
		expect(fake.requests.map((r) => r.options.timeout)).toEqual([5000, 5000]);
	});

	test('version 1: Options that are not an object count as none set, every default applies (the threshold among them)', async () => {
		for (const options of [null, [], 'x']) {
			const { fake, output } = run(
				1,
				{},
				{ typeVersion: 1, parameters: { options: options as Param } },
			);
			expect((await output)[0].json).toMatchObject({ threshold: 0.7, similarity: 0.9 });
			expect(fake.requests[0].options.timeout).toBe(60_000);
		}
	});
});

describe('concurrency, read from the first item', () => {
	async function most(concurrency: unknown) {
		let release: () => void = () => undefined;
		const held = new Promise<void>((r) => (release = r));
		const { fake, output } = run(5, { concurrency }, { hold: async () => await held });
		await new Promise((r) => setTimeout(r, 20));
		const inFlight = fake.inFlight.now;
		release();
		return { inFlight, result: await output };
	}

	test('a set concurrency limits the requests in flight; fractions round down', async () => {
		expect((await most(2)).inFlight).toBe(2);
		expect((await most(1.9)).inFlight).toBe(1);
	});

	test('a bad concurrency fails every item with why, and nothing is sent', async () => {
		const { inFlight, result } = await most(0);
		expect(inFlight).toBe(0);
		expect(result).toHaveLength(5);
		for (const [i, item] of result.entries()) {
			expect(item.json.error).toBe(
				`"Concurrency" must be a number from 1 to 32, not 0 (it is read from the first item, for the whole run)${atRow(i, 5)}. Set "Concurrency" under Options to a count such as 4; if it is an expression, make it return a number for every item, or remove the option to use the default (4).`,
			);
		}
	});

	test('a concurrency expression that throws for the first item fails every item', async () => {
		const { result } = await most(() => {
			throw new Error('no such node');
		});
		expect(result.map((r) => r.json.error)).toEqual(
			result.map(
				(_r, i) =>
					`The expression of "Concurrency" could not be evaluated for the first item: no such node${atRow(i, result.length)}. Open Options and correct "Concurrency", or give it a fixed value: it is read from the first item, for the whole run.`,
			),
		);
	});

	test("only the first item's value counts", async () => {
		expect((await most((i: number) => (i === 0 ? 3 : 0))).inFlight).toBe(3);
	});
});

describe('every option names itself when its expression fails', () => {
	const throwing = () => {
		throw new Error('boom');
	};

	test.each([
		['faceAPassword', 'Face A PDF Password'],
		['faceBPassword', 'Face B PDF Password'],
		['keepInputFields', 'Keep Input Fields'],
		['includeFullResponse', 'Include Full Response'],
		['retries', 'Retries'],
	])('%s', async (name, label) => {
		const { fake, output } = run(1, { [name]: throwing });
		const [item] = await output;
		expect(item.json.error).toBe(
			`The expression of "${label}" could not be evaluated: boom${atRow(0, 1)}. Open Options and correct "${label}" for this item, or give it a fixed value.`,
		);
		expect(fake.requests).toHaveLength(0);
	});

	test("version 2's threshold: the fix is on the node, not under Options", async () => {
		const { output } = run(1, {}, { typeVersion: 2, parameters: { threshold: throwing } });
		expect((await output)[0].json.error).toBe(
			`The expression of "Match Threshold" could not be evaluated: boom${atRow(0, 1)}. Open the node and correct "Match Threshold" for this item, or give it a fixed value.`,
		);
	});

	test("Concurrency's says it is read from the first item", async () => {
		const { output } = run(1, { concurrency: throwing });
		expect((await output)[0].json.error).toBe(
			`The expression of "Concurrency" could not be evaluated for the first item: boom${atRow(0, 1)}. Open Options and correct "Concurrency", or give it a fixed value: it is read from the first item, for the whole run.`,
		);
	});
});

test('optionsCollection: one "Options" collection holding exactly the options given, none set', () => {
	const option = { displayName: 'X', name: 'x', type: 'boolean' as const, default: false };
	expect(optionsCollection([option])).toEqual({
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [option],
	});
});
