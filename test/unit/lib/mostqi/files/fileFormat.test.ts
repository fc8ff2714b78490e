/** Which files MostQi accepts, from their first bytes, and how the others are described. */
import {
	describeUnaccepted,
	detectFormat,
	maxBytesFor,
	MAX_IMAGE_BYTES,
	MAX_PDF_BYTES,
} from '../../../../../lib/mostqi/files/fileFormat';
import { makePdf, makePng } from '../../../../fixtures/images';

const bytes = (...parts: Array<number[] | string>) =>
	Buffer.concat(
		parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
	);

describe('detectFormat', () => {
	test.each([
		['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF')],
		['png', makePng('x')],
		['gif', bytes('GIF89a')],
		['pdf', makePdf('x')],
		['tiff', bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0])],
		['tiff', bytes([0x4d, 0x4d, 0x00, 0x2a])],
		['webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ')],
		['bmp', bytes('BM', [0x36, 0x10, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0, 8, 0, 0, 0])],
		['bmp', bytes('BM', [0x36, 0x10, 0, 0, 0, 0, 0, 0, 0x8a, 0, 0, 0, 124, 0, 0, 0])],
		['heic', bytes([0, 0, 0, 0x18], 'ftypheic')],
		['heic', bytes([0, 0, 0, 0x18], 'ftypmif1')],
		['avif', bytes([0, 0, 0, 0x1c], 'ftypavif')],
		['jp2', bytes([0, 0, 0, 0x0c], 'jP  ', [0x0d, 0x0a, 0x87, 0x0a])],
		['jxl', bytes([0xff, 0x0a, 0x00])],
		['jxl', bytes([0, 0, 0, 0x0c], 'JXL ', [0x0d, 0x0a, 0x87, 0x0a])],
		['pbm', bytes('P4\n')],
		['pbm', bytes('P1\n# made by GIMP\n4 4\n')],
		['pgm', bytes('P5 640 480 255\n')],
		['ppm', bytes('P6\n#\n\n  12 8\n255\n')],
		['pam', bytes('P7\nWIDTH 4\n')],
	])('recognises %s', (format, file) => {
		expect(detectFormat(file.subarray(0, 32))).toBe(format);
	});

	// two-byte signatures alone once took text files for images
	test.each([
		['"BM" text', bytes('BM notes for the meeting\n')],
		[
			'"BM" with a bad info header size',
			bytes('BM', [0x36, 0x10, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 41, 0, 0, 0]),
		],
		[
			'"BM" with reserved bytes set',
			bytes('BM', [0x36, 0x10, 0, 0, 1, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 0]),
		],
		['0xFF 0x0A then text', bytes([0xff, 0x0a], 'hello there')],
		['"P1 " text', bytes('P1 is the first priority\n')],
		['"P6\n" text', bytes('P6\nplease review')],
		['"P7 " text', bytes('P7 width')],
	])('refuses %s that only looks like an image', (_what, file) => {
		expect(detectFormat(file)).toBeUndefined();
	});

	test.each([
		['an HTML page', bytes('<!DOCTYPE html><html>')],
		['JSON text', bytes('{"error":"nope"}')],
		['a ZIP archive', bytes([0x50, 0x4b, 0x03, 0x04, 0, 0])],
		['a Windows executable', bytes('MZ', [0x90, 0, 3, 0])],
		['a Linux executable', bytes([0x7f], 'ELF', [2, 1, 1])],
		['plain text', bytes('hello world')],
		['a file of an unknown type', bytes([0, 1, 2, 3, 250, 251])],
	])('refuses %s', (what, file) => {
		expect(detectFormat(file)).toBeUndefined();
		expect(describeUnaccepted(file)).toBe(what);
	});

	test('a truncated signature is not a file', () => {
		expect(detectFormat(bytes([0x89, 0x50, 0x4e]))).toBeUndefined();
		expect(detectFormat(bytes('RIFF'))).toBeUndefined();
	});
});

