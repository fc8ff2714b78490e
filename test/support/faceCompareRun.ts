/**
 * Face Compare's item loop on the fake execute context: items with two in-item faces, the
 * binary sources pointing at them, and what the node sent.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { compareAllItems } from '../../nodes/MostQiFaceCompare/compareItems';
import { makePng } from '../fixtures/images';
import type { FakeOptions, Param } from './fakeExecuteContext';
import { fakeExecuteContext, itemWithFaces } from './fakeExecuteContext';

/** Face A from binary field "selfie", face B from "document". */
export const binarySources = {
	faceASource: 'binary',
	faceABinaryProperty: 'selfie',
	faceBSource: 'binary',
	faceBBinaryProperty: 'document',
};

/** `count` items, each with its own two faces and `{ n: index }` as JSON. */
export function items(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) =>
		itemWithFaces(makePng(`p${i}`), makePng(`p${i}`, { seed: 'doc' }), { n: i }),
	);
}

/** The loop over `count` items with these Options, "Continue" on error unless `extra` says. */
export function run(count: number, options: Record<string, Param> = {}, extra: FakeOptions = {}) {
	const fake = fakeExecuteContext({
		items: items(count),
		continueOnFail: true,
		...extra,
		parameters: { ...binarySources, options, ...extra.parameters },
	});
	return { fake, output: compareAllItems(fake.ctx) };
}

/** The JSON body of the `i`th request. */
export const sentBody = (fake: ReturnType<typeof fakeExecuteContext>, i: number) =>
	JSON.parse(String(fake.requests[i].options.body)) as Record<string, string>;
