import { BodyPool } from '../../lib/mostqi/files/jsonBody';
import { buildCompareBody } from '../../nodes/MostQiFaceCompare/requestBody';
import { makePng } from '../fixtures/images';

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

describe('BodyPool', () => {
	test('a body given back is reused for the next one that fits; the smallest fitting first', () => {
		const pool = new BodyPool(4);
		const big = pool.take(1000);
		const small = pool.take(100);
		pool.give(big);
		pool.give(small);
		const next = pool.take(50);
		expect(next.buffer).toBe(small.buffer);
		expect(next.length).toBe(50);
		expect(pool.take(900).buffer).toBe(big.buffer);
		expect(pool.take(10).buffer).not.toBe(small.buffer); // both are out again
	});

	test('never hands out one buffer twice while it is taken', () => {
		const pool = new BodyPool(4);
		const taken = Array.from({ length: 5 }, () => pool.take(64));
		expect(new Set(taken.map((b) => b.buffer)).size).toBe(5);
	});

	test('keeps at most `capacity` buffers, and ignores buffers it did not make', () => {
		const pool = new BodyPool(1);
		const a = pool.take(10);
		const b = pool.take(10);
		pool.give(a);
		pool.give(b);
		pool.give(Buffer.alloc(10));
		expect(pool.take(10).buffer).toBe(a.buffer);
		expect(pool.take(10).buffer).not.toBe(b.buffer);
	});

	test('a body built in a pooled buffer is the same as one built fresh', async () => {
		const pool = new BodyPool(2);
		const png = makePng('p');
		const first = await buildCompareBody(
			{ kind: 'bytes', bytes: Buffer.alloc(png.length * 2, 7) },
			{ kind: 'url', url: 'https://x.example/a' },
			{},
			pool,
		);
		pool.give(first);
		const second = await buildCompareBody(
			{ kind: 'bytes', bytes: png },
			{ kind: 'url', url: 'https://x.example/b' },
			{},
			pool,
		);
		expect(second.buffer).toBe(first.buffer);
		expect(second.toString()).toBe(
			JSON.stringify({
				faceFileBase64A: png.toString('base64'),
				faceFileUrlB: 'https://x.example/b',
			}),
		);
	});
});