describe('signatures in full, and the size limits', () => {
	test('limits: 50 MB for a PDF, 20 MB for every image', () => {
		expect(maxBytesFor('pdf')).toBe(MAX_PDF_BYTES);
		expect(maxBytesFor('png')).toBe(MAX_IMAGE_BYTES);
		expect(MAX_PDF_BYTES).toBeGreaterThan(MAX_IMAGE_BYTES);
	});

	test('signatures need all their bytes, at their place', () => {
		expect(detectFormat(bytes([0xff, 0xd8]))).toBeUndefined();
		expect(detectFormat(bytes([0, 0xff, 0xd8, 0xff]))).toBeUndefined();
		expect(detectFormat(bytes([0, 0, 0, 0x18], 'ftyp'))).toBeUndefined();
		expect(detectFormat(bytes([0, 0, 0, 0x18], 'xxxxheic'))).toBeUndefined();
		expect(detectFormat(bytes([0, 0, 0, 0x18], 'ftypmp42'))).toBeUndefined();
		expect(detectFormat(bytes('RIFF', [0, 0, 0, 0], 'WAVE'))).toBeUndefined();
		expect(detectFormat(bytes('XIFF', [0, 0, 0, 0], 'WEBP'))).toBeUndefined();
	});

	test('netpbm: P and a known digit, white space, then the header', () => {
		expect(detectFormat(bytes('P2\n3 3\n'))).toBe('pgm');
		expect(detectFormat(bytes('P3 3 3\n'))).toBe('ppm');
		expect(detectFormat(bytes('P1\t# c\n  # d\n5 5'))).toBe('pbm');
		expect(detectFormat(bytes('P8\n3 3\n'))).toBeUndefined();
		expect(detectFormat(bytes('Q5\n3 3\n'))).toBeUndefined();
		expect(detectFormat(bytes('P53 3\n'))).toBeUndefined();
		expect(detectFormat(bytes('P5'))).toBeUndefined();
		expect(detectFormat(bytes('P7\nwidth 4\n'))).toBeUndefined();
		expect(detectFormat(bytes('P5\n# only a comment'))).toBe('pgm');
		expect(detectFormat(bytes('P5\nx'))).toBeUndefined();
		expect(detectFormat(bytes('P5\n#c\nx'))).toBeUndefined();
	});

	test('BMP: reserved bytes zero and a known info header size, with all 18 bytes there', () => {
		const bmp = (reserved: number[], info: number) =>
			bytes('BM', [0x36, 0, 0, 0], reserved, [0x36, 0, 0, 0, info, 0, 0, 0]);
		expect(detectFormat(bmp([0, 0, 0, 0], 12))).toBe('bmp');
		for (const reserved of [
			[0, 0, 0, 1],
			[0, 0, 1, 0],
			[0, 1, 0, 0],
			[1, 0, 0, 0],
		])
			expect(detectFormat(bmp(reserved, 40))).toBeUndefined();
		expect(detectFormat(bmp([0, 0, 0, 0], 40).subarray(0, 17))).toBeUndefined();
		expect(
			detectFormat(bytes('BM', [0x36, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40, 0, 0, 1])),
		).toBeUndefined();
	});

	test('JPEG XL codestream: FF 0A followed by something other than text', () => {
		expect(detectFormat(bytes([0xff, 0x0a]))).toBeUndefined();
		expect(detectFormat(bytes([0xff, 0x0a, 0x09, 0x0d, 0x41, 0x7e]))).toBeUndefined();
		expect(detectFormat(bytes([0xff, 0x0a, 0x41, 0x7f]))).toBe('jxl');
		expect(detectFormat(bytes([0xff, 0x0a, 0x41, 0x1f]))).toBe('jxl');
		expect(detectFormat(bytes([0xff, 0x0b, 0x80]))).toBeUndefined();
	});

	test.each([
		['XML or HTML text', bytes('  <?xml version="1.0"?>')],
		['an HTML page', bytes('\n<HTML><body>')],
		['JSON text', bytes('[{"a":1}]')],
		['plain text', bytes('line one\r\n\tline two')],
		['a file of an unknown type', bytes('text then ', [0x7f])],
		['a file of an unknown type', bytes('text then ', [0x08])],
	])('%s is described as such', (what, file) => {
		expect(describeUnaccepted(file)).toBe(what);
	});
});
