/** Face Compare's settings, read per item: each option's default only when it is not set. */

import { run, sentBody } from '../../../support/faceCompareRun';

describe('options, read per item', () => {
	test('version 1, none set: threshold 0.7, timeout 60 s, concurrency 4, 3 retries, no input fields, no full response', async () => {
		let release: () => void = () => undefined;
		const held = new Promise<void>((r) => (release = r));
		const { fake, output } = run(6, {}, { typeVersion: 1, hold: async () => await held });
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

	test('version 1: Keep Input Fields applies to error items too; a throwing one is treated as off there', async () => {
		const { output } = run(
			2,
			{
				threshold: 5,
				keepInputFields: (i: number) => {
					if (i === 1) throw new Error('bad');
					return true;
				},
			},
			{ typeVersion: 1 },
		);
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
	test('a PDF password that is not text is not sent', async () => {
		const { fake, output } = run(1, { faceAPassword: 1234 });
		await output;
		expect(sentBody(fake, 0)).not.toHaveProperty('faceFilePasswordA');
	});
});
