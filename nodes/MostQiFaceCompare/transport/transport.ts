import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { MostQiAnswer, MostQiFailure } from '../../../lib/mostqi/envelope';
import { tokenFailureOf } from '../../../lib/mostqi/token';
import { withDeadline } from '../../../lib/mostqi/deadline';
import { FACE_COMPARE_ROUTE } from '../../../lib/mostqi/routes';
import type { Attempt, RetryPolicy } from '../../../lib/mostqi/retry';
import { CANCELLED, withRetries } from '../../../lib/mostqi/retry';
import {
	describeNetworkCode,
	failureFromAnswer,
	isRecord,
	isSuccess,
	readEnvelope,
	reportedErrorCode,
} from '../../../lib/mostqi/envelope';

/** The only place that talks HTTP to MostQi (the token route is the credential's). */

export interface CompareResult {
	similarity: number;
	/** null when MostQi's answer had none: never made up. */
	requestId: string | null;
	elapsedMilliseconds: number | null;
	/** MostQi's whole answer, for the "Include Full Response" option. */
	response: Record<string, unknown>;
}

export type CompareOutcome = Attempt<CompareResult> & { attempts: number };

export interface CompareRequest {
	body: Buffer;
	/** Per attempt, the token request included. */
	timeoutMs: number;
	retry: RetryPolicy;
	/** The execution's cancel signal: it also ends a wait between attempts. */
	signal?: AbortSignal;
	/**
	 * Another item ended the run (On Error "Stop"): no further try starts. A try in flight
	 * finishes, since MostQi may already be comparing (and billing) it.
	 */
	stopRetries?: AbortSignal;
}

function timedOut(timeoutMs: number): MostQiFailure {
	return {
		message: `MostQi did not answer within ${timeoutMs} ms`,
		description:
			'MostQi may be slow or overloaded. Run the workflow again later, or raise the "Timeout" option.',
		errorCode: 'TIMEOUT',
	};
}

/**
 * What went wrong when no answer came back. n8n wraps the HTTP client's error in a NodeApiError
 * that keeps only its messages, so the cause is read from them.
 */
function networkFailure(error: unknown, timeoutMs: number): MostQiFailure {
	const fromToken = tokenFailureOf(error);
	if (fromToken) return fromToken;
	const record = isRecord(error) ? error : {};
	const texts = [record.message, ...(Array.isArray(record.messages) ? record.messages : [])];
	const text = texts.filter((t) => typeof t === 'string').join(' | ');
	if (/timeout of \d+ms exceeded|ETIMEDOUT|ESOCKETTIMEDOUT|timed out/i.test(text))
		return timedOut(timeoutMs);
	if (/\bcancel(l)?ed\b|ERR_CANCELED|AbortError/i.test(text)) {
		return CANCELLED;
	}
	// Node says "socket hang up" (or "aborted", mid-body) when the server drops the connection.
	const code =
		/\b(E[A-Z_]{3,})\b/.exec(text)?.[1] ??
		(/socket hang up|\baborted\b/i.test(text) ? 'ECONNRESET' : undefined);
	return {
		message: `Could not reach MostQi (${describeNetworkCode(code)})`,
		description:
			'Check the Base URL in the MostQi credential and that this n8n server can reach it (firewall, proxy, DNS).',
		errorCode: 'NETWORK',
	};
}

function successFrom(answer: MostQiAnswer): Attempt<CompareResult> {
	// a 2xx that names an error in status.errors reports that error, not a result
	if (reportedErrorCode(answer.body) !== undefined)
		return { ok: false, failure: failureFromAnswer(answer) };
	const { statusCode, body } = answer;
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
				httpCode: statusCode,
				requestId: typeof envelope?.requestId === 'string' ? envelope.requestId : undefined,
			},
		};
	}
	return {
		ok: true,
		result: {
			similarity,
			requestId:
				typeof envelope.requestId === 'string' && envelope.requestId !== ''
					? envelope.requestId
					: null,
			elapsedMilliseconds:
				typeof envelope.elapsedMilliseconds === 'number' &&
				Number.isFinite(envelope.elapsedMilliseconds)
					? envelope.elapsedMilliseconds
					: null,
			response: envelope as Record<string, unknown>,
		},
	};
}

