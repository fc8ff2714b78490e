import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';
import { ExecutionBaseError } from 'n8n-workflow';

import { survivesN8n } from './messages';
import { SIGN_IN_ROUTE } from './routes';

import type { MostQiAnswer, MostQiFailure } from './envelope';
import {
	describeNetworkCode,
	failureFromAnswer,
	isSuccess,
	isRecord,
	readEnvelope,
} from './envelope';

/** MostQi's token route answers at once when healthy; a hung one must not hang the workflow. */
export const TOKEN_TIMEOUT_MS = 30_000;

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

function baseUrlError(label: string, problem: string, fix: string): MostQiTokenError {
	return new MostQiTokenError({
		message: `The ${label} of the MostQi credential ${problem}`,
		description: `Open the MostQi credential and correct "${label}". ${fix}`,
		errorCode: 'INVALID_BASE_URL',
	});
}

/**
 * Raised when no token could be had, by the credential's preAuthentication (inside n8n's request
 * helper) or its Test. n8n's helper wraps it in a NodeApiError of n8n's own n8n-workflow, which
 * may be another copy than the package's (npm 7+ installs the peer dependency beside a package
 * installed by hand). Across copies the wrapper drops the context and (before n8n 2.41) the cause,
 * and rewrites the message; it keeps `response.data` as its `context.data` (NodeApiError does so
 * for every HTTP error, in n8n-workflow 1.120 to 2.41). So MostQi's failure travels in both: the
 * context (the same copy) and `response.data` (any copy), read back by `tokenFailureOf` without
 * `instanceof`. `response` has no `status`: n8n would take a 401 there for an expired token and
 * ask for another. It never carries the client key or the request.
 */
export class MostQiTokenError extends ExecutionBaseError {
	readonly response: { data: { mostQiFailure: MostQiFailure } };

	constructor(failure: MostQiFailure) {
		const words = {
			...failure,
			message: survivesN8n(failure.message),
			description: survivesN8n(failure.description),
		};
		super(words.message, { level: 'warning' });
		this.description = words.description;
		this.context.mostQiFailure = { ...words };
		this.response = { data: { mostQiFailure: { ...words } } };
	}
}

function asFailure(value: unknown): MostQiFailure | undefined {
	if (!isRecord(value)) return undefined;
	const { message, description, errorCode } = value;
	return typeof message === 'string' &&
		typeof description === 'string' &&
		typeof errorCode === 'string'
		? (value as unknown as MostQiFailure)
		: undefined;
}

/**
 * MostQi's failure carried by a token error, whichever n8n-workflow copy made the error or the
 * wrapper around it, read from plain fields only: the error's own context, the context n8n's
 * wrapper shares with it (same copy), the wrapper's `context.data` (any copy), its `cause`.
 */
export function tokenFailureOf(error: unknown, depth = 0): MostQiFailure | undefined {
	if (!isRecord(error) || depth > 3) return undefined;
	const context = isRecord(error.context) ? error.context : {};
	const data = isRecord(context.data) ? context.data : {};
	const response =
		isRecord(error.response) && isRecord(error.response.data) ? error.response.data : {};
	return (
		asFailure(context.mostQiFailure) ??
		asFailure(data.mostQiFailure) ??
		asFailure(response.mostQiFailure) ??
		tokenFailureOf(error.cause, depth + 1)
	);
}

function tokenFailure(failure: MostQiFailure): MostQiTokenError {
	return new MostQiTokenError({
		...failure,
		message: `Could not get a MostQi token: ${failure.message}`,
	});
}

/** POST /user/authenticate: one fresh single-use JWT. */
export async function requestToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	timeoutMs = TOKEN_TIMEOUT_MS,
): Promise<string> {
	if (typeof credentials.clientKey !== 'string' || credentials.clientKey.trim() === '') {
		throw tokenFailure({
			message: 'the MostQi credential has no client key',
			description: 'Open the MostQi credential and paste the client key MostQi issued to you.',
			errorCode: 'NO_CLIENT_KEY',
		});
	}
	const root = apiRoot(credentials);
	const clientKey = credentials.clientKey.trim();
	let answer;
	try {
		answer = (await helper.helpers.httpRequest({
			method: 'POST',
			url: `${root}${SIGN_IN_ROUTE}`,
			body: { token: clientKey },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: timeoutMs,
		})) as MostQiAnswer;
	} catch (error) {
		const code = (error as { code?: unknown }).code;
		if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
			throw tokenFailure({
				message: `MostQi's token route at ${root} did not answer within ${timeoutMs} ms`,
				description: 'MostQi may be slow or overloaded. Run the workflow again later.',
				errorCode: 'TIMEOUT',
			});
		}
		throw tokenFailure({
			message: `MostQi could not be reached at ${root} (${describeNetworkCode(typeof code === 'string' ? code : undefined)})`,
			description:
				'Check the Base URL in the MostQi credential and that this n8n server can reach it.',
			errorCode: 'NETWORK',
		});
	}
	const token = readEnvelope(answer.body)?.token;
	if (isSuccess(answer.statusCode) && typeof token === 'string' && token !== '') return token;
	if (isSuccess(answer.statusCode)) {
		throw tokenFailure({
			message: `MostQi answered HTTP ${answer.statusCode} without a token`,
			description: 'Check that the Base URL in the MostQi credential points at the MostQi API.',
			errorCode: 'INVALID_RESPONSE',
			httpCode: answer.statusCode,
		});
	}
	throw tokenFailure(failureFromAnswer(answer, [clientKey]));
}
