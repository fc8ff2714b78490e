import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, VersionedNodeType } from 'n8n-workflow';

import { sourceNameExpression } from '../../lib/mostqi/files/fileSources';
import { testMostQiCredential } from '../../lib/mostqi/transport/credentialTest';
import { compareAllItems, toOutputs } from './compareItems';
import { OUTPUTS, propertiesFor } from './description';
import { faceFields } from './faceFields';

/** Face labels on the canvas instead of raw values ("Face A: Binary File ↔ Face B: URL"). */
const SUBTITLE = `={{ "Face A: " + ${sourceNameExpression(faceFields('A').source)} + " ↔ Face B: " + ${sourceNameExpression(faceFields('B').source)} }}`;

/**
 * What every version of the node shares. Each version takes it and adds its own number,
 * outputs and parameters (see `nodeVersion`): no version is built from another, so an edit to
 * the latest never changes what a saved version-1 workflow does.
 */
class MostQiFaceCompareBase implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MostQi Face Compare',
		name: 'mostQiFaceCompare',
		icon: { light: 'file:mostqi.svg', dark: 'file:mostqi.dark.svg' },
		group: ['transform'],
		version: [1, 2],
		subtitle: SUBTITLE,
		description: 'Compare two faces (1:1 biometric verification) with MostQi',
		defaults: { name: 'MostQi Face Compare' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'mostQiApi', required: true, testedBy: 'mostQiApiTest' }],
		properties: [],
	};

	methods = { credentialTest: { mostQiApiTest: testMostQiCredential } };
}

async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return toOutputs(this, await compareAllItems(this));
}

/** One version of the node: the shared base with this version's outputs and parameters. */
function nodeVersion(
	version: number,
	outputs: INodeTypeDescription['outputs'],
	properties: INodeProperties[],
): INodeType {
	const { description, methods } = new MostQiFaceCompareBase();
	return { description: { ...description, version, outputs, properties }, methods, execute };
}

/** The node n8n loads: each saved node runs the version it was created with. */
export class MostQiFaceCompare extends VersionedNodeType {
	constructor() {
		const { displayName, name, icon, group, subtitle, description } = new MostQiFaceCompareBase()
			.description;
		super(
			{
				// Version 1, as first released: saved workflows that use it keep behaving as they did.
				1: nodeVersion(1, [NodeConnectionTypes.Main], propertiesFor(1)),
				// Version 2, the default for new nodes: the Match Threshold in view, input fields kept
				// by default, a decision on every item (routed to its own output on request), failed
				// items with the same columns as the others, URL sources as an AI tool.
				2: nodeVersion(2, OUTPUTS, propertiesFor(2)),
			},
			{ displayName, name, icon, group, subtitle, description, defaultVersion: 2 },
		);
	}
}
