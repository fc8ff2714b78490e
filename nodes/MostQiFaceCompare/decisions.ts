import type { IExecuteFunctions } from 'n8n-workflow';

import type { OptionPlace } from '../../lib/mostqi/options/commonOptions';
import { readNumber, topLevel, underOptions } from '../../lib/mostqi/options/commonOptions';
import type { NumberOption } from '../../lib/mostqi/options/numberOption';
import { inputError } from '../../lib/mostqi/items/itemErrors';

/** Face Compare's business decision: the Match Threshold and an optional review band. */

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

/** What a similarity is judged against: the Match Threshold, and a review band's lower edge. */
export interface Thresholds {
	threshold: number;
	/** null: no review band. */
	reviewThreshold: number | null;
}

/** Version 2's outcome of an item; `error` only for a failed item with "Continue". */
export type Decision = 'match' | 'review' | 'mismatch' | 'error';

export function decide(similarity: number, { threshold, reviewThreshold }: Thresholds): Decision {
	if (similarity >= threshold) return 'match';
	if (reviewThreshold !== null && similarity >= reviewThreshold) return 'review';
	return 'mismatch';
}

/**
 * Where a threshold lives: under Options, except the Match Threshold of node version 2, which
 * is a parameter of its own.
 */
function placeOf(ctx: IExecuteFunctions, option: NumberOption): OptionPlace {
	return option === THRESHOLD && ctx.getNode().typeVersion >= 2
		? topLevel(ctx, option.name)
		: underOptions(ctx, option.name);
}

function readThreshold(ctx: IExecuteFunctions, itemIndex: number, option: NumberOption): number {
	return readNumber(ctx, itemIndex, option, placeOf(ctx, option));
}

/**
 * The item's thresholds: the Match Threshold, and the Review Threshold when a band is set (null
 * when not). A band above the Match Threshold is the item's error, before any request.
 */
export function readThresholds(ctx: IExecuteFunctions, itemIndex: number): Thresholds {
	const threshold = readThreshold(ctx, itemIndex, THRESHOLD);
	if (!placeOf(ctx, REVIEW_THRESHOLD).isSet) return { threshold, reviewThreshold: null };
	const reviewThreshold = readThreshold(ctx, itemIndex, REVIEW_THRESHOLD);
	if (reviewThreshold > threshold) {
		const [review, match] = [REVIEW_THRESHOLD.label, THRESHOLD.label];
		throw inputError(
			ctx,
			itemIndex,
			`"${review}" (${reviewThreshold}) is above "${match}" (${threshold})`,
			`The review band runs from "${review}" up to "${match}": set "${review}" under Options at or below "${match}", or remove it for no band.`,
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
			return placeOf(ctx, option).isSet || option === THRESHOLD
				? readThreshold(ctx, itemIndex, option)
				: null;
		} catch {
			return null;
		}
	};
	return { threshold: read(THRESHOLD), reviewThreshold: read(REVIEW_THRESHOLD) };
}

/** Route by Decision's outputs, in the order the node draws them (Review drawn even without a band). */
export const ROUTED_OUTPUTS: ReadonlyArray<{ decision: Decision; displayName: string }> = [
	{ decision: 'match', displayName: 'Match' },
	{ decision: 'review', displayName: 'Review' },
	{ decision: 'mismatch', displayName: 'Mismatch' },
];
