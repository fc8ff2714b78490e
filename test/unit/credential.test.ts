import type {
	ICredentialTestFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
} from 'n8n-workflow';
import {
	httpRequest,
	proxyRequestToAxios,
} from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';

import { MostQiApi } from '../../credentials/MostQiApi.credentials';
import { testMostQiCredential } from '../../lib/mostqi/transport/credentialTest';
import { apiRoot } from '../../lib/mostqi/transport/baseUrl';
import { requestToken } from '../../lib/mostqi/transport/token';
import { startEmulator } from '../emulator/server';

const CLIENT_KEY = 'ck_live_5f1d0c3b9a7e4b2d8c6a0f1e3d5b7a9c';
const helper = { helpers: { httpRequest } } as unknown as IHttpRequestHelper;
const credential = new MostQiApi();

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => {
	emulator = await startEmulator({ clientKeys: [CLIENT_KEY] });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe('preAuthentication', () => {
	test('fetches a new token on every call and does not hand it back for saving', async () => {
		const tokens = new Set<string>();
		for (let i = 0; i < 3; i++) {
			const credentials = {
				authType: 'clientKey',
				clientKey: CLIENT_KEY,
				baseUrl: `${emulator.url}/`,
				sessionToken: '',
			};
			const output = await credential.preAuthentication.call(helper, credentials);
			// n8n saves preAuthentication's output only when it holds the expirable field.
			expect(output).toEqual({});
			tokens.add(credentials.sessionToken);
		}
		expect(tokens.size).toBe(3);
		expect(emulator.log.filter((e) => e.path === '/user/authenticate')).toHaveLength(3);
	});

	test('does nothing in bearer token mode', async () => {
		const credentials = {
			authType: 'bearerToken',
			bearerToken: 'gw-token',
			baseUrl: emulator.url,
			sessionToken: '',
		};
		expect(await credential.preAuthentication.call(helper, credentials)).toEqual({});
		expect(credentials.sessionToken).toBe('');
		expect(emulator.log).toHaveLength(0);
	});
});

describe('authenticate', () => {
	const apply = (credentials: Record<string, string>, options: IHttpRequestOptions) =>
		(
			credential.authenticate as (c: object, o: IHttpRequestOptions) => Promise<IHttpRequestOptions>
		)(credentials, options);

	test('sends the fresh token to the API root of the credential', async () => {
		const out = await apply(
			{
				authType: 'clientKey',
				clientKey: CLIENT_KEY,
				baseUrl: 'https://production-mostqiapi.com/',
				sessionToken: 'jwt-1',
			},
			{
				url: '/process-image/biometrics/face-compare',
				method: 'POST',
				headers: { Accept: 'application/json' },
				body: { x: 1 },
			},
		);
		expect(out).toMatchObject({
			baseURL: 'https://production-mostqiapi.com',
			headers: { Accept: 'application/json', Authorization: 'Bearer jwt-1' },
			body: { x: 1 },
		});
		expect(JSON.stringify(out)).not.toContain(CLIENT_KEY);
	});

	test('sends the bearer token as is in bearer mode', async () => {
		const out = await apply(
			{
				authType: 'bearerToken',
				bearerToken: 'gw-token',
				baseUrl: 'https://gw.example',
				sessionToken: '',
			},
			{ url: '/process-image/biometrics/face-compare', method: 'POST' },
		);
		expect(out.headers).toEqual({ Authorization: 'Bearer gw-token' });
	});

	test('trims the Base URL and the bearer token, as the token request does', async () => {
		const out = await apply(
			{
				authType: 'bearerToken',
				bearerToken: '  gw-token \n',
				baseUrl: ' https://gw.example/ ',
				sessionToken: '',
			},
			{ url: '/process-image/biometrics/face-compare', method: 'POST' },
		);
		expect(out).toMatchObject({
			baseURL: 'https://gw.example',
			headers: { Authorization: 'Bearer gw-token' },
		});
	});

	// Issue 10, finding 5: axios turns user info into its own Authorization header, which
	// replaced the token (every comparison failed R117).
	test.each([
		['user and password', 'https://qzuser:qzsecret@mostqiapi.com'],
		['a password with @', 'https://qzuser:qz@se@cret@mostqiapi.com'],
		['a user only', 'https://qzuser@mostqiapi.com'],
	])('refuses a Base URL with %s, without showing them', async (_what, baseUrl) => {
		const error = await apply(
			{ authType: 'bearerToken', bearerToken: 'gw-token', baseUrl, sessionToken: '' },
			{ url: '/process-image/biometrics/face-compare', method: 'POST' },
		).catch((e: Error) => e);
		expect(error).toMatchObject({
			message: 'The Base URL of the MostQi credential has a user name or password in it',
			context: { mostQiFailure: { errorCode: 'INVALID_BASE_URL' } },
		});
		expect(JSON.stringify({ ...(error as object), m: (error as Error).message })).not.toMatch(/qz/);
	});

	test.each([
		['not a URL', 'mostqiapi.com/api', /is not a valid URL/],
		['ftp', 'ftp://mostqiapi.com', /uses "ftp"/],
	])('refuses a Base URL that is %s', async (_what, baseUrl, message) => {
		const error = await apply(
			{ authType: 'bearerToken', bearerToken: 'gw-token', baseUrl, sessionToken: '' },
			{ url: '/x', method: 'POST' },
		).catch((e: Error) => e);
		expect((error as Error).message).toMatch(message);
	});
});

describe('requestToken errors', () => {
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
			message:
				'Could not get a MostQi token: MostQi refused the request: R117 Invalid authorization data (HTTP 401)',
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

// Issue 10, finding 7: the Test button failed in Bearer Token mode (it posted an empty client
// key) and tested the untrimmed key and Base URL while runs trim them.
describe('the credential Test (the node tests the credential, as n8n calls it)', () => {
	const GATEWAY_TOKEN = 'gw_6c1e2d9f0a8b7c3e5d4f2a1b0c9e8d7f';
	let gateway: Awaited<ReturnType<typeof startEmulator>>;
	beforeAll(async () => {
		gateway = await startEmulator({ clientKeys: [CLIENT_KEY], gatewayTokens: [GATEWAY_TOKEN] });
	});
	afterAll(() => gateway.close());
	beforeEach(() => gateway.reset());

	// n8n's credential test context offers only its older `request` helper
	const testFunctions = {
		helpers: {
			request: async (options: object) =>
				await proxyRequestToAxios(undefined, undefined, undefined, options),
		},
	} as unknown as ICredentialTestFunctions;
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

describe("Base URL: a choice of MostQi's two domains, or a custom URL", () => {
	const root = (data: Record<string, unknown>) => apiRoot(data as never);
	const property = (name: string) => credential.properties.find((p) => p.name === name)!;

	test('the choices, mostqiapi.com by default; the custom field only for a custom URL', () => {
		expect(property('baseUrl')).toMatchObject({
			type: 'options',
			default: 'https://mostqiapi.com',
		});
		expect(property('baseUrl').options!.map((o) => (o as { value: string }).value)).toEqual([
			'https://mostqiapi.com',
			'https://production-mostqiapi.com',
			'custom',
		]);
		expect(property('customBaseUrl').displayOptions).toEqual({ show: { baseUrl: ['custom'] } });
	});

	test.each([
		[{ baseUrl: 'https://mostqiapi.com' }, 'https://mostqiapi.com'],
		[{ baseUrl: 'https://production-mostqiapi.com' }, 'https://production-mostqiapi.com'],
		[{ baseUrl: 'custom', customBaseUrl: ' http://127.0.0.1:8787/ ' }, 'http://127.0.0.1:8787'],
		// saved when Base URL was a text field: the URL itself, as before
		[{ baseUrl: 'https://gw.example/mostqi/' }, 'https://gw.example/mostqi'],
		[{}, 'https://mostqiapi.com'],
	])('%p → %s', (data, expected) => {
		expect(root(data)).toBe(expected);
	});

	test('a custom choice with no URL, or a bad one, names the Custom Base URL field', () => {
		expect(() => root({ baseUrl: 'custom', customBaseUrl: '  ' })).toThrow(
			'The Custom Base URL of the MostQi credential is empty',
		);
		expect(() => root({ baseUrl: 'custom' })).toThrow(
			'The Custom Base URL of the MostQi credential is empty',
		);
		expect(() => root({ baseUrl: 'custom', customBaseUrl: 'ftp://h' })).toThrow(
			'The Custom Base URL of the MostQi credential uses "ftp"',
		);
		expect(() => root({ baseUrl: 'custom', customBaseUrl: 'https://u:p@h' })).toThrow(
			/Custom Base URL of the MostQi credential has a user name or password in it/,
		);
		expect(() => root({ baseUrl: 'nonsense' })).toThrow(
			'The Base URL of the MostQi credential is not a valid URL',
		);
	});
});
