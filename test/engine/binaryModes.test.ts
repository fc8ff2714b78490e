/**
 * Binary faces in whichever binary data mode this run of jest set up (jest.config.js runs this
 * file in n8n's filesystem mode and again in its default, in-memory mode).
 */
import { makePng } from '../fixtures/images';
import { expectOneFreshTokenPerCompare, useEmulator } from './context';

const ctx = useEmulator();
const mode = process.env.N8N_DEFAULT_BINARY_DATA_MODE;

test(`binary faces in n8n's ${mode} binary data mode are read and passed through unchanged`, async () => {
	const selfie = makePng('ana', { seed: 'selfie' });
	const documentPhoto = makePng('ana', { seed: 'document' });
	const { output } = await ctx.run({
		items: [
			{
				json: { customer: 'ana' },
				files: { selfie: { bytes: selfie }, document: { bytes: documentPhoto } },
			},
		],
		parameters: {},
	});
	const [item] = output!;
	expect(item.json).toMatchObject({
		isMatch: true,
		similarity: ctx.emulator.compares()[0].similarity,
	});
	if (mode === 'default') {
		// the file is in the item: no id, the bytes as base64
		expect(item.binary?.selfie.id).toBeUndefined();
		expect(item.binary?.selfie.data).toBe(selfie.toString('base64'));
	} else {
		expect(item.binary?.selfie.id).toMatch(new RegExp(`^${mode}`));
		expect(item.binary?.selfie.data).not.toBe(selfie.toString('base64'));
	}
	expect(ctx.emulator.compares()[0].faces).toEqual({ A: 'ana', B: 'ana' });
	expectOneFreshTokenPerCompare(ctx.emulator);
});
