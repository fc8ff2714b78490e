/**
 * One photo compared with itself (a KYC approval with no second face): identical content on both
 * sides is the item's input error before any request, whatever the sources. The rule is
 * lib/mostqi/files/sameFace.ts (shared by every MostQi node); the node says it in its labels.
 */
import { compareAllItems } from '../../../../nodes/MostQiFaceCompare/compareItems';
import { readFace, sameReference } from '../../../../nodes/MostQiFaceCompare/faceInput';
import { makePng } from '../../../fixtures/images';
import type { Param } from '../../../support/fakeExecuteContext';
import { fakeExecuteContext, itemWithFaces } from '../../../support/fakeExecuteContext';
import { atRow } from '../../../support/words';

const png = makePng('unit', { side: 32 });
const b64 = png.toString('base64');
const selfie = makePng('same', { side: 64 });
const other = makePng('same', { side: 64, seed: 'doc' });

function run(
	parameters: Record<string, Param>,
	binary: Record<string, Buffer> = { selfie, document: other },
) {
	const file = (bytes: Buffer) => ({
		data: bytes.toString('base64'),
		mimeType: 'image/png',
		fileName: 'f.png',
	});
	const item = {
		...itemWithFaces(selfie, other),
		binary: Object.fromEntries(Object.entries(binary).map(([k, v]) => [k, file(v)])),
	};
	const fake = fakeExecuteContext({
		items: [item],
		continueOnFail: true,
		parameters: {
			faceASource: 'binary',
			faceABinaryProperty: 'selfie',
			faceBSource: 'binary',
			faceBBinaryProperty: 'document',
			...parameters,
		},
	});
	return { fake, output: compareAllItems(fake.ctx) };
}

const ITSELF = `so the node would compare a face with itself${atRow(0, 1)}`;

describe('the node refuses a face compared with itself, before any request', () => {
	test.each([
		[
			'the same binary field, once with a trailing space',
			{ faceBBinaryProperty: 'selfie ' },
			'Face A and Face B both come from binary field "selfie"',
		],
		[
			'the same file under two binary fields',
			{ faceBBinaryProperty: 'copy' },
			'Face A and Face B hold the same file (binary field "selfie" and binary field "copy" have the same content)',
		],
		[
			'a binary field and the same file as base64',
			{ faceBSource: 'base64', faceBBase64: `data:image/png;base64,${selfie.toString('base64')}` },
			'Face A and Face B hold the same file (binary field "selfie" and "Face B Base64" have the same content)',
		],
		[
			'the same base64 text, once URL-safe and unpadded',
			{
				faceASource: 'base64',
				faceABase64: selfie.toString('base64'),
				faceBSource: 'base64',
				faceBBase64: selfie.toString('base64url'),
			},
			'Face A and Face B hold the same file ("Face A Base64" and "Face B Base64" have the same content)',
		],
		[
			'the same URL spelled twice',
			{
				faceASource: 'url',
				faceAUrl: 'https://Files.Example.com:443/kyc/a.png',
				faceBSource: 'url',
				faceBUrl: 'https://files.example.com/kyc/a.png#page',
			},
			'Face A and Face B both name the same file ("Face A URL" and "Face B URL" are one address written two ways)',
		],
	])('%s', async (_name, parameters, message) => {
		const { fake, output } = run(parameters, {
			selfie,
			document: other,
			copy: Buffer.from(selfie),
		});
		const { json } = (await output)[0];
		expect(json.error).toContain(`${message}, ${ITSELF}`);
		expect(json.errorCode).toBe('INVALID_INPUT');
		expect(fake.requests).toHaveLength(0);
	});

	test.each([
		['two different files', {}],
		['files of the same size that differ', { faceBBinaryProperty: 'twin' }],
		[
			'a URL and a file (MostQi downloads the URL; it cannot be compared)',
			{ faceASource: 'url', faceAUrl: 'https://files.example.com/a.png' },
		],
		[
			'different URLs',
			{
				faceASource: 'url',
				faceAUrl: 'https://x.example/a.png',
				faceBSource: 'url',
				faceBUrl: 'https://x.example/a.png?v=2',
			},
		],
	])('%s are compared', async (_name, parameters) => {
		const twin = Buffer.from(selfie);
		twin[twin.length - 1] ^= 1;
		const { fake, output } = run(parameters, { selfie, document: other, twin });
		expect((await output)[0].json.error).toBeUndefined();
		expect(fake.requests).toHaveLength(1);
	});
});

describe('which faces hold the same file, in the words of the fields (the rule: lib/mostqi/files/sameFace.ts)', () => {
	const file = { data: png.toString('base64'), mimeType: 'image/png' };
	const same = async (parameters: Record<string, Param>) => {
		const { ctx } = fakeExecuteContext({
			items: [{ json: {}, binary: { data: file, copy: file } }],
			parameters,
		});
		return await sameReference(ctx, 0, await readFace(ctx, 0, 'A'), await readFace(ctx, 0, 'B'));
	};

	test.each([
		[
			{
				faceASource: 'binary',
				faceBSource: 'binary',
				faceABinaryProperty: 'data',
				faceBBinaryProperty: 'data',
			},
			'both come from binary field "data"',
		],
		[
			{
				faceASource: 'binary',
				faceBSource: 'binary',
				faceABinaryProperty: ' data ',
				faceBBinaryProperty: 'data',
			},
			'both come from binary field "data"',
		],
		[
			{ faceASource: 'url', faceBSource: 'url', faceAUrl: 'https://x/a', faceBUrl: 'https://x/a' },
			'both come from the same URL',
		],
		[
			{ faceASource: 'base64', faceBSource: 'base64', faceABase64: b64, faceBBase64: b64 },
			'hold the same file ("Face A Base64" and "Face B Base64" have the same content)',
		],
		[
			{
				faceASource: 'binary',
				faceBSource: 'binary',
				faceABinaryProperty: 'data',
				faceBBinaryProperty: 'copy',
			},
			'hold the same file (binary field "data" and binary field "copy" have the same content)',
		],
	])('%p %s', async (parameters, expected) => {
		expect(await same(parameters)).toBe(expected);
	});

	test.each([
		[
			{
				faceASource: 'binary',
				faceBSource: 'url',
				faceABinaryProperty: 'data',
				faceBUrl: 'https://x/data',
			},
		],
		[{ faceASource: 'url', faceBSource: 'url', faceAUrl: 'https://x/a', faceBUrl: 'https://x/b' }],
		[
			{
				faceASource: 'base64',
				faceBSource: 'binary',
				faceABase64: makePng('other', { side: 32 }).toString('base64'),
				faceBBinaryProperty: 'data',
			},
		],
	])('%p is not', async (parameters) => {
		expect(await same(parameters)).toBeUndefined();
	});
});
