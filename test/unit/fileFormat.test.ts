import { describeUnaccepted, detectFormat } from '../../lib/mostqi/files/fileFormat';
import { makePdf, makePng } from '../fixtures/images';

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

	// Issue 10, finding 8: two-byte signatures took text files for images.
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
