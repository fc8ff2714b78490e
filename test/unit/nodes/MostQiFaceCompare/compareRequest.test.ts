/** A face-compare answer read: a similarity from 0 to 1 and MostQi's identifiers, or why not. */

import { compareFaces } from '../../../../nodes/MostQiFaceCompare/compareRequest';
import type { HttpAnswer } from '../../../support/fakeExecuteContext';
import { OK_ANSWER, fakeExecuteContext } from '../../../support/fakeExecuteContext';

const body = Buffer.from('{"faceFileBase64A":"x"}');

async function compare(
	answers: HttpAnswer[],
	extra: { retries?: number; signal?: AbortSignal; timeoutMs?: number } = {},
) {
	const fake = fakeExecuteContext({ answers });
	const outcome = await compareFaces(fake.ctx, {
		body,
		timeoutMs: extra.timeoutMs ?? 5000,
		retry: { retries: extra.retries ?? 0, baseDelayMs: 0 },
		signal: extra.signal,
	});
	return { outcome, requests: fake.requests };
}

const failureOf = (outcome: Awaited<ReturnType<typeof compare>>['outcome']) => {
	if (outcome.ok) throw new Error('expected a failure');
	return outcome.failure;
};

test('a documented answer gives the similarity, request ID, elapsed time and the whole answer', async () => {
	const answer = OK_ANSWER(0.83);
	const { outcome } = await compare([answer]);
	expect(outcome).toEqual({
		ok: true,
		attempts: 1,
		result: {
			similarity: 0.83,
			requestId: 'req-1',
			elapsedMilliseconds: 12,
			response: (answer as { body: unknown }).body,
		},
	});
});

test('the similarity may be exactly 0 or exactly 1', async () => {
	for (const similarity of [0, 1]) {
		const { outcome } = await compare([OK_ANSWER(similarity)]);
		expect(outcome.ok && outcome.result.similarity).toBe(similarity);
	}
});

test('a JSON body that n8n left as text is read too', async () => {
	const { outcome } = await compare([
		{ statusCode: 200, body: JSON.stringify({ result: { similarity: 0.4 }, requestId: 'r' }) },
	]);
	expect(outcome.ok && outcome.result).toMatchObject({ similarity: 0.4, requestId: 'r' });
});

test.each([
	['missing', {}],
	['empty', { requestId: '' }],
	['not text', { requestId: 42 }],
])('a request ID that is %s is null, not made up', async (_name, extra) => {
	const ok = OK_ANSWER(0.5) as { statusCode: number; body: Record<string, unknown> };
	const answer = { statusCode: 200, body: { ...ok.body, requestId: undefined, ...extra } };
	const { outcome } = await compare([answer]);
	expect(outcome.ok && outcome.result.requestId).toBeNull();
});

test.each([
	['missing', undefined],
	['text', '12'],
	['not finite', Number.POSITIVE_INFINITY],
	['NaN', Number.NaN],
])('an elapsed time that is %s is null', async (_name, elapsed) => {
	const ok = OK_ANSWER(0.5) as { statusCode: number; body: Record<string, unknown> };
	const { outcome } = await compare([
		{ statusCode: 200, body: { ...ok.body, elapsedMilliseconds: elapsed } },
	]);
	expect(outcome.ok && outcome.result.elapsedMilliseconds).toBeNull();
});

test('an elapsed time of 0 stays 0', async () => {
	const ok = OK_ANSWER(0.5) as { statusCode: number; body: Record<string, unknown> };
	const { outcome } = await compare([
		{ statusCode: 200, body: { ...ok.body, elapsedMilliseconds: 0 } },
	]);
	expect(outcome.ok && outcome.result.elapsedMilliseconds).toBe(0);
});

test('a 200 without a similarity is INVALID_RESPONSE, with its status and request ID, never a result', async () => {
	const { outcome } = await compare([{ statusCode: 200, body: { requestId: 'rq', result: {} } }]);
	expect(failureOf(outcome)).toEqual({
		message: 'MostQi answered without a similarity',
		description: expect.stringContaining('no result is made up'),
		errorCode: 'INVALID_RESPONSE',
		httpCode: 200,
		requestId: 'rq',
	});
});

test.each([
	['text', '0.93', '"0.93"'],
	['above 1', 1.37, '1.37'],
	['below 0', -0.1, '-0.1'],
	['null', null, 'null'],
])(
	'a similarity that is %s is INVALID_RESPONSE naming the value',
	async (_name, similarity, shown) => {
		const { outcome } = await compare([{ statusCode: 200, body: { result: { similarity } } }]);
		const failure = failureOf(outcome);
		expect(failure.message).toBe(
			`MostQi answered with a similarity that is not a number between 0 and 1 (${shown})`,
		);
		expect(failure.errorCode).toBe('INVALID_RESPONSE');
		expect(failure.requestId).toBeUndefined();
	},
);

test.each([
	['no body', undefined],
	['a text page', 'OK'],
	['a result that is not an object', { result: 0.9 }],
])('a 200 with %s is INVALID_RESPONSE', async (_name, answerBody) => {
	const { outcome } = await compare([{ statusCode: 200, body: answerBody }]);
	expect(failureOf(outcome).errorCode).toBe('INVALID_RESPONSE');
});
