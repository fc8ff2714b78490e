import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

/** One input item for a test: JSON fields and files, stored by n8n as binary data. */
export interface SourceItem {
	json?: Record<string, unknown>;
	files?: Record<string, { bytes: Buffer; mimeType?: string; fileName?: string }>;
}

const fixtures = new Map<string, SourceItem[]>();

export function registerItems(items: SourceItem[]): string {
	const key = `items-${fixtures.size + 1}`;
	fixtures.set(key, items);
	return key;
}

/**
 * The start of the test workflows: emits registered items, storing their files through n8n's
 * own binary data service (so in filesystem mode `binary.data` is a marker and the bytes live
 * on disk), as a Form Trigger or HTTP Request would.
 */
export class TestSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Source',
		name: 'testSource',
		group: ['input'],
		version: 1,
		description: 'Emits test items',
		defaults: { name: 'Test Source' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Fixture', name: 'fixture', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = fixtures.get(this.getNodeParameter('fixture', 0) as string) ?? [];
		const out: INodeExecutionData[] = [];
		for (const item of items) {
			const binary: INodeExecutionData['binary'] = {};
			for (const [name, file] of Object.entries(item.files ?? {})) {
				binary[name] = await this.helpers.prepareBinaryData(
					file.bytes,
					file.fileName ?? `${name}.png`,
					file.mimeType ?? 'image/png',
				);
			}
			out.push({
				json: (item.json ?? {}) as INodeExecutionData['json'],
				...(Object.keys(binary).length > 0 ? { binary } : {}),
				pairedItem: { item: 0 },
			});
		}
		return [out];
	}
}
