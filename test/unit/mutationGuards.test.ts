/**
 * Edge cases StrykerJS showed untested (npm run test:mutation:unit): each pins one rule of how
 * MostQi's answers, file signatures and secrets are read.
 */
import {
	failureFromAnswer,
	isRecord,
	isSuccess,
	readEnvelope,
	reportedErrorCode,
} from '../../lib/mostqi/transport/envelope';
import { describeNetworkCode } from '../../lib/mostqi/transport/network';
import { parseRetryAfter } from '../../lib/mostqi/transport/retryAfter';
import { redactSecrets } from '../../lib/mostqi/secrets';
import {
	describeUnaccepted,
	detectFormat,
	maxBytesFor,
	MAX_IMAGE_BYTES,
	MAX_PDF_BYTES,
} from '../../lib/mostqi/files/fileFormat';

const bytes = (...parts: Array<number[] | string>) =>
	Buffer.concat(
		parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
	);

describe('envelope edge cases', () => {
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

	test('Retry-After: seconds or an HTTP date; no header, blanks or other text are ignored', () => {
		const now = Date.parse('Mon, 30 Nov 2026 06:00:00 GMT');
		expect(answer(429, {}, { 'retry-after': '2' }).retryAfterMs).toBe(2000);
		expect(answer(429, {}).retryAfterMs).toBeUndefined();
		expect(answer(429, {}, { 'retry-after': ['3'] }).retryAfterMs).toBe(3000);
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

	test('network codes in plain words, anything else "network error"', () => {
		expect(describeNetworkCode('ECONNREFUSED')).toBe('connection refused');
		expect(describeNetworkCode('EWHATEVER')).toBe('network error');
		expect(describeNetworkCode(undefined)).toBe('network error');
	});
});

describe('secrets', () => {
	test('the given secrets (trimmed, 4 characters or more), JWTs and bearer values are cut out', () => {
		expect(redactSecrets('key abcd here', [' abcd '])).toBe('key [redacted] here');
		expect(redactSecrets('key abc here', ['abc'])).toBe('key abc here');
		expect(redactSecrets('a 1234 b', [1234, null, undefined])).toBe('a 1234 b');
		expect(redactSecrets('t eyJhbGci.eyJzdWIi.sig-_9 end')).toBe('t [redacted] end');
		expect(redactSecrets('Authorization: Bearer abc.def,next')).toBe(
			'Authorization: Bearer [redacted],next',
		);
		expect(redactSecrets('nothing secret')).toBe('nothing secret');
	});
});

describe('file format edge cases', () => {
	test('limits: 50 MB for a PDF, 20 MB for every image', () => {
		expect(maxBytesFor('pdf')).toBe(MAX_PDF_BYTES);
		expect(maxBytesFor('png')).toBe(MAX_IMAGE_BYTES);
		expect(MAX_PDF_BYTES).toBeGreaterThan(MAX_IMAGE_BYTES);
	});

	test('signatures need all their bytes, at their place', () => {
		expect(detectFormat(bytes([0xff, 0xd8]))).toBeUndefined();
		expect(detectFormat(bytes([0, 0xff, 0xd8, 0xff]))).toBeUndefined();
		expect(detectFormat(bytes([0, 0, 0, 0x18], 'ftyp'))).toBeUndefined();
		expect(detectFormat(bytes([0, 0, 0, 0x18], 'xxxxheic'))).toBeUndefined();
		expect(detectFormat(bytes([0, 0, 0, 0x18], 'ftypmp42'))).toBeUndefined();
		expect(detectFormat(bytes('RIFF', [0, 0, 0, 0], 'WAVE'))).toBeUndefined();
		expect(detectFormat(bytes('XIFF', [0, 0, 0, 0], 'WEBP'))).toBeUndefined();
	});

	test('netpbm: P and a known digit, white space, then the header', () => {
		expect(detectFormat(bytes('P2\n3 3\n'))).toBe('pgm');
		expect(detectFormat(bytes('P3 3 3\n'))).toBe('ppm');
		expect(detectFormat(bytes('P1\t# c\n  # d\n5 5'))).toBe('pbm');
		expect(detectFormat(bytes('P8\n3 3\n'))).toBeUndefined();
		expect(detectFormat(bytes('Q5\n3 3\n'))).toBeUndefined();
		expect(detectFormat(bytes('P53 3\n'))).toBeUndefined();
		expect(detectFormat(bytes('P5'))).toBeUndefined();
		expect(detectFormat(bytes('P7\nwidth 4\n'))).toBeUndefined();
		expect(detectFormat(bytes('P5\n# only a comment'))).toBe('pgm');
		expect(detectFormat(bytes('P5\nx'))).toBeUndefined();
		expect(detectFormat(bytes('P5\n#c\nx'))).toBeUndefined();
	});

	test('BMP: reserved bytes zero and a known info header size, with all 18 bytes there', () => {
		const bmp = (reserved: number[], info: number) =>
			bytes('BM', [0x36, 0, 0, 0], reserved, [0x36, 0, 0, 0, info, 0, 0, 0]);
		expect(detectFormat(bmp([0, 0, 0, 0], 12))).toBe('bmp');
		for (const reserved of [
			[0, 0, 0, 1],
			[0, 0, 1, 0],
			[0, 1, 0, 0],
			[1, 0, 0, 0],
		])
			expect(detectFormat(bmp(reserved, 40))).toBeUndefined();
		expect(detectFormat(bmp([0, 0, 0, 0], 40).subarray(0, 17))).toBeUndefined();
		expect(
			detectFormat(bytes('BM', [0x36, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 1])),
		).toBeUndefined();
	});

	test('JPEG XL codestream: FF 0A followed by something other than text', () => {
		expect(detectFormat(bytes([0xff, 0x0a]))).toBeUndefined();
		expect(detectFormat(bytes([0xff, 0x0a, 0x09, 0x0d, 0x41, 0x7e]))).toBeUndefined();
		expect(detectFormat(bytes([0xff, 0x0a, 0x41, 0x7f]))).toBe('jxl');
		expect(detectFormat(bytes([0xff, 0x0a, 0x41, 0x1f]))).toBe('jxl');
		expect(detectFormat(bytes([0xff, 0x0b, 0x80]))).toBeUndefined();
	});

	test.each([
		['XML or HTML text', bytes('  <?xml version="1.0"?>')],
		['an HTML page', bytes('\n<HTML><body>')],
		['JSON text', bytes('[{"a":1}]')],
		['plain text', bytes('line one\r\n\tline two')],
		['a file of an unknown type', bytes('text then ', [0x7f])],
		['a file of an unknown type', bytes('text then ', [0x08])],
	])('%s is described as such', (what, file) => {
		expect(describeUnaccepted(file)).toBe(what);
	});
});
