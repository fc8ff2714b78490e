import type { MostQiFailure } from '../../../../../lib/mostqi/failure';
import type { Attempt } from '../../../../../lib/mostqi/transport/retry';
import {
	MAX_BACKOFF_MS,
	MAX_RETRY_AFTER_MS,
	backoffMs,
	isRetryable,
	waitBefore,
	withRetries,
} from '../../../../../lib/mostqi/transport/retry';

const failure = (errorCode: string, httpCode?: number, retryAfterMs?: number): MostQiFailure => ({
	message: `failed with ${errorCode}`,
	description: 'd',
	errorCode,
	httpCode,
	retryAfterMs,
});

describe('isRetryable', () => {
	test.each([
		['NETWORK', undefined, true],
		['TIMEOUT', undefined, true],
		['E100', 500, true],
		['SERVER_ERROR', 502, true],
		['SERVER_ERROR', 503, true],
		['HTTP_504', 504, true],
		['E429', 429, true],
		['RATE_LIMITED', 429, true],
		['R101', 400, false],
		['R117', 401, false],
		['HTTP_403', 403, false],
		['HTTP_404', 404, false],
		['INVALID_RESPONSE', 200, false],
		['INVALID_RESPONSE', undefined, false],
		['CANCELLED', undefined, false],
		['NO_CLIENT_KEY', undefined, false],
	])('%s (HTTP %s) → %s', (code, http, expected) => {
		expect(isRetryable(failure(code, http))).toBe(expected);
	});
});

describe('backoff', () => {
	test('doubles per retry, with jitter in the upper half of the window', () => {
		expect(backoffMs(0, 1000, () => 0)).toBe(500);
		expect(backoffMs(0, 1000, () => 0.999999)).toBeCloseTo(1000, 0);
		expect(backoffMs(3, 1000, () => 0)).toBe(4000);
		expect(backoffMs(3, 1000, () => 1)).toBe(8000);
	});

	test('never beyond the cap', () => {
		expect(backoffMs(20, 1000, () => 1)).toBe(MAX_BACKOFF_MS);
	});

	test('Retry-After is a floor, with up to 10% on top; too long a wait is not waited', () => {
		const policy = { retries: 3, baseDelayMs: 1000 };
		expect(waitBefore(0, failure('E429', 429, 2000), policy, () => 0)).toBe(2000);
		expect(waitBefore(0, failure('E429', 429, 2000), policy, () => 1)).toBe(2200);
		expect(waitBefore(2, failure('E429', 429, 0), policy, () => 1)).toBe(0);
		expect(waitBefore(0, failure('E429', 429, MAX_RETRY_AFTER_MS + 1), policy)).toBeUndefined();
	});
});

