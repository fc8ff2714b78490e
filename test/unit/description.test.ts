/** What the editor shows, per node version: the parameters, their defaults and their words. */
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { MostQiFaceCompare } from '../../nodes/MostQiFaceCompare/MostQiFaceCompare.node';
import codex from '../../nodes/MostQiFaceCompare/MostQiFaceCompare.node.json';

const node = new MostQiFaceCompare();
const describe_ = (version: number) => node.getNodeType(version).description as INodeTypeDescription;
const named = (properties: INodeProperties[], name: string) => properties.filter((p) => p.name === name);
const optionsOf = (version: number) => named(describe_(version).properties, 'options')[0].options as INodeProperties[];

test('two versions, 2 the default for new nodes', () => {
	expect(Object.keys(node.nodeVersions)).toEqual(['1', '2']);
	expect(node.description.defaultVersion).toBe(2);
	expect(node.getNodeType().description.version).toBe(2);
});

test('version 1 keeps its parameters: the threshold under Options, input fields off', () => {
	const v1 = describe_(1).properties;
	expect(named(v1, 'threshold')).toEqual([]);
	expect(optionsOf(1).find((o) => o.name === 'threshold')).toMatchObject({ default: 0.7 });
	expect(optionsOf(1).find((o) => o.name === 'keepInputFields')?.default).toBe(false);
	expect(named(v1, 'faceASource').map((p) => p.default)).toEqual(['binary']);
});

test('version 2: the threshold in view, input fields kept by default', () => {
	const v2 = describe_(2).properties;
	expect(named(v2, 'threshold')).toEqual([expect.objectContaining({ type: 'number', default: 0.7 })]);
	expect(optionsOf(2).find((o) => o.name === 'threshold')).toBeUndefined();
	expect(optionsOf(2).find((o) => o.name === 'keepInputFields')?.default).toBe(true);
});

test('as an AI tool: a notice on top; version 2 starts on URLs the model fills in', () => {
	for (const version of [1, 2]) {
		expect(describe_(version).properties[0]).toMatchObject({ name: 'toolNotice', type: 'notice', displayOptions: { show: { '@tool': [true] } } });
		expect(describe_(version).usableAsTool).toBe(true);
	}
	for (const side of ['A', 'B']) {
		const sources = named(describe_(2).properties, `face${side}Source`);
		expect(sources.map((p) => [p.default, p.displayOptions?.show?.['@tool']])).toEqual([
			['binary', [false]],
			['url', [true]],
		]);
		const urls = named(describe_(2).properties, `face${side}Url`);
		expect(urls.map((p) => p.displayOptions?.show?.['@tool'])).toEqual([[false], [true]]);
		expect(urls[1].default).toMatch(new RegExp(`^=\\{\\{ \\$fromAI\\('face${side}Url', '.+', 'string'\\) \\}\\}$`));
		// the expression must run: an apostrophe in the hint once ended its quoted string early
		// (n8n's editor showed "[ERROR: invalid syntax]" under Face A URL)
		const inner = /^=\{\{([\s\S]*)\}\}$/.exec(String(urls[1].default))![1];
		const asked: unknown[][] = [];
		new Function('$fromAI', `return ${inner}`)((...args: unknown[]) => asked.push(args));
		expect(asked).toEqual([[`face${side}Url`, expect.stringMatching(/URL of the/), 'string']]);
	}
});

test('units, placeholders and hints say what the builder needs', () => {
	const options = optionsOf(2);
	expect(options.find((o) => o.name === 'retryDelay')?.displayName).toBe('Retry Delay (Milliseconds)');
	expect(options.find((o) => o.name === 'timeout')?.displayName).toBe('Timeout (Milliseconds)');
	expect(options.find((o) => o.name === 'retries')?.description).toContain('"Retry On Fail"');
	const props = describe_(2).properties;
	expect(named(props, 'faceABase64')[0].placeholder).not.toMatch(/^=/);
	expect(named(props, 'faceABinaryProperty')[0].hint).toMatch(/e\.g\. selfie$/);
	expect(named(props, 'faceBBinaryProperty')[0].hint).toMatch(/e\.g\. document$/);
});

test('the canvas subtitle names sources in words, as n8n evaluates it', () => {
	const nodeTypes = { getByName: () => node, getByNameAndVersion: (_n: string, v?: number) => node.getNodeType(v), getKnownTypes: () => ({}) };
	const subtitle = (faceASource: string, faceBSource: string) => {
		const n = { id: '1', name: 'N', type: 'x', typeVersion: 2, position: [0, 0] as [number, number], parameters: { faceASource, faceBSource } };
		const workflow = new Workflow({ nodes: [n], connections: {}, active: false, nodeTypes });
		return workflow.expression.getSimpleParameterValue(n, node.description.subtitle!, 'internal', {});
	};
	expect(subtitle('binary', 'url')).toBe('Face A: Binary File ↔ Face B: URL');
	expect(subtitle('base64', 'something else')).toBe('Face A: Base64 ↔ Face B: per item');
});

test('documentation links have no #fragment (n8n appends its query after it)', () => {
	const urls = [...codex.resources.primaryDocumentation, ...codex.resources.credentialDocumentation].map((r) => r.url);
	expect(urls.length).toBeGreaterThan(0);
	for (const url of urls) expect(url).not.toContain('#');
});
