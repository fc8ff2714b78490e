/** A number setting: whole numbers rounded down, and its limits, in the words of its label. */

import { run } from '../../../../support/faceCompareRun';
import { literally, rowPattern } from '../../../../support/words';

describe('numbers: whole numbers rounded down, and their limits', () => {
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
			new RegExp(`^${literally(message)} ${rowPattern(0, 1)}`),
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
});
