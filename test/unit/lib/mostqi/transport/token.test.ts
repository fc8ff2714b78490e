/**
 * The token request: every way of not getting a token, each with the words a builder reads and
 * the code the node reports; first with a scripted HTTP helper, then with n8n-core's own against
 * the emulator.
 */
import { httpRequest } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';

import { MostQiFailureError } from '../../../../../lib/mostqi/failure';
import { requestToken } from '../../../../../lib/mostqi/transport/token';
import { startEmulator } from '../../../../emulator/server';
import type { ScriptedAnswer } from '../../../../support/fakeHttpRequestHelper';
import { fakeHttpRequestHelper } from '../../../../support/fakeHttpRequestHelper';
import { refused } from '../../../../support/words';

async function failure(
	answer: ScriptedAnswer,
	data: Record<string, unknown> = { clientKey: 'ck-123456', baseUrl: 'https://mostqiapi.com' },
) {
	try {
		await requestToken(fakeHttpRequestHelper(answer).http, data as never, 1234);
	} catch (error) {
		expect(error).toBeInstanceOf(MostQiFailureError);
		const e = error as MostQiFailureError;
		return {
			message: e.message,
			description: e.description,
			...(e.context.mostQiFailure as object),
		} as Record<string, unknown>;
	}
	throw new Error('expected no token');
}

describe('requestToken, with a scripted HTTP helper', () => {
	test('sends the trimmed key to the token route of the trimmed Base URL, once', async () => {
		const { http, calls } = fakeHttpRequestHelper({ statusCode: 200, body: { token: 'jwt' } });
		await expect(
			requestToken(http, { clientKey: ' ck-1 ', baseUrl: ' https://h.example// ' } as never, 777),
		).resolves.toBe('jwt');
		expect(calls).toEqual([
			{
				method: 'POST',
				url: 'https://h.example/user/authenticate',
				body: { token: 'ck-1' },
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: 777,
			},
		]);
	});

	test.each([{ clientKey: '' }, { clientKey: '   ' }, { clientKey: 42 }, {}])(
		'no client key (%p): refused before any request',
		async (data) => {
			const { http, calls } = fakeHttpRequestHelper({ statusCode: 200, body: { token: 'jwt' } });
			await expect(requestToken(http, data as never)).rejects.toMatchObject({
				message: 'Could not get a MostQi token: the MostQi credential has no client key',
				description: 'Open the MostQi credential and paste the client key MostQi issued to you.',
			});
			expect(calls).toHaveLength(0);
		},
	);

	test.each(['ECONNABORTED', 'ETIMEDOUT'])(
		'%s is TIMEOUT, naming the route and the time',
		async (code) => {
			expect(await failure({ throws: { code } })).toMatchObject({
				message:
					"Could not get a MostQi token: MostQi's token route at https://mostqiapi.com did not answer within 1234 ms",
				description: 'MostQi may be slow or overloaded. Run the workflow again later.',
				errorCode: 'TIMEOUT',
			});
		},
	);

	test.each([
		['ECONNREFUSED', 'connection refused'],
		[undefined, 'network error'],
		[7, 'network error'],
	])('%p is NETWORK, in words', async (code, words) => {
		expect(await failure({ throws: { code } })).toMatchObject({
			message: `Could not get a MostQi token: MostQi could not be reached at https://mostqiapi.com (${words})`,
			description:
				'Check the Base URL in the MostQi credential and that this n8n server can reach it.',
			errorCode: 'NETWORK',
		});
	});

	test.each([
		['no token', { statusCode: 200, body: { status: { code: '200' } } }],
		['an empty token', { statusCode: 200, body: { token: '' } }],
		['a token that is not text', { statusCode: 200, body: { token: 5 } }],
	])('a 200 with %s is INVALID_RESPONSE', async (_name, answer) => {
		expect(await failure(answer)).toMatchObject({
			description: 'Check that the Base URL in the MostQi credential points at the MostQi API.',
			errorCode: 'INVALID_RESPONSE',
		});
	});

	test("a refusal keeps MostQi's code and status", async () => {
		expect(
			await failure({
				statusCode: 401,
				body: { status: { code: 'R117', message: 'Invalid authorization data' } },
			}),
		).toMatchObject({
			errorCode: 'R117',
			httpCode: 401,
		});
	});
});

