import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, VersionedNodeType } from 'n8n-workflow';

import { OUTPUTS, propertiesFor } from './description';
import { testMostQiCredential } from '../../lib/mostqi/credentialTest';
import { compareAllItems, toOutputs } from './compareItems';

/** Face labels on the canvas instead of raw values ("Binary File ↔ URL"). */
const SOURCE_NAMES = '{ binary: "Binary File", url: "URL", base64: "Base64" }';
const SUBTITLE = `={{ "Face A: " + (${SOURCE_NAMES}[$parameter["faceASource"]] || "per item") + " ↔ Face B: " + (${SOURCE_NAMES}[$parameter["faceBSource"]] || "per item") }}`;

/**
 * Version 2, the default for new nodes: the Match Threshold in view, input fields kept by
 * default, a decision on every item (routed to its own output on request), failed items with
 * the same columns as the others, URL sources as an AI tool.
 */
export class MostQiFaceCompareV2 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MostQi Face Compare',
		name: 'mostQiFaceCompare',
		icon: { light: 'file:mostqi.svg', dark: 'file:mostqi.dark.svg' },
		group: ['transform'],
		version: 2,
		subtitle: SUBTITLE,
		description: 'Compare two faces (1:1 biometric verification) with MostQi',
		defaults: { name: 'MostQi Face Compare' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUTS,
		credentials: [{ name: 'mostQiApi', required: true, testedBy: 'mostQiApiTest' }],
		properties: propertiesFor(2),
	};

	methods = { credentialTest: { mostQiApiTest: testMostQiCredential } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return toOutputs(this, await compareAllItems(this));
	}
}

/** Version 1, as first released: saved workflows that use it keep behaving as they did. */
export class MostQiFaceCompareV1 extends MostQiFaceCompareV2 {
	constructor() {
		super();
		this.description = {
			...this.description,
			version: 1,
			outputs: [NodeConnectionTypes.Main],
			properties: propertiesFor(1),
		};
	}
}

/** The node n8n loads: each saved node runs the version it was created with. */
export class MostQiFaceCompare extends VersionedNodeType {
	constructor() {
		const { displayName, name, icon, group, subtitle, description } = new MostQiFaceCompareV2()
			.description;
		const base: INodeTypeBaseDescription = {
			displayName,
			name,
			icon,
			group,
			subtitle,
			description,
			defaultVersion: 2,
		};
		super({ 1: new MostQiFaceCompareV1(), 2: new MostQiFaceCompareV2() }, base);
	}
}
