/** Whether two files are one: stored files chunk by chunk, bytes, base64 and URLs. */
import type { FileContent as FaceSource } from '../../../../../lib/mostqi/files/jsonBody';
import { isSameFace, sameUrl } from '../../../../../lib/mostqi/files/sameFace';

describe('isSameFace', () => {
	const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
	function stored(
		content: Buffer,
		chunkBytes: number,
		log: string[] = [],
		name = 'stored',
	): FaceSource {
		return {
			kind: 'stored',
			byteLength: content.length,
			open: async () =>
				(async function* () {
					log.push(`${name} opened`);
					try {
						for (let at = 0; at < content.length; at += chunkBytes) {
							log.push(`${name} chunk ${at}`);
							yield content.subarray(at, at + chunkBytes);
						}
					} finally {
						log.push(`${name} closed`);
					}
				})(),
		};
	}

	test('stored files of different sizes are told apart by their sizes alone, without opening them', async () => {
		const log: string[] = [];
		expect(
			await isSameFace(stored(bytes, 100, log, 'a'), stored(bytes.subarray(1), 100, log, 'b')),
		).toBe(false);
		expect(log).toEqual([]);
	});

	test('stored files are compared chunk by chunk, whatever the chunk sizes, and closed at the first difference', async () => {
		const changed = Buffer.from(bytes);
		changed[150] ^= 1;
		const log: string[] = [];
		expect(await isSameFace(stored(bytes, 100, log, 'a'), stored(changed, 64, log, 'b'))).toBe(
			false,
		);
		// read up to the chunks that hold byte 150, never the rest
		expect(log.filter((l) => l.includes('chunk'))).toEqual([
			'a chunk 0',
			'b chunk 0',
			'b chunk 64',
			'a chunk 100',
			'b chunk 128',
		]);
		expect(log).toContain('a closed');
		expect(log).toContain('b closed');
		expect(await isSameFace(stored(bytes, 100), stored(Buffer.from(bytes), 7))).toBe(true);
	});

	test('a stored file against bytes and base64 of the same content', async () => {
		expect(await isSameFace(stored(bytes, 33), { kind: 'bytes', bytes: Buffer.from(bytes) })).toBe(
			true,
		);
		expect(
			await isSameFace({ kind: 'base64', base64: bytes.toString('base64') }, stored(bytes, 33)),
		).toBe(true);
		expect(
			await isSameFace(
				{ kind: 'base64', base64: bytes.toString('base64') },
				{ kind: 'bytes', bytes: bytes.subarray(0, 999) },
			),
		).toBe(false);
	});

	test('a stored file that ends early is not the same', async () => {
		const short: FaceSource = {
			...(stored(bytes.subarray(0, 900), 100) as Extract<FaceSource, { kind: 'stored' }>),
			byteLength: 1000,
		};
		expect(await isSameFace(short, { kind: 'bytes', bytes })).toBe(false);
	});

	test('URLs: the same resource whatever its spelling; never a URL and a file', async () => {
		expect(sameUrl('https://EXAMPLE.com/a%20b.png', ' https://example.com:443/a b.png#x ')).toBe(
			true,
		);
		expect(sameUrl('https://example.com/a.png?sig=1', 'https://example.com/a.png?sig=2')).toBe(
			false,
		);
		expect(sameUrl('http://example.com/a.png', 'https://example.com/a.png')).toBe(false);
		expect(
			await isSameFace(
				{ kind: 'url', url: 'https://x.example/a' },
				{ kind: 'base64', base64: 'QUJD' },
			),
		).toBe(false);
	});
});
