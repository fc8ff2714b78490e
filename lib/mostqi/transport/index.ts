import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Callback } from './callback';
import { withCallback } from './callback';
import { withDeadline } from './deadline';
import type { MostQiAnswer } from './envelope';
import { failureFromAnswer, isSuccess, reportedErrorCode } from './envelope';
import { networkFailure, timedOut } from './network';
import type { Attempt, RetryPolicy } from './retry';
import { CANCELLED, withRetries } from './retry';

/**
 * The only place that sends a node's request to MostQi (the token route is the credential's):
 * one route, one JSON body, tried as the retry policy allows, each try bounded by the node's
 * Timeout and with a fresh token (MostQi's tokens work once). Each node reads its own answer.
 */

export interface MostQiRequest {
	/** A route relative to the credential's Base URL, e.g. /liveness/detect. */
	route: string;
	/** JSON: a prepared buffer (large files, see files/jsonBody.ts) or an object. */
	body: Buffer | IDataObject;
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
	/** A URL MostQi will call back (a session's webhook): the credential checks it can. */
	callback?: Callback;
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

/** A node's reading of a 2xx answer: its result, or why the answer is not one. */
export type ReadResult<T> = (answer: MostQiAnswer) => Attempt<T>;

export type MostQiOutcome<T> = Attempt<T> & { attempts: number };

/**
 * One request, retried as the policy allows (see retry.ts). The credential obtains a fresh token
 * for every single request (see MostQiApi.credentials.ts), so each attempt spends its own token.
 * A 2xx answer that names an error in `status.errors` is that error, never a result.
 */
export async function callMostQi<T>(
	ctx: IExecuteFunctions,
	request: MostQiRequest,
	readResult: ReadResult<T>,
): Promise<MostQiOutcome<T>> {
	return await withRetries(
		async () => await attempt(ctx, request, readResult),
		request.retry,
		request.signal,
		request.stopRetries,
	);
}

async function attempt<T>(
	ctx: IExecuteFunctions,
	request: MostQiRequest,
	readResult: ReadResult<T>,
): Promise<Attempt<T>> {
	const options: IHttpRequestOptions = withDeadline(
		withCallback(
			{
				method: 'POST',
				url: request.route,
				headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
				body: request.body,
				timeout: request.timeoutMs,
				returnFullResponse: true,
				// Status errors are read here, not thrown: n8n would otherwise replay a 401 with the same
				// (already spent) token.
				ignoreHttpStatusErrors: true,
			},
			request.callback,
		),
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
	if (!isSuccess(answer.statusCode) || reportedErrorCode(answer.body) !== undefined) {
		return { ok: false, failure: failureFromAnswer(answer) };
	}
	return readResult(answer);
}
