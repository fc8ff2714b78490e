import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RetryPolicy } from '../../lib/mostqi/retry';
import { inputError } from './errors';
import type { NumberOption, Problem } from './numberOptions';
import {
	CONCURRENCY,
	RETRIES,
	RETRY_DELAY,
	REVIEW_THRESHOLD,
	THRESHOLD,
	TIMEOUT,
	checkNumber,
} from './numberOptions';
import type { OutputOptions, Thresholds } from './output';

/** What one item's comparison uses; every option is read for that item. */
export interface ItemSettings extends OutputOptions {
	thresholds: Thresholds;
	passwords: { A?: string; B?: string };
	timeoutMs: number;
	retry: RetryPolicy;
}

/** The options as the user set them (expressions unresolved): what is set at all. */
function setOptions(ctx: IExecuteFunctions): IDataObject {
	const options = ctx.getNode().parameters.options;
	return typeof options === 'object' && options !== null && !Array.isArray(options)
		? (options as IDataObject)
		: {};
}

/**
 * Where a setting lives: under Options, except the Match Threshold of node version 2, which is a
 * parameter of its own. `isSet` says whether the user set it at all (expressions unresolved).
 */
function locate(
	ctx: IExecuteFunctions,
	name: string,
): { path: string; isSet: boolean; underOptions: boolean } {
	if (name === THRESHOLD.name && isVersion2(ctx)) {
		return { path: name, isSet: name in ctx.getNode().parameters, underOptions: false };
	}
	return { path: `options.${name}`, isSet: name in setOptions(ctx), underOptions: true };
}

/** Node version 2 changed the threshold's place and two defaults (see MostQiFaceCompare.node.ts). */
function isVersion2(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().typeVersion >= 2;
}

/**
 * One setting of one item, resolved on its own, so that a bad expression in one setting fails
 * only what needs it. Undefined when it is not set.
 */
function optionValue(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
): unknown {
	const { path, isSet, underOptions } = locate(ctx, name);
	if (!isSet) return undefined;
	try {
		return ctx.getNodeParameter(path, itemIndex, undefined);
	} catch (error) {
		throw inputError(
			ctx,
			itemIndex,
			`The expression of "${label}" could not be evaluated: ${(error as Error).message}`,
			`Open ${underOptions ? 'Options' : 'the node'} and correct "${label}" for this item, or give it a fixed value.`,
		);
	}
}

/**
 * A number option: its default only when it is not set. A set option that resolves to nothing,
 * to text or out of range is the item's error, never silently the default.
 */
function numberOption(ctx: IExecuteFunctions, itemIndex: number, option: NumberOption): number {
	const { isSet, underOptions } = locate(ctx, option.name);
	const read = checkNumber(
		option,
		optionValue(ctx, itemIndex, option.name, option.label),
		isSet,
		underOptions,
	);
	if (typeof read === 'number') return read;
	throw inputError(ctx, itemIndex, read.message, read.description);
}

/**
 * The item's thresholds: the Match Threshold, and the Review Threshold when a band is set (null
 * when not). A band above the Match Threshold is the item's error, before any request.
 */
function readThresholds(ctx: IExecuteFunctions, itemIndex: number): Thresholds {
	const threshold = numberOption(ctx, itemIndex, THRESHOLD);
	if (!locate(ctx, REVIEW_THRESHOLD.name).isSet) return { threshold, reviewThreshold: null };
	const reviewThreshold = numberOption(ctx, itemIndex, REVIEW_THRESHOLD);
	if (reviewThreshold > threshold) {
		throw inputError(
			ctx,
			itemIndex,
			`"${REVIEW_THRESHOLD.label}" (${reviewThreshold}) is above "${THRESHOLD.label}" (${threshold})`,
			`The review band runs from "${REVIEW_THRESHOLD.label}" up to "${THRESHOLD.label}": set "${REVIEW_THRESHOLD.label}" under Options at or below "${THRESHOLD.label}", or remove it for no band.`,
		);
	}
	return { threshold, reviewThreshold };
}

