/**
 * How a binary face is read: a file n8n stores outside the item is streamed (only its size and
 * first bytes are read up front); a file in the item, or one whose metadata n8n cannot give, is
 * read whole through getBinaryDataBuffer.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { readFace } from '../../nodes/MostQiFaceCompare/faceInput';
import { makePng } from '../fixtures/images';

const png = makePng('unit', { side: 200 });

function context(binary: Record<string, unknown>, helpers: Record<string, unknown>) {
	const parameters: Record<string, unknown> = {
		faceASource: 'binary',
		faceABinaryProperty: 'selfie',
	};
	return {
		getNodeParameter: (name: string, _i: number, fallback?: unknown) =>
			parameters[name] ?? fallback,
		getInputData: () => [
			{ json: {}, binary: { selfie: { mimeType: 'image/png', data: 'filesystem-v2', ...binary } } },
		],
		getNode: () => ({
			name: 'MostQi Face Compare',
			type: 'test',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		helpers,
	} as unknown as IExecuteFunctions;
}

async function* chunks(bytes: Buffer, size: number) {
	for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

test('a stored file is streamed: size from its metadata, format from its first bytes only', async () => {
	const getBinaryDataBuffer = jest.fn();
	const getBinaryStream = jest.fn(async () => chunks(png, 1000));
	const ctx = context(
		{ id: 'filesystem-v2:abc' },
		{
			getBinaryMetadata: async () => ({ fileSize: png.length }),
			getBinaryStream,
			getBinaryDataBuffer,
		},
	);
	const face = await readFace(ctx, 0, 'A');
	expect(face).toMatchObject({ kind: 'stored', byteLength: png.length, format: 'png' });
	expect(getBinaryDataBuffer).not.toHaveBeenCalled();
	// checking the format reads only the signature's bytes
	expect(getBinaryStream.mock.calls).toEqual([['filesystem-v2:abc', 32]]);
	// the body then streams it in 3-byte-aligned chunks
	if (face.kind === 'stored') await face.open();
	expect(getBinaryStream.mock.calls[1]).toEqual(['filesystem-v2:abc', 3 * 64 * 1024]);
});

test('a stored file over the size limit is refused from its metadata, without reading it', async () => {
	const ctx = context(
		{ id: 'filesystem-v2:big' },
		{
			getBinaryMetadata: async () => ({ fileSize: 21_000_000 }),
			getBinaryStream: async () => chunks(png, 1000),
		},
	);
	await expect(readFace(ctx, 0, 'A')).rejects.toThrow(
		/21 MB, over MostQi's 20 MB limit for an image \(row 1 of 1, item 0 counting from 0\)/,
	);
});

test('without metadata, the file is read whole as before', async () => {
	const ctx = context(
		{ id: 's3:abc' },
		{
			getBinaryMetadata: async () => {
				throw new Error('no metadata');
			},
			getBinaryDataBuffer: async () => png,
		},
	);
	await expect(readFace(ctx, 0, 'A')).resolves.toMatchObject({ kind: 'bytes', format: 'png' });
});

test('a file kept in the item itself is read whole', async () => {
	const getBinaryMetadata = jest.fn();
	const ctx = context(
		{ data: png.toString('base64') },
		{ getBinaryMetadata, getBinaryDataBuffer: async () => png },
	);
	await expect(readFace(ctx, 0, 'A')).resolves.toMatchObject({ kind: 'bytes', format: 'png' });
	expect(getBinaryMetadata).not.toHaveBeenCalled();
});
