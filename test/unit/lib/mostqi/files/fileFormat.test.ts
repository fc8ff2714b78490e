/** Which files MostQi accepts, from their first bytes, and how the others are described. */
import {
	describeUnaccepted,
	detectFormat,
	detectVideoFormat,
	FORMAT_NAMES,
	isVideoFormat,
	maxBytesFor,
	MAX_IMAGE_BYTES,
	MAX_PDF_BYTES,
	MAX_VIDEO_BYTES,
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

/** Videos: recognised only where a caller takes them (MostQi Liveness' selfie). */
const latin1 = (text: string) => Buffer.from(text, 'latin1');
const MP4 = latin1('\0\0\0\x18ftypisom\0\0\x02\0isomiso2');
const MOV = latin1('\0\0\0\x14ftypqt  \0\0\x02\0');
const THREE_GP = latin1('\0\0\0\x14ftyp3gp5\0\0\x02\0');
const M4A = latin1('\0\0\0\x18ftypM4A \0\0\x02\0');
const HEIC_HEAD = latin1('\0\0\0\x18ftypheic\0\0\0\0');
const WEBM = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]);
const AVI = latin1('RIFF\0\0\0\0AVI LIST');
const WAVE = latin1('RIFF\0\0\0\0WAVEfmt ');
const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);

describe('videos', () => {
	test.each([
		['MP4', MP4, 'mp4'],
		['MOV', MOV, 'mov'],
		['3GP', THREE_GP, '3gp'],
		['WebM', WEBM, 'webm'],
		['AVI', AVI, 'avi'],
	] as const)('%s recognised from its first bytes', (_name, bytes, format) => {
		expect(detectVideoFormat(bytes)).toBe(format);
		expect(isVideoFormat(format)).toBe(true);
		// never an image or PDF: callers that take none keep refusing them
		expect(detectFormat(bytes)).toBeUndefined();
	});

	test('audio, still images in an ISO box, WAVE and short heads are no video', () => {
		for (const bytes of [M4A, HEIC_HEAD, WAVE, PNG_HEAD, MP4.subarray(0, 11), latin1('RIFF')])
			expect(detectVideoFormat(bytes)).toBeUndefined();
		expect(isVideoFormat('png')).toBe(false);
		expect(isVideoFormat('pdf')).toBe(false);
	});

	test("limits and names: a video 50 MB (the node's own bound), a photo 20 MB", () => {
		expect(maxBytesFor('mp4')).toBe(MAX_VIDEO_BYTES);
		expect(MAX_VIDEO_BYTES).toBe(50 * 1000 * 1000);
		expect(maxBytesFor('jpeg')).toBe(MAX_IMAGE_BYTES);
		expect([FORMAT_NAMES.mov, FORMAT_NAMES.webm, FORMAT_NAMES.jpeg]).toEqual([
			'QuickTime (MOV)',
			'WebM/Matroska',
			'JPEG',
		]);
	});
});
