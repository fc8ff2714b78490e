/**
 * The paths n8n offers a builder, each under the finding of issue 10 ("Right verdicts on every
 * path n8n offers") it covers. Most of these failed on 0.2.0; the Stop and Continue routes, the
 * answer shapes and the already-refused text thresholds passed there and stay here as guards.
 */
import { makePng } from '../fixtures/images';
import { expectNoSecrets, expectOneFreshTokenPerCompare, useEmulator } from './context';
import { rowPattern } from '../support/words';

const ctx = useEmulator();

const face = (person: string, seed: string) => makePng(person, { seed });
const pair = (customer: string, person = customer) => ({
	json: { customer },
	files: {
		selfie: { bytes: face(person, 'selfie') },
		document: { bytes: face(person, 'document') },
	},
});
/** An item whose selfie is not an image: caught before any request (INVALID_INPUT). */
const badInput = (customer: string) => ({
	json: { customer },
	files: {
		selfie: { bytes: Buffer.from('<!DOCTYPE html><html>oops</html>') },
		document: { bytes: face(customer, 'document') },
	},
});

const idle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('finding 1: the three error modes route every item', () => {
	const items = [pair('ana'), badInput('bruno'), pair('carla'), pair('dan')];
	test('Stop: the execution fails with the first failing item, named; a bad input is found before any comparison is paid', async () => {
		const { output, error, run } = await ctx.run({
			items,
			parameters: { options: { concurrency: 1 } },
			onError: 'stopWorkflow',
		});
		expect(output).toBeUndefined();
		expect(error?.message).toMatch(
			new RegExp(`Face A: binary field "selfie" is an HTML page.*${rowPattern(1)}`),
		);
		expect(run.status).toBe('error');
		expect(ctx.emulator.compares()).toHaveLength(0);
	});

	test('Continue: one output in input order, the failure in its place with its code', async () => {
		const { output, errorOutput } = await ctx.run({
			items,
			parameters: { options: { concurrency: 1 } },
			onError: 'continueRegularOutput',
		});
		expect(errorOutput).toBeUndefined();
		expect(output!.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(output!.map((i) => i.json.errorCode ?? 'ok')).toEqual([
			'ok',
			'INVALID_INPUT',
			'ok',
			'ok',
		]);
		expect(output!.every((i) => i.error === undefined)).toBe(true);
	});

	test('Continue using error output: successes on the first output, failures with their codes on the second', async () => {
		// dan's comparison is refused by MostQi (R101 via a URL that does not exist)
		const url = `${ctx.emulator.url}/files/missing.png`;
		const withApiError = [
			...items.slice(0, 3),
			{ json: { customer: 'dan', selfieUrl: url }, files: pair('dan').files },
		];
		const { output, errorOutput, run } = await ctx.run({
			items: withApiError,
			parameters: {
				faceASource: '={{ $json.selfieUrl ? "url" : "binary" }}',
				faceAUrl: '={{ $json.selfieUrl }}',
				options: { concurrency: 1, retries: 0 },
			},
			onError: 'continueErrorOutput',
		});
		expect(run.status).toBe('success');
		expect(output!.map((i) => i.json.customer ?? i.pairedItem)).toHaveLength(2);
		expect(output!.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(output!.every((i) => typeof i.json.similarity === 'number')).toBe(true);
		expect(errorOutput!.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
		const [invalid, refused] = errorOutput!.map((i) => i.json);
		// n8n keeps only `error` on this output (and adds the input's fields): the codes sit in it
		expect(invalid).toEqual({
			customer: 'bruno',
			error: { message: expect.stringMatching(/HTML page/), errorCode: 'INVALID_INPUT' },
		});
		expect(refused).toEqual({
			customer: 'dan',
			selfieUrl: url,
			error: {
				// in the node's words: the face's label, the file's host and path, its one status
				message: expect.stringMatching(
					new RegExp(
						`^Face A URL: the file at 127\\.0\\.0\\.1:\\d+\\/files\\/missing\\.png was not found \\(404\\) when MostQi downloaded it ${rowPattern(3, 4)}`,
					),
				),
				errorCode: 'R101',
				httpCode: 400,
				requestId: ctx.emulator.compares()[2].requestId,
				attempts: 1,
			},
		});
		expectNoSecrets(ctx.emulator, { run, output, credentialsHelper: undefined as never });
	});
});

describe("finding 2: a bad option is that item's error item, and nothing runs on after the node", () => {
	test('a Match Threshold expression that throws for one item fails only that item', async () => {
		const items = [pair('ana'), pair('bruno'), pair('carla')];
		const { output, error } = await ctx.run({
			items,
			parameters: {
				threshold: '={{ $json.customer === "bruno" ? $("Risk Limits").item.json.match : 0.7 }}',
				options: { concurrency: 2 },
			},
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output!.map((i) => i.json.errorCode ?? i.json.isMatch)).toEqual([
			true,
			'INVALID_INPUT',
			true,
		]);
		expect(output![1].json.error).toMatch(
			new RegExp(`The expression of "Match Threshold" could not be evaluated.*${rowPattern(1)}`),
		);
		expect(ctx.emulator.compares()).toHaveLength(2);
	});

	test('with Stop, the node returns only after every comparison it started has ended', async () => {
		ctx.emulator.setFaults({ latencyMs: 400, authLatencyMs: 0 });
		const items = [pair('ana'), pair('bruno'), badInput('carla'), pair('dan')];
		const { error } = await ctx.run({ items, parameters: { options: { concurrency: 4 } } });
		expect(error?.message).toMatch(new RegExp(`${rowPattern(2)}`));
		const seen = ctx.emulator.log.length;
		expect(ctx.emulator.state.inFlight).toBe(0);
		await idle(600);
		expect(ctx.emulator.log.length).toBe(seen);
	});
});

describe('finding 3: a Match Threshold that resolves to nothing is an error, never 0.7', () => {
	test.each([
		['undefined', '={{ $json.missing }}'],
		['null', '={{ null }}'],
		['empty text', '={{ "" }}'],
		['text', '={{ "0.8" }}'],
	])('an expression giving %s', async (_what, threshold) => {
		const { output } = await ctx.run({
			items: [pair('ana')],
			parameters: { threshold },
			continueOnFail: true,
		});
		expect(output![0].json).toMatchObject({
			decision: 'error',
			errorCode: 'INVALID_INPUT',
			error: expect.stringMatching(/"Match Threshold" must be a number from 0 to 1/),
		});
		expect(output![0].json.isMatch).toBeNull();
		expect(ctx.emulator.compares()).toHaveLength(0);
	});

	test('version 1: a threshold per item from an Options expression; 0.7 only where the option is not set', async () => {
		const items = [
			{ ...pair('ana'), json: { t: 0.99 } },
			{ ...pair('bruno'), json: { t: 0.5 } },
		];
		const { output } = await ctx.run({
			items,
			typeVersion: 1,
			parameters: { options: { threshold: '={{ $json.t }}' } },
		});
		expect(output!.map((i) => [i.json.threshold, i.json.isMatch])).toEqual([
			[0.99, false],
			[0.5, true],
		]);
		const unset = await ctx.run({ items: [pair('ana')], typeVersion: 1, parameters: {} });
		expect(unset.output![0].json.threshold).toBe(0.7);
	});
});

describe('finding 4: sources chosen per item by expression', () => {
	test('binary, URL and base64 mixed in one run, every source field kept', async () => {
		const urlSelfie = ctx.emulator.addFile('bruno-selfie.png', face('bruno', 'selfie'));
		const items = [
			{ ...pair('ana'), json: { customer: 'ana', kind: 'binary' } },
			{ ...pair('bruno'), json: { customer: 'bruno', kind: 'url', selfieUrl: urlSelfie } },
			{
				...pair('carla'),
				json: {
					customer: 'carla',
					kind: 'base64',
					selfie64: face('carla', 'selfie').toString('base64'),
				},
			},
		];
		const { output } = await ctx.run({
			items,
			parameters: {
				faceASource: '={{ $json.kind }}',
				faceABinaryProperty: 'selfie',
				faceAUrl: '={{ $json.selfieUrl }}',
				faceABase64: '={{ $json.selfie64 }}',
				options: { concurrency: 1 },
			},
		});
		expect(output!.map((i) => i.json.isMatch)).toEqual([true, true, true]);
		expect(ctx.emulator.compares().map((c) => [c.sent?.A, c.faces?.A])).toEqual([
			['base64', 'ana'],
			['url', 'bruno'],
			['base64', 'carla'],
		]);
		expectOneFreshTokenPerCompare(ctx.emulator);
	});

	test("the issue's own expression, with only the fields it uses filled in", async () => {
		const url = ctx.emulator.addFile('eva-selfie.png', face('eva', 'selfie'));
		const items = [pair('dan'), { ...pair('eva'), json: { customer: 'eva', selfieUrl: url } }];
		const { output } = await ctx.run({
			items,
			parameters: {
				faceASource: "={{ $json.selfieUrl ? 'url' : 'binary' }}",
				faceAUrl: '={{ $json.selfieUrl }}',
			},
		});
		expect(output!.map((i) => i.json.isMatch)).toEqual([true, true]);
		expect(
			ctx.emulator
				.compares()
				.map((c) => c.sent?.A)
				.sort(),
		).toEqual(['base64', 'url']);
	});

	test("a source expression giving anything else is that item's clear error", async () => {
		const { output } = await ctx.run({
			items: [{ ...pair('ana'), json: { kind: 'link' } }],
			parameters: { faceASource: '={{ $json.kind }}' },
			continueOnFail: true,
		});
		expect(output![0].json.error).toMatch(
			/"Face A Source" must be "binary", "url" or "base64", not "link"/,
		);
	});
});

describe('finding 6: stopping while a token request hangs', () => {
	test('ends every item within 1 s, without waiting for the token request', async () => {
		ctx.emulator.setFaults({ authenticate: { hang: 1 } });
		const abort = new AbortController();
		setTimeout(() => abort.abort(), 300);
		const started = Date.now();
		await ctx.run({
			items: [pair('ana'), pair('bruno')],
			parameters: {},
			abortSignal: abort.signal,
		});
		expect(Date.now() - started).toBeLessThan(1300);
		expect(ctx.emulator.compares()).toHaveLength(0);
	});
});

describe('finding 8: smaller ones', () => {
	test.each(['constructor', 'toString', '__proto__'])(
		'a binary field named "%s" is a clear input error',
		async (name) => {
			const { output } = await ctx.run({
				items: [pair('ana')],
				parameters: { faceABinaryProperty: name },
				continueOnFail: true,
			});
			expect(output![0].json).toMatchObject({
				errorCode: 'INVALID_INPUT',
				error: expect.stringMatching(`no binary field "${name}"`),
			});
		},
	);

	test('a missing requestId or elapsedMilliseconds is null, never made up', async () => {
		ctx.emulator.setShape({ requestId: false, elapsed: false });
		const { output } = await ctx.run({ items: [pair('ana')], parameters: {} });
		expect(output![0].json).toMatchObject({
			requestId: null,
			elapsedMilliseconds: null,
			isMatch: true,
		});
	});

	test('a 200 whose status.errors names a code keeps that code', async () => {
		ctx.emulator.setShape({ errorInSuccess: 'R201' });
		const { output } = await ctx.run({
			items: [pair('ana')],
			parameters: {},
			continueOnFail: true,
		});
		expect(output![0].json).toMatchObject({ decision: 'error', errorCode: 'R201', httpCode: 200 });
		expect(output![0].json.similarity).toBeNull();
	});

	test('a token MostQi echoes in an error message is cut out', async () => {
		const jwt = ctx.emulator.issueToken();
		ctx.emulator.scriptNext('compare', {
			status: 400,
			body: ctx.emulator.errorBody('R101', `token ${jwt} refused`),
		});
		const result = await ctx.run({ items: [pair('ana')], parameters: {}, continueOnFail: true });
		expect(result.output![0].json.error).toMatch(/token \[redacted\] refused/);
		expectNoSecrets(ctx.emulator, result);
	});

	test('base64 text over every limit is refused before it is decoded or sent', async () => {
		const { output } = await ctx.run({
			items: [pair('ana')],
			parameters: { faceASource: 'base64', faceABase64: '={{ "A".repeat(70000000) }}' },
			continueOnFail: true,
		});
		expect(output![0].json.error).toMatch(/Face A: the file in "Face A Base64" is over 50 MB/);
		expect(ctx.emulator.compares()).toHaveLength(0);
	});

	test('Retries and Timeout are read per item; Concurrency from the first item', async () => {
		ctx.emulator.setFaults({ compare: { e100: 1 } });
		const items = [
			{ ...pair('ana'), json: { r: 0 } },
			{ ...pair('bruno'), json: { r: 2 } },
		];
		const { output } = await ctx.run({
			items,
			parameters: { options: { retries: '={{ $json.r }}', retryDelay: 1 } },
			continueOnFail: true,
		});
		expect(output!.map((i) => i.json.attempts)).toEqual([1, 3]);
		const bad = await ctx.run({
			items,
			parameters: { options: { concurrency: '={{ $json.none }}' } },
			continueOnFail: true,
		});
		expect(bad.output!.map((i) => i.json.error)).toEqual([
			expect.stringMatching(
				new RegExp(
					`"Concurrency" must be a number from 1 to 32, not nothing \\(it is read from the first item.*${rowPattern(0)}`,
				),
			),
			expect.stringMatching(new RegExp(`"Concurrency".*${rowPattern(1)}`)),
		]);
	});
});

describe("answer shapes MostQi's page leaves open", () => {
	test.each([
		[
			'the code only in errors[0].code, status.code the HTTP status',
			{ errorCodeIn: 'errorsOnly' as const },
			'R101',
		],
		['an empty errors list on an error', { errorsOnError: 'empty' as const }, 'R101'],
		['both', { errorCodeIn: 'errorsOnly' as const, errorsOnError: 'empty' as const }, 'HTTP_400'],
	])('%s', async (_what, shape, code) => {
		ctx.emulator.setShape(shape);
		const url = `${ctx.emulator.url}/files/missing.png`;
		const { output } = await ctx.run({
			items: [pair('ana')],
			parameters: { faceASource: 'url', faceAUrl: url, options: { retries: 0 } },
			continueOnFail: true,
		});
		expect(output![0].json).toMatchObject({ errorCode: code, httpCode: 400 });
	});

	test('an empty errors list on a success is a success', async () => {
		ctx.emulator.setShape({ errorsOnSuccess: 'empty' });
		const { output } = await ctx.run({ items: [pair('ana')], parameters: {} });
		expect(output![0].json.isMatch).toBe(true);
	});

	test.each([0, 1])('similarity exactly %d is a result', async (similarity) => {
		ctx.emulator.setShape({ similarity });
		const { output } = await ctx.run({
			items: [pair('ana')],
			parameters: { options: { threshold: 1 } },
		});
		expect(output![0].json).toMatchObject({ similarity, isMatch: similarity === 1 });
	});

	test('an answer before the body was read: the buffer is not reused, later bodies stay whole', async () => {
		const items = Array.from({ length: 6 }, (_, i) => pair(`p${i}`));
		ctx.emulator.setShape({ earlyAnswer: true });
		const first = await ctx.run({
			items: items.slice(0, 3),
			parameters: { options: { retries: 0 } },
			continueOnFail: true,
		});
		expect(first.output!.map((i) => i.json.errorCode)).toEqual(['E100', 'E100', 'E100']);
		ctx.emulator.setShape({});
		const { output } = await ctx.run({ items, parameters: { options: { concurrency: 3 } } });
		expect(output!.map((i) => i.json.isMatch)).toEqual(items.map(() => true));
		expect(
			ctx.emulator
				.compares()
				.filter((c) => c.faces)
				.map((c) => c.faces!.A === c.faces!.B),
		).toEqual(items.map(() => true));
	});
});
