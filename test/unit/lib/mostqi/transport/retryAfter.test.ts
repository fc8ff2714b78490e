/** Retry-After: seconds or an HTTP date, as a wait in milliseconds; anything else is ignored. */
import { parseRetryAfter } from '../../../../../lib/mostqi/transport/retryAfter';

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-11-26T10:00:00Z');
	test.each([
		['3', 3000],
		[' 0 ', 0],
		['120', 120_000],
		['Thu, 26 Nov 2026 10:00:05 GMT', 5000],
		['Thu, 26 Nov 2026 09:59:00 GMT', 0],
		[['7'], 7000],
	])('%j → %i ms', (value, expected) => {
		expect(parseRetryAfter(value, now)).toBe(expected);
	});

	test.each([undefined, '', 'soon', '-1', '1.5', 42])('%j is ignored', (value) => {
		expect(parseRetryAfter(value, now)).toBeUndefined();
	});

	test('an HTTP date needs every part in its place; a date past is no wait', () => {
		const now = Date.parse('Mon, 30 Nov 2026 06:00:00 GMT');
		expect(parseRetryAfter('Mon, 30 Nov 2026 06:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('Mon, 30 Nov 2026 05:00:00 GMT', now)).toBe(0);
		expect(parseRetryAfter('   ', now)).toBeUndefined();
		expect(parseRetryAfter(5, now)).toBeUndefined();
		expect(parseRetryAfter('1.5', now)).toBeUndefined();
		expect(parseRetryAfter('in 06:00:05', now)).toBeUndefined();
		expect(parseRetryAfter('Mon, 30 Nov 2026 06:00 GMT', now)).toBeUndefined();
		expect(parseRetryAfter('Mon, 30 Nov 2026 6:0:05 GMT', now)).toBeUndefined();
		expect(parseRetryAfter('Xyz, 99 Foo 2026 06:00:05 GMT', now)).toBeUndefined();
	});
});
