/**
 * The credential: a fresh token before every request (preAuthentication), the token or bearer
 * token applied to each request (authenticate), and the Base URL choice in the editor.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';
import { httpRequest } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';

import { MostQiApi } from '../../../credentials/MostQiApi.credentials';
import { startEmulator } from '../../emulator/server';
import { fakeHttpRequestHelper } from '../../../test/support/fakeHttpRequestHelper';
import { withCallback } from '../../../lib/mostqi/transport/callback';

const CLIENT_KEY = 'ck_live_5f1d0c3b9a7e4b2d8c6a0f1e3d5b7a9c';
const { http: helper } = fakeHttpRequestHelper(httpRequest);
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

	test('refuses a callback MostQi cannot reach, before sending (see transport/callback.ts)', async () => {
		const options = withCallback(
			{ url: '/liveness/streaming/async', method: 'POST' },
			{ url: 'http://localhost:5678/webhook-waiting/7', label: 'Webhook URL' },
		);
		const credentials = {
			authType: 'clientKey',
			baseUrl: 'https://mostqiapi.com/',
			sessionToken: 'jwt-1',
		};
		await expect(apply(credentials, options)).rejects.toThrow(
			/^"Webhook URL" points to localhost, this n8n's own machine/,
		);
		const emulator = { ...credentials, baseUrl: 'custom', customBaseUrl: 'http://127.0.0.1:4010' };
		expect(await apply(emulator, options)).not.toHaveProperty('mostQiCallback');
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

	// axios turns user info into its own Authorization header, which would replace the token
	// (every comparison would fail R117)
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

describe("Base URL: a choice of MostQi's two domains, or a custom URL", () => {
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
});
