/** The Liveness node's parameters: the contract's names, defaults, and where each one shows. */
import type { INodeProperties, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import {
	LABELS,
	MOVEMENTS,
	PROPERTIES,
	THRESHOLD,
} from '../../../../nodes/MostQiLiveness/description';

const named = (name: string) => PROPERTIES.filter((p) => p.name === name);
const one = (name: string) => {
	const found = named(name);
	expect(found).toHaveLength(1);
	return found[0];
};
const optionsOf = (property: INodeProperties) =>
	(property.options ?? []) as Array<{ name: string; value: string; action?: string }>;

/** The parameters n8n's editor shows for `values` (the others at their defaults). */
function shownFor(values: INodeParameters): string[] {
	const parameters =
		NodeHelpers.getNodeParameters(PROPERTIES, values, true, false, null, null) ?? {};
	return PROPERTIES.filter((p) =>
		NodeHelpers.displayParameter(parameters, p, { typeVersion: 1 }, null),
	).map((p) => p.name);
}

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
});

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
	for (const property of PROPERTIES.filter((p) => p.name !== 'operation' && p.name !== 'options'))
		expect(property.description).toBeTruthy();
});
