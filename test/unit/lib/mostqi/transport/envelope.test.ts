/** How MostQi's answers are read: the envelope, its codes and messages, and bodies of other shapes. */
import {
	failureFromAnswer,
	isRecord,
	isSuccess,
	readEnvelope,
	reportedErrorCode,
} from '../../../../../lib/mostqi/transport/envelope';

const mostQiError = (code: string, message: string) => ({
	result: null,
	requestId: 'req-1',
	elapsedMilliseconds: 3,
	status: { code, message, errors: [{ code, message }] },
});

describe('failureFromAnswer', () => {
	test.each([
		[401, 'R117', 'Invalid authorization data', /client key/],
		[400, 'R101', 'A specified parameter is wrong', /readable image/],
		[500, 'E100', 'The request could not be processed', /temporary/],
	])(
		'HTTP %i %s keeps MostQi code, message, status and request ID',
		(status, code, message, advice) => {
			const failure = failureFromAnswer({ statusCode: status, body: mostQiError(code, message) });
			expect(failure).toMatchObject({ errorCode: code, httpCode: status, requestId: 'req-1' });
			expect(failure.message).toContain(`${code} ${message}`);
			expect(failure.description).toMatch(advice);
		},
	);

	test('a JSON string body is read as JSON', () => {
		const failure = failureFromAnswer({
			statusCode: 400,
			body: JSON.stringify(mostQiError('R101', 'bad')),
		});
		expect(failure.errorCode).toBe('R101');
	});

	test('the code falls back to status.code, then to the HTTP status', () => {
		expect(
			failureFromAnswer({
				statusCode: 403,
				body: { status: { code: 'W403', message: 'Blocked', errors: null } },
			}).errorCode,
		).toBe('W403');
		expect(
			failureFromAnswer({ statusCode: 418, body: { status: { code: '418' } } }).errorCode,
		).toBe('HTTP_418');
	});

	test.each([
		[502, '<html><body>Bad Gateway</body></html>', 'an HTML page', 'SERVER_ERROR'],
		[503, '', 'an empty body', 'SERVER_ERROR'],
		[403, 'Forbidden', 'a body that is not JSON', 'INVALID_RESPONSE'],
		[500, '{"truncated": ', 'a body that is not JSON', 'SERVER_ERROR'],
	])('HTTP %i with a non-JSON body', (status, body, what, code) => {
		const failure = failureFromAnswer({ statusCode: status, body });
		expect(failure.message).toBe(`MostQi answered HTTP ${status} with ${what} instead of JSON`);
		expect(failure.errorCode).toBe(code);
		expect(failure.description).toMatch(/Base URL/);
	});
});

