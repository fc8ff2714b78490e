import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { inBuilderWords } from './builderWords';
import { apiError, inputError } from './errors';
import { readFace, sameReference } from './faceInput';
import type { Decision } from './output';
import { errorItem, errorOutputItem, successItem } from './output';
import { runPool } from './pool';
import {
	outputOptionsOf,
	readConcurrency,
	readItemSettings,
	routesByDecision,
	thresholdsOf,
} from './settings';
import { BodyPool, buildCompareBody } from '../../lib/mostqi/requestBody';
import { compareFaces } from './transport/transport';
import { CANCELLED } from '../../lib/mostqi/retry';

/** What every item of the run shares. */
interface RunSettings {
	/** How many comparisons at once, or why the option is unusable (then every item fails). */
	concurrency: number | { message: string; description: string };
	signal?: AbortSignal;
	/** Aborted when a failure ends the run ("Stop"): the items in flight try no more. */
	stop: AbortController;
	bodies: BodyPool;
}

function readRunSettings(ctx: IExecuteFunctions): RunSettings {
	const concurrency = readConcurrency(ctx);
	return {
		concurrency,
		signal: ctx.getExecutionCancelSignal?.(),
		stop: new AbortController(),
		bodies: new BodyPool(typeof concurrency === 'number' ? concurrency : 1),
	};
}

/** One item's inputs, read and checked: a bad input is the item's error, before any request. */
async function prepareItem(ctx: IExecuteFunctions, itemIndex: number, run: RunSettings) {
	if (typeof run.concurrency !== 'number') {
		throw inputError(ctx, itemIndex, run.concurrency.message, run.concurrency.description);
	}
	const settings = readItemSettings(ctx, itemIndex);
	const faceA = await readFace(ctx, itemIndex, 'A');
	const faceB = await readFace(ctx, itemIndex, 'B');
	const same = await sameReference(ctx, itemIndex, faceA, faceB);
	if (same) {
		throw inputError(
			ctx,
			itemIndex,
			`Face A and Face B ${same}, so the node would compare a face with itself`,
			'Point Face B at the other photo (for example the document photo) so that two different files are compared.',
		);
	}
	return { settings, faceA, faceB };
}

async function compareItem(ctx: IExecuteFunctions, itemIndex: number, run: RunSettings) {
	const { settings, faceA, faceB } = await prepareItem(ctx, itemIndex, run);
	const body = await buildCompareBody(faceA, faceB, settings.passwords, run.bodies).catch(
		(error: Error) => {
			throw inputError(
				ctx,
				itemIndex,
				// without the system code: n8n replaces a message that holds one (ENOENT, …) with its own
				// generic text, which would drop the item's name
				`A face file could not be read: ${error.message.replace(/\bE[A-Z]{3,}\b:?\s*/g, '')}`,
				'The file n8n stored for this item was removed or changed during the run. Run the workflow again.',
			);
		},
	);
	const outcome = await compareFaces(ctx, {
		body,
		timeoutMs: settings.timeoutMs,
		retry: settings.retry,
		signal: run.signal,
		stopRetries: run.stop.signal,
	});
	if (!outcome.ok)
		throw apiError(
			ctx,
			itemIndex,
			inBuilderWords(outcome.failure, { A: faceA, B: faceB }),
			outcome.attempts,
		);
	run.bodies.give(body);
	const input = ctx.getInputData()[itemIndex];
	return successItem(
		input,
		itemIndex,
		outcome.result,
		settings.thresholds,
		outcome.attempts,
		settings,
	);
}

