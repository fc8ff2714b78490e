/**
 * The file formats MostQi accepts, recognised from the file's first bytes: a MIME type or file
 * name can lie (an HTML error page saved as "photo.jpg"), the bytes cannot.
 */

export type FileFormat =
	| 'avif'
	| 'bmp'
	| 'gif'
	| 'heic'
	| 'jpeg'
	| 'jp2'
	| 'jxl'
	| 'pam'
	| 'pbm'
	| 'pgm'
	| 'ppm'
	| 'pdf'
	| 'png'
	| 'tiff'
	| 'webp';

/**
 * Videos, recognised by the same first bytes, for the callers that take one (a liveness check
 * with movements); every other caller keeps refusing them as files MostQi does not accept.
 */
export type VideoFormat = 'mp4' | 'mov' | '3gp' | 'webm' | 'avi';

/** A file a caller may accept: an image or PDF, or (where allowed) a video. */
export type MediaFormat = FileFormat | VideoFormat;

/** How many leading bytes `detectFormat` needs. */
export const SNIFF_BYTES = 32;

export const MAX_IMAGE_BYTES = 20 * 1000 * 1000;
export const MAX_PDF_BYTES = 50 * 1000 * 1000;
/**
 * MostQi documents no limit for videos (shared/mostqi/LIVENESS.md): the node's own bound, the
 * largest file MostQi's pages name (a PDF), so that a body is never built for a file of any size.
 */
export const MAX_VIDEO_BYTES = MAX_PDF_BYTES;

export const ACCEPTED_FORMATS_TEXT =
	'JPEG, PNG, WebP, HEIC, AVIF, GIF, BMP, TIFF, JPEG 2000, JPEG XL, PBM/PGM/PPM/PAM or PDF';

export const ACCEPTED_VIDEO_FORMATS_TEXT = 'MP4, MOV, 3GP, WebM/Matroska or AVI';

/** Each format's name in a message ("a photo (JPEG)"). */
export const FORMAT_NAMES: Record<MediaFormat, string> = {
	avif: 'AVIF',
	bmp: 'BMP',
	gif: 'GIF',
	heic: 'HEIC',
	jpeg: 'JPEG',
	jp2: 'JPEG 2000',
	jxl: 'JPEG XL',
	pam: 'PAM',
	pbm: 'PBM',
	pgm: 'PGM',
	ppm: 'PPM',
	pdf: 'PDF',
	png: 'PNG',
	tiff: 'TIFF',
	webp: 'WebP',
	mp4: 'MP4',
	mov: 'QuickTime (MOV)',
	'3gp': '3GP',
	webm: 'WebM/Matroska',
	avi: 'AVI',
};

function startsWith(bytes: Uint8Array, signature: ReadonlyArray<number>, offset = 0): boolean {
	if (bytes.length < offset + signature.length) return false;
	return signature.every((byte, i) => bytes[offset + i] === byte);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
	return String.fromCharCode(...bytes.subarray(start, end));
}

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

/** ISO base media files (HEIC, AVIF) name their brand in an `ftyp` box at byte 4. */
function isoBrand(bytes: Uint8Array): FileFormat | undefined {
	if (bytes.length < 12 || ascii(bytes, 4, 8) !== 'ftyp') return undefined;
	const brand = ascii(bytes, 8, 12);
	if (AVIF_BRANDS.has(brand)) return 'avif';
	if (HEIC_BRANDS.has(brand)) return 'heic';
	return undefined;
}

/**
 * Netpbm: "P" and a digit, then white space and comment lines, then the width (a digit), or for
 * PAM a header keyword. Text that merely starts with "P1 " is not an image.
 */
