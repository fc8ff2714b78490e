import { sleep } from 'n8n-workflow';

import { ERROR_CODES } from '../errorCodes';
import type { MostQiFailure } from '../failure';

/**
 * When and how long to wait before trying a failed MostQi call again. Every attempt goes back
 * through the credential, so each one spends its own fresh token (MostQi's tokens work once).
 */

export interface RetryPolicy {
	/** Attempts after the first one. */
	retries: number;
	/** The first backoff; it doubles with every retry. */
	baseDelayMs: number;
}

/** No single backoff grows beyond this. */
export const MAX_BACKOFF_MS = 30_000;
/** A longer Retry-After is not waited out: the item fails and says how long MostQi asked for. */
export const MAX_RETRY_AFTER_MS = 60_000;

export type Attempt<T> = { ok: true; result: T } | { ok: false; failure: MostQiFailure };

/** Only failures that another attempt may cure: no answer, a busy MostQi, a server fault. */
export function isRetryable(failure: MostQiFailure): boolean {
	if (failure.errorCode === ERROR_CODES.NETWORK || failure.errorCode === ERROR_CODES.TIMEOUT)
		return true;
	const status = failure.httpCode;
	return status !== undefined && (status === 429 || status >= 500);
}

/**
 * Exponential backoff with "equal jitter": half of the window is fixed, half random, so that
 * items failing together (as when MostQi's firewall pushes back) do not come back together.
 */
export function backoffMs(
	retry: number,
	baseDelayMs: number,
	random: () => number = Math.random,
): number {
	const window = Math.min(MAX_BACKOFF_MS, baseDelayMs * 2 ** retry);
	return window / 2 + (random() * window) / 2;
}

/** The wait before retry number `retry` (0-based), or undefined when waiting makes no sense. */
export function waitBefore(
	retry: number,
	failure: MostQiFailure,
	policy: RetryPolicy,
	random: () => number = Math.random,
): number | undefined {
	if (failure.retryAfterMs === undefined) return backoffMs(retry, policy.baseDelayMs, random);
	if (failure.retryAfterMs > MAX_RETRY_AFTER_MS) return undefined;
	// MostQi's wait is a floor; a little jitter on top keeps the retries from arriving at once.
	return failure.retryAfterMs * (1 + random() / 10);
}

/** The execution was stopped: during a request (n8n aborts it) or during a wait. */
export const CANCELLED: MostQiFailure = {
	message: 'The request to MostQi was cancelled',
	description: 'The execution was stopped while the comparison was under way.',
	errorCode: ERROR_CODES.CANCELLED,
};

/** How often a wait looks at the cancel signal. */
const WAKE_MS = 100;

/**
 * Waits `ms`, or less when the execution is cancelled; returns whether it waited in full.
 * It sleeps in short slices rather than listening to the signal: n8n-workflow's abortable sleep
 * is gone from newer n8n (2.41 has only `sleep`), and slices leave no listener or long timer
 * behind.
 */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
	const end = Date.now() + ms;
	for (let left = ms; left > 0; left = end - Date.now()) {
		if (signal?.aborted) return false;
		await sleep(Math.min(left, WAKE_MS));
	}
	return !signal?.aborted;
}

function gaveUp(failure: MostQiFailure, attempts: number): MostQiFailure {
	const waited =
		failure.retryAfterMs !== undefined && failure.retryAfterMs > MAX_RETRY_AFTER_MS
			? `; MostQi asked to wait ${Math.ceil(failure.retryAfterMs / 1000)} s before trying again`
			: '';
	return {
		...failure,
		message: `${failure.message}${attempts > 1 ? `; tried ${attempts} times` : ''}${waited}`,
	};
}

/**
 * Runs `attempt` until it succeeds, fails in a way a retry cannot cure, or the retries are
 * spent. Cancelling the execution ends the wait at once. `stopRetries` ends the retries without
 * cancelling (the run ended for another item): the last failure is then the outcome.
 */
export async function withRetries<T>(
	attempt: () => Promise<Attempt<T>>,
	policy: RetryPolicy,
	signal?: AbortSignal,
	stopRetries?: AbortSignal,
): Promise<Attempt<T> & { attempts: number }> {
	const ended =
		signal && stopRetries ? AbortSignal.any([signal, stopRetries]) : (signal ?? stopRetries);
	for (let attempts = 1; ; attempts++) {
		if (signal?.aborted) return { ok: false, failure: CANCELLED, attempts: attempts - 1 };
		const outcome = await attempt();
		if (outcome.ok) return { ...outcome, attempts };
		const { failure } = outcome;
		const retry = attempts - 1;
		const wait =
			retry < policy.retries && isRetryable(failure)
				? waitBefore(retry, failure, policy)
				: undefined;
		if (wait === undefined || stopRetries?.aborted)
			return { ok: false, failure: gaveUp(failure, attempts), attempts };
		const waited = await pause(wait, ended);
		if (signal?.aborted) return { ok: false, failure: CANCELLED, attempts };
		if (!waited) return { ok: false, failure: gaveUp(failure, attempts), attempts };
	}
}
