import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RetryPolicy } from '../../lib/mostqi/retry';
import {
	DEFAULT_CONCURRENCY,
	DEFAULT_RETRIES,
	DEFAULT_RETRY_DELAY_MS,
	DEFAULT_THRESHOLD,
	DEFAULT_TIMEOUT_MS,
} from './description';
import { inputError } from './errors';
import type { OutputOptions } from './output';

/** What one item's comparison uses; every option is read for that item. */
export interface ItemSettings extends OutputOptions {
	threshold: number;
	passwords: { A?: string; B?: string };
	timeoutMs: number;
	retry: RetryPolicy;
}

interface NumberOption {
	name: string;
	label: string;
	fallback: number;
	min: number;
	max: number;
	/** Rounded down to a whole number (counts and milliseconds). */
	whole: boolean;
	example: string;
}

const THRESHOLD: NumberOption = {
	name: 'threshold',
	label: 'Match Threshold',
	fallback: DEFAULT_THRESHOLD,
	min: 0,
	max: 1,
	whole: false,
	example: 'a similarity such as 0.7',
};
const RETRIES: NumberOption = {
	name: 'retries',
	label: 'Retries',
	fallback: DEFAULT_RETRIES,
	min: 0,
	max: 10,
	whole: true,
	example: 'a count such as 3',
};
const RETRY_DELAY: NumberOption = {
	name: 'retryDelay',
	label: 'Retry Delay (Milliseconds)',
	fallback: DEFAULT_RETRY_DELAY_MS,
	min: 0,
	max: 60_000,
	whole: true,
	example: 'milliseconds such as 1000',
};
const TIMEOUT: NumberOption = {
	name: 'timeout',
	label: 'Timeout (Milliseconds)',
	fallback: DEFAULT_TIMEOUT_MS,
	min: 1,
	max: 600_000,
	whole: true,
	example: 'milliseconds such as 60000',
};
const CONCURRENCY: NumberOption = {
	name: 'concurrency',
	label: 'Concurrency',
	fallback: DEFAULT_CONCURRENCY,
	min: 1,
	max: 32,
	whole: true,
	example: 'a count such as 4',
};

/** The options as the user set them (expressions unresolved): what is set at all. */
function setOptions(ctx: IExecuteFunctions): IDataObject {
	const options = ctx.getNode().parameters.options;
	return typeof options === 'object' && options !== null && !Array.isArray(options) ? (options as IDataObject) : {};
}

/**
 * Where a setting lives: under Options, except the Match Threshold of node version 2, which is a
 * parameter of its own. `isSet` says whether the user set it at all (expressions unresolved).
 */
function locate(ctx: IExecuteFunctions, name: string): { path: string; isSet: boolean; underOptions: boolean } {
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
function optionValue(ctx: IExecuteFunctions, itemIndex: number, name: string, label: string): unknown {
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

function describeValue(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (typeof value === 'number') return String(value);
	return JSON.stringify(value) ?? String(value);
}

/**
 * A number option: its default only when it is not set. A set option that resolves to nothing,
 * to text or out of range is the item's error, never silently the default.
 */
function numberOption(ctx: IExecuteFunctions, itemIndex: number, option: NumberOption): number {
	const { isSet, underOptions } = locate(ctx, option.name);
	const read = checkNumber(option, optionValue(ctx, itemIndex, option.name, option.label), isSet, underOptions);
	if (typeof read === 'number') return read;
	throw inputError(ctx, itemIndex, read.message, read.description);
}

type Problem = { message: string; description: string };

function checkNumber(option: NumberOption, value: unknown, isSet: boolean, underOptions = true): number | Problem {
	if (!isSet) return option.fallback;
	if (typeof value === 'number' && Number.isFinite(value) && value >= option.min && value <= option.max) {
		return option.whole ? Math.floor(value) : value;
	}
	const fix = underOptions
		? `or remove the option to use the default (${option.fallback})`
		: `or set it back to the default (${option.fallback})`;
	return {
		message: `"${option.label}" must be a number from ${option.min} to ${option.max}, not ${describeValue(value)}`,
		description: `Set "${option.label}"${underOptions ? ' under Options' : ''} to ${option.example}; if it is an expression, make it return a number for every item, ${fix}.`,
	};
}

/**
 * The item's Match Threshold for an error item: the number in use, or null when it is the
 * threshold itself that is wrong. Never throws.
 */
export function thresholdOf(ctx: IExecuteFunctions, itemIndex: number): number | null {
	try {
		return numberOption(ctx, itemIndex, THRESHOLD);
	} catch {
		return null;
	}
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

function passwordOption(ctx: IExecuteFunctions, itemIndex: number, side: 'A' | 'B'): string | undefined {
	const value = optionValue(ctx, itemIndex, `face${side}Password`, `Face ${side} PDF Password`);
	return typeof value === 'string' && value !== '' ? value : undefined;
}

export function readItemSettings(ctx: IExecuteFunctions, itemIndex: number): ItemSettings {
	return {
		threshold: numberOption(ctx, itemIndex, THRESHOLD),
		passwords: { A: passwordOption(ctx, itemIndex, 'A'), B: passwordOption(ctx, itemIndex, 'B') },
		timeoutMs: numberOption(ctx, itemIndex, TIMEOUT),
		retry: {
			retries: numberOption(ctx, itemIndex, RETRIES),
			baseDelayMs: numberOption(ctx, itemIndex, RETRY_DELAY),
		},
		keepInputFields: keepInputFields(ctx, itemIndex),
		includeFullResponse: optionValue(ctx, itemIndex, 'includeFullResponse', 'Include Full Response') === true,
		tableRows: isVersion2(ctx),
	};
}

/**
 * Concurrency is one number for the whole run, read from the first item (the option says so).
 * A bad value is a problem that every item then reports as its error.
 */
export function readConcurrency(ctx: IExecuteFunctions): number | Problem {
	if (ctx.getInputData().length === 0) return DEFAULT_CONCURRENCY;
	const isSet = CONCURRENCY.name in setOptions(ctx);
	let value: unknown;
	try {
		value = isSet ? ctx.getNodeParameter(`options.${CONCURRENCY.name}`, 0, undefined) : undefined;
	} catch (error) {
		return {
			message: `The expression of "Concurrency" could not be evaluated for the first item: ${(error as Error).message}`,
			description: 'Open Options and correct "Concurrency", or give it a fixed value: it is read from the first item, for the whole run.',
		};
	}
	const read = checkNumber(CONCURRENCY, value, isSet);
	if (typeof read === 'number') return read;
	return { message: `${read.message} (it is read from the first item, for the whole run)`, description: read.description };
}
