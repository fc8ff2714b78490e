/**
 * Version 2's decisions inside n8n's engine: the review band, Route by Decision's outputs under
 * each On Error mode (n8n itself moves failed items to its error output), and Retry On Fail,
 * which must not pay for successes again.
 */
import { makePng } from '../fixtures/images';
import { expectOneFreshTokenPerCompare, useEmulator } from './context';
import { rowPattern } from '../support/words';

const ctx = useEmulator();

/** The emulator answers 0.8 to 0.95 for one person's two photos, 0.05 to 0.35 for two people. */
const applicant = (customer: string, person = customer) => ({
	json: { customer },
	files: {
		selfie: { bytes: makePng(person, { seed: 'selfie' }) },
		document: { bytes: makePng(customer, { seed: 'document' }) },
	},
});
const notAnImage = (customer: string) => ({
	json: { customer },
	files: {
		selfie: { bytes: Buffer.from('<html>oops</html>') },
		document: { bytes: makePng(customer, { seed: 'document' }) },
	},
});
/** ana matches (0.5), bea is in the band (0.97 to 0.5 for her), cid is someone else. */
const threshold = '={{ $json.customer === "bea" ? 0.97 : 0.5 }}';
const routed = { threshold, routeByDecision: true, options: { reviewThreshold: 0.4 } };
const names = (items?: Array<{ json: Record<string, unknown> }> | null) =>
	(items ?? []).map((i) => i.json.customer);

test('routed: Match, Review, Mismatch each hold their applicants, paired, with their decision', async () => {
	const { outputs } = await ctx.run({
		items: [applicant('ana'), applicant('bea'), applicant('cid', 'zed')],
		typeVersion: 2,
		parameters: routed,
	});
	expect(outputs!.map(names)).toEqual([['ana'], ['bea'], ['cid']]);
	expect(outputs!.map((o) => o![0].json.decision)).toEqual(['match', 'review', 'mismatch']);
	expect(outputs!.map((o) => o![0].pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	expect(outputs![1]![0].json).toMatchObject({
		isMatch: false,
		threshold: 0.97,
		reviewThreshold: 0.4,
	});
	expectOneFreshTokenPerCompare(ctx.emulator);
});

test('routed with "Continue (using error output)": n8n moves the failed item to a fourth output, the error output', async () => {
	const items = [applicant('ana'), notAnImage('dan'), applicant('cid', 'zed')];
	const { outputs } = await ctx.run({
		items,
		typeVersion: 2,
		parameters: routed,
		onError: 'continueErrorOutput',
	});
	expect(outputs).toHaveLength(4);
	expect(outputs!.slice(0, 3).map(names)).toEqual([['ana'], [], ['cid']]);
	// n8n adds the input item's fields to the error output's items
	expect(
		outputs![3]!.map((i) => [
			i.json.customer,
			(i.json.error as { errorCode: string }).errorCode,
			i.pairedItem,
		]),
	).toEqual([['dan', 'INVALID_INPUT', { item: 1 }]]);
});

test('routed with "Continue": the failed item goes to Review with decision "error"', async () => {
	const items = [notAnImage('dan'), applicant('ana')];
	const { outputs } = await ctx.run({
		items,
		typeVersion: 2,
		parameters: routed,
		continueOnFail: true,
	});
	expect(outputs!.map(names)).toEqual([['ana'], ['dan'], []]);
	expect(outputs![1]![0].json).toMatchObject({
		decision: 'error',
		errorCode: 'INVALID_INPUT',
		similarity: null,
	});
});

test('routed with "Stop": the execution fails with the item\'s message', async () => {
	const { error, outputs } = await ctx.run({
		items: [applicant('ana'), notAnImage('dan')],
		typeVersion: 2,
		parameters: routed,
	});
	expect(outputs).toBeUndefined();
	expect(error?.message).toMatch(new RegExp(`${rowPattern(1, 2)}$`));
});

describe("Retry On Fail (the node's Settings) pays each success once", () => {
	const retry = { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 };

	test.each([
		['Stop', {}],
		['Continue', { continueOnFail: true }],
		['Continue (using error output)', { onError: 'continueErrorOutput' as const }],
	])(
		'%s, every item succeeds: one comparison per item (n8n-core re-runs a node whose first item has an error key)',
		async (_mode, mode) => {
			const { outputs } = await ctx.run({
				items: [applicant('ana'), applicant('cid', 'zed')],
				typeVersion: 2,
				parameters: {},
				settings: retry,
				...mode,
			});
			expect(names(outputs![0])).toEqual(['ana', 'cid']);
			expect(outputs![0]!.every((i) => !('error' in i.json))).toBe(true);
			expect(ctx.emulator.compares()).toHaveLength(2);
			expectOneFreshTokenPerCompare(ctx.emulator);
		},
	);

	test('"Continue (using error output)", the first item failing: one comparison per item, the failure on the error output', async () => {
		const { outputs } = await ctx.run({
			items: [notAnImage('dan'), applicant('ana'), applicant('cid', 'zed')],
			typeVersion: 2,
			parameters: {},
			settings: retry,
			onError: 'continueErrorOutput',
		});
		expect(names(outputs![0])).toEqual(['ana', 'cid']);
		expect(names(outputs![1])).toEqual(['dan']);
		expect(ctx.emulator.compares()).toHaveLength(2);
	});

	test('routed, "Always Output Data" and "Continue": nothing compared, every applicant on Review as an error, none on Match but n8n\'s empty item', async () => {
		const { outputs } = await ctx.run({
			items: [applicant('ana'), applicant('cid', 'zed')],
			typeVersion: 2,
			parameters: routed,
			continueOnFail: true,
			settings: { alwaysOutputData: true },
		});
		expect(outputs![0]!.map((i) => i.json)).toEqual([{}]);
		expect(names(outputs![1])).toEqual(['ana', 'cid']);
		expect(outputs![1]!.every((i) => i.json.errorCode === 'INVALID_INPUT')).toBe(true);
		expect(ctx.emulator.compares()).toHaveLength(0);
	});

	test('routed, the first item a match: one comparison per item', async () => {
		await ctx.run({
			items: [applicant('ana'), applicant('cid', 'zed')],
			typeVersion: 2,
			parameters: routed,
			settings: retry,
			continueOnFail: true,
		});
		expect(ctx.emulator.compares()).toHaveLength(2);
	});
});
