import type { INodeProperties } from 'n8n-workflow';

/**
 * The node's number settings, each declared once: the editor's field (label, range, default,
 * help) and the run-time check of what an expression gave are both built from it, so that the
 * editor never accepts a value that every item then refuses.
 */
export interface NumberOption {
	name: string;
	label: string;
	default: number;
	min: number;
	max: number;
	/** Decimals the editor keeps; 0 for counts and milliseconds (rounded down at run time). */
	decimals: number;
	/** An example for the fix of a wrong value ("a count such as 3"). */
	example: string;
	description: string;
}

export const THRESHOLD: NumberOption = {
	name: 'threshold',
	label: 'Match Threshold',
	default: 0.7,
	min: 0,
	max: 1,
	decimals: 3,
	example: 'a similarity such as 0.7',
	description:
		'Similarity (0 to 1) at or above which the faces count as the same person (isMatch). MostQi publishes no threshold: choose it for your risk, 0.7 is a common start.',
};

export const REVIEW_THRESHOLD: NumberOption = {
	name: 'reviewThreshold',
	label: 'Review Threshold',
	default: 0.6,
	min: 0,
	max: 1,
	decimals: 3,
	example: 'a similarity such as 0.6, at or below the Match Threshold',
	description:
		'Lower edge of a review band: a similarity from it up to the Match Threshold is decision "review" (send it to a person) instead of "mismatch". Not set: no band, every non-match is a mismatch.',
};

export const CONCURRENCY: NumberOption = {
	name: 'concurrency',
	label: 'Concurrency',
	default: 4,
	min: 1,
	max: 32,
	decimals: 0,
	example: 'a count such as 4',
	description:
		"How many comparisons run at the same time, for the whole run: read from the first item (an expression is evaluated for that item only). MostQi's firewall watches traffic, so raise it with care.",
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
		'How many more times to try a comparison that failed for a reason that may pass: no answer, a timeout, MostQi busy (HTTP 429) or a server error (HTTP 5xx). Refused inputs and credentials (HTTP 4xx) are never retried. Each try uses a fresh token. A retry after a timeout or a dropped connection may be a second paid comparison (MostQi may have compared before the answer was lost); the others were not compared. Use this rather than the node\'s "Retry On Fail" setting (under Settings), which would also repeat refused inputs and the items that succeeded (with On Error "Continue", n8n runs the whole node again when its first item failed).',
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
	description:
		'Milliseconds to wait for MostQi to answer one try of a comparison, its token request included',
};

/** The editor's field of a number option. */
export function numberProperty(option: NumberOption): INodeProperties {
	// a plain name, which n8n's lint reads as a default (it cannot read `option.default`)
	const fallback = option.default;
	return {
		displayName: option.label,
		name: option.name,
		type: 'number',
		typeOptions: {
			minValue: option.min,
			maxValue: option.max,
			...(option.decimals > 0 ? { numberPrecision: option.decimals } : {}),
		},
		default: fallback,
		description: option.description,
	};
}

export type Problem = { message: string; description: string };

function describeValue(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (typeof value === 'number') return String(value);
	return JSON.stringify(value) ?? String(value);
}

/**
 * What an option resolved to, checked: its default only when it is not set at all. A set option
 * that resolves to nothing, to text or out of range is a problem, never silently the default.
 * `underOptions` says where the builder finds it, for the fix.
 */
export function checkNumber(
	option: NumberOption,
	value: unknown,
	isSet: boolean,
	underOptions = true,
): number | Problem {
	if (!isSet) return option.default;
	if (
		typeof value === 'number' &&
		Number.isFinite(value) &&
		value >= option.min &&
		value <= option.max
	) {
		return option.decimals === 0 ? Math.floor(value) : value;
	}
	const fix = underOptions
		? `or remove the option to use the default (${option.default})`
		: `or set it back to the default (${option.default})`;
	return {
		message: `"${option.label}" must be a number from ${option.min} to ${option.max}, not ${describeValue(value)}`,
		description: `Set "${option.label}"${underOptions ? ' under Options' : ''} to ${option.example}; if it is an expression, make it return a number for every item, ${fix}.`,
	};
}
