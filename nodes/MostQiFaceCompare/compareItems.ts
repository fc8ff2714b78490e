import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, DEFAULT_THRESHOLD, DEFAULT_TIMEOUT_MS } from './description';
import { apiError, inputError } from './errors';
import { readFace, sameReference } from './faceInput';
import type { OutputOptions } from './output';
import { errorItem, successItem } from './output';
import { runPool } from './pool';
import { buildCompareBody } from './transport/requestBody';
import { compareFaces } from './transport/transport';

interface ItemSettings extends OutputOptions {
	threshold: number;
	passwords: { A?: string; B?: string };
}

function readSettings(ctx: IExecuteFunctions, itemIndex: number): ItemSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const threshold: unknown = options.threshold ?? DEFAULT_THRESHOLD;
	if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			`"Match Threshold" must be a number from 0 to 1, not ${JSON.stringify(threshold)}`,
			'Set "Match Threshold" under Options to a similarity such as 0.7; if it is an expression, make it return a number.',
		);
	}
	const password = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
	return {
		threshold,
		passwords: { A: password(options.faceAPassword), B: password(options.faceBPassword) },
		keepInputFields: options.keepInputFields === true,
		includeFullResponse: options.includeFullResponse === true,
	};
}

/** A node-wide whole-number option, read once (from the first item). */
function wholeNumberOption(ctx: IExecuteFunctions, name: string, fallback: number, min: number): number {
	const value: unknown = ctx.getNodeParameter(`options.${name}`, 0, fallback);
	return typeof value === 'number' && Number.isFinite(value) ? Math.max(min, Math.floor(value)) : fallback;
}

async function compareItem(ctx: IExecuteFunctions, itemIndex: number, timeoutMs: number) {
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
	const body = buildCompareBody(faceA, faceB, settings.passwords);
	const outcome = await compareFaces(ctx, { body, timeoutMs });
	if (!outcome.ok) throw apiError(ctx.getNode(), itemIndex, outcome.failure);
	return successItem(ctx.getInputData()[itemIndex], itemIndex, outcome.result, settings.threshold, settings);
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
	const cancelSignal = ctx.getExecutionCancelSignal?.();
	const concurrency = wholeNumberOption(ctx, 'concurrency', DEFAULT_CONCURRENCY, 1);
	const timeoutMs = wholeNumberOption(ctx, 'timeout', DEFAULT_TIMEOUT_MS, 1);

	await runPool(
		items.length,
		concurrency,
		async (itemIndex) => {
			try {
				results[itemIndex] = await compareItem(ctx, itemIndex, timeoutMs);
			} catch (error) {
				if (!continueOnFail) {
					failures.set(itemIndex, error as Error);
					return;
				}
				const keepInputFields = (ctx.getNodeParameter('options.keepInputFields', itemIndex, false) as boolean) === true;
				results[itemIndex] = errorItem(items[itemIndex], itemIndex, error as Error, {
					keepInputFields,
					includeFullResponse: false,
				});
			}
		},
		() => failures.size === 0 && !cancelSignal?.aborted,
	);

	if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
	return results;
}