/** An item the run never started because the execution was stopped first. */
function notStarted(ctx: IExecuteFunctions, itemIndex: number): Error {
	return apiError(
		ctx,
		itemIndex,
		{ ...CANCELLED, message: `${CANCELLED.message} before this item was compared` },
		0,
	);
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
	const continueOnFail = ctx.continueOnFail();
	const conflict = emptyMatchConflict(ctx);
	if (conflict && !continueOnFail) {
		throw new NodeOperationError(ctx.getNode(), conflict.message, {
			description: conflict.description,
			itemIndex: 0,
		});
	}
	const results: INodeExecutionData[] = new Array(items.length);
	const failures = new Map<number, Error>();
	const toErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
	const run = readRunSettings(ctx);
	const failed = (itemIndex: number, error: Error) => {
		if (!continueOnFail) {
			failures.set(itemIndex, error);
			run.stop.abort();
			return;
		}
		results[itemIndex] = toErrorOutput
			? errorOutputItem(items[itemIndex], itemIndex, error)
			: errorItem(
					items[itemIndex],
					itemIndex,
					error,
					outputOptionsOf(ctx, itemIndex),
					thresholdsOf(ctx, itemIndex),
				);
	};

	if (conflict) {
		items.forEach((_item, itemIndex) =>
			failed(itemIndex, inputError(ctx, itemIndex, conflict.message, conflict.description)),
		);
		return results;
	}
	// With "Stop" a bad input anywhere fails the node: found first, it costs no comparison (and,
	// under Retry On Fail, none of the items before it is paid again with every try).
	if (!continueOnFail) {
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++)
			await prepareItem(ctx, itemIndex, run);
	}
	await runPool(
		items.length,
		typeof run.concurrency === 'number' ? run.concurrency : 1,
		async (itemIndex) => {
			try {
				results[itemIndex] = await compareItem(ctx, itemIndex, run);
			} catch (error) {
				failed(itemIndex, error as Error);
			}
		},
		() => failures.size === 0 && !run.signal?.aborted,
	);

	if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
	// stopped: the items never started still get their item, none is lost
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		if (!results[itemIndex]) failed(itemIndex, notStarted(ctx, itemIndex));
	}
	if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
	return results;
}

/**
 * n8n's Always Output Data puts an empty item on a node's first output when that output is empty:
 * routed, that is the Match output, and an applicant-less item would walk the approval path. So
 * the two together compare nothing. With "Stop" the node fails; with "Continue" (where n8n would
 * pass a thrown error's input items on to Match) every item fails on its own, to Review or the
 * error output. Undefined when there is no conflict.
 */
function emptyMatchConflict(
	ctx: IExecuteFunctions,
): { message: string; description: string } | undefined {
	if (!routesByDecision(ctx) || ctx.getNode().alwaysOutputData !== true) return undefined;
	return {
		message: 'Route by Decision cannot be used with "Always Output Data"',
		description:
			'With both on, n8n sends an empty item to the Match output whenever no face matched, so nothing was compared. Turn off "Always Output Data" under the node\'s Settings, or turn off "Route by Decision".',
	};
}

/**
 * With "Continue (using error output)", the items for n8n's error output after the successes:
 * n8n moves them there all the same (order kept on both outputs), but n8n 1.x to 2.41 first look
 * at the first output's first item to decide whether the node failed under Retry On Fail, and
 * would run the whole node again, paying for every success again, when that item is a failure.
 */
function successesFirst(
	ctx: IExecuteFunctions,
	results: INodeExecutionData[],
): INodeExecutionData[] {
	if (ctx.getNode().onError !== 'continueErrorOutput') return results;
	// the error output's shape: nothing but `error` (see errorOutputItem)
	const isFailure = (item: INodeExecutionData) =>
		Object.keys(item.json).length === 1 && 'error' in item.json;
	return [...results.filter((item) => !isFailure(item)), ...results.filter(isFailure)];
}

/** The outputs of Route by Decision, in the order the node draws them (see ROUTED_OUTPUTS). */
const ROUTE_ORDER: Decision[] = ['match', 'review', 'mismatch'];

/**
 * The node's outputs. Routed by decision: each item on the output of its decision, input order
 * kept within each. An item for n8n's error output goes on the last routed output, where n8n
 * takes it from (n8n 1.x and 2.0 look at the first output's first item to decide whether a node
 * failed under Retry On Fail, so it is kept off Match). With plain "Continue" a failed item
 * (decision "error") goes to Review: a person looks at what could not be compared, never Match.
 */
export function toOutputs(
	ctx: IExecuteFunctions,
	results: INodeExecutionData[],
): INodeExecutionData[][] {
	if (!routesByDecision(ctx)) return [successesFirst(ctx, results)];
	const outputs: INodeExecutionData[][] = ROUTE_ORDER.map(() => []);
	for (const item of results) {
		const decision = item.json.decision as Decision | undefined;
		const index =
			decision === undefined
				? ROUTE_ORDER.length - 1
				: decision === 'error'
					? 1
					: ROUTE_ORDER.indexOf(decision);
		outputs[index].push(item);
	}
	return outputs;
}
