import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { properties } from './description';
import { testMostQiCredential } from '../../lib/mostqi/credentialTest';
import { compareAllItems } from './compareItems';

export class MostQiFaceCompare implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MostQi Face Compare',
		name: 'mostQiFaceCompare',
		icon: { light: 'file:mostqi.svg', dark: 'file:mostqi.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"Face A: " + $parameter["faceASource"] + " ↔ Face B: " + $parameter["faceBSource"]}}',
		description: 'Compare two faces (1:1 biometric verification) with MostQi',
		defaults: { name: 'MostQi Face Compare' },
		usableAsTool: true,
		// The legacy rule asks for the string 'main'; n8n 2.x and its community rules ask for the
		// constant, which is the same value.
		// eslint-disable-next-line n8n-nodes-base/node-class-description-inputs-wrong-regular-node
		inputs: [NodeConnectionTypes.Main],
		// eslint-disable-next-line n8n-nodes-base/node-class-description-outputs-wrong
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'mostQiApi', required: true, testedBy: 'mostQiApiTest' }],
		properties,
	};

	methods = { credentialTest: { mostQiApiTest: testMostQiCredential } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await compareAllItems(this)];
	}
}
