/**
 * The credential's Test button: what it sends in each mode, and the words of every way it fails;
 * first with a scripted request helper, then with n8n-core's own against the emulator.
 */
import { proxyRequestToAxios } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';

import { testMostQiCredential } from '../../../../../lib/mostqi/transport/credentialTest';
import { startEmulator } from '../../../../emulator/server';
import { fakeCredentialTestContext } from '../../../../support/fakeCredentialTestContext';
import type { ScriptedAnswer } from '../../../../support/fakeHttpRequestHelper';
import { literally, noToken, refused, refusedPrefix } from '../../../../support/words';
import { MOSTQI_ADVICE } from '../../../../../lib/mostqi/errorCodes';

const CLIENT_KEY = 'ck_live_5f1d0c3b9a7e4b2d8c6a0f1e3d5b7a9c';

describe('the credential Test, with a scripted request helper', () => {
	const run = (data: Record<string, unknown>, answer: ScriptedAnswer) => {
		const { ctx, calls } = fakeCredentialTestContext(answer);
		return {
			result: testMostQiCredential.call(ctx, {
				id: '1',
				name: 'c',
				type: 'mostQiApi',
				data,
			} as never),
			calls,
		};
	};

	test('bearer mode without a token says what to paste, and sends nothing', async () => {
		for (const bearerToken of ['', '  ', undefined, 9]) {
			const { result, calls } = run(
				{ authType: 'bearerToken', bearerToken },
				{ statusCode: 400, body: {} },
			);
			expect(await result).toEqual({
				status: 'Error',
				message: 'The MostQi credential has no bearer token. Paste the token your gateway issued.',
			});
			expect(calls).toHaveLength(0);
		}
	});

	test("a refused bearer token is named by MostQi's code, without the token", async () => {
		const { result } = run(
			{ authType: 'bearerToken', bearerToken: 'gw-secret-token', baseUrl: 'https://gw.example' },
			{
				statusCode: 401,
				body: { status: { code: 'R117', message: 'token gw-secret-token is invalid' } },
			},
		);
		const { status, message } = await result;
		expect(status).toBe('Error');
		expect(message).toBe(
			`${refused('R117', 401, 'token [redacted] is invalid')}. ${MOSTQI_ADVICE.R117}`,
		);
	});

	test.each([
		[
			'an HTML 400 from a server that is not MostQi',
			{ statusCode: 400, body: '<html><body>400 Bad Request</body></html>' },
			'with an HTML page',
		],
		['an empty 400', { statusCode: 400, body: '' }, 'with an empty body'],
		[
			'a JSON 400 of another shape',
			{ statusCode: 400, body: { error: 'Bad Request', statusCode: 400 } },
			"with JSON that is not MostQi's answer",
		],
		[
			"a 200 that is not MostQi's envelope",
			{ statusCode: 200, body: '<html>welcome</html>' },
			'with an HTML page',
		],
	])('bearer mode: %s is not a checked token', async (_what, answer, words) => {
		const { result } = run(
			{ authType: 'bearerToken', bearerToken: 'gw-secret-token', baseUrl: 'https://gw.example' },
			answer,
		);
		expect(await result).toEqual({
			status: 'Error',
			message: `The server at the Base URL answered HTTP ${answer.statusCode} ${words}, so the bearer token was not checked. Check that the Base URL points at MostQi, or at a gateway that passes MostQi's answers on.`,
		});
	});

	test.each([
		[
			'R117 in status.code',
			{
				status: {
					code: 'R117',
					message: 'Invalid authorization data',
					errors: [{ code: 'R117', message: 'Invalid authorization data' }],
				},
			},
		],
		[
			'R117 in the errors of a "400"',
			{
				status: {
					code: '400',
					message: 'Bad Request',
					errors: [{ code: 'R117', message: 'Invalid authorization data' }],
				},
			},
		],
	])("bearer mode: MostQi's 400 naming %s refused the token", async (_what, body) => {
		const { result } = run(
			{ authType: 'bearerToken', bearerToken: 'gw-secret-token', baseUrl: 'https://gw.example' },
			{ statusCode: 400, body },
		);
		expect(await result).toMatchObject({
			status: 'Error',
			message: expect.stringMatching(new RegExp(`^${literally(refusedPrefix('R117'))} `)),
		});
	});

	test.each([
		[
			'status.code R101',
			{
				statusCode: 400,
				body: {
					result: null,
					status: {
						code: 'R101',
						message: 'A specified parameter is wrong',
						errors: [{ code: 'R101', message: 'faceFileBase64A is required' }],
					},
				},
			},
		],
		[
			'status.code "400" and R101 in its errors',
			{
				statusCode: 400,
				body: {
					result: null,
					status: {
						code: '400',
						message: 'A specified parameter is wrong',
						errors: [{ code: 'R101', message: 'x' }],
					},
				},
			},
		],
		[
			'status.code "400" and no errors',
			{ statusCode: 400, body: { status: { code: '400', message: 'Bad Request', errors: null } } },
		],
	])("bearer mode: MostQi's envelope with %s accepted the token", async (_what, answer) => {
		const { result } = run(
			{ authType: 'bearerToken', bearerToken: 'gw-secret-token', baseUrl: 'https://gw.example' },
			answer,
		);
		expect(await result).toEqual({ status: 'OK', message: 'MostQi accepted the bearer token' });
	});

	test('a token error reads as its message and what to do, one sentence after the other', async () => {
		const { result } = run({ clientKey: '' }, { statusCode: 200, body: {} });
		expect(await result).toEqual({
			status: 'Error',
			message: `${noToken('the MostQi credential has no client key')}. Open the MostQi credential and paste the client key MostQi issued to you.`,
		});
	});

	test('an unexpected failure of the bearer request is a network error in words', async () => {
		for (const [code, words] of [
			['ENOTFOUND', 'host not found'],
			[undefined, 'network error'],
			[3, 'network error'],
		] as const) {
			const { result } = run(
				{ authType: 'bearerToken', bearerToken: 't', baseUrl: 'https://gw.example' },
				{ throws: { code } },
			);
			expect(await result).toEqual({
				status: 'Error',
				message: `MostQi could not be reached (${words}). Check the Base URL and that this n8n server can reach it.`,
			});
		}
	});
});

