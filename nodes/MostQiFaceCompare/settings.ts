import type { IExecuteFunctions } from 'n8n-workflow';

import {
	INCLUDE_FULL_RESPONSE,
	KEEP_INPUT_FIELDS_OFF,
	optionValue,
	readFlag,
	readTries,
} from '../../lib/mostqi/options/commonOptions';
import type { RetryPolicy } from '../../lib/mostqi/transport/retry';
import type { FaceSide } from './faceFields';
import { faceFields } from './faceFields';
import type { OutputOptions } from './output';
import type { Thresholds } from './decisions';
import { readThresholds } from './decisions';

/** What one item's comparison uses; every option is read for that item. */
export interface ItemSettings extends OutputOptions {
	thresholds: Thresholds;
	passwords: { A?: string; B?: string };
	timeoutMs: number;
	retry: RetryPolicy;
}

/** Node version 2 changed the threshold's place and two defaults (see MostQiFaceCompareV2). */
function isVersion2(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().typeVersion >= 2;
}

/**
 * Keep Input Fields: off by default in node version 1, on in version 2 (builders expect the
 * applicant's fields beside the verdict).
 */
function keepInputFields(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return readFlag(ctx, itemIndex, KEEP_INPUT_FIELDS_OFF, isVersion2(ctx));
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
	side: FaceSide,
): string | undefined {
	const { password, passwordLabel } = faceFields(side);
	const value = optionValue(ctx, itemIndex, password, passwordLabel);
	return typeof value === 'string' && value !== '' ? value : undefined;
}

export function readItemSettings(ctx: IExecuteFunctions, itemIndex: number): ItemSettings {
	return {
		thresholds: readThresholds(ctx, itemIndex),
		passwords: { A: passwordOption(ctx, itemIndex, 'A'), B: passwordOption(ctx, itemIndex, 'B') },
		...readTries(ctx, itemIndex),
		keepInputFields: keepInputFields(ctx, itemIndex),
		includeFullResponse: readFlag(ctx, itemIndex, INCLUDE_FULL_RESPONSE, false),
		tableRows: isVersion2(ctx),
	};
}

/**
 * Route by Decision (version 2): read from the saved parameter itself, as the node's outputs are
 * (see OUTPUTS in description.ts), so that the items always go to the outputs the canvas draws.
 */
export function routesByDecision(ctx: IExecuteFunctions): boolean {
	return isVersion2(ctx) && ctx.getNode().parameters.routeByDecision === true;
}
