/**
 * One photo compared with itself (a KYC approval with no second face): identical content on both
 * sides is the item's input error before any request, whatever the sources. The rule is
 * lib/mostqi/files/sameFace.ts (shared by every MostQi node); the node says it in its labels.
 */
import type { FileContent as FaceSource } from '../../lib/mostqi/files/jsonBody';
import { isSameFace, sameUrl } from '../../lib/mostqi/files/sameFace';
import { compareAllItems } from '../../nodes/MostQiFaceCompare/compareItems';
import { makePng } from '../fixtures/images';
import type { Param } from './fakeContext';
import { fakeContext, itemWithFaces } from './fakeContext';

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
	const fake = fakeContext({
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

const ITSELF = 'so the node would compare a face with itself (row 1 of 1, item 0 counting from 0)';

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