describe("against the emulator, with n8n-core's HTTP helper", () => {
	const CLIENT_KEY = 'ck_live_5f1d0c3b9a7e4b2d8c6a0f1e3d5b7a9c';
	const { http: helper } = fakeHttpRequestHelper(httpRequest);
	let emulator: Awaited<ReturnType<typeof startEmulator>>;
	beforeAll(async () => {
		emulator = await startEmulator({ clientKeys: [CLIENT_KEY] });
	});
	afterAll(() => emulator.close());
	beforeEach(() => emulator.reset());

	const creds = (overrides: Record<string, string>) => ({
		authType: 'clientKey',
		clientKey: CLIENT_KEY,
		baseUrl: emulator.url,
		...overrides,
	});

	test('a wrong client key is reported with MostQi code, in plain words, without the key', async () => {
		const wrongKey = 'ck_live_wrong_0000000000000000000000000';
		const error = await requestToken(helper, creds({ clientKey: wrongKey })).catch((e: Error) => e);
		expect(error).toMatchObject({
			message: `Could not get a MostQi token: ${refused('R117', 401, 'Invalid authorization data')}`,
			context: { mostQiFailure: { errorCode: 'R117', httpCode: 401 } },
		});
		expect(
			JSON.stringify({ ...(error as object), message: (error as Error).message }),
		).not.toContain(wrongKey);
	});

	test('an unreachable base URL is a network error that names the URL', async () => {
		const error = await requestToken(helper, creds({ baseUrl: 'http://127.0.0.1:9' })).catch(
			(e: Error) => e,
		);
		expect((error as Error).message).toBe(
			'Could not get a MostQi token: MostQi could not be reached at http://127.0.0.1:9 (connection refused)',
		);
		expect(error).toMatchObject({ context: { mostQiFailure: { errorCode: 'NETWORK' } } });
	});

	test('an empty client key is refused before any request', async () => {
		const error = await requestToken(helper, creds({ clientKey: '  ' })).catch((e: Error) => e);
		expect((error as Error).message).toMatch(/no client key/);
		expect(emulator.log).toHaveLength(0);
	});

	test('a 200 without a token (wrong base URL) is an error, not a token', async () => {
		emulator.scriptNext('authenticate', { status: 200, body: '<html>login page</html>' });
		const error = await requestToken(helper, creds({})).catch((e: Error) => e);
		expect((error as Error).message).toBe(
			'Could not get a MostQi token: MostQi answered HTTP 200 without a token',
		);
	});

	test('an HTML error page from a proxy is described as such', async () => {
		emulator.scriptNext('authenticate', { status: 502, body: '<html>Bad Gateway</html>' });
		const error = await requestToken(helper, creds({})).catch((e: Error) => e);
		expect((error as Error).message).toBe(
			'Could not get a MostQi token: MostQi answered HTTP 502 with an HTML page instead of JSON',
		);
	});

	test('a token route that hangs is given up after the token timeout, as TIMEOUT', async () => {
		emulator.setFaults({ authenticate: { hang: 1 } });
		const started = Date.now();
		const error = await requestToken(helper, creds({}), 300).catch((e: Error) => e);
		expect(Date.now() - started).toBeLessThan(2000);
		expect((error as Error).message).toBe(
			`Could not get a MostQi token: MostQi's token route at ${emulator.url} did not answer within 300 ms`,
		);
		expect(error).toMatchObject({ context: { mostQiFailure: { errorCode: 'TIMEOUT' } } });
	});

	test('a 503 from the token route keeps its HTTP status (so the node retries it)', async () => {
		emulator.setFaults({ authenticate: { unavailable: 1 } });
		const error = await requestToken(helper, creds({})).catch((e: Error) => e);
		expect(error).toMatchObject({
			context: { mostQiFailure: { errorCode: 'SERVER_ERROR', httpCode: 503 } },
		});
	});

	test('a base URL with a user name and password in it is refused before any request, without them', async () => {
		const error = await requestToken(
			helper,
			creds({ baseUrl: `http://gw-user:gw-secret@${emulator.url.slice(7)}/` }),
		).catch((e: Error) => e);
		expect((error as Error).message).toBe(
			'The Base URL of the MostQi credential has a user name or password in it',
		);
		expect(JSON.stringify(error)).not.toContain('gw-secret');
		expect(emulator.log).toHaveLength(0);
	});

	test('the client key and tokens MostQi echoes in an error are cut out of the message', async () => {
		const jwt = emulator.issueToken();
		emulator.scriptNext('authenticate', {
			status: 401,
			body: emulator.errorBody(
				'R117',
				`key ${CLIENT_KEY} refused; last token ${jwt}; header Bearer abc.def`,
			),
		});
		const error = await requestToken(helper, creds({})).catch((e: Error) => e);
		expect((error as Error).message).toMatch(
			/R117 key \[redacted\] refused; last token \[redacted\]; header Bearer \[redacted\]/,
		);
		expect(JSON.stringify({ ...(error as object), m: (error as Error).message })).not.toContain(
			CLIENT_KEY,
		);
	});
});
