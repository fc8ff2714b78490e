/** A failure without an answer, in plain words. */
import { describeNetworkCode, timedOut } from '../../../../../lib/mostqi/transport/network';

test('network codes in plain words, anything else "network error"', () => {
	expect(describeNetworkCode('ECONNREFUSED')).toBe('connection refused');
	expect(describeNetworkCode('EWHATEVER')).toBe('network error');
	expect(describeNetworkCode(undefined)).toBe('network error');
});

test('no answer within the Timeout: TIMEOUT, with the time waited and what to do', () => {
	expect(timedOut(1500)).toEqual({
		message: 'MostQi did not answer within 1500 ms',
		description:
			'MostQi may be slow or overloaded. Run the workflow again later, or raise the "Timeout" option.',
		errorCode: 'TIMEOUT',
	});
});
