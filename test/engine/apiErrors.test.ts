import { makePng } from '../fixtures/images';
import type { SourceItem } from './sourceNode';
import { CLIENT_KEY, expectNoSecrets, expectOneFreshTokenPerCompare, useEmulator } from './context';
import { MOSTQI_ADVICE } from '../../lib/mostqi/errorCodes';
import {
	atRow,
	literally,
	noToken,
	refused,
	rowOf,
	rowPattern,
	timedOutMessage,
} from '../support/words';

const ctx = useEmulator();

const item = (id: string): SourceItem => ({
	json: { id },
	files: { selfie: { bytes: makePng(id) }, document: { bytes: makePng(id, { seed: 'doc' }) } },
});
const items = ['a', 'b', 'c'].map(item);
const NO_RETRY = { concurrency: 1, retries: 0 };

type Scripted = { status: number; body: unknown; headers?: Record<string, string> };
const answers: Array<
	[name: string, answer: () => Scripted, expected: Record<string, unknown>, message: RegExp]
> = [
	[
		'R101 from MostQi',
		() => ({ status: 400, body: ctx.emulator.errorBody('R101', 'face A: no face found') }),
		{ errorCode: 'R101', httpCode: 400 },
		new RegExp(literally(refused('R101', 400, 'face A: no face found'))),
	],
	[
		'R117 from MostQi',
		() => ({ status: 401, body: ctx.emulator.errorBody('R117') }),
		{ errorCode: 'R117', httpCode: 401 },
		new RegExp(literally(refused('R117', 401, 'Invalid authorization data'))),
	],
	[
		'E100 from MostQi',
		() => ({ status: 500, body: ctx.emulator.errorBody('E100') }),
		{ errorCode: 'E100', httpCode: 500 },
		new RegExp(literally(refused('E100', 500, 'The request could not be processed'))),
	],
	[
		'502 with an HTML page',
		() => ({ status: 502, body: '<html><h1>502 Bad Gateway</h1></html>' }),
		{ errorCode: 'SERVER_ERROR', httpCode: 502 },
		/MostQi answered HTTP 502 with an HTML page instead of JSON/,
	],
	[
		'200 without a similarity',
		() => ({ status: 200, body: { result: {}, requestId: 'r-9', status: { code: '200' } } }),
		{ errorCode: 'INVALID_RESPONSE', requestId: 'r-9' },
		/MostQi answered without a similarity/,
	],
	[
		'200 with a similarity out of range',
		() => ({ status: 200, body: { result: { similarity: 1.7 }, requestId: 'r-8' } }),
		{ errorCode: 'INVALID_RESPONSE' },
		/not a number between 0 and 1 \(1\.7\)/,
	],
	[
		'200 with a similarity that is text',
		() => ({ status: 200, body: { result: { similarity: '0.9' }, requestId: 'r-7' } }),
		{ errorCode: 'INVALID_RESPONSE' },
		/not a number between 0 and 1 \("0\.9"\)/,
	],
];

