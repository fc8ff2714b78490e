/**
 * The token request and the credential Test, with a stand-in HTTP helper: every way of not
 * getting a token, each with the words a builder reads and the code the node reports.
 */
import type { ICredentialTestFunctions, IHttpRequestHelper } from 'n8n-workflow';

import { testMostQiCredential } from '../../lib/mostqi/transport/credentialTest';
import { MostQiFailureError } from '../../lib/mostqi/failure';
import { apiRoot, isLoopbackHost } from '../../lib/mostqi/transport/baseUrl';
import { requestToken } from '../../lib/mostqi/transport/token';

type Answer = { statusCode: number; body: unknown } | { throws: unknown };

function helper(answer: Answer) {
	const calls: Array<Record<string, unknown>> = [];
	const httpRequest = async (options: Record<string, unknown>) => {
		calls.push(options);
		if ('throws' in answer) throw answer.throws;
		return answer;
	};
	return { http: { helpers: { httpRequest } } as unknown as IHttpRequestHelper, calls };
}

async function failure(
	answer: Answer,
	data: Record<string, unknown> = { clientKey: 'ck-123456', baseUrl: 'https://mostqiapi.com' },
) {
	try {
		await requestToken(helper(answer).http, data as never, 1234);
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

describe('requestToken', () => {
	test('sends the trimmed key to the token route of the trimmed Base URL, once', async () => {
		const { http, calls } = helper({ statusCode: 200, body: { token: 'jwt' } });
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
			const { http, calls } = helper({ statusCode: 200, body: { token: 'jwt' } });
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

	test("the error is a warning, as n8n shows a user's mistake", async () => {
		const error = new MostQiFailureError({ message: 'm', description: 'd', errorCode: 'X' });
		expect(error.level).toBe('warning');
	});
});

describe('apiRoot explains each wrong Base URL', () => {
	test.each([
		['not a url', 'is not a valid URL', 'Enter a full address such as https://mostqiapi.com.'],
		['ftp://h.example', 'uses "ftp"', 'Enter an https address such as https://mostqiapi.com.'],
		[
			'https://u@h.example',
			'has a user name or password in it',
			'Remove them, so that it reads like https://mostqiapi.com: MostQi is authorized by the client key (or bearer token) alone.',
		],
		['https://:p@h.example', 'has a user name or password in it', 'Remove them'],
	])('%s', (baseUrl, problem, fix) => {
		let error: MostQiFailureError | undefined;
		try {
			apiRoot({ baseUrl } as never);
		} catch (e) {
			error = e as MostQiFailureError;
		}
		expect(error?.message).toBe(`The Base URL of the MostQi credential ${problem}`);
		expect(error?.description).toContain(
			`Open the MostQi credential and correct "Base URL". ${fix}`,
		);
		expect(error?.context.mostQiFailure).toMatchObject({ errorCode: 'INVALID_BASE_URL' });
	});

	test.each([
		['http://gw.example', 'Base URL', 'gw.example', 'Use https://gw.example instead.'],
		[
			'http://10.0.0.5:8080/mostqi/',
			'Base URL',
			'10.0.0.5:8080',
			'Use https://10.0.0.5:8080/mostqi instead.',
		],
		[
			'http://localhost.gw.example',
			'Base URL',
			'localhost.gw.example',
			'Use https://localhost.gw.example instead.',
		],
		[
			'http://127.0.0.1.nip.io',
			'Base URL',
			'127.0.0.1.nip.io',
			'Use https://127.0.0.1.nip.io instead.',
		],
	])(
		'plain http to another machine (%s) is refused: the client key would travel in clear text',
		(customBaseUrl, label, host, fix) => {
			for (const data of [{ baseUrl: customBaseUrl }, { baseUrl: 'custom', customBaseUrl }]) {
				const name = data.baseUrl === 'custom' ? 'Custom Base URL' : label;
				expect(() => apiRoot(data as never)).toThrow(
					`The ${name} of the MostQi credential uses plain http:// to ${host}, so the client key (or bearer token) would cross the network unencrypted`,
				);
				try {
					apiRoot(data as never);
				} catch (e) {
					const error = e as MostQiFailureError;
					expect(error.description).toBe(
						`Open the MostQi credential and correct "${name}". ${fix} Plain http:// is only for an emulator on this n8n server (localhost, 127.0.0.1 or [::1]).`,
					);
					expect(error.context.mostQiFailure).toMatchObject({ errorCode: 'INVALID_BASE_URL' });
				}
			}
		},
	);

	test.each([
		'http://localhost:8787',
		'http://LOCALHOST',
		'http://127.0.0.1:9/',
		'http://127.8.9.10',
		'http://127.1:8787',
		'http://[::1]:8787/mostqi',
	])('plain http to this machine (%s) is allowed, for an emulator', (baseUrl) => {
		expect(apiRoot({ baseUrl: 'custom', customBaseUrl: baseUrl } as never)).toBe(
			baseUrl.replace(/\/+$/, ''),
		);
	});

	test('the loopback rule: localhost, 127.0.0.0/8 and ::1 as URL parsing writes them, nothing else', () => {
		const host = (url: string) => new URL(url).hostname;
		for (const yes of [
			'http://localhost',
			'http://localhost.',
			'http://127.0.0.1',
			'http://127.255.0.7',
			'http://0x7f.1',
			'http://[::1]',
			'http://[0:0:0:0:0:0:0:1]',
		]) {
			expect([yes, isLoopbackHost(host(yes))]).toEqual([yes, true]);
		}
		for (const no of [
			'http://0.0.0.0',
			'http://128.0.0.1',
			'http://[::2]',
			'http://localhost.example',
			'http://127.0.0.1.nip.io',
			'http://10.0.0.1',
			'http://[::ffff:10.0.0.1]',
		]) {
			expect([no, isLoopbackHost(host(no))]).toEqual([no, false]);
		}
	});

	test.each([
		['https://gw.example/mostqi?tenant=7', 'https://gw.example/mostqi'],
		['https://gw.example/#routes', 'https://gw.example'],
		['https://gw.example/?', 'https://gw.example'],
		['http://127.0.0.1:8787/?x=1', 'http://127.0.0.1:8787'],
	])(
		'a Base URL with a query or a fragment (%s) is refused: the routes would land in it',
		(customBaseUrl, fixed) => {
			let error: MostQiFailureError | undefined;
			try {
				apiRoot({ baseUrl: 'custom', customBaseUrl } as never);
			} catch (e) {
				error = e as MostQiFailureError;
			}
			expect(error?.message).toBe(
				'The Custom Base URL of the MostQi credential has a query ("?…") or a fragment ("#…") in it',
			);
			expect(error?.description).toBe(
				`Open the MostQi credential and correct "Custom Base URL". Remove everything from the "?" or "#" on, so that it reads like ${fixed}: MostQi's routes are added to the end of the Base URL.`,
			);
		},
	);

	test('trailing slashes go, all of them; a Base URL that is not text is the default', () => {
		expect(apiRoot({ baseUrl: 'https://h.example///' } as never)).toBe('https://h.example');
		expect(apiRoot({ baseUrl: 3 } as never)).toBe('https://mostqiapi.com');
	});
});

describe('the credential Test', () => {
	const run = (data: Record<string, unknown>, answer: Answer) => {
		const calls: unknown[] = [];
		const ctx = {
			helpers: {
				request: async (options: unknown) => {
					calls.push(options);
					if ('throws' in answer) throw answer.throws;
					return answer;
				},
			},
		} as unknown as ICredentialTestFunctions;
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
		expect(message).toMatch(
			/^MostQi refused the request: R117 token \[redacted\] is invalid \(HTTP 401\)\. MostQi did not accept/,
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
			message: expect.stringMatching(/^MostQi refused the request: R117 /),
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
			message:
				'Could not get a MostQi token: the MostQi credential has no client key. Open the MostQi credential and paste the client key MostQi issued to you.',
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
