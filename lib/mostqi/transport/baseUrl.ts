import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { ERROR_CODES } from '../errorCodes';
import { MostQiFailureError } from '../failure';

/** The credential's Base URL: MostQi's two domains, or a gateway's or emulator's address. */
export const DEFAULT_BASE_URL = 'https://mostqiapi.com';
export const PRODUCTION_BASE_URL = 'https://production-mostqiapi.com';
/** The Base URL choice whose address is in "Custom Base URL". */
export const CUSTOM_BASE_URL = 'custom';

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/**
 * Whether a host is this machine: `localhost`, 127.0.0.0/8 or ::1, as WHATWG URL parsing writes
 * them (it already turns 127.1 or 0x7f.0.0.1 into 127.0.0.1, and an IPv6 host into "[::1]").
 * Plain http is allowed only to such a host, where nothing travels over a network.
 */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	return (
		host === 'localhost' ||
		host === '[::1]' ||
		host === '::1' ||
		/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
	);
}

/**
 * The credential's base URL, trimmed and without a trailing slash: one of MostQi's two domains,
 * the "Custom Base URL", or (credentials saved when Base URL was a text field) the URL itself.
 * Refused, each with what to do:
 * - plain http to another machine: the client key (or bearer token) would cross the network
 *   unencrypted;
 * - a user name or password: the HTTP client turns them into its own Authorization header, which
 *   replaces the token (every request would fail as unauthorized), and they would show in messages;
 * - a query or a fragment: the routes are appended to the Base URL, which would put them inside
 *   the query ("…?v=1/user/authenticate").
 */
export function apiRoot(credentials: ICredentialDataDecryptedObject): string {
	const chosen = text(credentials.baseUrl);
	const custom = chosen === CUSTOM_BASE_URL;
	const label = custom ? 'Custom Base URL' : 'Base URL';
	const baseUrl = custom ? text(credentials.customBaseUrl) : chosen;
	if (custom && baseUrl === '') {
		throw baseUrlError(
			label,
			'is empty',
			'Enter the address of your gateway or emulator, or choose one of MostQi\'s domains under "Base URL".',
		);
	}
	const root = (baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');
	let url: URL;
	try {
		url = new URL(root);
	} catch {
		throw baseUrlError(
			label,
			'is not a valid URL',
			`Enter a full address such as ${DEFAULT_BASE_URL}.`,
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw baseUrlError(
			label,
			`uses "${url.protocol.replace(/:$/, '')}"`,
			`Enter an https address such as ${DEFAULT_BASE_URL}.`,
		);
	}
	if (url.username !== '' || url.password !== '') {
		throw baseUrlError(
			label,
			'has a user name or password in it',
			`Remove them, so that it reads like ${DEFAULT_BASE_URL}: MostQi is authorized by the client key (or bearer token) alone.`,
		);
	}
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		throw baseUrlError(
			label,
			`uses plain http:// to ${url.host}, so the client key (or bearer token) would cross the network unencrypted`,
			`Use https://${url.host}${url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '')} instead. Plain http:// is only for an emulator on this n8n server (localhost, 127.0.0.1 or [::1]).`,
		);
	}
	if (/[?#]/.test(root)) {
		throw baseUrlError(
			label,
			'has a query ("?…") or a fragment ("#…") in it',
			`Remove everything from the "?" or "#" on, so that it reads like ${url.origin}${url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '')}: MostQi's routes are added to the end of the Base URL.`,
		);
	}
	return root;
}

function baseUrlError(label: string, problem: string, fix: string): MostQiFailureError {
	return new MostQiFailureError({
		message: `The ${label} of the MostQi credential ${problem}`,
		description: `Open the MostQi credential and correct "${label}". ${fix}`,
		errorCode: ERROR_CODES.INVALID_BASE_URL,
	});
}
