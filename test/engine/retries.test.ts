import { makePng } from '../fixtures/images';
import type { SourceItem } from './sourceNode';
import { expectNoSecrets, expectOneFreshTokenPerCompare, useEmulator } from './context';
import { rowPattern } from '../support/words';

const ctx = useEmulator();

const item = (id: string): SourceItem => ({
	json: { id },
	files: { selfie: { bytes: makePng(id) }, document: { bytes: makePng(id, { seed: 'doc' }) } },
});
const one = [item('solo')];
const FAST = { retries: 3, retryDelay: 20 };
const authCalls = () => ctx.emulator.log.filter((e) => e.path === '/user/authenticate').length;

describe('retries through n8n', () => {
	test.each([
		['E100', () => ({ status: 500, body: ctx.emulator.errorBody('E100') })],
		['502 HTML', () => ({ status: 502, body: '<html>Bad Gateway</html>' })],
		['503 HTML', () => ({ status: 503, body: '<html>Service Unavailable</html>' })],
		['429 without Retry-After', () => ({ status: 429, body: '<html>Too Many Requests</html>' })],
	])('%s once, then a success: one item, 2 attempts, 2 fresh tokens', async (_name, answer) => {
		ctx.emulator.scriptNext('compare', answer());
		const { output, run } = await ctx.run({ items: one, parameters: { options: FAST } });
		expect(run.status).toBe('success');
		expect(output).toHaveLength(1);
		expect(output![0].json).toMatchObject({
			attempts: 2,
			similarity: ctx.emulator.compares()[1].similarity,
		});
		expect(ctx.emulator.compares()).toHaveLength(2);
		expect(authCalls()).toBe(2);
		expectOneFreshTokenPerCompare(ctx.emulator);
	});

	test('429 with Retry-After: the next attempt waits as long as MostQi asked', async () => {
		ctx.emulator.scriptNext('compare', {
			status: 429,
			body: ctx.emulator.errorBody('E100'),
			headers: { 'Retry-After': '1' },
		});
		const { output } = await ctx.run({
			items: one,
			parameters: { options: { retries: 2, retryDelay: 1 } },
		});
		const [first, second] = ctx.emulator.compares();
		expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
		expect(output![0].json.attempts).toBe(2);
	});

	test('a Retry-After beyond 60 s is not waited out: the item fails at once and says so', async () => {
		ctx.emulator.scriptNext('compare', {
			status: 429,
			body: '<html>Too Many Requests</html>',
			headers: { 'Retry-After': '600' },
		});
		const started = Date.now();
		const { output } = await ctx.run({
			items: one,
			parameters: { options: FAST },
			continueOnFail: true,
		});
		expect(Date.now() - started).toBeLessThan(5000);
		expect(output![0].json).toMatchObject({
			errorCode: 'RATE_LIMITED',
			httpCode: 429,
			attempts: 1,
		});
		expect(output![0].json.error).toMatch(
			new RegExp(`MostQi asked to wait 600 s before trying again ${rowPattern(0)}`),
		);
	});

	test('retries are spent: the error says how many tries were made', async () => {
		for (let i = 0; i < 3; i++)
			ctx.emulator.scriptNext('compare', { status: 503, body: '<html>down</html>' });
		const { output } = await ctx.run({
			items: one,
			parameters: { options: { retries: 2, retryDelay: 5 } },
			continueOnFail: true,
		});
		expect(output![0].json).toMatchObject({
			errorCode: 'SERVER_ERROR',
			httpCode: 503,
			attempts: 3,
		});
		expect(output![0].json.error).toMatch(
			new RegExp(
				`^MostQi answered HTTP 503 with an HTML page instead of JSON; tried 3 times ${rowPattern(0)}`,
			),
		);
		expect(ctx.emulator.compares()).toHaveLength(3);
		expectOneFreshTokenPerCompare(ctx.emulator);
	});

	test.each([
		['R101 (400)', 400, 'R101'],
		['R117 (401)', 401, 'R117'],
	])('%s is never retried, however many retries are allowed', async (_name, status, code) => {
		ctx.emulator.scriptNext('compare', { status, body: ctx.emulator.errorBody(code as 'R101') });
		const { output } = await ctx.run({
			items: one,
			parameters: { options: { retries: 5, retryDelay: 1 } },
			continueOnFail: true,
		});
		expect(output![0].json).toMatchObject({ errorCode: code, httpCode: status, attempts: 1 });
		expect(ctx.emulator.compares()).toHaveLength(1);
	});

	test('a 200 of the wrong shape is not retried and no similarity is made up', async () => {
		ctx.emulator.scriptNext('compare', {
			status: 200,
			body: { result: { similarity: 'high' }, requestId: 'r-1' },
		});
		const { output } = await ctx.run({
			items: one,
			parameters: { options: FAST },
			continueOnFail: true,
		});
		expect(output![0].json).toMatchObject({
			decision: 'error',
			errorCode: 'INVALID_RESPONSE',
			attempts: 1,
		});
		expect(output![0].json.similarity).toBeNull();
		expect(ctx.emulator.compares()).toHaveLength(1);
	});

	test('the token route failing with 503 is retried too, with a new token request', async () => {
		ctx.emulator.scriptNext('authenticate', { status: 503, body: '<html>down</html>' });
		const { output } = await ctx.run({ items: one, parameters: { options: FAST } });
		expect(output![0].json).toMatchObject({ attempts: 2, isMatch: expect.any(Boolean) });
		expect(authCalls()).toBe(2);
		expect(ctx.emulator.compares()).toHaveLength(1);
		expectOneFreshTokenPerCompare(ctx.emulator);
	});

	test('a wrong client key is not retried', async () => {
		const { output } = await ctx.run({
			items: one,
			parameters: { options: FAST },
			credentials: { clientKey: 'ck_wrong_key_000000000000', baseUrl: ctx.emulator.url },
			continueOnFail: true,
		});
		expect(output![0].json).toMatchObject({ errorCode: 'R117', attempts: 1 });
		expect(authCalls()).toBe(1);
	});

	test('a connection reset and a hang are retried; the hang after the per-try timeout', async () => {
		ctx.emulator.setFaults({ compare: { reset: 1 } });
		const reset = ctx.run({
			items: one,
			parameters: { options: { retries: 1, retryDelay: 1 } },
			continueOnFail: true,
		});
		const resetOut = (await reset).output!;
		expect(resetOut[0].json).toMatchObject({ errorCode: 'NETWORK', attempts: 2 });
		expect(resetOut[0].json.error).toMatch(
			new RegExp(`^Could not reach MostQi \\(connection reset\\); tried 2 times ${rowPattern(0)}`),
		);

		ctx.emulator.reset();
		ctx.emulator.setFaults({ compare: { hang: 1 } });
		const started = Date.now();
		const { output } = await ctx.run({
			items: one,
			parameters: { options: { retries: 1, retryDelay: 1, timeout: 1000 } },
			continueOnFail: true,
		});
		expect(output![0].json).toMatchObject({ errorCode: 'TIMEOUT', attempts: 2 });
		expect(Date.now() - started).toBeLessThan(5000);
		expect(ctx.emulator.compares()).toHaveLength(2);
	});

	test('stopping the execution during a Retry-After wait ends it at once, with no further attempt', async () => {
		ctx.emulator.scriptNext('compare', {
			status: 429,
			body: '<html>wait</html>',
			headers: { 'Retry-After': '30' },
		});
		const abort = new AbortController();
		setTimeout(() => abort.abort(), 300);
		const started = Date.now();
		const result = await ctx.run({
			items: one,
			parameters: { options: FAST },
			abortSignal: abort.signal,
		});
		expect(Date.now() - started).toBeLessThan(3000);
		expect(ctx.emulator.compares()).toHaveLength(1);
		expectNoSecrets(ctx.emulator, result);
	});
});

describe('the Timeout and a slow token route', () => {
	test('a try given up while its token was on the way sends no comparison when the token comes (nothing billed after TIMEOUT)', async () => {
		ctx.emulator.setFaults({ authLatencyMs: 1600 });
		const { output } = await ctx.run({
			items: one,
			parameters: { options: { timeout: 1000, retries: 1, retryDelay: 1 } },
			continueOnFail: true,
		});
		expect(output![0].json).toMatchObject({ errorCode: 'TIMEOUT', attempts: 2 });
		// the late tokens arrive ~0.6 s after each try ended; give them time to (not) be used
		await new Promise((resolve) => setTimeout(resolve, 2500));
		expect(ctx.emulator.compares()).toHaveLength(0);
	});
});
