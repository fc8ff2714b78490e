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
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'mostQiApi', required: true, testedBy: 'mostQiApiTest' }],
		properties,
	};

	methods = { credentialTest: { mostQiApiTest: testMostQiCredential } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await compareAllItems(this)];
	}
}
