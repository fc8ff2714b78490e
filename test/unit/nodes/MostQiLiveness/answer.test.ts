/** MostQi's liveness answers read: each shape MostQi or its clients show, and each gap named. */
import {
	INVALID_RESPONSE,
	SESSION_STATUSES,
	readDetectAnswer,
	readResult,
	readSessionAnswer,
	readStatusAnswer,
} from '../../../../nodes/MostQiLiveness/answer';
import type { LivenessAnswer, Reading } from '../../../../nodes/MostQiLiveness/answer';

const envelope = (result: unknown, extra: Record<string, unknown> = {}) => ({
	result,
	requestId: 'rq-1',
	elapsedMilliseconds: 321,
	status: { code: '200', message: 'Ok', errors: null },
	...extra,
});
const answer = (body: unknown, statusCode = 200): LivenessAnswer => ({ statusCode, body });

function ok<T>(reading: Reading<T>): T {
	if (!reading.ok) throw new Error(`failed: ${reading.failure.message}`);
	return reading.result;
}
function failed<T>(reading: Reading<T>) {
	if (reading.ok) throw new Error(`read: ${JSON.stringify(reading.result)}`);
	return reading.failure;
}

const DETECTED = {
	livenessScore: 0.91,
	globalScore: 0.88,
	movementScore: 0.8,
	frontalImage: '/9j/AA==',
};

describe('the result: an object or a one-element list', () => {
	test.each([
		['an object', DETECTED],
		['a one-element list', [DETECTED]],
	])('detect reads %s alike', (_shape, result) => {
		const body = envelope(result);
		expect(ok(readDetectAnswer(answer(body)))).toEqual({
			globalScore: 0.88,
			livenessScore: 0.91,
			score: 0.88,
			movementScore: 0.8,
			frontalImage: '/9j/AA==',
			requestId: 'rq-1',
			elapsedMilliseconds: 321,
			httpCode: 200,
			response: body,
		});
	});

	test('a JSON text body (n8n could not parse it) is read too', () => {
		expect(ok(readDetectAnswer(answer(JSON.stringify(envelope([DETECTED]))))).score).toBe(0.88);
	});

	test('an empty list, several results, no result or not an object: INVALID_RESPONSE', () => {
		expect(failed(readDetectAnswer(answer(envelope([]))))).toEqual({
			message: "MostQi's answer has an empty result list",
			description: expect.stringContaining('no result is made up'),
			errorCode: INVALID_RESPONSE,
			httpCode: 200,
			requestId: 'rq-1',
		});
		expect(failed(readDetectAnswer(answer(envelope([DETECTED, DETECTED])))).message).toBe(
			"MostQi's answer has 2 results where the node reads one, and does not pick one of them",
		);
		expect(failed(readDetectAnswer(answer(envelope(undefined)))).message).toBe(
			"MostQi's answer has no result (it sent: requestId, elapsedMilliseconds, status)",
		);
		expect(failed(readDetectAnswer(answer(envelope(null)))).message).toBe(
			"MostQi's answer has no result (it sent: result, requestId, elapsedMilliseconds, status)",
		);
		expect(failed(readDetectAnswer(answer(envelope('ok')))).message).toBe(
			"MostQi's answer has a result that is text, not an object",
		);
		expect(failed(readDetectAnswer(answer(envelope([0.9])))).message).toBe(
			"MostQi's answer has a result that is a number, not an object",
		);
	});

	test('a body that is not JSON: a failure with the HTTP code and no request ID', () => {
		expect(failed(readDetectAnswer(answer('<html>oops</html>', 200)))).toEqual({
			message: 'MostQi answered HTTP 200 with a body that is not JSON',
			description: expect.any(String),
			errorCode: INVALID_RESPONSE,
			httpCode: 200,
		});
	});

	test('requestId and elapsedMilliseconds are null when absent or of another kind', () => {
		const read = ok(readResultOf({ requestId: '', elapsedMilliseconds: '12' }));
		expect([read.requestId, read.elapsedMilliseconds]).toEqual([null, null]);
		const failure = failed(readDetectAnswer(answer({ result: {}, requestId: undefined })));
		expect(failure).not.toHaveProperty('requestId');
	});
});

function readResultOf(extra: Record<string, unknown>) {
	const read = readResult(answer(envelope({}, extra)));
	if (!read.ok) throw new Error(read.failure.message);
	return { ok: true as const, result: read.meta };
}