// The Test button once failed in Bearer Token mode (it posted an empty client key) and tested
// the untrimmed key and Base URL while runs trim them.
describe("the credential Test against the emulator, through n8n-core's request helper", () => {
	const GATEWAY_TOKEN = 'gw_6c1e2d9f0a8b7c3e5d4f2a1b0c9e8d7f';
	let gateway: Awaited<ReturnType<typeof startEmulator>>;
	beforeAll(async () => {
		gateway = await startEmulator({ clientKeys: [CLIENT_KEY], gatewayTokens: [GATEWAY_TOKEN] });
	});
	afterAll(() => gateway.close());
	beforeEach(() => gateway.reset());

	// n8n's credential test context offers only its older `request` helper: n8n-core's own here
	const { ctx: testFunctions } = fakeCredentialTestContext(
		async (options) => await proxyRequestToAxios(undefined, undefined, undefined, options),
	);
	const test_ = (data: Record<string, string>) =>
		testMostQiCredential.call(testFunctions, { id: '1', name: 'MostQi', type: 'mostQiApi', data });

	test('client key mode: the trimmed key and Base URL get one token, no comparison', async () => {
		const result = await test_({
			authType: 'clientKey',
			clientKey: `  ${CLIENT_KEY}\n`,
			baseUrl: ` ${gateway.url}/ `,
		});
		expect(result).toEqual({ status: 'OK', message: 'MostQi issued a token for this client key' });
		expect(gateway.log.map((e) => e.path)).toEqual(['/user/authenticate']);
	});

	test('client key mode: a wrong key fails with what to check, without the key', async () => {
		const wrong = 'ck_live_wrong_1111111111111111111111111';
		const result = await test_({ authType: 'clientKey', clientKey: wrong, baseUrl: gateway.url });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/R117 Invalid authorization data \(HTTP 401\).*Check the client key/,
		);
		expect(result.message).not.toContain(wrong);
	});

	test('bearer mode: the trimmed token is tried on the comparison route, no token route', async () => {
		const result = await test_({
			authType: 'bearerToken',
			bearerToken: ` ${GATEWAY_TOKEN} `,
			clientKey: '',
			baseUrl: gateway.url,
		});
		expect(result).toEqual({ status: 'OK', message: 'MostQi accepted the bearer token' });
		expect(gateway.log.map((e) => [e.path, e.status])).toEqual([
			['/process-image/biometrics/face-compare', 400],
		]);
	});

	test('bearer mode: a wrong token fails with R117', async () => {
		const result = await test_({
			authType: 'bearerToken',
			bearerToken: 'gw_wrong',
			baseUrl: gateway.url,
		});
		expect(result).toMatchObject({ status: 'Error', message: expect.stringMatching(/R117/) });
		expect(result.message).not.toContain('gw_wrong');
	});

	test.each([
		[
			'a Base URL with a password',
			{ baseUrl: 'https://u:qzsecret@mostqiapi.com' },
			/user name or password/,
		],
		[
			'an unreachable Base URL',
			{ baseUrl: 'http://127.0.0.1:9' },
			/could not be reached at http:\/\/127\.0\.0\.1:9 \(connection refused\)/,
		],
		['no client key', { clientKey: ' ' }, /has no client key/],
	])('%s fails with a clear message', async (_what, overrides, message) => {
		const result = await test_({
			authType: 'clientKey',
			clientKey: CLIENT_KEY,
			baseUrl: gateway.url,
			...overrides,
		});
		expect(result).toMatchObject({ status: 'Error', message: expect.stringMatching(message) });
		expect(result.message).not.toContain('qzsecret');
	});

	test('bearer mode: an unreachable Base URL fails with a clear message', async () => {
		const result = await test_({
			authType: 'bearerToken',
			bearerToken: GATEWAY_TOKEN,
			baseUrl: 'http://127.0.0.1:9',
		});
		expect(result).toEqual({
			status: 'Error',
			message:
				'MostQi could not be reached (connection refused). Check the Base URL and that this n8n server can reach it.',
		});
	});
});
