import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { inBuilderWords } from './builderWords';
import { apiError, inputError } from './errors';
import { readFace, sameReference } from './faceInput';
import { errorItem, errorOutputItem, successItem } from './output';
import { runPool } from './pool';
import { outputOptionsOf, readConcurrency, readItemSettings, thresholdOf } from './settings';
import { BodyPool, buildCompareBody } from '../../lib/mostqi/requestBody';
import { compareFaces } from './transport/transport';

/** What every item of the run shares. */
interface RunSettings {
	/** How many comparisons at once, or why the option is unusable (then every item fails). */
	concurrency: number | { message: string; description: string };
	signal?: AbortSignal;
	bodies: BodyPool;
}

function readRunSettings(ctx: IExecuteFunctions): RunSettings {
	const concurrency = readConcurrency(ctx);
	return {
		concurrency,
		signal: ctx.getExecutionCancelSignal?.(),
		bodies: new BodyPool(typeof concurrency === 'number' ? concurrency : 1),
	};
}

async function compareItem(ctx: IExecuteFunctions, itemIndex: number, run: RunSettings) {
	if (typeof run.concurrency !== 'number') {
		throw inputError(ctx, itemIndex, run.concurrency.message, run.concurrency.description);
	}
	const settings = readItemSettings(ctx, itemIndex);
	const faceA = await readFace(ctx, itemIndex, 'A');
	const faceB = await readFace(ctx, itemIndex, 'B');
	const same = sameReference(ctx, itemIndex);
	if (same) {
		throw inputError(
			ctx,
			itemIndex,
			`Face A and Face B both come from ${same}, so the node would compare a face with itself`,
			'Point Face B at the other photo (for example the document photo) so that two different files are compared.',
		);
	}
	const body = await buildCompareBody(faceA, faceB, settings.passwords, run.bodies).catch((error: Error) => {
		throw inputError(
			ctx,
			itemIndex,
			// without the system code: n8n replaces a message that holds one (ENOENT, …) with its own
			// generic text, which would drop the item's name
			`A face file could not be read: ${error.message.replace(/\bE[A-Z]{3,}\b:?\s*/g, '')}`,
			'The file n8n stored for this item was removed or changed during the run. Run the workflow again.',
		);
	});
	const outcome = await compareFaces(ctx, {
		body,
		timeoutMs: settings.timeoutMs,
		retry: settings.retry,
		signal: run.signal,
	});
	if (!outcome.ok) throw apiError(ctx, itemIndex, inBuilderWords(outcome.failure, { A: faceA, B: faceB }), outcome.attempts);
	run.bodies.give(body);
	const input = ctx.getInputData()[itemIndex];
	return successItem(input, itemIndex, outcome.result, settings.threshold, outcome.attempts, settings);
}

/**
 * Compares every input item, a few at a time, and returns exactly one output item per input
 * item in input order. With "Continue" a failed item becomes an error item in its place (with
 * "Continue (using error output)" one that n8n moves to the error output); with "Stop" no new
 * item starts after a failure and the failure of the lowest item index is thrown. Either way
 * it returns only once every comparison it started has ended.
 */
export async function compareAllItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const results: INodeExecutionData[] = new Array(items.length);
	const failures = new Map<number, Error>();
	const continueOnFail = ctx.continueOnFail();
	const toErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
	const run = readRunSettings(ctx);

	await runPool(
		items.length,
		typeof run.concurrency === 'number' ? run.concurrency : 1,
		async (itemIndex) => {
			try {
				results[itemIndex] = await compareItem(ctx, itemIndex, run);
			} catch (error) {
				if (!continueOnFail) {
					failures.set(itemIndex, error as Error);
					return;
				}
				results[itemIndex] = toErrorOutput
					? errorOutputItem(items[itemIndex], itemIndex, error as Error)
					: errorItem(items[itemIndex], itemIndex, error as Error, outputOptionsOf(ctx, itemIndex), thresholdOf(ctx, itemIndex));
			}
		},
		() => failures.size === 0 && !run.signal?.aborted,
	);

	if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
	return results;
}
