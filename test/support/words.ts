/**
 * Words the package says in many places, spelled once for the tests. Each is asserted word for
 * word in its own module's test only (the row suffix in test/unit/lib/mostqi/items/
 * itemErrors.test.ts); every other test builds it here, so a change of wording is one change.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { itemName } from '../../lib/mostqi/items/itemErrors';
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
