/** The credential's Base URL: the choices, a custom URL, and why each wrong one is refused. */
import type { MostQiFailureError } from '../../../../../lib/mostqi/failure';
import { apiRoot, isLoopbackHost } from '../../../../../lib/mostqi/transport/baseUrl';

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

describe("the Base URL choice: MostQi's two domains, or a custom URL", () => {
	const root = (data: Record<string, unknown>) => apiRoot(data as never);

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
