/** A failure without an answer, in plain words. */
import { describeNetworkCode } from '../../../../../lib/mostqi/transport/network';

test('network codes in plain words, anything else "network error"', () => {
	expect(describeNetworkCode('ECONNREFUSED')).toBe('connection refused');
	expect(describeNetworkCode('EWHATEVER')).toBe('network error');
	expect(describeNetworkCode(undefined)).toBe('network error');
});
