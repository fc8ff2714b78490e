/**
 * One request to MostQi (callMostQi, here through Face Compare's compareFaces): what it sends, and
 * how each kind of answer, or no answer, becomes a failure, tried again or not. The engine tests
 * run the same code against the emulator; these pin the rules one by one.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { ExecutionBaseError, NodeApiError } from 'n8n-workflow';

import { compareFaces } from '../../../../../nodes/MostQiFaceCompare/compareRequest';
import type { HttpAnswer } from '../../../../support/fakeExecuteContext';
import { OK_ANSWER, fakeExecuteContext } from '../../../../support/fakeExecuteContext';
import { noToken, refused as refusal, timedOutMessage } from '../../../../support/words';

const body = Buffer.from('{"faceFileBase64A":"x"}');
const noRetry = { retries: 0, baseDelayMs: 0 };

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

test('sends one JSON POST to the compare route through the credential, with the timeout and the moment the try ends, reading status errors itself', async () => {
	const before = Date.now();
	const { requests } = await compare([OK_ANSWER(0.9)], { timeoutMs: 1234 });
	expect(requests).toHaveLength(1);
	const { mostQiDeadline, ...options } = requests[0].options as (typeof requests)[0]['options'] & {
		mostQiDeadline: number;
	};
	expect(mostQiDeadline).toBeGreaterThanOrEqual(before + 1234);
	expect(mostQiDeadline).toBeLessThanOrEqual(Date.now() + 1234);
	expect(requests[0].credential).toBe('mostQiApi');
	expect(options).toEqual({
		method: 'POST',
		url: '/process-image/biometrics/face-compare',
		headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
		body,
		timeout: 1234,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	});
});

test('a 200 that names an error code is that error, even with a similarity', async () => {
	const { outcome } = await compare([
		{
			statusCode: 200,
			body: {
				status: { code: '400', errors: [{ code: 'R201', message: 'face not found' }] },
				result: { similarity: 0.9 },
			},
		},
	]);
	expect(failureOf(outcome).errorCode).toBe('R201');
});

test('a 4xx answer is a failure with its code and status, tried once', async () => {
	const answer = {
		statusCode: 400,
		body: { status: { code: 'R101', message: 'bad', errors: [] } },
	};
	const { outcome, requests } = await compare([answer], { retries: 3 });
	expect(failureOf(outcome)).toMatchObject({ errorCode: 'R101', httpCode: 400 });
	expect(outcome.attempts).toBe(1);
	expect(requests).toHaveLength(1);
});

test('a 503 is tried again, and the attempts are counted', async () => {
	const busy = { statusCode: 503, body: '<html>busy</html>' };
	const { outcome, requests } = await compare([busy, OK_ANSWER(0.6)], { retries: 2 });
	expect(outcome).toMatchObject({ ok: true, attempts: 2 });
	expect(requests).toHaveLength(2);
});

describe('no answer', () => {
	const thrown = (message: string, messages: unknown[] = []) => ({ throws: { message, messages } });

	test.each([
		['axios timeout', 'timeout of 5000ms exceeded'],
		['ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:443'],
		['ESOCKETTIMEDOUT', 'ESOCKETTIMEDOUT'],
		['timed out', 'The request timed out'],
	])('%s is TIMEOUT, naming the timeout', async (_name, message) => {
		const { outcome } = await compare([thrown(message)], { timeoutMs: 777 });
		expect(failureOf(outcome)).toEqual({
			message: timedOutMessage(777),
			description: expect.stringContaining('"Timeout" option'),
			errorCode: 'TIMEOUT',
		});
	});

	test("the cause is also read from n8n's list of messages", async () => {
		const { outcome } = await compare([
			thrown('The service was not able to process your request', ['timeout of 10ms exceeded']),
		]);
		expect(failureOf(outcome).errorCode).toBe('TIMEOUT');
	});

	test.each(['canceled', 'cancelled', 'ERR_CANCELED', 'AbortError: stop'])(
		'"%s" is CANCELLED',
		async (message) => {
			const { outcome } = await compare([thrown(message)]);
			expect(failureOf(outcome).errorCode).toBe('CANCELLED');
		},
	);

	test.each([
		['connect ECONNREFUSED 127.0.0.1:1', 'connection refused'],
		['socket hang up', 'connection reset'],
		['request aborted', 'connection reset'],
		['getaddrinfo ENOTFOUND mostqi.invalid', 'host not found'],
		['something else', 'network error'],
	])('"%s" is NETWORK, described in words', async (message, words) => {
		const { outcome } = await compare([thrown(message)]);
		expect(failureOf(outcome)).toEqual({
			message: `Could not reach MostQi (${words})`,
			description: expect.stringContaining('Base URL'),
			errorCode: 'NETWORK',
		});
	});

	test('an error that is not an object is NETWORK too', async () => {
		const { outcome } = await compare([{ throws: 'boom' }]);
		expect(failureOf(outcome).errorCode).toBe('NETWORK');
	});

	test('a failure the credential reported while getting the token is kept as it is', async () => {
		const mostQiFailure = {
			message: 'MostQi refused the client key',
			description: 'check it',
			errorCode: 'R117',
			httpCode: 401,
		};
		const { outcome } = await compare([
			{ throws: { message: 'timeout of 1ms exceeded', context: { mostQiFailure } } },
		]);
		expect(failureOf(outcome)).toEqual(mostQiFailure);
	});

	test('a context without a failure does not count as one', async () => {
		const { outcome } = await compare([
			{ throws: { message: 'socket hang up', context: { mostQiFailure: 'text' } } },
		]);
		expect(failureOf(outcome).errorCode).toBe('NETWORK');
	});

	test('network failures are tried again', async () => {
		const { outcome, requests } = await compare([thrown('socket hang up'), OK_ANSWER(0.7)], {
			retries: 1,
		});
		expect(outcome).toMatchObject({ ok: true, attempts: 2 });
		expect(requests).toHaveLength(2);
	});
});

describe('the Timeout bounds the whole attempt', () => {
	test("a token request that hangs (n8n's preAuthentication gets no timeout of the node's) ends as TIMEOUT at the node's Timeout", async () => {
		const fake = fakeExecuteContext();
		const hung: string[] = [];
		// n8n's helper: preAuthentication (the credential's token request, fixed 30 s) before the comparison
		(fake.ctx.helpers as unknown as Record<string, unknown>).httpRequestWithAuthentication =
			async () => {
				hung.push('token request');
				return await new Promise(() => undefined);
			};
		const started = Date.now();
		const outcome = await compareFaces(fake.ctx, { body, timeoutMs: 300, retry: noRetry });
		expect(Date.now() - started).toBeGreaterThanOrEqual(295);
		expect(Date.now() - started).toBeLessThan(1500);
		expect(failureOf(outcome)).toEqual({
			message: timedOutMessage(300),
			description:
				'MostQi may be slow or overloaded. Run the workflow again later, or raise the "Timeout" option.',
			errorCode: 'TIMEOUT',
		});
		expect(hung).toEqual(['token request']);
	}, 5000);

	test('a timed-out attempt is tried again, each with its own Timeout', async () => {
		const { outcome, requests } = await compare([{ pending: true }, OK_ANSWER(0.6)], {
			timeoutMs: 100,
			retries: 1,
		});
		expect(outcome).toMatchObject({ ok: true, attempts: 2 });
		expect(requests).toHaveLength(2);
	}, 5000);
});

describe('stopping', () => {
	test('a request that never answers ends as CANCELLED when the execution is stopped', async () => {
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 20);
		const started = Date.now();
		const { outcome } = await compare([{ pending: true }], {
			signal: controller.signal,
			retries: 3,
		});
		expect(failureOf(outcome).errorCode).toBe('CANCELLED');
		expect(Date.now() - started).toBeLessThan(1000);
	});

	test('an execution already stopped sends nothing', async () => {
		const controller = new AbortController();
		controller.abort();
		const { outcome, requests } = await compare([OK_ANSWER(0.9)], { signal: controller.signal });
		expect(failureOf(outcome).errorCode).toBe('CANCELLED');
		expect(requests).toHaveLength(0);
	});

	test('with a signal that is never used, the answer comes through and the listener is removed', async () => {
		const controller = new AbortController();
		const remove = jest.spyOn(controller.signal, 'removeEventListener');
		const { outcome } = await compare([OK_ANSWER(0.2)], { signal: controller.signal });
		expect(outcome.ok && outcome.result.similarity).toBe(0.2);
		expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
	});

	test('a request that fails after the stop does not surface as an unhandled rejection', async () => {
		const controller = new AbortController();
		const fake = fakeExecuteContext({ answers: [OK_ANSWER(0.9)] });
		let reject: (e: Error) => void = () => undefined;
		(fake.ctx.helpers as unknown as Record<string, unknown>).httpRequestWithAuthentication =
			async () => await new Promise((_resolve, r) => (reject = r));
		const unhandled = jest.fn();
		process.on('unhandledRejection', unhandled);
		const pending = compareFaces(fake.ctx, {
			body,
			timeoutMs: 1000,
			retry: noRetry,
			signal: controller.signal,
		});
		controller.abort();
		const outcome = await pending;
		reject(new Error('late'));
		await new Promise((r) => setTimeout(r, 20));
		process.off('unhandledRejection', unhandled);
		expect(outcome.ok).toBe(false);
		expect(unhandled).not.toHaveBeenCalled();
	});
});

describe('a token error made by another copy of n8n-workflow', () => {
	// npm 7+ installs the peer dependency n8n-workflow beside a package installed by hand in
	// ~/.n8n/nodes: the credential's MostQiTokenError then extends another ExecutionBaseError than
	// the one of n8n's request helper, which wraps it in its own NodeApiError (n8n-core, every
	// version tested). That wrapper drops the context (and, before n8n 2.41, the cause).
	let foreign!: typeof import('../../../../../lib/mostqi/failure');
	jest.isolateModules(() => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		foreign = require('../../../../../lib/mostqi/failure');
	});
	const node: INode = {
		id: 'n',
		name: 'MostQi Face Compare',
		type: 'n8n-nodes-mostqi.mostQiFaceCompare',
		typeVersion: 2,
		position: [0, 0],
		parameters: {},
	};
	const refused = {
		message: noToken(refusal('R117', 401, 'Invalid authorization data')),
		description: 'MostQi did not accept the authorization.',
		errorCode: 'R117',
		httpCode: 401,
		requestId: 'rq-7',
	};

	test('a wrong client key stays R117 (not "Could not reach MostQi"), tried once', async () => {
		const tokenError = new foreign.MostQiFailureError(refused);
		expect(tokenError).not.toBeInstanceOf(ExecutionBaseError);
		// what n8n's httpRequestWithAuthentication throws when preAuthentication fails
		const wrapped = new NodeApiError(node, tokenError as unknown as JsonObject);
		expect(wrapped.context).not.toHaveProperty('mostQiFailure');
		const { outcome, requests } = await compare([{ throws: wrapped }, OK_ANSWER(0.9)], {
			retries: 3,
		});
		expect(outcome).toMatchObject({ ok: false, attempts: 1 });
		expect(failureOf(outcome)).toEqual(refused);
		expect(requests).toHaveLength(1);
	});

	test('a class with the same plain fields, not an ExecutionBaseError at all, is read the same way', async () => {
		class OtherCopyError extends Error {
			description = refused.description;
			context = { mostQiFailure: refused };
			response = { data: { mostQiFailure: refused } };
		}
		const wrapped = new NodeApiError(
			node,
			new OtherCopyError(refused.message) as unknown as JsonObject,
		);
		const { outcome } = await compare([{ throws: wrapped }], { retries: 3 });
		expect(failureOf(outcome)).toEqual(refused);
	});
});
