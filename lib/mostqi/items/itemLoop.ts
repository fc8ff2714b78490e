import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Problem } from '../options/numberOption';
import { CANCELLED } from '../transport/retry';
import { apiError, inputError } from './itemErrors';
import type { ItemError } from './itemOutput';
import { errorOutputItem, isErrorOutputItem } from './itemOutput';
import { runPool } from './pool';

/** What every item's work sees of the run. */
export interface RunSignals {
	/** The execution's cancel signal. */
	signal?: AbortSignal;
	/** Aborted when a failure ends the run ("Stop"): the items in flight try no more. */
	stop: AbortSignal;
}

/** One node's work on its items, for runItems. */
export interface ItemWork {
	/** How many items at once, or why the setting is unusable (then every item fails with it). */
	concurrency: number | Problem;
	/** A reason to run no item at all (every item fails with it; with "Stop", the node). */
	refuseAll?: Problem;
	/**
	 * Reads and checks one item's inputs, sending nothing. With "Stop" it runs for every item
	 * before the first request, so that a bad later item costs nothing.
	 */
	check: (itemIndex: number, run: RunSignals) => Promise<unknown>;
	/** The item's output item, or throws the item's error. */
	run: (itemIndex: number, run: RunSignals) => Promise<INodeExecutionData>;
	/** The item for plain "Continue" (one output), in the node's own columns. */
	errorItem: (itemIndex: number, error: ItemError) => INodeExecutionData;
	/** What was not done to an item the run never started ("compared", "sent"). */
	notDone: string;
}

/**
 * Runs a node's work on every input item, a few at a time, and returns exactly one output item
 * per input item in input order. With "Continue" a failed item becomes an error item in its
 * place (with "Continue (using error output)" one that n8n moves to the error output); with
 * "Stop" no new item starts after a failure and the failure of the lowest item index is thrown.
 * Either way it returns only once every request it started has ended.
 */
export async function runItems(
	ctx: IExecuteFunctions,
	work: ItemWork,
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const continueOnFail = ctx.continueOnFail();
	if (work.refuseAll && !continueOnFail) {
		const { message, description } = work.refuseAll;
		throw new NodeOperationError(ctx.getNode(), message, { description, itemIndex: 0 });
	}
	const results: INodeExecutionData[] = new Array(items.length);
	const failures = new Map<number, Error>();
	const toErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
	const stop = new AbortController();
	const run: RunSignals = { signal: ctx.getExecutionCancelSignal?.(), stop: stop.signal };
	const failed = (itemIndex: number, error: Error) => {
		if (!continueOnFail) {
			failures.set(itemIndex, error);
			stop.abort();
			return;
		}
		results[itemIndex] = toErrorOutput
			? errorOutputItem(items[itemIndex], itemIndex, error)
			: work.errorItem(itemIndex, error);
	};
	const firstFailure = () => failures.get(Math.min(...failures.keys()));

	const refused =
		work.refuseAll ?? (typeof work.concurrency === 'number' ? undefined : work.concurrency);
	if (refused) {
		items.forEach((_item, i) =>
			failed(i, inputError(ctx, i, refused.message, refused.description)),
		);
		if (failures.size > 0) throw firstFailure();
		return results;
	}
	// With "Stop" a bad input anywhere fails the node: found first, it costs no request (and,
	// under Retry On Fail, none of the items before it is paid again with every try).
	if (!continueOnFail) {
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) await work.check(itemIndex, run);
	}
	await runPool(
		items.length,
		work.concurrency as number,
		async (itemIndex) => {
			try {
				results[itemIndex] = await work.run(itemIndex, run);
			} catch (error) {
				failed(itemIndex, error as Error);
			}
		},
		() => failures.size === 0 && !run.signal?.aborted,
	);
	if (failures.size > 0) throw firstFailure();
	// stopped: the items never started still get their item, none is lost
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		if (!results[itemIndex]) failed(itemIndex, notStarted(ctx, itemIndex, work.notDone));
	}
	if (failures.size > 0) throw firstFailure();
	return results;
}

/** An item the run never started because the execution was stopped first. */
function notStarted(ctx: IExecuteFunctions, itemIndex: number, notDone: string): Error {
	const message = `${CANCELLED.message} before this item was ${notDone}`;
	return apiError(ctx, itemIndex, { ...CANCELLED, message }, 0);
}

/**
 * The one main output. With "Continue (using error output)", the items for n8n's error output
 * come after the successes: n8n moves them there all the same (order kept on both outputs), but
 * n8n 1.x to 2.41 first look at the first output's first item to decide whether the node failed
 * under Retry On Fail, and would run the whole node again, paying every success again, when
 * that item is a failure.
 */
export function successesFirst(
	ctx: IExecuteFunctions,
	results: INodeExecutionData[],
): INodeExecutionData[] {
	if (ctx.getNode().onError !== 'continueErrorOutput') return results;
	return [
		...results.filter((item) => !isErrorOutputItem(item)),
		...results.filter(isErrorOutputItem),
	];
}
