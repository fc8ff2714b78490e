import { ERROR_CODES, GENERIC_ADVICE, MOSTQI_ADVICE, httpStatusCode } from '../errorCodes';
import type { MostQiFailure } from '../failure';
import { redactSecrets } from '../secrets';
import { parseRetryAfter } from './retryAfter';

/**
 * What MostQi answers, read into either a result or a failure. Shared by the credential (token
 * route) and the node (face-compare route). Every answer is untrusted: a proxy or MostQi's WAF
 * may send HTML, an empty body, or JSON of another shape.
 */

export interface MostQiAnswer {
	statusCode: number;
	body: unknown;
	headers?: Record<string, unknown>;
}

export interface Envelope {
	result?: unknown;
	requestId?: unknown;
	elapsedMilliseconds?: unknown;
	token?: unknown;
	status?: { code?: unknown; message?: unknown; errors?: unknown };
}

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
					? ERROR_CODES.SERVER_ERROR
					: statusCode === 429
						? ERROR_CODES.RATE_LIMITED
						: ERROR_CODES.INVALID_RESPONSE,
			httpCode: statusCode,
		};
	}
	const detail = firstErrorDetail(envelope.status);
	const statusCodeText =
		typeof envelope.status?.code === 'string' ? envelope.status.code : undefined;
	const errorCode =
		detail.code ??
		(statusCodeText && !/^\d+$/.test(statusCodeText) ? statusCodeText : httpStatusCode(statusCode));
	const sentMessage =
		detail.message ??
		(typeof envelope.status?.message === 'string' ? envelope.status.message : undefined);
	const mostQiMessage = sentMessage === undefined ? undefined : redactSecrets(sentMessage, secrets);
	return {
		message: `MostQi refused the request: ${errorCode}${mostQiMessage ? ` ${mostQiMessage}` : ''} (HTTP ${statusCode})`,
		description: MOSTQI_ADVICE[errorCode] ?? GENERIC_ADVICE,
		errorCode,
		httpCode: statusCode,
		requestId: typeof envelope.requestId === 'string' ? envelope.requestId : undefined,
	};
}

export function isSuccess(statusCode: number): boolean {
	return statusCode >= 200 && statusCode < 300;
}

/** MostQi's identifiers of an answer, null when it sent none: never made up. */
export interface AnswerIds {
	requestId: string | null;
	elapsedMilliseconds: number | null;
}

export function answerIds(envelope: Envelope | undefined): AnswerIds {
	const requestId = envelope?.requestId;
	const elapsed = envelope?.elapsedMilliseconds;
	return {
		requestId: typeof requestId === 'string' && requestId !== '' ? requestId : null,
		elapsedMilliseconds: typeof elapsed === 'number' && Number.isFinite(elapsed) ? elapsed : null,
	};
}
