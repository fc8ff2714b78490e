import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { testMostQiCredential } from '../../lib/mostqi/transport/credentialTest';
import { PROPERTIES, SUBTITLE } from './description';
import { livenessAllItems } from './livenessItems';

/**
 * MostQi's proof of life (shared/CONTRACT.md, `mostQiLiveness`): a photo or video checked at
 * once, or a hosted check the person opens, then its result. The description is literal here so
 * that n8n's lint and the community package scanner can read it.
 */
export class MostQiLiveness implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MostQi Liveness',
		name: 'mostQiLiveness',
		icon: { light: 'file:mostqi.svg', dark: 'file:mostqi.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: SUBTITLE,
		description:
			'Prove that a live person is in front of the camera (liveness check for onboarding) with MostQi',
		defaults: { name: 'MostQi Liveness' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'mostQiApi', required: true, testedBy: 'mostQiApiTest' }],
		properties: PROPERTIES,
	};

	methods = { credentialTest: { mostQiApiTest: testMostQiCredential } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await livenessAllItems(this);
	}
}
