/**
 * Node version 2 inside n8n's engine, beside version 1: the Match Threshold as a parameter of its
 * own, input fields kept by default, a decision first on every item, and failed items that line
 * up with the others. The other engine tests run the current version (2) unless they name
 * version 1, whose saved workflows must behave as they always did.
 */
import { makePng } from '../fixtures/images';
import { expectOneFreshTokenPerCompare, useEmulator } from './context';
import { rowPattern } from '../support/words';

const ctx = useEmulator();

const pair = (customer: string, person = customer) => ({
	json: { customer, threshold: customer === 'carla' ? 0.99 : 0.6 },
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

const COLUMNS = [
	'decision',
	'similarity',
	'isMatch',
	'threshold',
	'reviewThreshold',
	'requestId',
	'elapsedMilliseconds',
	'attempts',
];

test('version 2 with Continue: the same first columns for all, decision first; a failed row then says why; then the input fields', async () => {
	const items = [pair('ana'), notAnImage('bruno'), pair('carla'), pair('dan', 'eve')];
	const { output } = await ctx.run({
		items,
		typeVersion: 2,
		parameters: { threshold: '={{ $json.threshold }}' },
		continueOnFail: true,
	});
	expect(output).toHaveLength(4);
	for (const item of output!)
		expect(Object.keys(item.json).slice(0, COLUMNS.length)).toEqual(COLUMNS);
	const [ana, bruno, carla, dan] = output!.map((o) => o.json);
	expect(ana).toMatchObject({
		decision: 'match',
		isMatch: true,
		threshold: 0.6,
		reviewThreshold: null,
		customer: 'ana',
	});
	expect(ana).not.toHaveProperty('error');
	expect(carla).toMatchObject({ isMatch: false, threshold: 0.99, customer: 'carla' });
	expect(dan).toMatchObject({ isMatch: false, threshold: 0.6, customer: 'dan' });
	// bruno's threshold expression resolves to nothing: the error is about the threshold, which is
	// then unknown (null), not 0.7
	expect(bruno).toMatchObject({
		decision: 'error',
		error: expect.stringMatching(
			new RegExp(
				`^"Match Threshold" must be a number from 0 to 1, not nothing ${rowPattern(1, 4)}`,
			),
		),
		errorCode: 'INVALID_INPUT',
		similarity: null,
		isMatch: null,
		threshold: null,
		requestId: null,
		customer: 'bruno',
	});
	expect(output!.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
	expectOneFreshTokenPerCompare(ctx.emulator);
});

test('version 2 without a threshold set uses 0.7; version 1 with the same parameters behaves as before', async () => {
	const items = [pair('ana')];
	const v2 = await ctx.run({ items, typeVersion: 2, parameters: {} });
	expect(v2.output![0].json).toMatchObject({ threshold: 0.7, customer: 'ana', decision: 'match' });
	const v1 = await ctx.run({ items, typeVersion: 1, parameters: {} });
	expect(Object.keys(v1.output![0].json)).toEqual([
		'similarity',
		'isMatch',
		'threshold',
		'requestId',
		'elapsedMilliseconds',
		'attempts',
	]);
});
