/** The node as n8n loads it: type, version, credential test, subtitle. */
import { MostQiLiveness } from '../../../../nodes/MostQiLiveness/MostQiLiveness.node';

test('the node: its type, version, credential test and the shared options', () => {
	const { description, methods } = new MostQiLiveness();
	expect(description).toMatchObject({
		name: 'mostQiLiveness',
		displayName: 'MostQi Liveness',
		version: 1,
		usableAsTool: true,
		credentials: [{ name: 'mostQiApi', required: true, testedBy: 'mostQiApiTest' }],
		icon: { light: 'file:mostqi.svg', dark: 'file:mostqi.dark.svg' },
	});
	expect(typeof methods.credentialTest.mostQiApiTest).toBe('function');
	expect(description.subtitle).toContain('"detect":"Detect Liveness"');
});
