/**
 * The item loop and its settings without the engine: one output item per input item in input
 * order, every option read per item (its default only when it is not set), and the three error
 * modes. The engine tests (test/engine/paths.test.ts) run the same rules inside n8n.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { compareAllItems, toOutputs } from '../../nodes/MostQiFaceCompare/compareItems';
import { makePng } from '../fixtures/images';
import type { FakeOptions, Param } from './fakeContext';
import { OK_ANSWER, fakeContext, itemWithFaces } from './fakeContext';

const binarySources = {
	faceASource: 'binary',
	faceABinaryProperty: 'selfie',
	faceBSource: 'binary',
	faceBBinaryProperty: 'document',
};

function items(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) =>
		itemWithFaces(makePng(`p${i}`), makePng(`p${i}`, { seed: 'doc' }), { n: i }),
	);
}

function run(count: number, options: Record<string, Param> = {}, extra: FakeOptions = {}) {
	const fake = fakeContext({
		items: items(count),
		continueOnFail: true,
		...extra,
		parameters: { ...binarySources, options, ...extra.parameters },
	});
	return { fake, output: compareAllItems(fake.ctx) };
}

const sentBody = (fake: ReturnType<typeof fakeContext>, i: number) =>
	JSON.parse(String(fake.requests[i].options.body)) as Record<string, string>;

test('one output item per input item, in input order, each paired with its input', async () => {
	const { fake, output } = run(5, {}, { answers: [OK_ANSWER(0.9)] });
	const result = await output;
	expect(result.map((r) => r.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
	expect(fake.requests).toHaveLength(5);
	expect(sentBody(fake, 0)).toEqual({
		faceFileBase64A: makePng('p0').toString('base64'),
		faceFileBase64B: makePng('p0', { seed: 'doc' }).toString('base64'),
	});
});

test('an empty input gives an empty output and sends nothing', async () => {
	const { fake, output } = run(0);
	expect(await output).toEqual([]);
	expect(fake.requests).toHaveLength(0);
});

describe('options, read per item', () => {
	test('not set: threshold 0.7, timeout 60 s, concurrency 4, 3 retries, no input fields, no full response', async () => {
		let release: () => void = () => undefined;
		const held = new Promise<void>((r) => (release = r));
		const { fake, output } = run(6, {}, { hold: async () => await held });
		await new Promise((r) => setTimeout(r, 20));
		expect(fake.inFlight.now).toBe(4);
		release();
		const result = await output;
		expect(result[0].json).toEqual({
			similarity: 0.9,
			isMatch: true,
			threshold: 0.7,
			requestId: 'req-1',
			elapsedMilliseconds: 12,
			attempts: 1,
		});
		expect(fake.requests[0].options.timeout).toBe(60_000);
	});

	test('default retries: 3 more attempts for a busy MostQi', async () => {
		const busy = { statusCode: 503, body: 'busy' };
		const { fake, output } = run(1, { retryDelay: 0 }, { answers: [busy] });
		expect((await output)[0].json).toMatchObject({
			errorCode: 'SERVER_ERROR',
			httpCode: 503,
			attempts: 4,
		});
		expect(fake.requests).toHaveLength(4);
	});

	test('a threshold per item: each item is judged by its own', async () => {
		const { output } = run(3, { threshold: (i: number) => [0.5, 0.95, 0.9][i] });
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
		'a set threshold that resolves to %s fails that item only, never the default',
		async (_name, value, shown) => {
			const { fake, output } = run(2, { threshold: (i: number) => (i === 1 ? value : 0.8) });
			const [first, second] = await output;
			expect(first.json).toMatchObject({ threshold: 0.8, isMatch: true });
			expect(second.json).toEqual({
				error: `"Match Threshold" must be a number from 0 to 1, not ${shown} (row 2 of 2, item 1 counting from 0). Set "Match Threshold" under Options to a similarity such as 0.7; if it is an expression, make it return a number for every item, or remove the option to use the default (0.7).`,
				errorCode: 'INVALID_INPUT',
			});
			expect(fake.requests).toHaveLength(1);
		},
	);

	test('the threshold limits 0 and 1 are allowed', async () => {
		const { output } = run(2, { threshold: (i: number) => i });
		expect((await output).map((r) => r.json.threshold)).toEqual([0, 1]);
	});

	test('an option whose expression throws fails that item, naming the option', async () => {
		const { fake, output } = run(3, {
			timeout: (i: number) => {
				if (i === 1) throw new Error('Cannot read properties of undefined');
				return 5000;
			},
		});
		const result = await output;
		expect(result[1].json.error).toBe(
			'The expression of "Timeout (Milliseconds)" could not be evaluated: Cannot read properties of undefined (row 2 of 3, item 1 counting from 0). Open Options and correct "Timeout (Milliseconds)" for this item, or give it a fixed value.',
		);
		expect([result[0].json.similarity, result[2].json.similarity]).toEqual([0.9, 0.9]);
		expect(fake.requests.map((r) => r.options.timeout)).toEqual([5000, 5000]);
	});

	test('whole-number options are rounded down; their limits hold', async () => {
		const busy = { statusCode: 503, body: 'busy' };
		const { fake, output } = run(
			1,
			{ retries: 1.9, retryDelay: 0.5, timeout: 1000.7 },
			{ answers: [busy] },
		);
		expect((await output)[0].json.attempts).toBe(2);
		expect(fake.requests[0].options.timeout).toBe(1000);
	});

	test.each([
		['retries', 11, '"Retries" must be a number from 0 to 10, not 11'],
		[
			'retryDelay',
			60_001,
			'"Retry Delay (Milliseconds)" must be a number from 0 to 60000, not 60001',
		],
		['timeout', 999, '"Timeout (Milliseconds)" must be a number from 1000 to 600000, not 999'],
	])("%s out of range is the item's error", async (name, value, message) => {
		const { output } = run(1, { [name]: value });
		expect(String((await output)[0].json.error)).toMatch(
			new RegExp(
				`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(row 1 of 1, item 0 counting from 0\\)`,
			),
		);
	});

	test('the upper limits themselves are allowed', async () => {
		const { fake, output } = run(1, {
			retries: 10,
			retryDelay: 60_000,
			timeout: 600_000,
			concurrency: 32,
		});
		expect((await output)[0].json.similarity).toBe(0.9);
		expect(fake.requests[0].options.timeout).toBe(600_000);
	});

	test('Keep Input Fields and Include Full Response, per item', async () => {
		const { output } = run(2, {
			keepInputFields: (i: number) => i === 0,
			includeFullResponse: (i: number) => i === 1,
		});
		const [first, second] = await output;
		expect(first.json).toHaveProperty('n', 0);
		expect(first.json).not.toHaveProperty('mostQiResponse');
		expect(second.json).not.toHaveProperty('n');
		expect(second.json).toHaveProperty('mostQiResponse');
	});

	test('Keep Input Fields applies to error items too; a throwing one is treated as off there', async () => {
		const { output } = run(2, {
			threshold: 5,
			keepInputFields: (i: number) => {
				if (i === 1) throw new Error('bad');
				return true;
			},
		});
		const [first, second] = await output;
		expect(first.json).toMatchObject({ n: 0, errorCode: 'INVALID_INPUT' });
		expect(second.json).not.toHaveProperty('n');
		expect(second.json.error).toContain('"Match Threshold"');
	});

	test('PDF passwords go to MostQi base64-encoded, per face; empty ones are not sent', async () => {
		const { fake, output } = run(2, {
			faceAPassword: (i: number) => (i === 0 ? 'pä55' : ''),
			faceBPassword: 'doc',
		});
		await output;
		expect(sentBody(fake, 0)).toMatchObject({
			faceFilePasswordA: Buffer.from('pä55').toString('base64'),
			faceFilePasswordB: Buffer.from('doc').toString('base64'),
		});
		expect(sentBody(fake, 1)).not.toHaveProperty('faceFilePasswordA');
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
				`"Concurrency" must be a number from 1 to 32, not 0 (it is read from the first item, for the whole run) (row ${i + 1} of 5, item ${i} counting from 0). Set "Concurrency" under Options to a count such as 4; if it is an expression, make it return a number for every item, or remove the option to use the default (4).`,
			);
		}
	});

	test('a concurrency expression that throws for the first item fails every item', async () => {
		const { result } = await most(() => {
			throw new Error('no such node');
		});
		expect(
			result.every((r) =>
				String(r.json.error).startsWith(
					'The expression of "Concurrency" could not be evaluated for the first item: no such node (row ',
				),
			),
		).toBe(true);
	});

	test("only the first item's value counts", async () => {
		expect((await most((i: number) => (i === 0 ? 3 : 0))).inFlight).toBe(3);
	});
});

describe('error modes', () => {
	const refused = { statusCode: 400, body: { status: { code: 'R101', errors: [] } } };

	test('Stop: a bad input on a later item fails the node before any comparison is paid', async () => {
		const fake = fakeContext({
			items: items(4),
			continueOnFail: false,
			parameters: {
				...binarySources,
				faceBBinaryProperty: (i: number) => (i === 2 ? 'passport' : 'document'),
				options: { concurrency: 1 },
			},
		});
		await expect(compareAllItems(fake.ctx)).rejects.toMatchObject({
			message: expect.stringMatching(
				/no binary field "passport" \(row 3 of 4, item 2 counting from 0\)$/,
			),
		});
		expect(fake.requests).toHaveLength(0);
	});

	test('Stop: once an item fails, the items in flight try no more (each retry would be paid)', async () => {
		const busy = { statusCode: 503, body: 'busy' };
		const { fake, output } = run(
			2,
			{ concurrency: 2, retries: 3, retryDelay: 50 },
			{ continueOnFail: false, answers: [busy, refused] },
		);
		// item 0 waits to retry after its 503 when item 1 is refused: item 0 tries no more and reports
		// its own failure, the lowest item's, which ends the run
		await expect(output).rejects.toMatchObject({
			message: expect.stringMatching(/HTTP 503.*\(row 1 of 2, item 0 counting from 0\)$/),
		});
		expect(fake.requests).toHaveLength(2);
	});

	test('Stop: the failure of the lowest item index is thrown, and no item starts after it', async () => {
		const answers = [OK_ANSWER(0.9), refused, refused, OK_ANSWER(0.9)];
		const { fake, output } = run(6, { concurrency: 1 }, { continueOnFail: false, answers });
		await expect(output).rejects.toMatchObject({
			message: expect.stringMatching(/\(row 2 of 6, item 1 counting from 0\)$/),
		});
		expect(fake.requests).toHaveLength(2);
	});

	test('Stop with several running: every running item ends before the lowest failure is thrown', async () => {
		const { fake, output } = run(
			4,
			{ concurrency: 4 },
			{ continueOnFail: false, answers: [OK_ANSWER(0.9), refused, refused, OK_ANSWER(0.9)] },
		);
		await expect(output).rejects.toMatchObject({
			message: expect.stringMatching(/\(row 2 of 4, item 1 counting from 0\)$/),
		});
		expect(fake.inFlight.now).toBe(0);
		expect(fake.requests).toHaveLength(4);
	});

	test('Continue: the failed item in its place, flat', async () => {
		const { output } = run(
			3,
			{ concurrency: 1 },
			{ answers: [OK_ANSWER(0.9), refused, OK_ANSWER(0.1)] },
		);
		const result = await output;
		expect(result[1].json).toMatchObject({ errorCode: 'R101', httpCode: 400, attempts: 1 });
		expect(result[2].json).toMatchObject({ similarity: 0.1, isMatch: false });
	});

	test('Continue (using error output): the failure inside one error object', async () => {
		const { output } = run(
			2,
			{ concurrency: 1 },
			{ onError: 'continueErrorOutput', answers: [refused, OK_ANSWER(0.9)] },
		);
		const result = await output;
		expect(Object.keys(result[0].json)).toEqual(['error']);
		expect(result[0].json.error).toMatchObject({ errorCode: 'R101', httpCode: 400, attempts: 1 });
		expect(result[0].pairedItem).toEqual({ item: 0 });
		expect(result[1].json.similarity).toBe(0.9);
	});

	test('a stopped execution starts no item, and still gives every item its place (no hole n8n would trip on)', async () => {
		const controller = new AbortController();
		controller.abort();
		const { fake, output } = run(3, {}, { signal: controller.signal });
		const result = await output;
		expect(fake.requests).toHaveLength(0);
		expect(result).toHaveLength(3);
		expect(Object.keys(result)).toEqual(['0', '1', '2']);
		expect(result.map((r) => [r.json.errorCode, r.pairedItem])).toEqual(
			[0, 1, 2].map((item) => ['CANCELLED', { item }]),
		);
		expect(result[2].json.error).toMatch(
			/^The request to MostQi was cancelled before this item was compared \(row 3 of 3, item 2 counting from 0\)/,
		);
	});

	test('stopped halfway: the item done keeps its result, the one in flight and those never started are cancelled', async () => {
		const controller = new AbortController();
		const fake = fakeContext({
			items: items(4),
			continueOnFail: true,
			signal: controller.signal,
			parameters: { ...binarySources, options: { concurrency: 1 } },
			hold: async () => {
				if (fake.requests.length === 2) controller.abort();
			},
		});
		const result = await compareAllItems(fake.ctx);
		expect(fake.requests).toHaveLength(2);
		expect(result.map((r) => r.json.errorCode ?? r.json.similarity)).toEqual([
			0.9,
			'CANCELLED',
			'CANCELLED',
			'CANCELLED',
		]);
	});

	test('stopped under Stop: the cancellation is thrown, not a sparse list', async () => {
		const controller = new AbortController();
		controller.abort();
		const { output } = run(2, {}, { signal: controller.signal, continueOnFail: false });
		await expect(output).rejects.toMatchObject({
			message: expect.stringMatching(
				/^The request to MostQi was cancelled before this item was compared \(row 1 of 2/,
			),
		});
	});
});

describe('faces', () => {
	test("the same binary field on both faces is the item's error, before anything is sent", async () => {
		const { fake, output } = run(1, {}, { parameters: { faceBBinaryProperty: 'selfie' } });
		expect((await output)[0].json.error).toBe(
			'Face A and Face B both come from binary field "selfie", so the node would compare a face with itself (row 1 of 1, item 0 counting from 0). Point Face B at the other photo (for example the document photo) so that two different files are compared.',
		);
		expect(fake.requests).toHaveLength(0);
	});

	test('the same URL on both faces too; different URLs are sent as URLs', async () => {
		const same = run(
			1,
			{},
			{
				parameters: {
					faceASource: 'url',
					faceBSource: 'url',
					faceAUrl: 'https://a.example/x.png',
					faceBUrl: 'https://a.example/x.png',
				},
			},
		);
		expect((await same.output)[0].json.error).toContain('the same URL');
		const other = run(
			1,
			{},
			{
				parameters: {
					faceASource: 'url',
					faceBSource: 'url',
					faceAUrl: 'https://a.example/x.png',
					faceBUrl: 'https://a.example/y.png',
				},
			},
		);
		await other.output;
		expect(sentBody(other.fake, 0)).toEqual({
			faceFileUrlA: 'https://a.example/x.png',
			faceFileUrlB: 'https://a.example/y.png',
		});
	});

	test('a missing binary field names the face and the field', async () => {
		const { output } = run(1, {}, { parameters: { faceABinaryProperty: 'photo' } });
		const { json } = (await output)[0];
		expect(json.errorCode).toBe('INVALID_INPUT');
		expect(json.error).toContain('"photo"');
	});
});

describe('node version 2', () => {
	const v2 = (count: number, parameters: Record<string, Param> = {}, extra: FakeOptions = {}) =>
		run(count, {}, { typeVersion: 2, ...extra, parameters });
	const refused = {
		statusCode: 400,
		body: { requestId: 'rq-x', status: { code: 'R101', errors: [] } },
	};

	test('Match Threshold is a parameter of its own: 0.7 when not set, per item when set', async () => {
		expect((await v2(1).output)[0].json.threshold).toBe(0.7);
		const { output } = v2(2, { threshold: (i: number) => [0.95, 0.5][i] });
		expect((await output).map((r) => [r.json.threshold, r.json.isMatch])).toEqual([
			[0.95, false],
			[0.5, true],
		]);
	});

	test("a set threshold that resolves to nothing is the item's error, never 0.7", async () => {
		const { fake, output } = v2(1, { threshold: undefined as unknown as Param });
		const [item] = await output;
		expect(item.json.error).toBe(
			'"Match Threshold" must be a number from 0 to 1, not nothing (row 1 of 1, item 0 counting from 0). Set "Match Threshold" to a similarity such as 0.7; if it is an expression, make it return a number for every item, or set it back to the default (0.7).',
		);
		expect(item.json.threshold).toBeNull();
		expect(fake.requests).toHaveLength(0);
	});

	test("a threshold under Options (version 1's place) does not count in version 2", async () => {
		const { output } = run(1, { threshold: 0.99 }, { typeVersion: 2 });
		expect((await output)[0].json).toMatchObject({ threshold: 0.7, isMatch: true });
	});

	test("input fields are kept by default, after the result's columns; off when set off", async () => {
		const [kept] = await v2(1).output;
		expect(Object.keys(kept.json)).toEqual([
			'decision',
			'similarity',
			'isMatch',
			'threshold',
			'reviewThreshold',
			'requestId',
			'elapsedMilliseconds',
			'attempts',
			'n',
		]);
		expect(kept.json).toMatchObject({
			decision: 'match',
			similarity: 0.9,
			reviewThreshold: null,
			n: 0,
		});
		const [plain] = await run(1, { keepInputFields: false }, { typeVersion: 2 }).output;
		expect(plain.json).not.toHaveProperty('n');
	});

	test('a failed item has the success columns first (decision "error", null where there is no value, the thresholds it used), then the failure', async () => {
		const { output } = v2(
			2,
			{ threshold: 0.8, options: { concurrency: 1, reviewThreshold: 0.5 } },
			{ answers: [OK_ANSWER(0.9), refused] },
		);
		const [ok, failed] = await output;
		expect(Object.keys(failed.json).slice(0, 8)).toEqual(Object.keys(ok.json).slice(0, 8));
		expect(failed.json).toEqual({
			decision: 'error',
			similarity: null,
			isMatch: null,
			threshold: 0.8,
			reviewThreshold: 0.5,
			requestId: 'rq-x',
			elapsedMilliseconds: null,
			attempts: 1,
			error: expect.stringMatching(
				/^MostQi refused the request: R101 \(HTTP 400\) \(row 2 of 2, item 1 counting from 0\)\. /,
			),
			errorCode: 'R101',
			httpCode: 400,
			n: 1,
		});
	});

	test('an input field named like a result column does not replace it; a success never carries an error key', async () => {
		const fake = fakeContext({
			items: [
				itemWithFaces(makePng('q'), makePng('q', { seed: 'doc' }), {
					similarity: 'typed by the user',
					error: 'old',
				}),
			],
			continueOnFail: true,
			typeVersion: 2,
			parameters: binarySources,
		});
		const [item] = await compareAllItems(fake.ctx);
		expect(item.json).toMatchObject({ similarity: 0.9, decision: 'match' });
		expect(item.json).not.toHaveProperty('error');
	});

	test("the error output keeps version 1's single error object", async () => {
		const { output } = v2(1, {}, { onError: 'continueErrorOutput', answers: [refused] });
		expect(Object.keys((await output)[0].json)).toEqual(['error']);
	});

	test("version 1 is unchanged: a failed item has only the failure's fields", async () => {
		const { output } = run(1, {}, { answers: [refused] });
		expect(Object.keys((await output)[0].json)).toEqual([
			'error',
			'errorCode',
			'httpCode',
			'requestId',
			'attempts',
		]);
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
			`The expression of "${label}" could not be evaluated: boom (row 1 of 1, item 0 counting from 0). Open Options and correct "${label}" for this item, or give it a fixed value.`,
		);
		expect(fake.requests).toHaveLength(0);
	});

	test("version 2's threshold: the fix is on the node, not under Options", async () => {
		const { output } = run(1, {}, { typeVersion: 2, parameters: { threshold: throwing } });
		expect((await output)[0].json.error).toBe(
			'The expression of "Match Threshold" could not be evaluated: boom (row 1 of 1, item 0 counting from 0). Open the node and correct "Match Threshold" for this item, or give it a fixed value.',
		);
	});

	test("Concurrency's says it is read from the first item", async () => {
		const { output } = run(1, { concurrency: throwing });
		expect((await output)[0].json.error).toBe(
			'The expression of "Concurrency" could not be evaluated for the first item: boom (row 1 of 1, item 0 counting from 0). Open Options and correct "Concurrency", or give it a fixed value: it is read from the first item, for the whole run.',
		);
	});
});

describe('smaller rules of the loop', () => {
	test('Options that are not an object count as none set: every default applies', async () => {
		for (const options of [null, [], 'x']) {
			const { fake, output } = run(1, {}, { parameters: { options: options as Param } });
			expect((await output)[0].json).toMatchObject({ threshold: 0.7, similarity: 0.9 });
			expect(fake.requests[0].options.timeout).toBe(60_000);
		}
	});

	test('a PDF password that is not text is not sent', async () => {
		const { fake, output } = run(1, { faceAPassword: 1234 });
		await output;
		expect(sentBody(fake, 0)).not.toHaveProperty('faceFilePasswordA');
	});

	test('an n8n without a cancel signal (older versions) still runs', async () => {
		const fake = fakeContext({ items: items(1), parameters: binarySources });
		delete (fake.ctx as unknown as Record<string, unknown>).getExecutionCancelSignal;
		expect((await compareAllItems(fake.ctx))[0].json.similarity).toBe(0.9);
	});

	test('a failed download is told with the URL the item used', async () => {
		const refused = {
			statusCode: 400,
			body: {
				status: {
					code: 'R101',
					errors: [{ code: 'R101', message: 'faceFileUrlB could not be downloaded: HTTP 404' }],
				},
			},
		};
		const { output } = run(
			1,
			{},
			{
				answers: [refused],
				parameters: {
					faceBSource: 'url',
					faceBUrl: 'https://files.example.com/id/ann.png?sig=secret',
				},
			},
		);
		const { json } = (await output)[0];
		expect(json.error).toMatch(
			/^Face B URL: the file at files\.example\.com\/id\/ann\.png was not found \(404\)/,
		);
		expect(JSON.stringify(json)).not.toContain('secret');
	});

	test("a stored file that vanishes before the request is the item's error, nothing sent", async () => {
		const png = makePng('gone');
		const fake = fakeContext({
			items: [
				{
					json: {},
					binary: {
						selfie: { data: 'filesystem-v2', id: 'filesystem-v2:x', mimeType: 'image/png' },
						document: itemWithFaces(png, png).binary!.document,
					},
				},
			],
			continueOnFail: true,
			parameters: binarySources,
		});
		let opened = 0;
		Object.assign(fake.ctx.helpers, {
			getBinaryMetadata: async () => ({ fileSize: png.length }),
			getBinaryStream: async () => {
				if (opened++ > 0) throw new Error('ENOENT: no such file');
				return (async function* () {
					yield png;
				})();
			},
		});
		const [item] = await compareAllItems(fake.ctx);
		expect(item.json).toMatchObject({
			error:
				'A face file could not be read: no such file (row 1 of 1, item 0 counting from 0). The file n8n stored for this item was removed or changed during the run. Run the workflow again.',
			errorCode: 'INVALID_INPUT',
		});
		expect(fake.requests).toHaveLength(0);
	});
});

describe('review band and Route by Decision (version 2)', () => {
	const similarities = (...values: number[]) => values.map((v) => OK_ANSWER(v));
	const routed = (count: number, parameters: Record<string, Param>, extra: FakeOptions = {}) => {
		const fake = fakeContext({
			items: items(count),
			continueOnFail: true,
			typeVersion: 2,
			...extra,
			parameters: {
				...binarySources,
				routeByDecision: true,
				...parameters,
				options: { concurrency: 1, ...(parameters.options as object) },
			},
		});
		return {
			fake,
			output: compareAllItems(fake.ctx).then((results) => toOutputs(fake.ctx, results)),
		};
	};
	const shape = (outputs: INodeExecutionData[][]) =>
		outputs.map((items) => items.map((i) => [i.json.n, i.json.decision, i.pairedItem]));

	test('each item on the output of its decision (Match, Review, Mismatch), input order kept, paired', async () => {
		const { output } = routed(
			6,
			{ options: { reviewThreshold: 0.5 } },
			{ answers: similarities(0.9, 0.6, 0.1, 0.7, 0.5, 0.4999) },
		);
		expect(shape(await output)).toEqual([
			[
				[0, 'match', { item: 0 }],
				[3, 'match', { item: 3 }],
			],
			[
				[1, 'review', { item: 1 }],
				[4, 'review', { item: 4 }],
			],
			[
				[2, 'mismatch', { item: 2 }],
				[5, 'mismatch', { item: 5 }],
			],
		]);
	});

	test('without a band Review stays empty but is still an output', async () => {
		const { output } = routed(2, {}, { answers: similarities(0.69, 0.71) });
		expect(shape(await output)).toEqual([
			[[1, 'match', { item: 1 }]],
			[],
			[[0, 'mismatch', { item: 0 }]],
		]);
	});

	test('not routed: one output, in input order, whatever the decisions', async () => {
		const { output } = routed(2, { routeByDecision: false }, { answers: similarities(0.1, 0.9) });
		expect(shape(await output)).toEqual([
			[
				[0, 'mismatch', { item: 0 }],
				[1, 'match', { item: 1 }],
			],
		]);
	});

	test('version 1 never routes, even with the parameter saved', async () => {
		const { output } = routed(1, {}, { typeVersion: 1, answers: similarities(0.1) });
		expect((await output).length).toBe(1);
	});

	test('"Continue": a failed item goes to Review with decision "error", never to Match', async () => {
		const refused = { statusCode: 400, body: { status: { code: 'R101', errors: [] } } };
		const { output } = routed(3, {}, { answers: [OK_ANSWER(0.9), refused, OK_ANSWER(0.1)] });
		expect(shape(await output)).toEqual([
			[[0, 'match', { item: 0 }]],
			[[1, 'error', { item: 1 }]],
			[[2, 'mismatch', { item: 2 }]],
		]);
	});

	test('"Continue (using error output)": a failed item waits on the last routed output, where n8n moves it to the error output; Match holds only matches', async () => {
		const refused = { statusCode: 400, body: { status: { code: 'R101', errors: [] } } };
		const { output } = routed(
			3,
			{},
			{ onError: 'continueErrorOutput', answers: [refused, OK_ANSWER(0.9), OK_ANSWER(0.1)] },
		);
		const [match, review, mismatch] = await output;
		expect(match.map((i) => i.json.n)).toEqual([1]);
		expect(review).toEqual([]);
		expect(mismatch.map((i) => Object.keys(i.json))).toEqual([
			['error'],
			[
				'decision',
				'similarity',
				'isMatch',
				'threshold',
				'reviewThreshold',
				'requestId',
				'elapsedMilliseconds',
				'attempts',
				'n',
			],
		]);
		expect(mismatch.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
	});

	test('"Stop": a failure throws, nothing is routed', async () => {
		const refused = { statusCode: 400, body: { status: { code: 'R101', errors: [] } } };
		await expect(
			routed(2, {}, { continueOnFail: false, answers: [OK_ANSWER(0.9), refused] }).output,
		).rejects.toThrow(/row 2 of 2/);
	});

	test('with "Always Output Data" and "Stop" it refuses to run, before any request: n8n would put an empty item on Match', async () => {
		const fake = fakeContext({
			items: items(1),
			typeVersion: 2,
			continueOnFail: false,
			parameters: { ...binarySources, routeByDecision: true },
		});
		(fake.ctx.getNode() as { alwaysOutputData?: boolean }).alwaysOutputData = true;
		await expect(compareAllItems(fake.ctx)).rejects.toThrow(
			'Route by Decision cannot be used with "Always Output Data"',
		);
		expect(fake.requests).toHaveLength(0);
	});

	test.each([
		['continueRegularOutput', 1],
		['continueErrorOutput', 2],
	] as const)(
		'with "Always Output Data" and %s every item fails on its own, off Match (a thrown error would send the inputs to Match)',
		async (onError, output) => {
			const fake = fakeContext({
				items: items(2),
				typeVersion: 2,
				continueOnFail: true,
				onError,
				parameters: { ...binarySources, routeByDecision: true },
			});
			(fake.ctx.getNode() as { alwaysOutputData?: boolean }).alwaysOutputData = true;
			const outputs = toOutputs(fake.ctx, await compareAllItems(fake.ctx));
			expect(fake.requests).toHaveLength(0);
			expect(outputs.map((o) => o.length)).toEqual([0, 1, 2].map((i) => (i === output ? 2 : 0)));
			expect(outputs[output].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect(JSON.stringify(outputs[output][1].json)).toContain(
				'Route by Decision cannot be used with \\"Always Output Data\\" (row 2 of 2',
			);
		},
	);

	test('not routed, "Continue (using error output)": failures after the successes on the first output (n8n re-runs a node whose first item failed under Retry On Fail)', async () => {
		const refused = { statusCode: 400, body: { status: { code: 'R101', errors: [] } } };
		const { output, fake } = routed(
			3,
			{ routeByDecision: false },
			{ onError: 'continueErrorOutput', answers: [refused, OK_ANSWER(0.9), OK_ANSWER(0.1)] },
		);
		const [first] = await output;
		expect(first.map((i) => [Object.keys(i.json)[0], i.pairedItem])).toEqual([
			['decision', { item: 1 }],
			['decision', { item: 2 }],
			['error', { item: 0 }],
		]);
		expect(fake.requests).toHaveLength(3);
	});

	test('version 1, "Continue (using error output)": the same order rule', async () => {
		const fake = fakeContext({
			items: items(2),
			typeVersion: 1,
			continueOnFail: true,
			onError: 'continueErrorOutput',
			parameters: { ...binarySources, options: { concurrency: 1 } },
			answers: [
				{ statusCode: 400, body: { status: { code: 'R101', errors: [] } } },
				OK_ANSWER(0.9),
			],
		});
		const [first] = toOutputs(fake.ctx, await compareAllItems(fake.ctx));
		expect(first.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 0 }]);
	});

	test("a band above the Match Threshold is the item's error naming both fields, nothing sent", async () => {
		const { fake, output } = routed(1, { threshold: 0.6, options: { reviewThreshold: 0.65 } });
		const [, review] = await output;
		expect(review[0].json.error).toBe(
			'"Review Threshold" (0.65) is above "Match Threshold" (0.6) (row 1 of 1, item 0 counting from 0). The review band runs from "Review Threshold" up to "Match Threshold": set "Review Threshold" under Options at or below "Match Threshold", or remove it for no band.',
		);
		expect(fake.requests).toHaveLength(0);
	});

	test('a band equal to the threshold is allowed (zero width)', async () => {
		const { output } = routed(
			1,
			{ threshold: 0.6, options: { reviewThreshold: 0.6 } },
			{ answers: similarities(0.6) },
		);
		expect((await output)[0][0].json).toMatchObject({ decision: 'match', reviewThreshold: 0.6 });
	});

	test.each([
		['nothing', undefined, 'nothing'],
		['text', 'high', '"high"'],
		['above 1', 1.2, '1.2'],
		['below 0', -0.1, '-0.1'],
	])(
		'a Review Threshold expression that gives %s fails that item only, never a default in its place',
		async (_what, bad, shown) => {
			const { fake, output } = routed(
				2,
				{ options: { reviewThreshold: (i: number) => (i === 0 ? bad : 0.5) } },
				{ answers: similarities(0.6) },
			);
			const [, review] = await output;
			expect(review.map((i) => [i.json.n, i.json.decision])).toEqual([
				[0, 'error'],
				[1, 'review'],
			]);
			expect(review[0].json.error).toMatch(
				new RegExp(
					`^"Review Threshold" must be a number from 0 to 1, not ${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(row 1 of 2`,
				),
			);
			expect(review[0].json).toMatchObject({ reviewThreshold: null, threshold: 0.7 });
			expect(fake.requests).toHaveLength(1);
		},
	);

	test('thresholds per item by expression decide per item', async () => {
		const { output } = routed(
			2,
			{
				threshold: (i: number) => [0.9, 0.5][i],
				options: { reviewThreshold: (i: number) => [0.8, 0.2][i] },
			},
			{ answers: similarities(0.85) },
		);
		const outputs = await output;
		expect(shape(outputs)).toEqual([[[1, 'match', { item: 1 }]], [[0, 'review', { item: 0 }]], []]);
	});
});
