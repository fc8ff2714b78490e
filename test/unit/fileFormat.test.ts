import { describeUnaccepted, detectFormat } from '../../nodes/MostQiFaceCompare/fileFormat';
import { makePdf, makePng } from '../fixtures/images';

const bytes = (...parts: Array<number[] | string>) =>
	Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('detectFormat', () => {
	test.each([
		['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF')],
		['png', makePng('x')],
		['gif', bytes('GIF89a')],
		['pdf', makePdf('x')],
		['tiff', bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0])],
		['tiff', bytes([0x4d, 0x4d, 0x00, 0x2a])],
		['webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ')],
		['bmp', bytes('BM', [0, 0, 0, 0])],
		['heic', bytes([0, 0, 0, 0x18], 'ftypheic')],
		['heic', bytes([0, 0, 0, 0x18], 'ftypmif1')],
		['avif', bytes([0, 0, 0, 0x1c], 'ftypavif')],
		['jp2', bytes([0, 0, 0, 0x0c], 'jP  ', [0x0d, 0x0a, 0x87, 0x0a])],
		['jxl', bytes([0xff, 0x0a, 0x00])],
		['jxl', bytes([0, 0, 0, 0x0c], 'JXL ', [0x0d, 0x0a, 0x87, 0x0a])],
		['pbm', bytes('P4\n')],
		['pgm', bytes('P5 ')],
		['ppm', bytes('P6\n')],
		['pam', bytes('P7\n')],
	])('recognises %s', (format, file) => {
		expect(detectFormat(file.subarray(0, 16))).toBe(format);
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
