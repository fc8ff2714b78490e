/** The table of file sources: the editor's choices, the values a per-item expression may give. */
import {
	FILE_SOURCES,
	SOURCE_VALUES,
	sourceChoices,
	sourceNameExpression,
} from '../../../../../lib/mostqi/files/fileSources';

test('three sources, binary first (the editor default), each with a name and description', () => {
	expect(FILE_SOURCES.map(({ name, value }) => [value, name])).toEqual([
		['binary', 'Binary File'],
		['url', 'URL'],
		['base64', 'Base64'],
	]);
	for (const source of FILE_SOURCES) expect(source.description).toMatch(/^[A-Z]/);
	expect(SOURCE_VALUES).toEqual(['binary', 'url', 'base64']);
});

test('the values quoted for a message, joined with "or" or "and"', () => {
	expect(sourceChoices('or')).toBe('"binary", "url" or "base64"');
	expect(sourceChoices('and')).toBe('"binary", "url" and "base64"');
});

describe('the canvas name of a source parameter', () => {
	/** The fragment evaluated as n8n evaluates it, with $parameter holding the saved value. */
	const shown = (saved: unknown) =>
		new Function('$parameter', `return ${sourceNameExpression('faceASource')};`)({
			faceASource: saved,
		}) as string;

	test.each(FILE_SOURCES.map((source) => [source.value, source.name]))(
		'%s is shown as %s',
		(value, name) => {
			expect(shown(value)).toBe(name);
		},
	);

	test('an expression (or anything else) is "per item"', () => {
		expect(shown('={{ $json.photoUrl ? "url" : "binary" }}')).toBe('per item');
		expect(shown(undefined)).toBe('per item');
	});

	test('reads the parameter it is given', () => {
		expect(sourceNameExpression('selfieSource')).toContain('$parameter["selfieSource"]');
	});
});