describe('MostQi errors on one of three items', () => {
	test.each(answers)(
		'%s: with Continue On Fail, an error item in place',
		async (_name, answer, expected, message) => {
			// concurrency 1, so that the scripted answer meets the first item; no retries, so that
			// this answer is the item's last (retries have their own suite)
			ctx.emulator.scriptNext('compare', answer());
			const result = await ctx.run({
				items,
				parameters: { options: NO_RETRY },
				continueOnFail: true,
			});
			const [failed, ...ok] = result.output!;
			expect(failed.json).toMatchObject({ ...expected, decision: 'error', similarity: null });
			expect(failed.json.error).toMatch(message);
			expect(failed.pairedItem).toEqual({ item: 0 });
			expect(ok.map((o) => typeof o.json.similarity)).toEqual(['number', 'number']);
			expect(ok.map((o) => o.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
			expectNoSecrets(ctx.emulator, result);
			expectOneFreshTokenPerCompare(ctx.emulator);
		},
	);

	test.each(answers)(
		'%s: without it, the execution fails with the node message',
		async (_name, answer, expected, message) => {
			ctx.emulator.scriptNext('compare', answer());
			const result = await ctx.run({
				items: [items[0], items[1]],
				parameters: { options: NO_RETRY },
			});
			expect(result.output).toBeUndefined();
			expect(result.error?.message).toMatch(message);
			expect(result.error?.message).toContain(`(${rowOf(0, 2)})`);
			expect(result.error?.context).toMatchObject({ itemIndex: 0, errorCode: expected.errorCode });
			if (expected.httpCode) expect(result.error?.httpCode).toBe(String(expected.httpCode));
			expect(result.error?.description).toBeTruthy();
			// no new item starts after a failure
			expect(ctx.emulator.compares()).toHaveLength(1);
			expect(result.run.status).toBe('error');
			expectNoSecrets(ctx.emulator, result);
		},
	);
});

describe('token and connection failures', () => {
	test('a wrong client key: R117 from the token route, no compare sent, key not shown', async () => {
		const wrongKey = 'ck_test_wrong_ffffffffffffffffffffffffffff';
		const result = await ctx.run({
			items,
			parameters: {},
			credentials: { clientKey: wrongKey, baseUrl: ctx.emulator.url },
			continueOnFail: true,
		});
		expect(result.output).toHaveLength(3);
		for (const out of result.output!) {
			expect(out.json).toMatchObject({ errorCode: 'R117', httpCode: 401 });
			expect(out.json.error).toMatch(
				new RegExp(
					`^${literally(noToken(refused('R117', 401, 'Invalid authorization data')))} ${rowPattern(undefined, 3)}\\. ${literally(MOSTQI_ADVICE.R117)}`,
				),
			);
		}
		expect(ctx.emulator.compares()).toHaveLength(0);
		expect(JSON.stringify(result.run)).not.toContain(wrongKey);
		expectNoSecrets(ctx.emulator, result);
	});

	test('an expired token is refused by MostQi as R117, and never reused', async () => {
		ctx.emulator.state.tokenTtlMs = -1;
		try {
			const result = await ctx.run({ items: [items[0]], parameters: {}, continueOnFail: true });
			expect(result.output![0].json).toMatchObject({ errorCode: 'R117', httpCode: 401 });
			expect(ctx.emulator.compares().map((c) => c.token?.verdict)).toEqual(['expired']);
		} finally {
			ctx.emulator.state.tokenTtlMs = 10 * 60 * 1000;
		}
	});

	test('an unreachable MostQi: NETWORK error naming the base URL, after the retries', async () => {
		const result = await ctx.run({
			items: [items[0]],
			parameters: { options: { retries: 2, retryDelay: 10 } },
			credentials: { clientKey: CLIENT_KEY, baseUrl: 'http://127.0.0.1:9' },
		});
		expect(result.error?.message).toBe(
			`${noToken('MostQi could not be reached at http://127.0.0.1:9 (connection refused); tried 3 times')}${atRow(0, 1)}`,
		);
		expect(result.error?.context).toMatchObject({ errorCode: 'NETWORK', attempts: 3 });
	});

	test('a MostQi that does not answer in time: TIMEOUT', async () => {
		ctx.emulator.state.latencyMs = 1500;
		try {
			const result = await ctx.run({
				items: [items[0]],
				parameters: { options: { timeout: 1000, retries: 0 } },
				continueOnFail: true,
			});
			expect(result.output![0].json).toMatchObject({
				errorCode: 'TIMEOUT',
				attempts: 1,
				error: expect.stringMatching(
					new RegExp(`${literally(timedOutMessage(1000))} ${rowPattern(0)}`),
				),
			});
		} finally {
			ctx.emulator.state.latencyMs = 0;
		}
	});
});

describe('cancellation', () => {
	test('stopping the execution aborts the comparisons in flight', async () => {
		// the token route answers at once, the comparisons would take 5 s
		ctx.emulator.setFaults({ latencyMs: 5000, authLatencyMs: 0 });
		const abort = new AbortController();
		setTimeout(() => abort.abort(), 300);
		const started = Date.now();
		await ctx.run({
			items,
			parameters: { options: { concurrency: 3 } },
			abortSignal: abort.signal,
		});
		expect(ctx.emulator.compares()).toHaveLength(3);
		expect(Date.now() - started).toBeLessThan(2500);
	});

	test('stopping the execution starts no new comparison', async () => {
		ctx.emulator.state.latencyMs = 200;
		try {
			const abort = new AbortController();
			const many = Array.from({ length: 20 }, (_, i) => item(`p${i}`));
			setTimeout(() => abort.abort(), 300);
			await ctx.run({
				items: many,
				parameters: { options: { concurrency: 2 } },
				abortSignal: abort.signal,
			});
			await new Promise((r) => setTimeout(r, 600));
			expect(ctx.emulator.compares().length).toBeLessThan(6);
		} finally {
			ctx.emulator.state.latencyMs = 0;
		}
	});
});
