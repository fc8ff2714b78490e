import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { BodyPool } from '../../lib/mostqi/files/jsonBody';
import { apiError, inputError } from '../../lib/mostqi/items/itemErrors';
import type { RunSignals } from '../../lib/mostqi/items/itemLoop';
import { runItems, successesFirst } from '../../lib/mostqi/items/itemLoop';
import type { Problem } from '../../lib/mostqi/options/numberOption';
import { readConcurrency } from '../../lib/mostqi/options/commonOptions';
import { inBuilderWords } from './builderWords';
import { compareFaces } from './compareRequest';
import { readFace, sameReference, unreadableFace } from './faceInput';
import { errorItem, successItem } from './output';
import { buildCompareBody } from './requestBody';
import { outputOptionsOf, readItemSettings, routesByDecision } from './settings';
import type { Decision } from './decisions';
import { ROUTED_OUTPUTS, thresholdsOf } from './decisions';

/** One item's inputs, read and checked: a bad input is the item's error, before any request. */
async function prepareItem(ctx: IExecuteFunctions, itemIndex: number) {
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

async function compareItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	run: RunSignals,
	bodies: BodyPool,
): Promise<INodeExecutionData> {
	const { settings, faceA, faceB } = await prepareItem(ctx, itemIndex);
	const body = await buildCompareBody(faceA, faceB, settings.passwords, bodies).catch(
		(error: Error) => {
			throw unreadableFace(ctx, itemIndex, error);
		},
	);
	const outcome = await compareFaces(ctx, {
		body,
		timeoutMs: settings.timeoutMs,
		retry: settings.retry,
		signal: run.signal,
		stopRetries: run.stop,
	});
	if (!outcome.ok) {
		const failure = inBuilderWords(outcome.failure, { A: faceA, B: faceB });
		throw apiError(ctx, itemIndex, failure, outcome.attempts);
	}
	bodies.give(body);
	const input = ctx.getInputData()[itemIndex];
	const { thresholds } = settings;
	return successItem(input, itemIndex, outcome.result, thresholds, outcome.attempts, settings);
}

/**
 * Compares every input item (see lib/mostqi/items/itemLoop.ts for the error modes): exactly
 * one output item per input item, in input order.
 */
export async function compareAllItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const concurrency = readConcurrency(ctx);
	const bodies = new BodyPool(typeof concurrency === 'number' ? concurrency : 1);
	const items = ctx.getInputData();
	return await runItems(ctx, {
		concurrency,
		refuseAll: emptyMatchConflict(ctx),
		check: async (itemIndex) => await prepareItem(ctx, itemIndex),
		run: async (itemIndex, run) => await compareItem(ctx, itemIndex, run, bodies),
		errorItem: (itemIndex, error) =>
			errorItem(
				items[itemIndex],
				itemIndex,
				error,
				outputOptionsOf(ctx, itemIndex),
				thresholdsOf(ctx, itemIndex),
			),
		notDone: 'compared',
	});
}

/**
 * n8n's Always Output Data puts an empty item on a node's first output when that output is empty:
 * routed, that is the Match output, and an applicant-less item would walk the approval path. So
 * the two together compare nothing. With "Stop" the node fails; with "Continue" (where n8n would
 * pass a thrown error's input items on to Match) every item fails on its own, to Review or the
 * error output. Undefined when there is no conflict.
 */
function emptyMatchConflict(ctx: IExecuteFunctions): Problem | undefined {
	if (!routesByDecision(ctx) || ctx.getNode().alwaysOutputData !== true) return undefined;
	return {
		message: 'Route by Decision cannot be used with "Always Output Data"',
		description:
			'With both on, n8n sends an empty item to the Match output whenever no face matched, so nothing was compared. Turn off "Always Output Data" under the node\'s Settings, or turn off "Route by Decision".',
	};
}

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
	const outputs: INodeExecutionData[][] = ROUTED_OUTPUTS.map(() => []);
	const order = ROUTED_OUTPUTS.map((output) => output.decision);
	for (const item of results) {
		const decision = item.json.decision as Decision | undefined;
		const index =
			decision === undefined
				? order.length - 1
				: order.indexOf(decision === 'error' ? 'review' : decision);
		outputs[index].push(item);
	}
	return outputs;
}