function netpbm(bytes: Uint8Array): FileFormat | undefined {
	if (bytes.length < 3 || bytes[0] !== 0x50 || !/\s/.test(String.fromCharCode(bytes[2]))) {
		return undefined;
	}
	const header = ascii(bytes, 2, bytes.length).replace(/^(\s+|#[^\n]*(\n|$))+/, '');
	const pam = bytes[1] === 0x37;
	if (header !== '' && !(pam ? /^[A-Z]/.test(header) : /^\d/.test(header))) return undefined;
	const kinds: Record<string, FileFormat> = {
		'1': 'pbm',
		'4': 'pbm',
		'2': 'pgm',
		'5': 'pgm',
		'3': 'ppm',
		'6': 'ppm',
		'7': 'pam',
	};
	return kinds[String.fromCharCode(bytes[1])];
}

const SIGNATURES: ReadonlyArray<[FileFormat, ReadonlyArray<number>]> = [
	['jpeg', [0xff, 0xd8, 0xff]],
	['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
	['gif', [0x47, 0x49, 0x46, 0x38]],
	['pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
	['tiff', [0x49, 0x49, 0x2a, 0x00]],
	['tiff', [0x4d, 0x4d, 0x00, 0x2a]],
	['jp2', [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]],
	['jp2', [0xff, 0x4f, 0xff, 0x51]],
	['jxl', [0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a]],
];

/** Every byte printable ASCII or white space, as in a text file. */
function isText(bytes: Uint8Array): boolean {
	return bytes.every(
		(byte) => byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte < 0x7f),
	);
}

/** BITMAPINFOHEADER sizes, the only ones after a BMP's 14-byte file header. */
const BMP_INFO_SIZES = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

/**
 * Formats whose signature is only two bytes, checked further: a BMP's reserved bytes are zero and
 * its info header has a known size; a JPEG XL codestream is not followed by plain text.
 */
function weakSignature(head: Uint8Array): FileFormat | undefined {
	if (startsWith(head, [0x42, 0x4d]) && head.length >= 18) {
		const reservedZero = head[6] === 0 && head[7] === 0 && head[8] === 0 && head[9] === 0;
		const infoSize = head[14] | (head[15] << 8) | (head[16] << 16) | (head[17] << 24);
		return reservedZero && BMP_INFO_SIZES.has(infoSize) ? 'bmp' : undefined;
	}
	if (startsWith(head, [0xff, 0x0a]) && head.length > 2 && !isText(head.subarray(2))) return 'jxl';
	return undefined;
}

/** The format of a file from its first bytes, or undefined when MostQi would not accept it. */
export function detectFormat(head: Uint8Array): FileFormat | undefined {
	for (const [format, signature] of SIGNATURES) {
		if (startsWith(head, signature)) return format;
	}
	if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && ascii(head, 8, 12) === 'WEBP') return 'webp';
	return isoBrand(head) ?? weakSignature(head) ?? netpbm(head);
}

/** ISO base media brands of videos (the `ftyp` box at byte 4); image and audio brands are not. */
const VIDEO_BRANDS: ReadonlyArray<[RegExp, VideoFormat]> = [
	[/^qt {2}$/, 'mov'],
	[/^3g[p2][0-9a-z]$/, '3gp'],
	[/^(isom|iso[2-9]|mp4[12v]|avc1|M4V[ HP]?|dash|msnv|mmp4|f4v |XAVC)$/, 'mp4'],
];

/** The video format of a file from its first bytes, or undefined when it is not a video. */
export function detectVideoFormat(head: Uint8Array): VideoFormat | undefined {
	if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp') {
		const brand = ascii(head, 8, 12);
		return VIDEO_BRANDS.find(([pattern]) => pattern.test(brand))?.[1];
	}
	if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return 'webm';
	if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && ascii(head, 8, 12) === 'AVI ') return 'avi';
	return undefined;
}

const VIDEO_FORMAT_SET: Record<VideoFormat, true> = {
	mp4: true,
	mov: true,
	'3gp': true,
	webm: true,
	avi: true,
};

export function isVideoFormat(format: MediaFormat): format is VideoFormat {
	return format in VIDEO_FORMAT_SET;
}

/** What the bytes look like when they are not an accepted file, to say so in an error. */
export function describeUnaccepted(head: Uint8Array): string {
	const text = ascii(head, 0, Math.min(head.length, SNIFF_BYTES)).trimStart().toLowerCase();
	if (text.startsWith('<!doctype html') || text.startsWith('<html')) return 'an HTML page';
	if (text.startsWith('<')) return 'XML or HTML text';
	if (text.startsWith('{') || text.startsWith('[')) return 'JSON text';
	if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive';
	if (startsWith(head, [0x4d, 0x5a])) return 'a Windows executable';
	if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return 'a Linux executable';
	if (isText(head)) return 'plain text';
	return 'a file of an unknown type';
}

export function maxBytesFor(format: MediaFormat): number {
	if (isVideoFormat(format)) return MAX_VIDEO_BYTES;
	return format === 'pdf' ? MAX_PDF_BYTES : MAX_IMAGE_BYTES;
}

export function formatMegabytes(bytes: number): string {
	const megabytes = bytes / 1000 / 1000;
	return `${Number.isInteger(megabytes) ? megabytes : megabytes.toFixed(1)} MB`;
}
