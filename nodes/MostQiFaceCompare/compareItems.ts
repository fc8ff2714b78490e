import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	DEFAULT_CONCURRENCY,
	DEFAULT_RETRIES,
	DEFAULT_RETRY_DELAY_MS,
	DEFAULT_THRESHOLD,
	DEFAULT_TIMEOUT_MS,
} from './description';
import { apiError, inputError } from './errors';
import { readFace, sameReference } from './faceInput';
import type { OutputOptions } from './output';
import { errorItem, successItem } from './output';
import { runPool } from './pool';
import { BodyPool, buildCompareBody } from '../../lib/mostqi/requestBody';
import type { RetryPolicy } from '../../lib/mostqi/retry';
import { compareFaces } from './transport/transport';

interface ItemSettings extends OutputOptions {
	threshold: number;
	passwords: { A?: string; B?: string };
}

/** Settings of the whole run, read once (from the first item). */
interface RunSettings {
	concurrency: number;
	timeoutMs: number;
	retry: RetryPolicy;
	signal?: AbortSignal;
	bodies: BodyPool;
}

function itemOptions(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	return ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
}

/** How an item's output is shaped; cannot throw, so error items can use it too. */
function outputOptions(options: IDataObject): OutputOptions {
	return {
		keepInputFields: options.keepInputFields === true,
		includeFullResponse: options.includeFullResponse === true,
	};
}

function readSettings(ctx: IExecuteFunctions, itemIndex: number): ItemSettings {
	const options = itemOptions(ctx, itemIndex);
	const threshold: unknown = options.threshold ?? DEFAULT_THRESHOLD;
	if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			`"Match Threshold" must be a number from 0 to 1, not ${typeof threshold === 'number' ? String(threshold) : JSON.stringify(threshold)}`,
			'Set "Match Threshold" under Options to a similarity such as 0.7; if it is an expression, make it return a number.',
		);
	}
	const password = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
	return {
		threshold,
		passwords: { A: password(options.faceAPassword), B: password(options.faceBPassword) },
		...outputOptions(options),
	};
}

function readRunSettings(ctx: IExecuteFunctions): RunSettings {
	const options = ctx.getInputData().length > 0 ? itemOptions(ctx, 0) : {};
	const whole = (name: string, fallback: number, min: number, max: number) => {
		const value = options[name] ?? fallback;
		return typeof value === 'number' && Number.isFinite(value)
			? Math.min(max, Math.max(min, Math.floor(value)))
			: fallback;
	};
	const concurrency = whole('concurrency', DEFAULT_CONCURRENCY, 1, 32);
	return {
		concurrency,
		timeoutMs: whole('timeout', DEFAULT_TIMEOUT_MS, 1, 10 * 60_000),
		retry: {
			retries: whole('retries', DEFAULT_RETRIES, 0, 10),
			baseDelayMs: whole('retryDelay', DEFAULT_RETRY_DELAY_MS, 0, 60_000),
		},
		signal: ctx.getExecutionCancelSignal?.(),
		bodies: new BodyPool(concurrency),
	};
}

async function compareItem(ctx: IExecuteFunctions, itemIndex: number, run: RunSettings) {
	const settings = readSettings(ctx, itemIndex);
	const same = sameReference(ctx, itemIndex);
	if (same) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			`Face A and Face B both come from ${same}, so the node would compare a face with itself`,
			'Point Face B at the other photo (for example the document photo) so that two different files are compared.',
		);
	}
	const faceA = await readFace(ctx, itemIndex, 'A');
	const faceB = await readFace(ctx, itemIndex, 'B');
	const body = await buildCompareBody(faceA, faceB, settings.passwords, run.bodies).catch((error: Error) => {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			`A face file could not be read: ${error.message}`,
			'The file n8n stored for this item was removed or changed during the run. Run the workflow again.',
		);
	});
	const outcome = await compareFaces(ctx, {
		body,
		timeoutMs: run.timeoutMs,
		retry: run.retry,
		signal: run.signal,
	});
	if (!outcome.ok) throw apiError(ctx.getNode(), itemIndex, outcome.failure, outcome.attempts);
	run.bodies.give(body);
	const input = ctx.getInputData()[itemIndex];
	return successItem(input, itemIndex, outcome.result, settings.threshold, outcome.attempts, settings);
}

/**
 * Compares every input item, a few at a time, and returns exactly one output item per input
 * item in input order. With "Continue On Fail" a failed item becomes an error item; without
 * it, no new item starts after a failure and the failure of the lowest item index is thrown.
 */
export async function compareAllItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const results: INodeExecutionData[] = new Array(items.length);
	const failures = new Map<number, Error>();
	const continueOnFail = ctx.continueOnFail();
	const run = readRunSettings(ctx);

	await runPool(
		items.length,
		run.concurrency,
		async (itemIndex) => {
			try {
				results[itemIndex] = await compareItem(ctx, itemIndex, run);
			} catch (error) {
				if (!continueOnFail) {
					failures.set(itemIndex, error as Error);
					return;
				}
				const { keepInputFields } = outputOptions(itemOptions(ctx, itemIndex));
				results[itemIndex] = errorItem(items[itemIndex], itemIndex, error as Error, {
					keepInputFields,
					includeFullResponse: false,
				});
			}
		},
		() => failures.size === 0 && !run.signal?.aborted,
	);

	if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
	return results;
}
