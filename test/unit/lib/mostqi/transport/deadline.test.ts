/** The node's Timeout carried to the credential, which sends nothing once a try was given up. */
import { spendDeadline, withDeadline } from '../../../../../lib/mostqi/transport/deadline';

const request = { method: 'POST' as const, url: '/x', timeout: 60_000 };

test('the credential sends the comparison with only the time left of the try', () => {
	const options = withDeadline(request, 1000);
	const sent = spendDeadline(options, Date.now() + 400);
	expect(sent).not.toHaveProperty('mostQiDeadline');
	expect(sent.timeout).toBeGreaterThan(500);
	expect(sent.timeout).toBeLessThanOrEqual(600);
});

test('a token that came after the Timeout sends nothing: TIMEOUT', () => {
	const options = withDeadline(request, 1000);
	expect(() => spendDeadline(options, Date.now() + 1000)).toThrow(
		"MostQi's token came after the node's Timeout, so the comparison was not sent",
	);
	try {
		spendDeadline(options, Date.now() + 5000);
	} catch (error) {
		expect(
			(error as { context: { mostQiFailure: { errorCode: string } } }).context.mostQiFailure
				.errorCode,
		).toBe('TIMEOUT');
	}
});

test('a request without a deadline (the credential Test, another node) is sent as it is', () => {
	expect(spendDeadline(request)).toBe(request);
});

test('a shorter timeout of the request itself stays', () => {
	expect(spendDeadline(withDeadline({ ...request, timeout: 100 }, 5000)).timeout).toBe(100);
});
