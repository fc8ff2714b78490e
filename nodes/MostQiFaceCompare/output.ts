import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { InputFieldsRule, ItemError } from '../../lib/mostqi/items/itemOutput';
import {
	asRow,
	failureFields,
	withInput,
	withInputFields,
} from '../../lib/mostqi/items/itemOutput';
import { withoutRememberedSecrets } from '../../lib/mostqi/secrets';
import type { CompareResult } from './compareRequest';
import type { Thresholds } from './decisions';
import { decide } from './decisions';

export interface OutputOptions {
	keepInputFields: boolean;
	includeFullResponse: boolean;
	/**
	 * Node version 2: a decision first on every item, and every item with the same columns (null
	 * where there is no value), so that n8n's table lines up a failed row with the others.
	 */
	tableRows: boolean;
}

/**
 * Version 2's columns, in the order n8n's table shows them (it orders by first appearance).
 * A success never has an `error` key: n8n 1.x and 2.0 take a first item holding one, even null,
 * as a failure under Retry On Fail and run the node again, paying every comparison twice.
 */
const COLUMNS = [
	'decision',
	'similarity',
	'isMatch',
	'threshold',
	'reviewThreshold',
	'requestId',
	'elapsedMilliseconds',
	'attempts',
];
const ERROR_COLUMNS = [...COLUMNS, 'error', 'errorCode', 'httpCode'];

/** Which input fields an item keeps: none, all under the result (version 1), or all but ours. */
function inputFieldsRule(options: OutputOptions): InputFieldsRule {
	if (!options.keepInputFields) return 'none';
	return options.tableRows ? { except: ERROR_COLUMNS } : 'underResult';
}

/** The success item of the contract: similarity, verdict and MostQi's identifiers. */
export function successItem(
	input: INodeExecutionData,
	itemIndex: number,
	result: CompareResult,
	thresholds: Thresholds,
	attempts: number,
	options: OutputOptions,
): INodeExecutionData {
	const decision = decide(result.similarity, thresholds);
	const fields: IDataObject = {
		similarity: result.similarity,
		isMatch: decision === 'match',
		threshold: thresholds.threshold,
		requestId: result.requestId,
		elapsedMilliseconds: result.elapsedMilliseconds,
		attempts,
	};
	// version 1, as first released, has no decision and no band
	const row = options.tableRows
		? asRow({ ...fields, decision, reviewThreshold: thresholds.reviewThreshold }, COLUMNS)
		: fields;
	const json = withInputFields(row, input, inputFieldsRule(options));
	if (options.includeFullResponse)
		json.mostQiResponse = withoutRememberedSecrets(result.response) as IDataObject;
	return withInput(input, itemIndex, json);
}

/**
 * The error item of the contract, for "Continue": the failure's fields at the top level; in
 * version 2 decision "error" first, the success columns null and the thresholds the item used
 * (null where one was itself the problem).
 */
export function errorItem(
	input: INodeExecutionData,
	itemIndex: number,
	error: ItemError,
	options: OutputOptions,
	thresholds: { threshold: number | null; reviewThreshold: number | null } = {
		threshold: null,
		reviewThreshold: null,
	},
): INodeExecutionData {
	const fields = failureFields(error);
	const json = withInputFields(
		options.tableRows
			? asRow({ ...fields, ...thresholds, decision: 'error' }, ERROR_COLUMNS)
			: fields,
		input,
		inputFieldsRule(options),
	);
	return withInput(input, itemIndex, json);
}
