import { failureFromAnswer } from '../../lib/mostqi/transport/envelope';

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
