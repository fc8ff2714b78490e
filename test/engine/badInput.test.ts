import { makeLargePng, makePdf, makePng } from '../fixtures/images';
import type { SourceItem } from './sourceNode';
import { useEmulator } from './context';
import { rowOf, rowPattern } from '../support/words';

const ctx = useEmulator();

const png = makePng('carol');
const good: SourceItem = {
	files: { selfie: { bytes: png }, document: { bytes: makePng('carol', { seed: 'd' }) } },
};
const withDocument = (bytes: Buffer, mimeType = 'image/jpeg'): SourceItem => ({
	files: { selfie: { bytes: png }, document: { bytes, mimeType, fileName: 'document.jpg' } },
});
const base64B = (faceBBase64: unknown) => ({ faceBSource: 'base64', faceBBase64 });
const urlB = (faceBUrl: unknown) => ({ faceBSource: 'url', faceBUrl });

type Case = [
	name: string,
	item: SourceItem,
	parameters: Record<string, unknown>,
	message: RegExp,
	description: RegExp,
];

// Each item brings its own fault: run after a good item, so the error must name item 1.
const itemCases: Case[] = [
	[
		'missing binary field',
		{ files: { selfie: { bytes: png }, photo: { bytes: png } } },
		{},
		new RegExp(`^Face B: this item has no binary field "document" ${rowPattern(1, 2)}$`),
		/Its binary fields are: "selfie", "photo"\. Set "Face B Binary Field"/,
	],
	[
		'no binary fields at all',
		{ json: { name: 'x' } },
		{},
		/^Face A: this item has no binary field "selfie"/,
		/no binary fields at all/,
	],
	[
		'binary field name that is JSON',
		{ json: { document: 'aGVsbG8=' }, files: { selfie: { bytes: png } } },
		{},
		/no binary field "document"/,
		/exists as a JSON field; .*source to Base64/,
	],
	[
		'zero-byte file',
		withDocument(Buffer.alloc(0)),
		{},
		/^Face B: binary field "document" is empty \(0 bytes\)/,
		/really produced the file/,
	],
	[
		'truncated file',
		withDocument(Buffer.from([0xff, 0xd8])),
		{},
		/is a file of an unknown type, not an image or PDF that MostQi accepts/,
		/first bytes/,
	],
	[
		'HTML saved as JPEG',
		withDocument(Buffer.from('<!DOCTYPE html><html><body>Not found</body></html>')),
		{},
		/is an HTML page, not an image or PDF/,
		/JPEG, PNG/,
	],
	[
		'ZIP with an image MIME type',
		withDocument(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])),
		{},
		/is a ZIP archive/,
		/accepts/,
	],
	[
		'executable with an image MIME type',
		withDocument(Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1')),
		{},
		/is a Windows executable/,
		/accepts/,
	],
	[
		'plain text with an image MIME type',
		withDocument(Buffer.from('just some words')),
		{},
		/is plain text/,
		/accepts/,
	],
	[
		'image over 20 MB',
		withDocument(makeLargePng('big', 20_100_000), 'image/png'),
		{},
		/is 20\.\d MB, over MostQi's 20 MB limit for an image/,
		/Resize or compress/,
	],
	[
		'binary field renamed by an earlier step (other case)',
		{ files: { selfie: { bytes: png }, Document: { bytes: png } } },
		{},
		new RegExp(`^Face B: this item has no binary field "document" ${rowPattern(1, 2)}$`),
		/case-sensitive: did you mean "Document"\? Its binary fields are: "selfie", "Document"/,
	],
	[
		'a video where a photo should be (MP4, image MIME type)',
		withDocument(Buffer.from('\0\0\0\x18ftypisom\0\0\x02\0isomiso2', 'latin1')),
		{},
		new RegExp(
			`^Face B: binary field "document" is .*, not an image or PDF that MostQi accepts ${rowPattern(1, 2)}$`,
		),
		/first bytes, not from its name or MIME type/,
	],
	[
		'PDF over 50 MB',
		withDocument(
			Buffer.concat([makePdf('carol'), Buffer.alloc(50_100_000, 0x20)]),
			'application/pdf',
		),
		{},
		new RegExp(
			`^Face B: binary field "document" is 50\\.1 MB, over MostQi's 50 MB limit for a PDF ${rowPattern(1, 2)}$`,
		),
		/compress/,
	],
	[
		'threshold NaN from an expression',
		{ json: { t: 'x' } },
		{ threshold: '={{ $json.t ? 0 / 0 : 0.5 }}' },
		new RegExp(`"Match Threshold" must be a number from 0 to 1, not NaN ${rowPattern(1, 2)}$`),
		/return a number/,
	],
	[
		'threshold left empty by an expression',
		{ json: { t: '' } },
		{ threshold: '={{ $json.t ?? 0.5 }}' },
		new RegExp(`not "" ${rowPattern(1, 2)}$`),
		/return a number/,
	],
	[
		'threshold not a number',
		{ json: { t: 'high' } },
		{ threshold: '={{ $json.t ?? 0.5 }}' },
		/not "high"/,
		/return a number/,
	],
];

