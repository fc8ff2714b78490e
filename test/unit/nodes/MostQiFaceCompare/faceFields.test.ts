/** The names and labels of each face: what the editor shows and every message says. */
import type { INodeProperties } from 'n8n-workflow';

import { propertiesFor } from '../../../../nodes/MostQiFaceCompare/description';
import { FACE_SIDES, faceFields } from '../../../../nodes/MostQiFaceCompare/faceFields';

test('Face A and Face B, in that order', () => {
	expect(FACE_SIDES).toEqual(['A', 'B']);
});

test("face A's parameter names and labels", () => {
	expect(faceFields('A')).toEqual({
		label: 'Face A',
		source: 'faceASource',
		sourceLabel: 'Face A Source',
		binaryProperty: 'faceABinaryProperty',
		binaryLabel: 'Face A Binary Field',
		url: 'faceAUrl',
		urlLabel: 'Face A URL',
		base64: 'faceABase64',
		base64Label: 'Face A Base64',
		password: 'faceAPassword',
		passwordLabel: 'Face A PDF Password',
		exampleUrlField: 'selfieUrl',
	});
});

test('face B has names of its own, none shared with face A; its example is the document', () => {
	const a = Object.values(faceFields('A'));
	const b = faceFields('B');
	expect(Object.values(b).filter((value) => a.includes(value))).toEqual([]);
	expect(b.exampleUrlField).toBe('documentUrl');
	expect(b.urlLabel).toBe('Face B URL');
});

/** Every property with its nested options (Options is a collection). */
function flatten(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((p) => [
		p,
		...flatten(((p.options ?? []) as INodeProperties[]).filter((o) => 'type' in o)),
	]);
}

test.each([1, 2])(
	'version %i: every name is a parameter of the node, shown with its label',
	(version) => {
		const properties = flatten(propertiesFor(version));
		for (const side of FACE_SIDES) {
			const f = faceFields(side);
			const pairs: Array<[string, string]> = [
				[f.source, f.sourceLabel],
				[f.binaryProperty, f.binaryLabel],
				[f.url, f.urlLabel],
				[f.base64, f.base64Label],
				[f.password, f.passwordLabel],
			];
			for (const [name, label] of pairs) {
				const shown = properties.filter((p) => p.name === name).map((p) => p.displayName);
				expect(shown.length).toBeGreaterThan(0);
				expect(new Set(shown)).toEqual(new Set([label]));
			}
		}
	},
);