describe('withRetries', () => {
	const policy = { retries: 3, baseDelayMs: 1 };
	const script = (...outcomes: Array<Attempt<string>>) => {
		let calls = 0;
		const attempt = jest.fn(async () => outcomes[Math.min(calls++, outcomes.length - 1)]);
		return attempt;
	};
	const fail = (code: string, http?: number, retryAfterMs?: number): Attempt<string> => ({
		ok: false,
		failure: failure(code, http, retryAfterMs),
	});

	test('retries a retryable failure until it succeeds', async () => {
		const attempt = script(fail('E100', 500), fail('NETWORK'), { ok: true, result: 'done' });
		await expect(withRetries(attempt, policy)).resolves.toEqual({
			ok: true,
			result: 'done',
			attempts: 3,
		});
		expect(attempt).toHaveBeenCalledTimes(3);
	});

	test('stops after the configured retries and says how many tries were made', async () => {
		const attempt = script(fail('SERVER_ERROR', 503));
		const outcome = await withRetries(attempt, policy);
		expect(attempt).toHaveBeenCalledTimes(4);
		expect(outcome).toMatchObject({ ok: false, attempts: 4 });
		expect(!outcome.ok && outcome.failure.message).toBe('failed with SERVER_ERROR; tried 4 times');
	});

	test('never retries a 4xx', async () => {
		const attempt = script(fail('R101', 400), { ok: true, result: 'never' });
		const outcome = await withRetries(attempt, policy);
		expect(attempt).toHaveBeenCalledTimes(1);
		expect(!outcome.ok && outcome.failure.message).toBe('failed with R101');
	});

	test('0 retries: one attempt', async () => {
		const attempt = script(fail('TIMEOUT'));
		await withRetries(attempt, { retries: 0, baseDelayMs: 1 });
		expect(attempt).toHaveBeenCalledTimes(1);
	});

	test('a Retry-After beyond the limit ends the item at once, saying what MostQi asked', async () => {
		const attempt = script(fail('E429', 429, 120_000));
		const outcome = await withRetries(attempt, policy);
		expect(attempt).toHaveBeenCalledTimes(1);
		expect(!outcome.ok && outcome.failure.message).toBe(
			'failed with E429; MostQi asked to wait 120 s before trying again',
		);
	});

	test('waits as long as Retry-After says', async () => {
		const attempt = script(fail('E429', 429, 300), { ok: true, result: 'ok' });
		const started = Date.now();
		await withRetries(attempt, policy);
		expect(Date.now() - started).toBeGreaterThanOrEqual(295);
	});

	test('cancelling ends a wait at once, and adds no listener to the execution signal', async () => {
		const controller = new AbortController();
		const added = jest.spyOn(controller.signal, 'addEventListener');
		const attempt = script(fail('E429', 429, 30_000));
		const started = Date.now();
		setTimeout(() => controller.abort(), 50);
		const outcome = await withRetries(attempt, policy, controller.signal);
		expect(Date.now() - started).toBeLessThan(1000);
		expect(outcome).toMatchObject({ ok: false, attempts: 1, failure: { errorCode: 'CANCELLED' } });
		expect(added).not.toHaveBeenCalled();
	});

	test('no attempt starts once the execution is cancelled', async () => {
		const controller = new AbortController();
		controller.abort();
		const attempt = script(fail('E100', 500));
		const outcome = await withRetries(attempt, policy, controller.signal);
		expect(attempt).not.toHaveBeenCalled();
		expect(outcome).toMatchObject({ ok: false, attempts: 0, failure: { errorCode: 'CANCELLED' } });
	});
});

describe('withRetries when the run ends for another item (stopRetries)', () => {
	const busy = failure('SERVER_ERROR', 503);

	test('a wait for a retry ends at once, and the outcome is the last failure, not a cancellation', async () => {
		const stop = new AbortController();
		let calls = 0;
		const attempt = async (): Promise<Attempt<string>> => {
			calls++;
			setTimeout(() => stop.abort(), 20);
			return { ok: false, failure: busy };
		};
		const started = Date.now();
		const outcome = await withRetries(
			attempt,
			{ retries: 3, baseDelayMs: 5000 },
			undefined,
			stop.signal,
		);
		expect(Date.now() - started).toBeLessThan(1000);
		expect(calls).toBe(1);
		expect(outcome).toMatchObject({
			ok: false,
			attempts: 1,
			failure: { errorCode: 'SERVER_ERROR', httpCode: 503 },
		});
	});

	test('already ended: no retry starts after the try in flight', async () => {
		const stop = new AbortController();
		stop.abort();
		const attempt = jest.fn(async (): Promise<Attempt<string>> => ({ ok: false, failure: busy }));
		const outcome = await withRetries(
			attempt,
			{ retries: 3, baseDelayMs: 1 },
			undefined,
			stop.signal,
		);
		expect(attempt).toHaveBeenCalledTimes(1);
		expect(outcome).toMatchObject({
			ok: false,
			attempts: 1,
			failure: { errorCode: 'SERVER_ERROR' },
		});
	});

	test('a cancelled execution is still a cancellation', async () => {
		const stop = new AbortController();
		const cancel = new AbortController();
		const attempt = async (): Promise<Attempt<string>> => {
			setTimeout(() => cancel.abort(), 20);
			return { ok: false, failure: busy };
		};
		const outcome = await withRetries(
			attempt,
			{ retries: 3, baseDelayMs: 5000 },
			cancel.signal,
			stop.signal,
		);
		expect(outcome).toMatchObject({ ok: false, failure: { errorCode: 'CANCELLED' } });
	});
});