// A parameter is wrong for every item: the first item fails.
const parameterCases: Case[] = [
	// (a static empty required field stops n8n before the node runs; an expression can still give '')
	[
		'empty binary field name',
		good,
		{ faceBBinaryProperty: '={{ $json.none ?? "" }}' },
		/^Face B: "Face B Binary Field" is empty/,
		/Binary tab/,
	],
	[
		'malformed base64',
		good,
		base64B('not base64 at all!'),
		/^Face B: "Face B Base64" is not valid base64/,
		/letters, digits/,
	],
	['empty base64', good, base64B('   '), /^Face B: "Face B Base64" is empty/, /Map the field/],
	[
		'base64 of a text file',
		good,
		base64B(Buffer.from('hello, this is text').toString('base64')),
		/the file in "Face B Base64" is plain text/,
		/accepts/,
	],
	[
		'data URL of the wrong type',
		good,
		base64B(`data:text/html;base64,${Buffer.from('<html>').toString('base64')}`),
		/is a data URL of type "text\/html", not an image or PDF/,
		/file of the face/,
	],
	[
		'data URL not base64',
		good,
		base64B('data:image/png,rawbytes'),
		/is a data URL that is not base64-encoded/,
		/data:image\/jpeg;base64/,
	],
	[
		'base64 expression giving an object',
		{ json: { photo: { content: 'x' } } },
		{ ...base64B('={{ $json.photo }}'), faceASource: 'url', faceAUrl: 'https://example.com/a.jpg' },
		/^Face B: "Face B Base64" must be text but its expression gave object/,
		/returns a string/,
	],
	[
		'URL expression giving an array',
		{ json: { urls: ['https://a', 'https://b'] } },
		{ ...urlB('={{ $json.urls }}'), faceASource: 'url', faceAUrl: 'https://example.com/a.jpg' },
		/^Face B: "Face B URL" must be text but its expression gave a list/,
		/returns a string/,
	],
	[
		'base64 expression giving a number',
		good,
		base64B('={{ 12345 }}'),
		new RegExp(
			`^Face B: "Face B Base64" must be text but its expression gave number ${rowPattern(0, 1)}$`,
		),
		/returns a string/,
	],
	[
		'javascript: URL',
		good,
		urlB('javascript:alert(1)'),
		new RegExp(
			`uses "javascript", but MostQi downloads only http and https URLs ${rowPattern(0, 1)}$`,
		),
		/http\(s\)/,
	],
	[
		'empty URL',
		good,
		urlB('={{ $json.none ?? "" }}'),
		/^Face B: "Face B URL" is empty/,
		/http\(s\) address/,
	],
	['not a URL', good, urlB('photo.jpg'), /^Face B: "Face B URL" is not a valid URL/, /https:\/\//],
	[
		'file:// URL',
		good,
		urlB('file:///etc/passwd'),
		/uses "file", but MostQi downloads only http and https URLs/,
		/Read\/Write Files from Disk/,
	],
	['ftp URL', good, urlB('ftp://example.com/a.jpg'), /uses "ftp"/, /http\(s\)/],
	[
		'URL with credentials',
		good,
		urlB('https://user:secret@example.com/a.jpg'),
		/has a user name or password in it/,
		/pre-signed/,
	],
	[
		'threshold above 1',
		good,
		{ threshold: 1.5 },
		/"Match Threshold" must be a number from 0 to 1, not 1\.5/,
		/0\.7/,
	],
	['threshold below 0', good, { threshold: -0.1 }, /not -0\.1/, /Match Threshold/],
	[
		'both faces from the same binary field',
		good,
		{ faceBBinaryProperty: 'selfie' },
		/Face A and Face B both come from binary field "selfie"/,
		/two different files/,
	],
	[
		'both faces from the same URL',
		good,
		{ faceASource: 'url', faceAUrl: 'https://x.example/a.jpg', ...urlB('https://x.example/a.jpg') },
		/both come from the same URL/,
		/other photo/,
	],
];

describe('bad input: a clear error naming the item, the face, the field and the fix; no request sent', () => {
	const expectInputError = async (
		items: SourceItem[],
		parameters: Case[2],
		message: RegExp,
		description: RegExp,
	) => {
		const itemIndex = items.length - 1;
		const { error, output } = await ctx.run({ items, parameters });
		expect(output).toBeUndefined();
		expect(error?.message).toMatch(message);
		expect(error?.message).toContain(`(${rowOf(itemIndex, items.length)})`);
		expect(error?.description).toMatch(description);
		expect(error?.context).toMatchObject({ itemIndex, errorCode: 'INVALID_INPUT' });
		// the good items before it may have been compared; the bad one never was
		expect(ctx.emulator.compares().length).toBeLessThanOrEqual(itemIndex);
	};

	test.each(itemCases)('%s', async (_name, item, parameters, message, description) => {
		await expectInputError([good, item], parameters, message, description);
	});

	test.each(parameterCases)('%s', async (_name, item, parameters, message, description) => {
		await expectInputError([item], parameters, message, description);
	});

	test('a PDF may be larger than an image (50 MB), up to its own limit', async () => {
		const pdf = Buffer.concat([makePdf('carol'), Buffer.alloc(25_000_000, 0x20)]);
		const { output, error } = await ctx.run({
			items: [withDocument(pdf, 'application/pdf')],
			parameters: {},
		});
		expect(error).toBeUndefined();
		expect(output![0].json.isMatch).toBe(true);
	});
});

describe('continue on fail', () => {
	test('bad items become error items in place; the others are compared', async () => {
		const bad = withDocument(Buffer.from('<html>oops</html>'));
		const { output } = await ctx.run({
			items: [good, bad, good, { json: { id: 4 } }, good],
			parameters: { options: { keepInputFields: true } },
			continueOnFail: true,
		});
		expect(output).toHaveLength(5);
		expect(output!.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(output!.map((o) => o.json.decision)).toEqual([
			'match',
			'error',
			'match',
			'error',
			'match',
		]);
		expect(output![1].json).toEqual({
			decision: 'error',
			similarity: null,
			isMatch: null,
			threshold: 0.7,
			reviewThreshold: null,
			requestId: null,
			elapsedMilliseconds: null,
			attempts: null,
			error: expect.stringMatching(
				new RegExp(
					`^Face B: binary field "document" is an HTML page.*${rowPattern(1, 5)}\\. MostQi accepts`,
				),
			),
			errorCode: 'INVALID_INPUT',
			httpCode: null,
		});
		expect(output![3].json).toMatchObject({
			id: 4,
			errorCode: 'INVALID_INPUT',
			error: expect.stringMatching(/no binary field "selfie"/),
		});
		expect(output![1].binary?.document).toBeDefined();
		expect(ctx.emulator.compares()).toHaveLength(3);
	});

	test('1,000 items, every 7th bad in its own way: 1,000 out, in order, each good one compared once', async () => {
		const bads = [
			withDocument(Buffer.alloc(0)),
			withDocument(Buffer.from('<html>404</html>')),
			{ files: { selfie: { bytes: png } } },
			{ json: { t: 2 }, files: good.files },
		];
		const items: SourceItem[] = Array.from({ length: 1000 }, (_, i) => {
			if (i % 7 === 3) return bads[((i - 3) / 7) % bads.length];
			return {
				files: {
					selfie: { bytes: makePng(`m${i}`) },
					document: { bytes: makePng(`m${i}`, { seed: 'd' }) },
				},
			};
		});
		const { output } = await ctx.run({
			items,
			parameters: { threshold: '={{ $json.t ?? 0.7 }}', options: { concurrency: 16 } },
			continueOnFail: true,
		});
		expect(output).toHaveLength(1000);
		output!.forEach((out, i) => {
			expect(out.pairedItem).toEqual({ item: i });
			if (i % 7 === 3)
				expect(out.json).toMatchObject({
					errorCode: 'INVALID_INPUT',
					error: expect.stringContaining(`(${rowOf(i, 1000)})`),
				});
			else expect(out.json.isMatch).toBe(true);
		});
		const compared = ctx.emulator.compares().map((c) => Number(c.faces?.A?.slice(1)));
		expect(compared).toHaveLength(1000 - 143);
		expect(new Set(compared).size).toBe(compared.length);
		expect(compared.every((i) => i % 7 !== 3)).toBe(true);
	}, 60_000);

	test('0 items: no output, no request', async () => {
		const { output, error } = await ctx.run({ items: [], parameters: {} });
		expect(error).toBeUndefined();
		expect(output ?? []).toEqual([]);
		expect(ctx.emulator.log).toHaveLength(0);
	});
});
