/**
 * Every rule of reading a file, source by source, with each message a builder would see (here
 * through Face Compare's faces); the engine's bad-input tests run the same rules inside n8n. A
 * file n8n stores outside the item is streamed (only its size and first bytes are read up front).
 */
import type { INodeExecutionData } from 'n8n-workflow';
import { ExpressionError, NodeOperationError } from 'n8n-workflow';

import { compareAllItems } from '../../../../../nodes/MostQiFaceCompare/compareItems';
import { readFace } from '../../../../../nodes/MostQiFaceCompare/faceInput';
import type { FileFields } from '../../../../../lib/mostqi/files/fileInput';
import { readFileInput } from '../../../../../lib/mostqi/files/fileInput';
import { survivesN8n } from '../../../../../lib/mostqi/messages';
import { faceFields } from '../../../../../nodes/MostQiFaceCompare/faceFields';
import { SELFIE_FIELDS } from '../../../../../nodes/MostQiLiveness/request';
import { makePdf, makePng } from '../../../../fixtures/images';
import type { Param } from '../../../../support/fakeExecuteContext';
import { fakeExecuteContext } from '../../../../support/fakeExecuteContext';
import { atRow, rowPattern } from '../../../../support/words';

const png = makePng('unit', { side: 32 });
const b64 = png.toString('base64');

function read(
	parameters: Record<string, Param>,
	item: INodeExecutionData = { json: {} },
	side: 'A' | 'B' = 'A',
) {
	const { ctx } = fakeExecuteContext({ items: [item], parameters });
	return readFace(ctx, 0, side);
}
const fails = async (promise: Promise<unknown>) => {
	try {
		await promise;
	} catch (error) {
		return error as Error & { description?: string; context: Record<string, unknown> };
	}
	throw new Error('expected an item error');
};

describe('source', () => {
	test.each([
		[undefined, 'empty'],
		['', 'empty'],
		['file', '"file"'],
		[3, '3'],
	])('%p is an item error naming what it got', async (value, shown) => {
		const error = await fails(read({ faceASource: value }));
		expect(error.message).toBe(
			`Face A: "Face A Source" must be "binary", "url" or "base64", not ${shown}${atRow(0, 1)}`,
		);
		expect(error.description).toContain("{{ $json.selfieUrl ? 'url' : 'binary' }}");
		expect(error.context.errorCode).toBe('INVALID_INPUT');
	});

	test("face B's advice names the document", async () => {
		const error = await fails(read({ faceBSource: 'x' }, { json: {} }, 'B'));
		expect(error.description).toContain('$json.documentUrl');
	});

	test('a source with spaces around it is accepted', async () => {
		await expect(
			read({ faceASource: ' url ', faceAUrl: 'https://a.example/x.png' }),
		).resolves.toEqual({ kind: 'url', url: 'https://a.example/x.png' });
	});
});

describe('URL', () => {
	const url = (faceAUrl: Param) => read({ faceASource: 'url', faceAUrl });

	test('kept as the parsed URL, trimmed', async () => {
		await expect(url('  https://files.example.com/a b.png ')).resolves.toEqual({
			kind: 'url',
			url: 'https://files.example.com/a%20b.png',
		});
		await expect(url('http://127.0.0.1:8787/x.png')).resolves.toMatchObject({ kind: 'url' });
	});

	test.each([
		['', 'Face A: "Face A URL" is empty', 'Enter the http(s) address'],
		['   ', 'Face A: "Face A URL" is empty', 'Enter the http(s) address'],
		['files/x.png', 'Face A: "Face A URL" is not a valid URL', 'starting with https://'],
		[
			'ftp://h/x.png',
			'Face A: "Face A URL" uses "ftp", but MostQi downloads only http and https URLs',
			'Read/Write Files from Disk',
		],
		[
			'https://user:pw@h.example/x.png',
			'Face A: "Face A URL" has a user name or password in it',
			'pre-signed or public URL',
		],
		[
			'https://user@h.example/x.png',
			'Face A: "Face A URL" has a user name or password in it',
			'pre-signed or public URL',
		],
	])('%p: %s', async (value, message, advice) => {
		const error = await fails(url(value));
		expect(error.message).toBe(`${message}${atRow(0, 1)}`);
		expect(error.description).toContain(advice);
	});

	test.each([
		[{ u: 1 }, 'object'],
		[['a'], 'a list'],
		[null, 'null'],
		[42, 'number'],
	])('an expression giving %p is named as %s', async (value, kind) => {
		const error = await fails(url(value));
		expect(error.message).toBe(
			`Face A: "Face A URL" must be text but its expression gave ${kind}${atRow(0, 1)}`,
		);
		expect(error.description).toContain('returns a string');
	});
});

