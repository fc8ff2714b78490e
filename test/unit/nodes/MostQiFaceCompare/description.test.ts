/** What the editor shows, per node version: the parameters, their defaults and their words. */
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import {
	CONCURRENCY,
	RETRIES,
	RETRY_DELAY,
	TIMEOUT,
} from '../../../../lib/mostqi/options/commonOptions';
import { REVIEW_THRESHOLD, THRESHOLD } from '../../../../nodes/MostQiFaceCompare/decisions';

import { MostQiFaceCompare } from '../../../../nodes/MostQiFaceCompare/MostQiFaceCompare.node';

const node = new MostQiFaceCompare();
const describe_ = (version: number) =>
	node.getNodeType(version).description as INodeTypeDescription;
const named = (properties: INodeProperties[], name: string) =>
	properties.filter((p) => p.name === name);
const optionsOf = (version: number) =>
	named(describe_(version).properties, 'options')[0].options as INodeProperties[];

test('version 1 keeps its parameters: the threshold under Options, input fields off', () => {
	const v1 = describe_(1).properties;
	expect(named(v1, 'threshold')).toEqual([]);
	expect(optionsOf(1).find((o) => o.name === 'threshold')).toMatchObject({ default: 0.7 });
	expect(optionsOf(1).find((o) => o.name === 'keepInputFields')?.default).toBe(false);
	expect(named(v1, 'faceASource').map((p) => p.default)).toEqual(['binary']);
});

test('version 2: the threshold in view, input fields kept by default', () => {
	const v2 = describe_(2).properties;
	expect(named(v2, 'threshold')).toEqual([
		expect.objectContaining({ type: 'number', default: 0.7 }),
	]);
	expect(optionsOf(2).find((o) => o.name === 'threshold')).toBeUndefined();
	expect(optionsOf(2).find((o) => o.name === 'keepInputFields')?.default).toBe(true);
});

test('as an AI tool: a notice on top; version 2 starts on URLs the model fills in', () => {
	for (const version of [1, 2]) {
		expect(describe_(version).properties[0]).toMatchObject({
			name: 'toolNotice',
			type: 'notice',
			displayOptions: { show: { '@tool': [true] } },
		});
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
		expect(urls[1].default).toMatch(
			new RegExp(`^=\\{\\{ \\$fromAI\\('face${side}Url', '.+', 'string'\\) \\}\\}$`),
		);
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
	expect(options.find((o) => o.name === 'retryDelay')?.displayName).toBe(
		'Retry Delay (Milliseconds)',
	);
	expect(options.find((o) => o.name === 'timeout')?.displayName).toBe('Timeout (Milliseconds)');
	expect(options.find((o) => o.name === 'retries')?.description).toContain('"Retry On Fail"');
	const props = describe_(2).properties;
	expect(named(props, 'faceABase64')[0].placeholder).not.toMatch(/^=/);
	expect(named(props, 'faceABinaryProperty')[0].hint).toMatch(/e\.g\. selfie$/);
	expect(named(props, 'faceBBinaryProperty')[0].hint).toMatch(/e\.g\. document$/);
});

const nodeTypes = {
	getByName: () => node,
	getByNameAndVersion: (_n: string, v?: number) => node.getNodeType(v),
	getKnownTypes: () => ({}),
};
/** A saved node of the given version and parameters, in a workflow n8n can evaluate against. */
function saved(
	typeVersion: number,
	parameters: Record<string, unknown>,
	extra: Record<string, unknown> = {},
) {
	const n = {
		id: '1',
		name: 'N',
		type: 'x',
		typeVersion,
		position: [0, 0] as [number, number],
		parameters: parameters as never,
		...extra,
	};
	return { n, workflow: new Workflow({ nodes: [n], connections: {}, active: false, nodeTypes }) };
}

test('the canvas subtitle names sources in words, as n8n evaluates it', () => {
	const subtitle = (faceASource: string, faceBSource: string) => {
		const { n, workflow } = saved(2, { faceASource, faceBSource });
		return workflow.expression.getSimpleParameterValue(
			n,
			node.description.subtitle!,
			'internal',
			{},
		);
	};
	expect(subtitle('binary', 'url')).toBe('Face A: Binary File ↔ Face B: URL');
	expect(subtitle('base64', 'something else')).toBe('Face A: Base64 ↔ Face B: per item');
});

describe('outputs, as n8n computes them (NodeHelpers.getNodeOutputs)', () => {
	const outputs = (typeVersion: number, parameters: Record<string, unknown>, onError?: string) => {
		const { n, workflow } = saved(typeVersion, parameters, onError ? { onError } : {});
		return NodeHelpers.getNodeOutputs(workflow, n, describe_(typeVersion)).map((o) =>
			typeof o === 'string' ? o : (o.displayName ?? o.type),
		);
	};

	test('one output unless Route by Decision is on; then Match, Review, Mismatch in this order', () => {
		expect(outputs(2, {})).toEqual(['main']);
		expect(outputs(2, { routeByDecision: false })).toEqual(['main']);
		expect(outputs(2, { routeByDecision: true })).toEqual(['Match', 'Review', 'Mismatch']);
	});

	test("n8n's error output comes after the routed ones", () => {
		expect(outputs(2, { routeByDecision: true }, 'continueErrorOutput')).toEqual([
			'Match',
			'Review',
			'Mismatch',
			'Error',
		]);
		expect(outputs(2, {}, 'continueErrorOutput')).toEqual(['Success', 'Error']);
	});

	test('version 1 keeps one output whatever is saved', () => {
		expect(outputs(1, { routeByDecision: true })).toEqual(['main']);
		expect(named(describe_(1).properties, 'routeByDecision')).toEqual([]);
	});

	test('Route by Decision: off by default, no expression, hidden as an AI tool (a tool returns the decision instead)', () => {
		expect(named(describe_(2).properties, 'routeByDecision')).toEqual([
			expect.objectContaining({
				type: 'boolean',
				default: false,
				noDataExpression: true,
				displayOptions: { show: { '@tool': [false] } },
			}),
		]);
	});

	test('Review Threshold: an option of version 2 only, unset by default', () => {
		expect(optionsOf(2).find((o) => o.name === 'reviewThreshold')).toMatchObject({
			displayName: 'Review Threshold',
			type: 'number',
		});
		expect(optionsOf(1).find((o) => o.name === 'reviewThreshold')).toBeUndefined();
		expect(named(describe_(2).properties, 'options')[0].default).toEqual({});
	});
});

test("each number setting's editor range is the one checked at run time (one declaration)", () => {
	const fields = [...describe_(2).properties, ...optionsOf(2), ...optionsOf(1)];
	for (const option of [THRESHOLD, REVIEW_THRESHOLD, CONCURRENCY, RETRIES, RETRY_DELAY, TIMEOUT]) {
		for (const field of fields.filter((f) => f.name === option.name)) {
			expect([
				field.displayName,
				field.default,
				field.typeOptions?.minValue,
				field.typeOptions?.maxValue,
			]).toEqual([option.label, option.default, option.min, option.max]);
		}
	}
});

test('thresholds take three decimals (0.725 can be typed)', () => {
	expect(named(describe_(2).properties, 'threshold')[0].typeOptions?.numberPrecision).toBe(3);
	expect(optionsOf(2).find((o) => o.name === 'reviewThreshold')?.typeOptions?.numberPrecision).toBe(
		3,
	);
});
