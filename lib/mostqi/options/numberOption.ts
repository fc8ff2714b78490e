import type { INodeProperties } from 'n8n-workflow';

/**
 * A node's number settings, each declared once: the editor's field (label, range, default,
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
