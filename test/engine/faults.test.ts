/**
 * 200-item executions under each fault mix of the emulator, through n8n's WorkflowExecute.
 * Whatever fails, the node must give back exactly one item per input item, paired with it,
 * never a made-up similarity, never a reused token, never more tries than configured.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { makePng } from '../fixtures/images';
import type { Emulator } from './context';
import { expectNoSecrets, useEmulator } from './context';
import type { SourceItem } from './sourceNode';
import { rowNumberPattern, rowOf } from '../support/words';

const ctx = useEmulator();

const COUNT = 200;
const items: SourceItem[] = Array.from({ length: COUNT }, (_, i) => ({
	json: { customer: `p${i}` },
	files: {
		selfie: { bytes: makePng(`p${i}`) },
		document: { bytes: makePng(`p${i}`, { seed: 'doc' }) },
	},
}));

type FaultMix = Parameters<Emulator['setFaults']>[0];
interface Case {
	name: string;
	mix: FaultMix;
	options?: Record<string, unknown>;
	/** The error codes this mix may produce. */
	codes: string[];
	/** Whether the auth route fails too (a try then sends no compare). */
	authFaults?: boolean;
}

const RETRIES = 3;
const cases: Case[] = [
	{ name: 'latency 5 ms + jitter 0-30 ms', mix: { latencyMs: 5, jitterMs: 30 }, codes: [] },
	{ name: '20% E100', mix: { compare: { e100: 0.2 } }, codes: ['E100'] },
	{
		name: '10% 502 + 10% 503 HTML pages',
		mix: { compare: { html502: 0.1, html503: 0.1 } },
		codes: ['SERVER_ERROR'],
	},
	{
		name: '5% 429 Retry-After 1 s + 10% 429 without',
		mix: { compare: { rateLimit: 0.05, rateLimitNoHeader: 0.1 }, retryAfterSeconds: 1 },
		codes: ['E429', 'RATE_LIMITED'],
	},
	{
		name: '10% resets + 5% hangs (timeout 1000 ms, the least the option takes)',
		mix: { compare: { reset: 0.1, hang: 0.05 } },
		options: { timeout: 1000 },
		codes: ['NETWORK', 'TIMEOUT'],
	},
	{
		name: '10% truncated + 10% non-JSON 200s',
		mix: { compare: { truncated: 0.1, nonJson: 0.1 } },
		codes: ['NETWORK', 'INVALID_RESPONSE'],
	},
	{
		name: '5% each: no result, similarity 1.37, similarity "0.93"',
		mix: { compare: { missingResult: 0.05, outOfRange: 0.05, notANumber: 0.05 } },
		codes: ['INVALID_RESPONSE'],
	},
	{
		name: 'token route: 15% 503 + 5% E100, 20 ms slow',
		mix: { authenticate: { unavailable: 0.15, e100: 0.05 }, authLatencyMs: 20 },
		codes: ['SERVER_ERROR', 'E100'],
		authFaults: true,
	},
	{ name: '10% tokens expiring early', mix: { compare: { earlyExpiry: 0.1 } }, codes: ['R117'] },
	{
		name: 'all at once, 2-12 ms latency',
		mix: {
			latencyMs: 2,
			jitterMs: 10,
			retryAfterSeconds: 0,
			compare: {
				e100: 0.05,
				html503: 0.05,
				rateLimit: 0.05,
				reset: 0.05,
				hang: 0.02,
				truncated: 0.03,
				nonJson: 0.02,
				outOfRange: 0.02,
				earlyExpiry: 0.02,
			},
			authenticate: { unavailable: 0.05, reset: 0.03 },
		},
		options: { timeout: 1000 },
		codes: ['E100', 'SERVER_ERROR', 'E429', 'NETWORK', 'TIMEOUT', 'INVALID_RESPONSE', 'R117'],
		authFaults: true,
	},
	{
		name: '30% E100, no retries',
		mix: { compare: { e100: 0.3 } },
		options: { retries: 0 },
		codes: ['E100'],
	},
];

const RETRYABLE = ['E100', 'SERVER_ERROR', 'E429', 'RATE_LIMITED', 'NETWORK', 'TIMEOUT'];
const report: string[] = [];

function customerOf(face: string | undefined) {
	return face ? Number(face.slice(1)) : -1;
}

