/** The Liveness node's parameters: the contract's names, defaults, and where each one shows. */
import type { INodeProperties, INodeParameters, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import {
	LABELS,
	LANGUAGE,
	MOVEMENTS,
	PROPERTIES,
	THRESHOLD,
	TOOL_HINTS,
} from '../../../../nodes/MostQiLiveness/description';
import { MostQiLiveness } from '../../../../nodes/MostQiLiveness/MostQiLiveness.node';

const named = (name: string) => PROPERTIES.filter((p) => p.name === name);
/** The parameter the editor shows in a normal workflow (not its AI-tool variant). */
const one = (name: string) => {
	const found = named(name).filter((p) => !p.displayOptions?.show?.['@tool']?.includes(true));
	expect(found).toHaveLength(1);
	return found[0];
};
const optionsOf = (property: INodeProperties) =>
	(property.options ?? []) as Array<{ name: string; value: string; action?: string }>;

/**
 * The parameters n8n's editor shows for `values` (the others at their defaults), in a workflow or,
 * with `tool`, as a tool of an AI Agent (n8n names a node's tool type "…Tool"), and the values
 * n8n saves.
 */
function editor(values: INodeParameters, tool = false) {
	const type = { name: tool ? 'mostQiLivenessTool' : 'mostQiLiveness' } as INodeTypeDescription;
	const node = { typeVersion: 1 };
	const parameters =
		NodeHelpers.getNodeParameters(PROPERTIES, values, true, false, node, type) ?? {};
	const shown = PROPERTIES.filter((p) =>
		NodeHelpers.displayParameter(parameters, p, node, type),
	).map((p) => p.name);
	return { shown, parameters };
}
const shownFor = (values: INodeParameters) => editor(values).shown;

test('three operations with the contract values, n8n names and actions; detect first', () => {
	const operation = one('operation');
	expect(operation.default).toBe('detect');
	expect(operation.noDataExpression).toBe(true);
	expect(
		optionsOf(operation)
			.map((o) => [o.value, o.name, o.action])
			.sort(),
	).toEqual([
		['detect', 'Detect Liveness', 'Detect liveness in a photo or video'],
		['getSessionResult', 'Get Session Result', 'Get the result of a liveness session'],
		['startSession', 'Start Session', 'Start a hosted liveness session'],
	]);
});

test('detect: the source with its three fields, binary first with field "data"', () => {
	expect(one('source').default).toBe('binary');
	expect(optionsOf(one('source')).map((o) => o.value)).toEqual(['binary', 'url', 'base64']);
	expect(one('binaryProperty').default).toBe('data');
	expect(shownFor({ operation: 'detect' })).toEqual([
		'operation',
		'source',
		'binaryProperty',
		'movements',
		'threshold',
		'frontalImageBinaryProperty',
		'options',
	]);
	expect(shownFor({ operation: 'detect', source: 'url' })).toContain('url');
	expect(shownFor({ operation: 'detect', source: 'url' })).not.toContain('binaryProperty');
	expect(shownFor({ operation: 'detect', source: 'base64' })).toContain('base64');
});

test('movements: the six MostQi names, empty by default (a passive check)', () => {
	const movements = one('movements');
	expect(movements.type).toBe('multiOptions');
	expect(movements.default).toEqual([]);
	expect(
		optionsOf(movements)
			.map((o) => o.value)
			.sort(),
	).toEqual([...MOVEMENTS].sort());
	expect(movements.description).toMatch(/empty.*passive/i);
});

test('startSession: webhook, its headers and query parameters, redirect and page options', () => {
	expect(shownFor({ operation: 'startSession' })).toEqual([
		'operation',
		'webhookUrl',
		'webhookHeaders',
		'webhookQueryParameters',
		'redirectUrl',
		'pageOptions',
		'options',
	]);
	expect(one('webhookUrl').placeholder).toBe('{{ $execution.resumeUrl }}');
	for (const name of ['webhookHeaders', 'webhookQueryParameters']) {
		const list = one(name);
		expect(list.type).toBe('fixedCollection');
		expect(list.typeOptions?.multipleValues).toBe(true);
		const [entry] = list.options as Array<{ name: string; values: INodeProperties[] }>;
		expect(entry.name).toBe('parameters');
		expect(entry.values.map((v) => v.name)).toEqual(['name', 'value']);
	}
	const page = one('pageOptions').options as INodeProperties[];
	expect(page.map((o) => o.name).sort()).toEqual([
		'failureMessage',
		'language',
		'primaryColor',
		'successMessage',
		'theme',
		'welcomeMessage',
	]);
	const language = page.find((o) => o.name === 'language')!;
	expect(
		optionsOf(language)
			.map((o) => o.value)
			.sort(),
	).toEqual(['en', 'es', 'fr', 'pt-BR']);
	expect(page.find((o) => o.name === 'primaryColor')).toMatchObject({ type: 'color', default: '' });
	// the default a message without Language uses, said in each message's description
	expect(language).toBe(LANGUAGE);
	expect(language.default).toBe('pt-BR');
	for (const message of ['welcomeMessage', 'successMessage', 'failureMessage'])
		expect(page.find((o) => o.name === message)?.description).toMatch(
			/in the page Language \(Portuguese \(Brazil\) unless Language is added\)$/,
		);
});

test.each(['webhookHeaders', 'webhookQueryParameters'])(
	'a %s Value is a password field (usually a secret)',
	(name) => {
		const value = (one(name).options as Array<{ values: INodeProperties[] }>)[0].values.find(
			(v) => v.name === 'value',
		);
		expect(value).toMatchObject({
			type: 'string',
			default: '',
			typeOptions: { password: true },
		});
	},
);

test('getSessionResult: the process ID, the threshold and the frontal face field', () => {
	expect(shownFor({ operation: 'getSessionResult' })).toEqual([
		'operation',
		'processId',
		'threshold',
		'frontalImageBinaryProperty',
		'options',
	]);
	expect(one('processId')).toMatchObject({ type: 'string', default: '', required: true });
	expect(one('frontalImageBinaryProperty').default).toBe('frontalImage');
});

test('threshold: 0 to 1, default 0.5, saying MostQi documents none for livenessScore', () => {
	expect(one('threshold')).toMatchObject({
		type: 'number',
		default: 0.5,
		typeOptions: { minValue: 0, maxValue: 1 },
	});
	expect(THRESHOLD).toMatchObject({ name: 'threshold', default: 0.5, min: 0, max: 1 });
	expect(one('threshold').description).toMatch(/no threshold for livenessScore/);
	expect(one('threshold').description).toMatch(/globalScore is above 0\.5/);
});

test('options: the shared ones, input fields kept by default, full-size face for detect only', () => {
	const options = one('options').options as INodeProperties[];
	expect(options.map((o) => [o.name, o.default])).toEqual([
		['concurrency', 4],
		['includeFullResponse', false],
		['keepInputFields', true],
		['retries', 3],
		['retryDelay', 1000],
		['returnFullFace', false],
		['timeout', 60_000],
	]);
	// sorted by label, as n8n's lint wants
	expect(options.map((o) => o.displayName)).toEqual(options.map((o) => o.displayName).sort());
	expect(options.find((o) => o.name === 'returnFullFace')?.displayOptions).toEqual({
		show: { '/operation': ['detect'] },
	});
	expect(options.find((o) => o.name === 'returnFullFace')?.displayName).toBe(LABELS.returnFullFace);
});

test('every choice list n8n lints is sorted by name; every parameter has a description', () => {
	const sorted = (list: INodeProperties) => {
		const names = optionsOf(list).map((o) => o.name);
		expect(names).toEqual([...names].sort());
	};
	sorted(one('operation'));
	sorted(one('movements'));
	const page = one('pageOptions').options as INodeProperties[];
	expect(page.map((o) => o.displayName)).toEqual(page.map((o) => o.displayName).sort());
	const described = PROPERTIES.filter(
		(p) => p.name !== 'operation' && p.name !== 'options' && p.type !== 'notice',
	);
	for (const property of described) expect(property.description).toBeTruthy();
});

describe('as a tool of an AI Agent (usableAsTool)', () => {
	test('a notice on top that a tool gets only text; hidden in a normal workflow', () => {
		expect(new MostQiLiveness().description.usableAsTool).toBe(true);
		expect(PROPERTIES[0]).toMatchObject({
			name: 'toolNotice',
			type: 'notice',
			displayOptions: { show: { '@tool': [true] } },
		});
		expect(editor({ operation: 'detect' }, true).shown[0]).toBe('toolNotice');
		expect(shownFor({ operation: 'detect' })).not.toContain('toolNotice');
	});

	test('Detect: one Selfie Source per mode, Binary File in a workflow, URL as a tool', () => {
		expect(named('source').map((p) => [p.default, p.displayOptions?.show?.['@tool']])).toEqual([
			['binary', [false]],
			['url', [true]],
		]);
		expect(named('url').map((p) => p.displayOptions?.show?.['@tool'])).toEqual([[false], [true]]);
		const tool = editor({ operation: 'detect' }, true);
		expect(tool.parameters).toMatchObject({ source: 'url', url: named('url')[1].default });
		expect(tool.shown).toEqual([
			'toolNotice',
			'operation',
			'source',
			'url',
			'movements',
			'threshold',
			'frontalImageBinaryProperty',
			'options',
		]);
		expect(editor({ operation: 'detect' }).parameters).toMatchObject({ source: 'binary' });
	});

	test.each([
		['url', { operation: 'detect', source: 'url' }],
		['processId', { operation: 'getSessionResult' }],
	] as const)(
		'the tool variant of %s asks the model for it ($fromAI), an expression that runs',
		(name, values) => {
			const variants = named(name);
			expect(variants.map((p) => p.displayOptions?.show?.['@tool'])).toEqual([[false], [true]]);
			expect(variants[0].default).toBe('');
			const fromAi = String(variants[1].default);
			expect(fromAi).toBe(`={{ $fromAI('${name}', '${TOOL_HINTS[name]}', 'string') }}`);
			// an apostrophe in the hint would end its quoted string early
			const inner = /^=\{\{([\s\S]*)\}\}$/.exec(fromAi)![1];
			const asked: unknown[][] = [];
			new Function('$fromAI', `return ${inner}`)((...args: unknown[]) => asked.push(args));
			expect(asked).toEqual([[name, TOOL_HINTS[name], 'string']]);
			// n8n saves the model's expression for a tool, the empty field in a workflow
			expect(editor(values, true).parameters[name]).toBe(fromAi);
			expect(editor(values).parameters[name]).toBe('');
			expect(editor(values, true).shown.filter((n) => n === name)).toHaveLength(1);
		},
	);

	test('Process ID stays required in both modes; the public names are unchanged', () => {
		expect(named('processId').every((p) => p.required === true)).toBe(true);
		expect(editor({ operation: 'getSessionResult' }, true).shown).toEqual([
			'toolNotice',
			'operation',
			'processId',
			'threshold',
			'frontalImageBinaryProperty',
			'options',
		]);
	});
});
