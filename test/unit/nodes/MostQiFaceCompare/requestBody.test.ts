import { buildCompareBody } from '../../../../nodes/MostQiFaceCompare/requestBody';
import { makePng } from '../../../fixtures/images';

describe('buildCompareBody', () => {
	test.each([1, 2, 3, 4, 100, 3 * 64 * 1024 - 1, 3 * 64 * 1024, 3 * 64 * 1024 + 1, 1_000_003])(
		'writes a %i-byte file exactly as JSON.stringify of its base64 would',
		async (size) => {
			const bytes = Buffer.alloc(size, 0xab);
			bytes[size - 1] = 0x01;
			const body = await buildCompareBody(
				{ kind: 'bytes', bytes },
				{ kind: 'url', url: 'https://example.com/b.jpg?x="y"' },
			);
			expect(body.toString('utf8')).toBe(
				JSON.stringify({
					faceFileBase64A: bytes.toString('base64'),
					faceFileUrlB: 'https://example.com/b.jpg?x="y"',
				}),
			);
		},
	);

	test('base64 faces are sent as given and PDF passwords base64-encoded', async () => {
		const png = makePng('a');
		const body = JSON.parse(
			(
				await buildCompareBody(
					{ kind: 'base64', base64: png.toString('base64') },
					{ kind: 'bytes', bytes: png },
					{ A: 'pässwörd', B: 'x"y' },
				)
			).toString('utf8'),
		);
		expect(body).toEqual({
			faceFileBase64A: png.toString('base64'),
			faceFilePasswordA: Buffer.from('pässwörd').toString('base64'),
			faceFileBase64B: png.toString('base64'),
			faceFilePasswordB: Buffer.from('x"y').toString('base64'),
		});
	});

	/** A stored file whose stream yields chunks of the given sizes (any size, not only multiples of 3). */
	const stored = (bytes: Buffer, chunkSizes: number[], byteLength = bytes.length) => ({
		kind: 'stored' as const,
		byteLength,
		open: async () =>
			(async function* () {
				let at = 0;
				for (let i = 0; at < bytes.length; i++) {
					const size = chunkSizes[i % chunkSizes.length];
					yield bytes.subarray(at, at + size);
					at += size;
				}
			})(),
	});

	test.each([[[1]], [[2, 5, 7]], [[3 * 64 * 1024]], [[65536]], [[100_000, 1]]])(
		'a stored file streamed in chunks of %j is written exactly like its bytes',
		async (chunks) => {
			const bytes = Buffer.from(Array.from({ length: 300_001 }, (_, i) => (i * 7) % 256));
			const small = bytes.subarray(0, chunks[0] === 1 ? 1000 : bytes.length);
			const body = await buildCompareBody(stored(small, chunks), { kind: 'bytes', bytes: small });
			expect(body.toString('utf8')).toBe(
				JSON.stringify({
					faceFileBase64A: small.toString('base64'),
					faceFileBase64B: small.toString('base64'),
				}),
			);
		},
	);

	test('a stored file that changed size while read is an error, not a wrong body', async () => {
		const bytes = Buffer.alloc(1000, 1);
		await expect(
			buildCompareBody(stored(bytes, [300], 900), { kind: 'url', url: 'https://x.example/b' }),
		).rejects.toThrow(/changed while it was read/);
		await expect(
			buildCompareBody(stored(bytes, [300], 1100), { kind: 'url', url: 'https://x.example/b' }),
		).rejects.toThrow(/1000 bytes instead of 1100/);
	});
});