/** The invariants every fault mix must keep; returns the row of the report. */
function checkInvariants(
	testCase: Case,
	output: INodeExecutionData[] | undefined,
	retries: number,
) {
	const compares = ctx.emulator.compares();
	const comparesOf = new Map<number, typeof compares>();
	for (const c of compares) {
		const i = customerOf(c.faces?.A);
		expect(c.faces?.B).toBe(c.faces?.A);
		comparesOf.set(i, [...(comparesOf.get(i) ?? []), c]);
	}

	// exactly one item per input item, each paired with its own input, none duplicated
	expect(output).toHaveLength(COUNT);
	output!.forEach((out, i) => {
		expect(out.pairedItem).toEqual({ item: i });
		expect(out.json.customer).toBe(`p${i}`);
	});

	let errors = 0;
	let retried = 0;
	const codes = new Map<string, number>();
	output!.forEach((out, i) => {
		const json = out.json;
		const attempts = json.attempts as number;
		const sent = comparesOf.get(i) ?? [];
		// retries never exceed the configured count
		expect(attempts).toBeGreaterThanOrEqual(1);
		expect(attempts).toBeLessThanOrEqual(retries + 1);
		if (testCase.authFaults) expect(sent.length).toBeLessThanOrEqual(attempts);
		else expect(sent.length).toBe(attempts);
		retried += attempts - 1;
		if (json.error === undefined) {
			// a success: the similarity MostQi computed for this very customer's faces
			const answered = sent.find((c) => c.requestId === json.requestId);
			expect(answered).toBeDefined();
			expect(answered!.fault).toBeUndefined();
			expect(answered!.status).toBe(200);
			expect(json.similarity).toBe(answered!.similarity);
			expect(json.similarity).toBeGreaterThanOrEqual(0);
			expect(json.similarity).toBeLessThanOrEqual(1);
			expect(json.isMatch).toBe((json.similarity as number) >= 0.7);
		} else {
			// an error item with the contract's fields, and no similarity made up
			errors++;
			expect(typeof json.error).toBe('string');
			expect(json.error).toContain(`(${rowOf(i, output!.length)})`);
			expect(testCase.codes).toContain(json.errorCode);
			expect(json.decision).toBe('error');
			expect(json.similarity).toBeNull();
			expect(json.isMatch).toBeNull();
			if (json.errorCode !== 'NETWORK' && json.errorCode !== 'TIMEOUT')
				expect(json.httpCode).toEqual(expect.any(Number));
			// a failure another try might cure is given up only when the retries are spent
			if (RETRYABLE.includes(json.errorCode as string)) expect(attempts).toBe(retries + 1);
			else expect(sent.at(-1)?.fault ?? 'none').not.toBe('none');
			codes.set(json.errorCode as string, (codes.get(json.errorCode as string) ?? 0) + 1);
		}
	});

	// no compare ever reuses a token; the only refused tokens are the ones expired on purpose
	for (const c of compares) {
		expect(c.token?.verdict).not.toBe('reused');
		if (c.token?.verdict !== 'fresh') expect(c.fault).toBe('earlyExpiry');
	}
	const jtis = compares.map((c) => c.token?.jti);
	expect(new Set(jtis).size).toBe(jtis.length);

	// the client key only ever went to the token route, and every request to this emulator's host
	for (const entry of ctx.emulator.log) {
		if (entry.clientKeyInRequest) expect(entry.path).toBe('/user/authenticate');
		expect(`http://${entry.host}`).toBe(ctx.emulator.url);
	}

	const faults = ctx.emulator.log.filter((e) => e.fault).length;
	const codeText = [...codes].map(([code, n]) => `${code} ${n}`).join(', ') || '-';
	return `| ${testCase.name} | ${COUNT} | ${output!.length} | ${errors} | ${retried} | ${faults} | ${codeText} |`;
}

describe(`${COUNT} items under each fault mix (Continue On Fail)`, () => {
	afterAll(() => {
		const table = [
			'| fault mix | in | out | errors | retries | faults injected | error codes |',
			'|---|---|---|---|---|---|---|',
			...report,
		].join('\n');
		// eslint-disable-next-line no-console
		console.log(`fault mixes, ${RETRIES} retries unless stated:\n${table}`);
	});

	test.each(cases)('$name', async (testCase) => {
		ctx.emulator.setFaults({ seed: 7, ...testCase.mix });
		const options = {
			concurrency: 16,
			retries: RETRIES,
			retryDelay: 5,
			keepInputFields: true,
			...testCase.options,
		};
		const result = await ctx.run({ items, parameters: { options }, continueOnFail: true });
		expect(result.run.status).toBe('success');
		report.push(checkInvariants(testCase, result.output, options.retries));
		expectNoSecrets(ctx.emulator, result);
	});
});

describe('without Continue On Fail', () => {
	test('a fault mix stops the execution with one item-named message; nothing after it starts', async () => {
		ctx.emulator.setFaults({ seed: 3, compare: { e100: 0.2, nonJson: 0.1 } });
		const result = await ctx.run({
			items,
			parameters: { options: { concurrency: 4, retries: 1, retryDelay: 1 } },
		});
		expect(result.output).toBeUndefined();
		expect(result.run.status).toBe('error');
		const failed = Number(new RegExp(rowNumberPattern()).exec(result.error!.message)![1]) - 1;
		expect(result.error!.context).toMatchObject({ itemIndex: failed });
		// items already running finish; nothing later than them starts
		const started = new Set(ctx.emulator.compares().map((c) => customerOf(c.faces?.A)));
		expect(Math.max(...started)).toBeLessThan(failed + 4 + 4);
		expectNoSecrets(ctx.emulator, result);
	});
});
