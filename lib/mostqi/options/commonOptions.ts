import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../items/itemErrors';
import type { RetryPolicy } from '../transport/retry';
import type { NumberOption, Problem } from './numberOption';
import { checkNumber } from './numberOption';

/** The number settings every MostQi node has under Options, each declared once. */

export const CONCURRENCY: NumberOption = {
	name: 'concurrency',
	label: 'Concurrency',
	default: 4,
	min: 1,
	max: 32,
	decimals: 0,
	example: 'a count such as 4',
	description:
		"How many items' requests run at the same time, for the whole run: read from the first item (an expression is evaluated for that item only). MostQi's firewall watches traffic, so raise it with care.",
};

export const RETRIES: NumberOption = {
	name: 'retries',
	label: 'Retries',
	default: 3,
	min: 0,
	max: 10,
	decimals: 0,
	example: 'a count such as 3',
	description:
		'How many more times to try a request that failed for a reason that may pass: no answer, a timeout, MostQi busy (HTTP 429) or a server error (HTTP 5xx). Refused inputs and credentials (HTTP 4xx) are never retried. Each try uses a fresh token. A retry after a timeout or a dropped connection may be paid a second time (MostQi may have done the work before the answer was lost); the others were not compared. Use this rather than the node\'s "Retry On Fail" setting (under Settings), which would also repeat refused inputs and the items that succeeded (with On Error "Continue", n8n runs the whole node again when its first item failed).',
};

export const RETRY_DELAY: NumberOption = {
	name: 'retryDelay',
	label: 'Retry Delay (Milliseconds)',
	default: 1000,
	min: 0,
	max: 60_000,
	decimals: 0,
	example: 'milliseconds such as 1000',
	description:
		'Milliseconds to wait before the first retry; the wait doubles with each retry, with some randomness, up to 30 s. When MostQi says how long to wait (Retry-After), that wait is used instead, up to 60 s.',
};

export const TIMEOUT: NumberOption = {
	name: 'timeout',
	label: 'Timeout (Milliseconds)',
	default: 60_000,
	min: 1000,
	max: 600_000,
	decimals: 0,
	example: 'milliseconds such as 60000',
	description: 'Milliseconds to wait for MostQi to answer one try, its token request included',
};

/** The options as the user set them (expressions unresolved): what is set at all. */
function setOptions(ctx: IExecuteFunctions): IDataObject {
	const options = ctx.getNode().parameters.options;
	return typeof options === 'object' && options !== null && !Array.isArray(options)
		? (options as IDataObject)
		: {};
}

/** Where the builder finds a setting, and whether it is set at all (expressions unresolved). */
export interface OptionPlace {
	path: string;
	isSet: boolean;
	underOptions: boolean;
}

/** A setting under Options. */
export function underOptions(ctx: IExecuteFunctions, name: string): OptionPlace {
	return { path: `options.${name}`, isSet: name in setOptions(ctx), underOptions: true };
}

/** A setting of its own, beside the Options. */
export function topLevel(ctx: IExecuteFunctions, name: string): OptionPlace {
	return { path: name, isSet: name in ctx.getNode().parameters, underOptions: false };
}

/**
 * One setting of one item, resolved on its own, so that a bad expression in one setting fails
 * only what needs it. Undefined when it is not set.
 */
export function settingValue(
	ctx: IExecuteFunctions,
	itemIndex: number,
	place: OptionPlace,
	label: string,
): unknown {
	if (!place.isSet) return undefined;
	try {
		return ctx.getNodeParameter(place.path, itemIndex, undefined);
	} catch (error) {
		throw inputError(
			ctx,
			itemIndex,
			`The expression of "${label}" could not be evaluated: ${(error as Error).message}`,
			`Open ${place.underOptions ? 'Options' : 'the node'} and correct "${label}" for this item, or give it a fixed value.`,
		);
	}
}

/** An option under Options of one item (see settingValue). */
export function optionValue(
	ctx: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
): unknown {
	return settingValue(ctx, itemIndex, underOptions(ctx, name), label);
}

/**
 * A number setting: its default only when it is not set. A set option that resolves to nothing,
 * to text or out of range is the item's error, never silently the default.
 */
export function readNumber(
	ctx: IExecuteFunctions,
	itemIndex: number,
	option: NumberOption,
	place: OptionPlace = underOptions(ctx, option.name),
): number {
	const value = settingValue(ctx, itemIndex, place, option.label);
	const read = checkNumber(option, value, place.isSet, place.underOptions);
	if (typeof read === 'number') return read;
	throw inputError(ctx, itemIndex, read.message, read.description);
}

/** How one item's requests are tried: the Timeout of each try and the retries. */
export function readTries(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { timeoutMs: number; retry: RetryPolicy } {
	return {
		timeoutMs: readNumber(ctx, itemIndex, TIMEOUT),
		retry: {
			retries: readNumber(ctx, itemIndex, RETRIES),
			baseDelayMs: readNumber(ctx, itemIndex, RETRY_DELAY),
		},
	};
}

/**
 * Concurrency is one number for the whole run, read from the first item (the option says so).
 * A bad value is a problem that every item then reports as its error.
 */
export function readConcurrency(ctx: IExecuteFunctions): number | Problem {
	if (ctx.getInputData().length === 0) return CONCURRENCY.default;
	const { isSet, path } = underOptions(ctx, CONCURRENCY.name);
	let value: unknown;
	try {
		value = isSet ? ctx.getNodeParameter(path, 0, undefined) : undefined;
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

/** Include Full Response: MostQi's whole answer beside the node's fields. */
export const INCLUDE_FULL_RESPONSE: INodeProperties = {
	displayName: 'Include Full Response',
	name: 'includeFullResponse',
	type: 'boolean',
	default: false,
	description: "Whether to add MostQi's whole answer to the output, as mostQiResponse",
};

/** Keep Input Fields, off (Face Compare version 1) or on (every later node and version). */
export const KEEP_INPUT_FIELDS_OFF: INodeProperties = {
	displayName: 'Keep Input Fields',
	name: 'keepInputFields',
	type: 'boolean',
	default: false,
	description: "Whether to keep the input item's JSON fields next to the result",
};
/** Builders expect the applicant's fields beside the verdict. */
export const KEEP_INPUT_FIELDS_ON: INodeProperties = { ...KEEP_INPUT_FIELDS_OFF, default: true };

/** A yes/no option of one item: `fallback` when it is not set. */
export function readFlag(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: INodeProperties,
	fallback: boolean,
): boolean {
	const value = optionValue(ctx, itemIndex, property.name, property.displayName);
	return value === undefined ? fallback : value === true;
}

/** The node's Options collection: the options a builder adds one by one. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}
