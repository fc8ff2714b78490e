/**
 * Words the package says in many places, spelled once for the tests. Each is asserted word for
 * word in its own module's test only (the row suffix in test/unit/lib/mostqi/items/
 * itemErrors.test.ts, MostQi's refusal in transport/envelope.test.ts, the timeout in
 * transport/network.test.ts, the token failure in transport/token.test.ts); every other test
 * builds it here, from the module's own function where it has one, so a change of wording is
 * one change.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { itemName } from '../../lib/mostqi/items/itemErrors';
import { failureFromAnswer } from '../../lib/mostqi/transport/envelope';
import { timedOut } from '../../lib/mostqi/transport/network';
import { fakeExecuteContext } from './fakeExecuteContext';

/** How an item error names the item at `itemIndex` of `count` ("row 2 of 3, …"). */
export function rowOf(itemIndex: number, count: number): string {
	// itemName reads only how many items there are
	const items = new Array<INodeExecutionData>(count);
	return itemName(fakeExecuteContext({ items }).ctx, itemIndex);
}

/** The item's name as it follows a message: ` (row 2 of 3, …)`. */
export function atRow(itemIndex: number, count: number): string {
	return ` (${rowOf(itemIndex, count)})`;
}

/** `text` as a regular expression that matches it literally. */
export function literally(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A regular expression source for the item's name in its parentheses: "(row 2 of 3, …)". An
 * index or count left out matches any.
 */
export function rowPattern(itemIndex?: number, count?: number): string {
	const ANY_INDEX = 777776;
	const ANY_COUNT = 999999;
	const text = literally(`(${rowOf(itemIndex ?? ANY_INDEX, count ?? ANY_COUNT)})`);
	return text
		.replace(String(ANY_INDEX + 1), '\\d+')
		.replace(String(ANY_INDEX), '\\d+')
		.replace(String(ANY_COUNT), '\\d+');
}

/** As rowPattern() for any item, with the row number (counting from 1) captured. */
export function rowNumberPattern(): string {
	return rowPattern().replace('\\d+', '(\\d+)');
}

/** MostQi's refusal in the node's words: "MostQi refused the request: R101 … (HTTP 400)". */
export function refused(code: string, httpCode: number, mostQiMessage?: string): string {
	const errors = mostQiMessage === undefined ? [] : [{ code, message: mostQiMessage }];
	return failureFromAnswer({ statusCode: httpCode, body: { status: { code, errors } } }).message;
}

/** The start of a refusal that every one with this code shares: "MostQi refused the request: R101". */
export function refusedPrefix(code: string): string {
	return refused(code, 999).replace(' (HTTP 999)', '');
}

/** No answer within the Timeout: "MostQi did not answer within 1000 ms". */
export function timedOutMessage(timeoutMs: number): string {
	return timedOut(timeoutMs).message;
}

/**
 * A failure on the way to a token, as token.ts words it around the failure's own message
 * (token.ts exports no function for it).
 */
export function noToken(failureMessage: string): string {
	return `Could not get a MostQi token: ${failureMessage}`;
}