const STOPPED = Symbol('stopped');
const TIMED_OUT = Symbol('timed out');

/** How often the wait for an answer looks at the clock (a slice of n8n-workflow's sleep). */
const DEADLINE_SLICE_MS = 250;

/**
 * `work`, or STOPPED as soon as the execution is cancelled, or TIMED_OUT once `timeoutMs` have
 * passed since the attempt began. The HTTP client's own timeout counts only the comparison, from
 * when it is sent; the credential's token request runs before it, in n8n's preAuthentication
 * hook, which gets neither the node's Timeout nor the cancel signal. So the node's Timeout bounds
 * the whole attempt here, token request included, and a request given up is left to finish (or
 * time out) on its own, unawaited. No timers of its own (n8n's rules for community nodes): the
 * deadline sleeps in short slices of n8n-workflow's sleep and ends with the work.
 */
async function settle<T>(
	work: Promise<T>,
	signal: AbortSignal | undefined,
	timeoutMs: number,
): Promise<T | typeof STOPPED | typeof TIMED_OUT> {
	work.catch(() => undefined); // settles unobserved when the race is lost
	let settled = false;
	const end = Date.now() + timeoutMs;
	const deadline = (async (): Promise<typeof TIMED_OUT> => {
		for (let left = end - Date.now(); left > 0 && !settled; left = end - Date.now()) {
			await sleep(Math.min(left, DEADLINE_SLICE_MS));
		}
		return TIMED_OUT;
	})();
	let onAbort = () => {};
	const stopped = new Promise<typeof STOPPED>((resolve) => {
		onAbort = () => resolve(STOPPED);
		if (signal?.aborted) onAbort();
		else signal?.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([work, stopped, deadline]);
	} finally {
		settled = true;
		signal?.removeEventListener('abort', onAbort);
	}
}

/**
 * One face comparison, retried as the policy allows (see retry.ts). The credential obtains a
 * fresh token for every single request (see MostQiApi.credentials.ts), so each attempt spends
 * its own token.
 */
export async function compareFaces(
	ctx: IExecuteFunctions,
	request: CompareRequest,
): Promise<CompareOutcome> {
	return await withRetries(
		async () => await attemptCompare(ctx, request),
		request.retry,
		request.signal,
		request.stopRetries,
	);
}

async function attemptCompare(
	ctx: IExecuteFunctions,
	request: CompareRequest,
): Promise<Attempt<CompareResult>> {
	const options: IHttpRequestOptions = withDeadline(
		{
			method: 'POST',
			url: FACE_COMPARE_ROUTE,
			headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			body: request.body,
			timeout: request.timeoutMs,
			returnFullResponse: true,
			// Status errors are read here, not thrown: n8n would otherwise replay a 401 with the same
			// (already spent) token.
			ignoreHttpStatusErrors: true,
		},
		request.timeoutMs,
	);
	let answer: MostQiAnswer | typeof STOPPED | typeof TIMED_OUT;
	try {
		const sent = ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			'mostQiApi',
			options,
		) as Promise<MostQiAnswer>;
		answer = await settle(sent, request.signal, request.timeoutMs);
	} catch (error) {
		return { ok: false, failure: networkFailure(error, request.timeoutMs) };
	}
	if (answer === STOPPED) return { ok: false, failure: CANCELLED };
	if (answer === TIMED_OUT) return { ok: false, failure: timedOut(request.timeoutMs) };
	if (!isSuccess(answer.statusCode)) return { ok: false, failure: failureFromAnswer(answer) };
	return successFrom(answer);
}
