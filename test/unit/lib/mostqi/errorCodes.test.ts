/** The error codes a workflow branches on, and the advice that goes with MostQi's own. */
import {
	ERROR_CODES,
	GENERIC_ADVICE,
	MOSTQI_ADVICE,
	httpStatusCode,
} from '../../../../lib/mostqi/errorCodes';

test('each code is its own name: the text a workflow compares errorCode with', () => {
	for (const [name, code] of Object.entries(ERROR_CODES)) expect(code).toBe(name);
	expect(Object.keys(ERROR_CODES)).toEqual([
		'INVALID_INPUT',
		'INVALID_RESPONSE',
		'INVALID_BASE_URL',
		'NO_CLIENT_KEY',
		'TIMEOUT',
		'NETWORK',
		'CANCELLED',
		'SERVER_ERROR',
		'RATE_LIMITED',
		'UNKNOWN',
	]);
});

test('an answer that named no code is coded by its HTTP status', () => {
	expect(httpStatusCode(418)).toBe('HTTP_418');
	expect(httpStatusCode(404)).toBe('HTTP_404');
});

test("no code of ours looks like MostQi's (a letter and three digits) or like an HTTP status code", () => {
	for (const code of Object.values(ERROR_CODES)) {
		expect(code).not.toMatch(/^[A-Z]\d{3}$/);
		expect(code).not.toMatch(/^HTTP_/);
	}
});

test("MostQi's documented codes each have their own advice, the others the generic one", () => {
	expect(Object.keys(MOSTQI_ADVICE).sort()).toEqual(['E100', 'R101', 'R117']);
	const advice = [...Object.values(MOSTQI_ADVICE), GENERIC_ADVICE];
	expect(new Set(advice).size).toBe(advice.length);
	expect(MOSTQI_ADVICE.R117).toMatch(/credential/);
	expect(MOSTQI_ADVICE.R117).toMatch(/Base URL/);
	expect(MOSTQI_ADVICE.E100).toMatch(/request ID/);
	for (const text of advice) expect(text).toMatch(/^[A-Z].*\.$/);
});