describe('base64', () => {
	const base64 = (faceABase64: Param) => read({ faceASource: 'base64', faceABase64 });

	test('plain, with a data: prefix, with line breaks, URL-safe or unpadded: the same bytes', async () => {
		for (const text of [
			b64,
			`data:image/png;base64,${b64}`,
			`DATA:IMAGE/PNG;BASE64,${b64}`,
			`data:;base64,${b64}`,
			`data:application/octet-stream;base64,${b64}`,
			b64.replace(/(.{76})/g, '$1\r\n'),
			`  ${b64}  `,
			png.toString('base64url'),
		]) {
			const face = await base64(text);
			expect(face).toMatchObject({ kind: 'base64', format: 'png' });
			expect(Buffer.from((face as { base64: string }).base64, 'base64')).toEqual(png);
			expect((face as { base64: string }).base64.length % 4).toBe(0);
		}
	});

	test('a PDF is accepted as base64', async () => {
		await expect(
			base64(`data:application/pdf;base64,${makePdf('x').toString('base64')}`),
		).resolves.toMatchObject({ format: 'pdf' });
	});

	test.each([
		['', '"Face A Base64" is empty', 'Map the field'],
		['data:image/png;base64,', '"Face A Base64" is empty', 'Map the field'],
		['abc$def', '"Face A Base64" is not valid base64', 'letters, digits'],
		['abcde', '"Face A Base64" is not valid base64', 'letters, digits'],
		['ab=c', '"Face A Base64" is not valid base64', 'letters, digits'],
		[
			`data:text/html;base64,${b64}`,
			'"Face A Base64" is a data URL of type "text/html", not an image or PDF',
			'the file of the face itself',
		],
		[
			`data:image/png,${b64}`,
			'"Face A Base64" is a data URL that is not base64-encoded',
			'data:image/jpeg;base64',
		],
		[
			Buffer.from('<html>error</html>').toString('base64'),
			'the file in "Face A Base64" is an HTML page, not an image or PDF that MostQi accepts',
			'first bytes',
		],
	])('%p: %s', async (value, message, advice) => {
		const error = await fails(base64(value));
		expect(error.message).toBe(`Face A: ${message}${atRow(0, 1)}`);
		expect(error.description).toContain(advice);
	});

	test('an expression that gives a number is named', async () => {
		const error = await fails(base64(7));
		expect(error.message).toBe(
			`Face A: "Face A Base64" must be text but its expression gave number${atRow(0, 1)}`,
		);
	});

	test('an image over 20 MB, from its base64 length alone', async () => {
		const big = Buffer.concat([png.subarray(0, 64), Buffer.alloc(21_000_000 - 64)]).toString(
			'base64',
		);
		const error = await fails(base64(big));
		expect(error.message).toBe(
			`Face A: the file in "Face A Base64" is 21 MB, over MostQi's 20 MB limit for an image${atRow(0, 1)}`,
		);
		expect(error.description).toContain('Edit Image');
	});

	test('text longer than the largest PDF is refused before it is read', async () => {
		const error = await fails(base64('A'.repeat(70_000_000)));
		expect(error.message).toMatch(
			/^Face A: the file in "Face A Base64" is over 50 MB \(52\.5 MB as base64 text\), over MostQi's limits \(20 MB for an image, 50 MB for a PDF\)/,
		);
	});

	test('the byte length counts the padding', async () => {
		// 1 and 2 bytes past a multiple of 3 give one and two "=": still a PNG of the right size
		for (const extra of [1, 2]) {
			const bytes = Buffer.concat([png, Buffer.alloc(extra)]);
			const face = await base64(bytes.toString('base64').replace(/=+$/, ''));
			expect(Buffer.from((face as { base64: string }).base64, 'base64').length).toBe(bytes.length);
		}
	});
});