/**
 * The thresholds for an error item: each number in use, or null when it is not set or is itself
 * what is wrong. Never throws.
 */
export function thresholdsOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { threshold: number | null; reviewThreshold: number | null } {
	const read = (option: NumberOption) => {
		try {
			return locate(ctx, option.name).isSet || option === THRESHOLD
				? numberOption(ctx, itemIndex, option)
				: null;
		} catch {
			return null;
		}
	};
	return { threshold: read(THRESHOLD), reviewThreshold: read(REVIEW_THRESHOLD) };
}

/**
 * Keep Input Fields: off by default in node version 1, on in version 2 (builders expect the
 * applicant's fields beside the verdict).
 */
function keepInputFields(ctx: IExecuteFunctions, itemIndex: number): boolean {
	const value = optionValue(ctx, itemIndex, 'keepInputFields', 'Keep Input Fields');
	return value === undefined ? isVersion2(ctx) : value === true;
}

/**
 * How an error item is shaped. Never throws, so that an error item can always be built; an
 * error item carries no MostQi answer, so Include Full Response does not apply.
 */
export function outputOptionsOf(ctx: IExecuteFunctions, itemIndex: number): OutputOptions {
	let keep = false;
	try {
		keep = keepInputFields(ctx, itemIndex);
	} catch {
		// the item fails for this very expression; its error item says so
	}
	return { keepInputFields: keep, includeFullResponse: false, tableRows: isVersion2(ctx) };
}

function passwordOption(
	ctx: IExecuteFunctions,
	itemIndex: number,
	side: 'A' | 'B',
): string | undefined {
	const value = optionValue(ctx, itemIndex, `face${side}Password`, `Face ${side} PDF Password`);
	return typeof value === 'string' && value !== '' ? value : undefined;
}

export function readItemSettings(ctx: IExecuteFunctions, itemIndex: number): ItemSettings {
	return {
		thresholds: readThresholds(ctx, itemIndex),
		passwords: { A: passwordOption(ctx, itemIndex, 'A'), B: passwordOption(ctx, itemIndex, 'B') },
		timeoutMs: numberOption(ctx, itemIndex, TIMEOUT),
		retry: {
			retries: numberOption(ctx, itemIndex, RETRIES),
			baseDelayMs: numberOption(ctx, itemIndex, RETRY_DELAY),
		},
		keepInputFields: keepInputFields(ctx, itemIndex),
		includeFullResponse:
			optionValue(ctx, itemIndex, 'includeFullResponse', 'Include Full Response') === true,
		tableRows: isVersion2(ctx),
	};
}

/**
 * Concurrency is one number for the whole run, read from the first item (the option says so).
 * A bad value is a problem that every item then reports as its error.
 */
export function readConcurrency(ctx: IExecuteFunctions): number | Problem {
	if (ctx.getInputData().length === 0) return CONCURRENCY.default;
	const isSet = CONCURRENCY.name in setOptions(ctx);
	let value: unknown;
	try {
		value = isSet ? ctx.getNodeParameter(`options.${CONCURRENCY.name}`, 0, undefined) : undefined;
	} catch (error) {
		return {
			message: `The expression of "${CONCURRENCY.label}" could not be evaluated for the first item: ${(error as Error).message}`,
			description: `Open Options and correct "${CONCURRENCY.label}", or give it a fixed value: it is read from the first item, for the whole run.`,
		};
	}
	const read = checkNumber(CONCURRENCY, value, isSet);
	if (typeof read === 'number') return read;
	return {
		message: `${read.message} (it is read from the first item, for the whole run)`,
		description: read.description,
	};
}

/**
 * Route by Decision (version 2): read from the saved parameter itself, as the node's outputs are
 * (see ROUTED_OUTPUTS), so that the items always go to the outputs the canvas draws.
 */
export function routesByDecision(ctx: IExecuteFunctions): boolean {
	return isVersion2(ctx) && ctx.getNode().parameters.routeByDecision === true;
}