describe('detect', () => {
	test('no globalScore (a passive check): null, and the score judged is livenessScore', () => {
		const read = ok(readDetectAnswer(answer(envelope({ livenessScore: 0.42 }))));
		expect(read).toMatchObject({
			globalScore: null,
			livenessScore: 0.42,
			score: 0.42,
			movementScore: null,
			frontalImage: null,
		});
	});

	test('globalScore, when sent, is the score judged even below livenessScore', () => {
		const read = ok(readDetectAnswer(answer(envelope({ livenessScore: 0.99, globalScore: 0.1 }))));
		expect(read.score).toBe(0.1);
	});

	test('a globalScore of 0 is a score, not an absent one', () => {
		const read = ok(readDetectAnswer(answer(envelope({ livenessScore: 0.9, globalScore: 0 }))));
		expect([read.globalScore, read.score]).toEqual([0, 0]);
	});

	test('no livenessScore: the failure names the fields MostQi sent', () => {
		expect(
			failed(readDetectAnswer(answer(envelope({ globalScore: 0.7, imageScore: 0.5 })))).message,
		).toBe("MostQi's answer has no livenessScore (it sent: globalScore, imageScore)");
		expect(failed(readDetectAnswer(answer(envelope({})))).message).toBe(
			"MostQi's answer has no livenessScore (it sent no fields)",
		);
	});

	test('a score that is not a number from 0 to 1 is named with what it held', () => {
		expect(failed(readDetectAnswer(answer(envelope({ livenessScore: '0.9' })))).message).toBe(
			'MostQi\'s answer has a livenessScore that is not a number from 0 to 1 ("0.9") (it sent: livenessScore)',
		);
		expect(
			failed(readDetectAnswer(answer(envelope({ livenessScore: 0.9, globalScore: 87 })))).message,
		).toBe(
			"MostQi's answer has a globalScore that is not a number from 0 to 1 (87) (it sent: livenessScore, globalScore)",
		);
	});

	test('optional fields of the wrong kind fail too, rather than read as absent', () => {
		expect(
			failed(readDetectAnswer(answer(envelope({ livenessScore: 0.9, frontalImage: 12 })))).message,
		).toBe(
			"MostQi's answer has a frontalImage that is a number, not text (it sent: livenessScore, frontalImage)",
		);
		expect(
			failed(readDetectAnswer(answer(envelope({ livenessScore: 0.9, movementScore: 'good' }))))
				.message,
		).toMatch(/^MostQi's answer has a movementScore that is not a number \("good"\)/);
	});

	test('null and an empty image count as absent', () => {
		const read = ok(
			readDetectAnswer(
				answer(envelope({ livenessScore: 0.9, globalScore: null, frontalImage: '' })),
			),
		);
		expect([read.globalScore, read.frontalImage, read.score]).toEqual([null, null, 0.9]);
	});
});

describe('startSession', () => {
	test('the page address and the process ID', () => {
		const body = envelope({ sessionUrl: 'https://liveness.mostqi.test/s/abc', processId: 'p-1' });
		expect(ok(readSessionAnswer(answer(body)))).toEqual({
			sessionUrl: 'https://liveness.mostqi.test/s/abc',
			processId: 'p-1',
			requestId: 'rq-1',
			elapsedMilliseconds: 321,
			httpCode: 200,
			response: body,
		});
		expect(
			ok(readSessionAnswer(answer(envelope([{ sessionUrl: 'u', processId: 'p' }])))).processId,
		).toBe('p');
	});

	test('missing fields are all named, with what MostQi sent instead', () => {
		expect(failed(readSessionAnswer(answer(envelope({ url: 'https://x', id: 'p' })))).message).toBe(
			"MostQi's answer has no sessionUrl or processId (it sent: url, id)",
		);
		expect(
			failed(readSessionAnswer(answer(envelope({ sessionUrl: 'https://x', processId: 7 }))))
				.message,
		).toBe(
			"MostQi's answer has a processId that is a number, not text (it sent: sessionUrl, processId)",
		);
	});
});

describe('getSessionResult', () => {
	test.each(['TODO', 'DOING', 'ERROR', 'EXPIRED'])(
		'%s: the status as sent, and no score even when one is sent',
		(status) => {
			const read = ok(
				readStatusAnswer(
					answer(envelope({ status, processId: 'p-1', livenessScore: 0.9, frontalImage: '/9j/' })),
				),
			);
			expect(read).toMatchObject({
				status,
				livenessScore: null,
				score: null,
				frontalImage: null,
				processId: 'p-1',
			});
		},
	);

	test('TODO without any score: no failure, nothing needed before DONE', () => {
		expect(ok(readStatusAnswer(answer(envelope({ status: 'TODO' }))))).toMatchObject({
			status: 'TODO',
			processId: null,
		});
	});

	test('DONE: the livenessScore is the score; the frontal image as sent', () => {
		const read = ok(
			readStatusAnswer(
				answer(envelope([{ status: 'DONE', livenessScore: 0.77, frontalImage: '/9j/AA==' }])),
			),
		);
		expect(read).toMatchObject({
			status: 'DONE',
			livenessScore: 0.77,
			score: 0.77,
			frontalImage: '/9j/AA==',
			processId: null,
		});
	});

	test('DONE without a frontal image: null, the score still read', () => {
		const read = ok(readStatusAnswer(answer(envelope({ status: 'DONE', livenessScore: 0.5 }))));
		expect([read.score, read.frontalImage]).toEqual([0.5, null]);
	});

	test('DONE without a livenessScore: a failure naming the fields MostQi sent', () => {
		expect(
			failed(readStatusAnswer(answer(envelope({ status: 'DONE', processId: 'p-1' })))),
		).toEqual({
			message: "MostQi's answer has no livenessScore (it sent: status, processId)",
			description: expect.stringContaining('public clients'),
			errorCode: INVALID_RESPONSE,
			httpCode: 200,
			requestId: 'rq-1',
		});
	});

	test('no status, or a status that is not text: a failure', () => {
		expect(failed(readStatusAnswer(answer(envelope({ processId: 'p-1' })))).message).toBe(
			"MostQi's answer has no status (it sent: processId)",
		);
		expect(failed(readStatusAnswer(answer(envelope({ status: 3 })))).message).toBe(
			"MostQi's answer has a status that is a number, not text (it sent: status)",
		);
	});

	test('a status MostQi does not document is passed on as sent, without a score', () => {
		expect(SESSION_STATUSES).toEqual(['TODO', 'DOING', 'DONE', 'ERROR', 'EXPIRED']);
		const read = ok(readStatusAnswer(answer(envelope({ status: 'done', livenessScore: 0.9 }))));
		expect([read.status, read.score]).toEqual(['done', null]);
	});
});