describe('binary', () => {
	const file = (bytes: Buffer) => ({ data: bytes.toString('base64'), mimeType: 'image/png' });
	const binary = (name: Param, item: INodeExecutionData) =>
		read({ faceASource: 'binary', faceABinaryProperty: name }, item);

	test('an in-item file is read whole and checked', async () => {
		await expect(
			binary(' selfie ', { json: {}, binary: { selfie: file(png) } }),
		).resolves.toMatchObject({ kind: 'bytes', format: 'png', bytes: png });
	});

	test('an empty field name', async () => {
		const error = await fails(binary('', { json: {} }));
		expect(error.message).toBe(`Face A: "Face A Binary Field" is empty${atRow(0, 1)}`);
		expect(error.description).toContain('Binary tab');
	});

	test("a missing field lists the item's binary fields, a case slip, and a JSON field of that name", async () => {
		const error = await fails(
			binary('selfie', {
				json: { selfie: 'iVBOR…' },
				binary: { Selfie: file(png), photo: file(png) },
			}),
		);
		expect(error.message).toBe(`Face A: this item has no binary field "selfie"${atRow(0, 1)}`);
		expect(error.description).toBe(
			'Field names are case-sensitive: did you mean "Selfie"? Its binary fields are: "Selfie", "photo". Set "Face A Binary Field" to one of them. "selfie" exists as a JSON field; if it holds base64 text, set the source to Base64 and use an expression such as {{ $json["selfie"] }}.',
		);
	});

	test('an item without any file says so', async () => {
		const error = await fails(binary('selfie', { json: {} }));
		expect(error.description).toBe(
			'It has no binary fields at all: the previous node produced no file. Check that it downloads or reads the file, or choose the URL or Base64 source.',
		);
	});

	test('inherited names are not files', async () => {
		for (const name of ['constructor', 'toString', '__proto__']) {
			const error = await fails(binary(name, { json: {}, binary: { selfie: file(png) } }));
			expect(error.message).toBe(`Face A: this item has no binary field "${name}"${atRow(0, 1)}`);
		}
	});

	test('an empty file', async () => {
		const error = await fails(
			binary('selfie', { json: {}, binary: { selfie: file(Buffer.alloc(0)) } }),
		);
		expect(error.message).toBe(`Face A: binary field "selfie" is empty (0 bytes)${atRow(0, 1)}`);
		expect(error.description).toContain('really produced the file');
	});

	test('a PDF over 50 MB', async () => {
		const pdf = Buffer.concat([makePdf('x'), Buffer.alloc(50_100_000)]);
		const error = await fails(binary('selfie', { json: {}, binary: { selfie: file(pdf) } }));
		expect(error.message).toMatch(
			/^Face A: binary field "selfie" is 50\.1 MB, over MostQi's 50 MB limit for a PDF/,
		);
	});

	test('a field name from an expression that is not text', async () => {
		const error = await fails(binary({ name: 'selfie' }, { json: {} }));
		expect(error.message).toBe(
			`Face A: "Face A Binary Field" must be text but its expression gave object${atRow(0, 1)}`,
		);
	});
});

describe('an expression that fails in a face field', () => {
	const broken = () => {
		throw new ExpressionError("Cannot read properties of undefined (reading 'z')", {
			description: 'The expression reads a field the item lacks',
			itemIndex: 0,
		});
	};

	test.each([
		['Face A Source', { faceASource: broken }],
		['Face A Binary Field', { faceASource: 'binary', faceABinaryProperty: broken }],
		['Face A URL', { faceASource: 'url', faceAUrl: broken }],
		['Face A Base64', { faceASource: 'base64', faceABase64: broken }],
	])(
		'"%s" is the item\'s INVALID_INPUT, naming the face, the field and the row',
		async (label, parameters) => {
			const error = await fails(read(parameters));
			expect(error.message).toBe(
				`Face A: the expression in "${label}" failed: Cannot read properties of undefined (reading 'z')${atRow(0, 1)}`,
			);
			expect(error.description).toBe(
				`Open "${label}" and fix its expression for this item (the field shows its result below it). A field this item lacks makes it fail: give it a default, for example {{ $json.photo?.url ?? '' }}. n8n says: The expression reads a field the item lacks`,
			);
			expect(error.context.errorCode).toBe('INVALID_INPUT');
		},
	);

	test('with Continue, the item says INVALID_INPUT, not UNKNOWN', async () => {
		const { ctx } = fakeExecuteContext({
			items: [{ json: {} }],
			continueOnFail: true,
			parameters: {
				faceASource: 'url',
				faceAUrl: broken,
				faceBSource: 'url',
				faceBUrl: 'https://x.example/b.png',
			},
		});
		const [item] = await compareAllItems(ctx);
		expect(item.json).toMatchObject({
			errorCode: 'INVALID_INPUT',
			error: expect.stringContaining('Face A: the expression in "Face A URL" failed'),
		});
	});
});

test('a field name copied from such a message still names the field', async () => {
	const copied = survivesN8n('residencePermit');
	expect(copied).not.toBe('residencePermit');
	const file = {
		data: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1').toString('base64'),
		mimeType: 'image/gif',
	};
	const fake = fakeExecuteContext({
		items: [{ json: {}, binary: { residencePermit: file } }],
		parameters: { faceASource: 'binary', faceABinaryProperty: copied },
	});
	await expect(readFace(fake.ctx, 0, 'A')).resolves.toMatchObject({
		kind: 'bytes',
		binaryField: 'residencePermit',
	});
});

