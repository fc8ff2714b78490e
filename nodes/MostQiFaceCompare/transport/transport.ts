import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import type { MostQiFailure } from './envelope';
import { failureFromAnswer, isRecord, isSuccess, readEnvelope } from './envelope';

/** The only place that talks HTTP to MostQi (the token route is the credential's). */

export const FACE_COMPARE_PATH = '/process-image/biometrics/face-compare';

export interface CompareResult {
	similarity: number;
	requestId: string;
	elapsedMilliseconds: number;
	/** MostQi's whole answer, for the "Include Full Response" option. */
	response: Record<string, unknown>;
}

export type CompareOutcome = { ok: true; result: CompareResult } | { ok: false; failure: MostQiFailure };

export interface CompareRequest {
	body: Buffer;
	timeoutMs: number;
}

/** Error codes of Node's sockets and axios that mean "no answer came back". */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

function networkFailure(error: unknown, timeoutMs: number): MostQiFailure {
	const cause = isRecord(error) && isRecord(error.cause) ? error.cause : error;
	const code = isRecord(cause) && typeof cause.code === 'string' ? cause.code : undefined;
	const name = isRecord(cause) && typeof cause.name === 'string' ? cause.name : undefined;
	if (name === 'CanceledError' || code === 'ERR_CANCELED' || name === 'AbortError') {
		return {
			message: 'The request to MostQi was cancelled',
			description: 'The execution was stopped while the comparison was under way.',
			errorCode: 'CANCELLED',
		};
	}
	const tokenFailure = isRecord(cause) && isRecord(cause.mostQiFailure) ? cause.mostQiFailure : undefined;
	if (tokenFailure) return tokenFailure as unknown as MostQiFailure;
	if (code && TIMEOUT_CODES.has(code)) {
		return {
			message: `MostQi did not answer within ${timeoutMs} ms`,
			description:
				'MostQi may be slow or overloaded. Run the workflow again later, or raise the "Timeout" option.',
			errorCode: 'TIMEOUT',
		};
	}
	return {
		message: `Could not reach MostQi${code ? ` (${code})` : ''}`,
		description:
			'Check the Base URL in the MostQi credential and that this n8n server can reach it (firewall, proxy, DNS).',
		errorCode: 'NETWORK',
	};
}

function successFrom(body: unknown): CompareOutcome {
	const envelope = readEnvelope(body);
	const result = envelope && isRecord(envelope.result) ? envelope.result : undefined;
	const similarity = result?.similarity;
	if (!envelope || typeof similarity !== 'number' || !(similarity >= 0 && similarity <= 1)) {
		return {
			ok: false,
			failure: {
				message:
					similarity === undefined
						? 'MostQi answered without a similarity'
						: `MostQi answered with a similarity that is not a number between 0 and 1 (${JSON.stringify(similarity)})`,
				description:
					'The answer did not have the documented shape, so no result is made up. Run the workflow again; if it persists, contact MostQi support with the request ID.',
				errorCode: 'INVALID_RESPONSE',
				requestId: typeof envelope?.requestId === 'string' ? envelope.requestId : undefined,
			},
		};
	}
	return {
		ok: true,
		result: {
			similarity,
			requestId: typeof envelope.requestId === 'string' ? envelope.requestId : '',
			elapsedMilliseconds:
				typeof envelope.elapsedMilliseconds === 'number' ? envelope.elapsedMilliseconds : 0,
			response: envelope as Record<string, unknown>,
		},
	};
}

/**
 * One face comparison: the credential obtains a fresh token for this very request (see
 * MostQiApi.credentials.ts), so every call, and every retry, spends its own token.
 */
export async function compareFaces(ctx: IExecuteFunctions, request: CompareRequest): Promise<CompareOutcome> {
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: FACE_COMPARE_PATH,
		headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
		body: request.body,
		timeout: request.timeoutMs,
		returnFullResponse: true,
		// Status errors are read here, not thrown: n8n would otherwise replay a 401 with the same
		// (already spent) token.
		ignoreHttpStatusErrors: true,
	};
	let answer: { statusCode: number; body: unknown };
	try {
		answer = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'mostQiApi', options)) as {
			statusCode: number;
			body: unknown;
		};
	} catch (error) {
		return { ok: false, failure: networkFailure(error, request.timeoutMs) };
	}
	if (!isSuccess(answer.statusCode)) return { ok: false, failure: failureFromAnswer(answer) };
	return successFrom(answer.body);
}
