/**
 * The item loop without the engine: one output item per input item in input order, the three
 * error modes, the faces, and Route by Decision. The engine tests (test/engine/paths.test.ts)
 * run the same rules inside n8n.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { compareAllItems, toOutputs } from '../../../../nodes/MostQiFaceCompare/compareItems';
import { CANCELLED } from '../../../../lib/mostqi/transport/retry';
import { makePng } from '../../../fixtures/images';
import { binarySources, items, run, sentBody } from '../../../support/faceCompareRun';
import type { FakeOptions, Param } from '../../../support/fakeExecuteContext';
import { OK_ANSWER, fakeExecuteContext, itemWithFaces } from '../../../support/fakeExecuteContext';
import { atRow, literally, refused as refusal, rowOf, rowPattern } from '../../../support/words';

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

describe('error modes', () => {
	const refused = { statusCode: 400, body: { status: { code: 'R101', errors: [] } } };

	test('Stop: a bad input on a later item fails the node before any comparison is paid', async () => {
		const fake = fakeExecuteContext({
			items: items(4),
			continueOnFail: false,
			parameters: {
				...binarySources,
				faceBBinaryProperty: (i: number) => (i === 2 ? 'passport' : 'document'),
				options: { concurrency: 1 },
			},
		});
		await expect(compareAllItems(fake.ctx)).rejects.toMatchObject({
			message: expect.stringMatching(new RegExp(`no binary field "passport" ${rowPattern(2, 4)}$`)),
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
			message: expect.stringMatching(new RegExp(`HTTP 503.*${rowPattern(0, 2)}$`)),
		});
		expect(fake.requests).toHaveLength(2);
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

	test('stopped halfway: the item done keeps its result, the one in flight and those never started are cancelled', async () => {
		const controller = new AbortController();
		const fake = fakeExecuteContext({
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

	test('a stopped execution: an item never started was not "compared" (the loop\'s own rules: itemLoop.test.ts)', async () => {
		const controller = new AbortController();
		controller.abort();
		const { output } = run(2, {}, { signal: controller.signal, continueOnFail: false });
		await expect(output).rejects.toMatchObject({
			message: expect.stringMatching(
				new RegExp(`^${CANCELLED.message} before this item was compared ${rowPattern(0, 2)}`),
			),
		});
	});
});

describe('faces', () => {
	test("the same binary field on both faces is the item's error, before anything is sent", async () => {
		const { fake, output } = run(1, {}, { parameters: { faceBBinaryProperty: 'selfie' } });
		expect((await output)[0].json.error).toBe(
			`Face A and Face B both come from binary field "selfie", so the node would compare a face with itself${atRow(0, 1)}. Point Face B at the other photo (for example the document photo) so that two different files are compared.`,
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
			`"Match Threshold" must be a number from 0 to 1, not nothing${atRow(0, 1)}. Set "Match Threshold" to a similarity such as 0.7; if it is an expression, make it return a number for every item, or set it back to the default (0.7).`,
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
				new RegExp(`^${literally(refusal('R101', 400))} ${rowPattern(1, 2)}\\. `),
			),
			errorCode: 'R101',
			httpCode: 400,
			n: 1,
		});
	});

	test('an input field named like a result column does not replace it; a success never carries an error key', async () => {
		const fake = fakeExecuteContext({
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
		const { output } = run(1, {}, { typeVersion: 1, answers: [refused] });
		expect(Object.keys((await output)[0].json)).toEqual([
			'error',
			'errorCode',
			'httpCode',
			'requestId',
			'attempts',
		]);
	});
});

describe('smaller rules of the loop', () => {
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
		const fake = fakeExecuteContext({
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
			error: `A face file could not be read: no such file${atRow(0, 1)}. The file n8n stored for this item was removed or changed during the run. Run the workflow again.`,
			errorCode: 'INVALID_INPUT',
		});
		expect(fake.requests).toHaveLength(0);
	});
});

describe('review band and Route by Decision (version 2)', () => {
	const similarities = (...values: number[]) => values.map((v) => OK_ANSWER(v));
	const routed = (count: number, parameters: Record<string, Param>, extra: FakeOptions = {}) => {
		const fake = fakeExecuteContext({
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
		).rejects.toThrow(rowOf(1, 2));
	});

	test('with "Always Output Data" and "Stop" it refuses to run, before any request: n8n would put an empty item on Match', async () => {
		const fake = fakeExecuteContext({
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
			const fake = fakeExecuteContext({
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
				`Route by Decision cannot be used with \\"Always Output Data\\"${atRow(1, 2)}`,
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
		const fake = fakeExecuteContext({
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
			`"Review Threshold" (0.65) is above "Match Threshold" (0.6)${atRow(0, 1)}. The review band runs from "Review Threshold" up to "Match Threshold": set "Review Threshold" under Options at or below "Match Threshold", or remove it for no band.`,
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
					`^"Review Threshold" must be a number from 0 to 1, not ${literally(shown)} ${rowPattern(0, 2)}`,
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