describe('a file n8n stores outside the item', () => {
	const png = makePng('unit', { side: 200 });

	function context(binary: Record<string, unknown>, helpers: Record<string, unknown>) {
		const selfie = { mimeType: 'image/png', data: 'filesystem-v2', ...binary };
		return fakeExecuteContext({
			items: [{ json: {}, binary: { selfie } }],
			parameters: { faceASource: 'binary', faceABinaryProperty: 'selfie' },
			helpers,
		}).ctx;
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
			new RegExp(`21 MB, over MostQi's 20 MB limit for an image ${rowPattern(0, 1)}`),
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
});

/** Videos: the Liveness selfie takes them; a face of Face Compare still does not. */
const latin1 = (text: string) => Buffer.from(text, 'latin1');
const MP4 = latin1('\0\0\0\x18ftypisom\0\0\x02\0isomiso2');
const MOV = latin1('\0\0\0\x14ftypqt  \0\0\x02\0');
const WEBM = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]);
const AVI = latin1('RIFF\0\0\0\0AVI LIST');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const PDF = latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');

/** readFileInput on the shared fake context: one item, these parameters. */
async function readLiveness(fields: FileFields, bytes: Buffer, asDataUrl?: string) {
	const base64 = asDataUrl
		? `data:${asDataUrl};base64,${bytes.toString('base64')}`
		: bytes.toString('base64');
	const { ctx } = fakeExecuteContext({
		parameters: { [fields.source]: 'base64', [fields.base64]: base64 },
	});
	return await readFileInput(ctx, 0, fields);
}

async function refusal(fields: FileFields, bytes: Buffer, asDataUrl?: string) {
	const error = await readLiveness(fields, bytes, asDataUrl).then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	expect(error).toBeInstanceOf(NodeOperationError);
	const { message, description } = error as NodeOperationError;
	return { message: message.replace(/\u2060/g, ''), description };
}

describe('the selfie input takes photos and videos', () => {
	test('a video, as base64 text or a data: URL of a video type', async () => {
		expect(await readLiveness(SELFIE_FIELDS, MP4)).toMatchObject({ kind: 'base64', format: 'mp4' });
		expect(await readLiveness(SELFIE_FIELDS, WEBM, 'video/webm')).toMatchObject({ format: 'webm' });
		expect(await readLiveness(SELFIE_FIELDS, PNG)).toMatchObject({ format: 'png' });
	});

	test('a stored binary video too', async () => {
		const { ctx } = fakeExecuteContext({
			parameters: { source: 'binary', binaryProperty: 'clip' },
			items: [
				{
					json: {},
					binary: { clip: { data: MOV.toString('base64'), mimeType: 'video/quicktime' } },
				},
			],
		});
		expect(await readFileInput(ctx, 0, SELFIE_FIELDS)).toMatchObject({
			kind: 'bytes',
			format: 'mov',
			binaryField: 'clip',
		});
	});

	test('a PDF is no selfie; the message names it and what MostQi takes', async () => {
		const { message, description } = await refusal(SELFIE_FIELDS, PDF);
		expect(message).toMatch(
			/^Selfie: the file in "Selfie Base64" is a PDF, not a photo or video that MostQi accepts/,
		);
		expect(description).toContain('videos in MP4, MOV, 3GP, WebM/Matroska or AVI');
		expect(description).not.toContain('or PDF');
	});

	test("a data: URL of another type is refused in the selfie's words", async () => {
		const { message, description } = await refusal(SELFIE_FIELDS, MP4, 'audio/mp4');
		expect(message).toMatch(/is a data URL of type "audio\/mp4", not a photo or video/);
		expect(description).toMatch(/^Pass the file of the person itself/);
	});
});

describe('Face Compare refuses videos exactly as before', () => {
	test.each([
		['MP4', MP4],
		['WebM', WEBM],
		['AVI', AVI],
	] as const)('a video face (%s) is a file of an unknown type', async (_name, video) => {
		const { message, description } = await refusal(faceFields('A'), video);
		expect(message).toMatch(
			/^Face A: the file in "Face A Base64" is (a file of an unknown type|plain text), not an image or PDF that MostQi accepts/,
		);
		expect(description).toMatch(/^MostQi accepts JPEG, PNG, .* or PDF\. The file type is read/);
	});

	test('a data: URL of a video type is refused as before', async () => {
		const { message, description } = await refusal(faceFields('A'), MP4, 'video/mp4');
		expect(message).toMatch(/is a data URL of type "video\/mp4", not an image or PDF/);
		expect(description).toMatch(/^Pass the file of the face itself\. MostQi accepts JPEG/);
	});

	test('a PDF face is still accepted', async () => {
		expect(await readLiveness(faceFields('B'), PDF)).toMatchObject({ format: 'pdf' });
	});
});