describe('reading answers', () => {
	test('isRecord: objects only', () => {
		expect([isRecord({}), isRecord(null), isRecord([]), isRecord('x'), isRecord(1)]).toEqual([
			true,
			false,
			false,
			false,
			false,
		]);
	});

	test('readEnvelope: an object, JSON text of an object (after blanks), nothing else', () => {
		expect(readEnvelope({ a: 1 })).toEqual({ a: 1 });
		expect(readEnvelope('  {"a":1}')).toEqual({ a: 1 });
		expect(readEnvelope('{"a":')).toBeUndefined();
		expect(readEnvelope('[1]')).toBeUndefined();
		expect(readEnvelope('x{"a":1}')).toBeUndefined();
		expect(readEnvelope(42)).toBeUndefined();
		expect(readEnvelope(undefined)).toBeUndefined();
	});

	test('reportedErrorCode: the trimmed code of errors[0], or nothing', () => {
		expect(reportedErrorCode({ status: { errors: [{ code: ' R201 ' }] } })).toBe('R201');
		expect(reportedErrorCode({ status: { errors: [{ code: '  ' }] } })).toBeUndefined();
		expect(reportedErrorCode({ status: { errors: [{ code: 7 }] } })).toBeUndefined();
		expect(reportedErrorCode({ status: { errors: [] } })).toBeUndefined();
		expect(reportedErrorCode({ status: { errors: ['R1'] } })).toBeUndefined();
		expect(reportedErrorCode({ status: null })).toBeUndefined();
		expect(reportedErrorCode({})).toBeUndefined();
		expect(reportedErrorCode('not json')).toBeUndefined();
	});

	const answer = (statusCode: number, body: unknown, headers?: Record<string, unknown>) =>
		failureFromAnswer({ statusCode, body, headers });

	test.each([
		[undefined, 'an empty body'],
		[null, 'an empty body'],
		['', 'an empty body'],
		['<html><body>x</body></html>', 'an HTML page'],
		['<!DOCTYPE html>', 'an HTML page'],
		['plain words', 'a body that is not JSON'],
		[12, 'a body that is not JSON'],
	])('a body of %p is described as %s', (body, described) => {
		expect(answer(502, body).message).toBe(
			`MostQi answered HTTP 502 with ${described} instead of JSON`,
		);
	});

	test('codes: errors[0].code first, then a non-numeric status.code, then the HTTP status', () => {
		const env = (status: unknown) => ({ status });
		expect(
			answer(400, env({ code: 'R101', errors: [{ code: 'R999', message: 'm' }] })).errorCode,
		).toBe('R999');
		expect(answer(400, env({ code: 'R101', errors: null })).errorCode).toBe('R101');
		expect(answer(400, env({ code: '400', errors: [] })).errorCode).toBe('HTTP_400');
		expect(answer(400, env({ code: '4a0', errors: [] })).errorCode).toBe('4a0');
		expect(answer(400, env({ code: 400, errors: [] })).errorCode).toBe('HTTP_400');
		expect(answer(400, {}).errorCode).toBe('HTTP_400');
	});

	test('the message: errors[0].message, else status.message, else none; the request ID only as text', () => {
		expect(
			answer(400, {
				status: { code: 'R101', message: 'outer', errors: [{ code: 'R101', message: 'inner' }] },
			}).message,
		).toBe('MostQi refused the request: R101 inner (HTTP 400)');
		expect(
			answer(400, { status: { code: 'R101', message: 'outer', errors: [{ code: 'R101' }] } })
				.message,
		).toBe('MostQi refused the request: R101 outer (HTTP 400)');
		expect(answer(400, { status: { code: 'R101', message: 5 } }).message).toBe(
			'MostQi refused the request: R101 (HTTP 400)',
		);
		expect(answer(400, { requestId: 'abc', status: { code: 'R101' } }).requestId).toBe('abc');
		expect(answer(400, { requestId: 5, status: { code: 'R101' } }).requestId).toBeUndefined();
	});

	test("the client key given as a secret is cut out of MostQi's message", () => {
		const failure = failureFromAnswer(
			{
				statusCode: 401,
				body: {
					status: { code: 'R117', errors: [{ code: 'R117', message: 'bad key ck_live_123456' }] },
				},
			},
			['ck_live_123456'],
		);
		expect(failure.message).toBe('MostQi refused the request: R117 bad key [redacted] (HTTP 401)');
	});

	test('the Retry-After header is read from an answer, as one value or a list', () => {
		expect(answer(429, {}, { 'retry-after': '2' }).retryAfterMs).toBe(2000);
		expect(answer(429, {}).retryAfterMs).toBeUndefined();
		expect(answer(429, {}, { 'retry-after': ['3'] }).retryAfterMs).toBe(3000);
	});

	test('a 429 answer carries its Retry-After header and is RATE_LIMITED', () => {
		const answer = {
			statusCode: 429,
			body: '<html>slow down</html>',
			headers: { 'retry-after': '4' },
		};
		expect(failureFromAnswer(answer)).toMatchObject({
			httpCode: 429,
			retryAfterMs: 4000,
			errorCode: 'RATE_LIMITED',
		});
	});

	test('success is 2xx only', () => {
		expect([199, 200, 204, 299, 300, 400].map(isSuccess)).toEqual([
			false,
			true,
			true,
			true,
			false,
			false,
		]);
	});
});
