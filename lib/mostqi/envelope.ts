import { redactSecrets } from './secrets';

/**
 * What MostQi answers, read into either a result or a failure. Shared by the credential (token
 * route) and the node (face-compare route). Every answer is untrusted: a proxy or MostQi's WAF
 * may send HTML, an empty body, or JSON of another shape.
 */

export interface MostQiFailure {
	/** What went wrong, in plain words; never holds a secret. */
	message: string;
	/** What to do about it. */
	description: string;
	/** MostQi's code (R101, R117, E100, …) or one of the node's own. */
	errorCode: string;
	httpCode?: number;
	requestId?: string;
	/** How long MostQi asked us to wait before trying again (its Retry-After header). */
	retryAfterMs?: number;
}

export interface MostQiAnswer {
	statusCode: number;
	body: unknown;
	headers?: Record<string, unknown>;
}

interface Envelope {
	result?: unknown;
	requestId?: unknown;
	elapsedMilliseconds?: unknown;
	token?: unknown;
	status?: { code?: unknown; message?: unknown; errors?: unknown };
}

const ADVICE: Record<string, string> = {
	R117: 'MostQi did not accept the authorization. Check the client key (or bearer token) in the MostQi credential and that the Base URL is the MostQi domain your key belongs to.',
	R101: 'MostQi refused one of the parameters. Check that each face is a readable image or PDF (not blank, not a thumbnail smaller than 50 px a side) and that every URL can be downloaded by MostQi without logging in.',
	E100: 'MostQi could not process the request. This is usually temporary: run the workflow again later. If it keeps failing for the same images, contact MostQi support with the request ID.',
};

const GENERIC_ADVICE =
	'Check the MostQi credential and the inputs; if the problem persists, contact MostQi support with the request ID.';

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Body as JSON when it is JSON (n8n hands us a string when it could not parse it). */
export function readEnvelope(body: unknown): Envelope | undefined {
	if (isRecord(body)) return body as Envelope;
	if (typeof body === 'string' && body.trim().startsWith('{')) {
		try {
			const parsed: unknown = JSON.parse(body);
			return isRecord(parsed) ? (parsed as Envelope) : undefined;
		} catch {
			return undefined;
		}
	}
	return undefined;
}

function firstErrorDetail(status: Envelope['status']): { code?: string; message?: string } {
	const errors = status?.errors;
	if (!Array.isArray(errors) || !isRecord(errors[0])) return {};
	const { code, message } = errors[0];
	return {
		code: typeof code === 'string' && code.trim() !== '' ? code.trim() : undefined,
		message: typeof message === 'string' ? message : undefined,
	};
}

/** What a body that is not MostQi's JSON is, in words. */
export function describeBody(body: unknown): string {
	if (body === undefined || body === null || body === '') return 'an empty body';
	if (typeof body === 'string') {
		return /<html|<!doctype/i.test(body) ? 'an HTML page' : 'a body that is not JSON';
	}
	return 'a body that is not JSON';
}

/**
 * A MostQi error answer (or anything that is not a success) as a failure. `secrets` (the client
 * key) are cut out of any text the server sent, as are tokens.
 */
export function failureFromAnswer(
	answer: MostQiAnswer,
	secrets: ReadonlyArray<unknown> = [],
): MostQiFailure {
	const retryAfterMs = parseRetryAfter(answer.headers?.['retry-after'], Date.now());
	const failure = describeFailure(answer, secrets);
	return retryAfterMs === undefined ? failure : { ...failure, retryAfterMs };
}

/**
 * The code of an error MostQi names in `status.errors` even on an HTTP 2xx answer, so that such
 * an answer is read as the failure it reports, never as a result.
 */
export function reportedErrorCode(body: unknown): string | undefined {
	return firstErrorDetail(readEnvelope(body)?.status).code;
}

/**
 * Retry-After as milliseconds from `now`: either whole seconds or an HTTP date (RFC 9110).
 * Anything else is ignored, as if the header were absent.
 */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	if (/^\s*\d+\s*$/.test(text)) return Number(text) * 1000;
	// An HTTP date always names a day or month and a time; Date.parse alone accepts "1.5".
	if (!/[A-Za-z]{3}/.test(text) || !/\d{2}:\d{2}:\d{2}/.test(text)) return undefined;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function describeFailure(
	{ statusCode, body }: MostQiAnswer,
	secrets: ReadonlyArray<unknown>,
): MostQiFailure {
	const envelope = readEnvelope(body);
	if (!envelope) {
		return {
			message: `MostQi answered HTTP ${statusCode} with ${describeBody(body)} instead of JSON`,
			description:
				"A proxy or MostQi's firewall (WAF) probably answered instead of the API. Check the Base URL in the MostQi credential; if it is right, run the workflow again later.",
			errorCode:
				statusCode >= 500
					? 'SERVER_ERROR'
					: statusCode === 429
						? 'RATE_LIMITED'
						: 'INVALID_RESPONSE',
			httpCode: statusCode,
		};
	}
	const detail = firstErrorDetail(envelope.status);
	const statusCodeText =
		typeof envelope.status?.code === 'string' ? envelope.status.code : undefined;
	const errorCode =
		detail.code ??
		(statusCodeText && !/^\d+$/.test(statusCodeText) ? statusCodeText : `HTTP_${statusCode}`);
	const sentMessage =
		detail.message ??
		(typeof envelope.status?.message === 'string' ? envelope.status.message : undefined);
	const mostQiMessage = sentMessage === undefined ? undefined : redactSecrets(sentMessage, secrets);
	return {
		message: `MostQi refused the request: ${errorCode}${mostQiMessage ? ` ${mostQiMessage}` : ''} (HTTP ${statusCode})`,
		description: ADVICE[errorCode] ?? GENERIC_ADVICE,
		errorCode,
		httpCode: statusCode,
		requestId: typeof envelope.requestId === 'string' ? envelope.requestId : undefined,
	};
}

export function isSuccess(statusCode: number): boolean {
	return statusCode >= 200 && statusCode < 300;
}

/** Plain words for socket error codes (n8n replaces a message that shows a raw code). */
const NETWORK_WORDS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'DNS lookup failed',
	EHOSTUNREACH: 'host unreachable',
	EPIPE: 'connection closed',
	ECONNABORTED: 'connection aborted',
	ETIMEDOUT: 'connection timed out',
};

export function describeNetworkCode(code: string | undefined): string {
	return (code && NETWORK_WORDS[code]) ?? 'network error';
}
