import type { IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../items/itemErrors';
import { withoutJoiners } from '../messages';
import type { MediaFormat } from './fileFormat';
import {
	ACCEPTED_FORMATS_TEXT,
	ACCEPTED_VIDEO_FORMATS_TEXT,
	FORMAT_NAMES,
	MAX_IMAGE_BYTES,
	MAX_PDF_BYTES,
	MAX_VIDEO_BYTES,
	SNIFF_BYTES,
	describeUnaccepted,
	detectFormat,
	detectVideoFormat,
	formatMegabytes,
	isVideoFormat,
	maxBytesFor,
} from './fileFormat';
import type { FileSourceKind } from './fileSources';
import { SOURCE_VALUES, sourceChoices } from './fileSources';

/** The parameter names and labels of one file input ("Face A", …), in the editor's words. */
export interface FileFields {
	label: string;
	source: string;
	sourceLabel: string;
	binaryProperty: string;
	binaryLabel: string;
	url: string;
	urlLabel: string;
	base64: string;
	base64Label: string;
	/** A JSON field an expression might test, for the example of a per-item source. */
	exampleUrlField: string;
	/** Which files it takes besides images; unset: images and PDFs (IMAGES_AND_PDF). */
	accept?: AcceptedFiles;
}

/** The files an input takes besides images: PDFs (a document), videos (a liveness check). */
export interface AcceptedFiles {
	pdf: boolean;
	videos: boolean;
}

/** A face or a document: an image or a PDF; a video is refused as a file MostQi does not take. */
export const IMAGES_AND_PDF: AcceptedFiles = { pdf: true, videos: false };

/** A selfie for a liveness check: a photo, or a video of the person making movements. */
export const PHOTOS_AND_VIDEOS: AcceptedFiles = { pdf: false, videos: true };

/** What an input takes, in words: the kinds, the formats and MostQi's limits. */
function acceptedWords(accept: AcceptedFiles) {
	if (!accept.videos) {
		return {
			kinds: 'an image or PDF',
			formats: ACCEPTED_FORMATS_TEXT,
			limits: `${formatMegabytes(MAX_IMAGE_BYTES)} for an image, ${formatMegabytes(MAX_PDF_BYTES)} for a PDF`,
			largest: MAX_PDF_BYTES,
		};
	}
	const images = accept.pdf
		? ACCEPTED_FORMATS_TEXT
		: ACCEPTED_FORMATS_TEXT.replace(/ or PDF$/, '').replace(/, ([^,]*)$/, ' or $1');
	return {
		kinds: accept.pdf ? 'an image, PDF or video' : 'a photo or video',
		formats: `photos in ${images}, videos in ${ACCEPTED_VIDEO_FORMATS_TEXT}`,
		limits: `${formatMegabytes(MAX_IMAGE_BYTES)} for a photo, ${formatMegabytes(MAX_VIDEO_BYTES)} for a video`,
		largest: Math.max(MAX_VIDEO_BYTES, accept.pdf ? MAX_PDF_BYTES : MAX_IMAGE_BYTES),
	};
}

/**
 * A file ready to be sent: checked bytes, a checked file that n8n stores (read as a stream when
 * the body is built, so its bytes are never held whole), checked base64 text, or a URL.
 */
export type FileInput =
	| { kind: 'bytes'; bytes: Buffer; format: MediaFormat; binaryField?: string }
	| {
			kind: 'stored';
			byteLength: number;
			open: () => Promise<AsyncIterable<Buffer>>;
			format: MediaFormat;
			binaryField?: string;
	  }
	| { kind: 'base64'; base64: string; format: MediaFormat }
	| { kind: 'url'; url: string };

/** Chunks of a stored file: a multiple of 3 bytes, so each one turns into base64 on its own. */
const STREAM_CHUNK_BYTES = 3 * 64 * 1024;

type Fail = (message: string, description: string) => Error;

/** Where a parameter is read: the item, and how its input error is made. */
interface At {
	ctx: IExecuteFunctions;
	itemIndex: number;
	fail: Fail;
}

/**
 * A face parameter of one item. An expression that fails (it reads a field this item lacks, …) is
 * the item's input error naming the face, the field and the row, with n8n's own words after ours.
 */
function fileParameter(
	{ ctx, itemIndex, fail }: At,
	face: string,
	name: string,
	label: string,
	fallback: unknown = '',
): unknown {
	try {
		return ctx.getNodeParameter(name, itemIndex, fallback);
	} catch (error) {
		const { message, description } = (
			typeof error === 'object' && error !== null ? error : {}
		) as Record<string, unknown>;
		throw fail(
			`${face}: the expression in "${label}" failed: ${typeof message === 'string' ? message : String(error)}`,
			`Open "${label}" and fix its expression for this item (the field shows its result below it). A field this item lacks makes it fail: give it a default, for example {{ $json.photo?.url ?? '' }}.` +
				(typeof description === 'string' && description.trim() !== ''
					? ` n8n says: ${description}`
					: ''),
		);
	}
}

/**
 * A parameter that must be text (an expression may resolve to an object, a number, …). Without
 * the invisible word joiners the node's messages put into names n8n would otherwise rewrite (see
 * lib/mostqi/messages.ts): a field name copied from a message still names the field.
 */
function textParameter(at: At, face: string, name: string, label: string): string {
	return withoutJoiners(asText(fileParameter(at, face, name, label), face, label, at.fail));
}

function asText(value: unknown, face: string, label: string, fail: Fail): string {
	if (typeof value !== 'string') {
		const kind = Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value;
		throw fail(
			`${face}: "${label}" must be text but its expression gave ${kind}`,
			`Change the expression of "${label}" so that it returns a string, for example by picking one field of the object.`,
		);
	}
	return value.trim();
}

/** The format of a file's first bytes, when the input takes it. */
function acceptedFormat(head: Uint8Array, accept: AcceptedFiles): MediaFormat | undefined {
	const format = detectFormat(head) ?? (accept.videos ? detectVideoFormat(head) : undefined);
	return format === 'pdf' && !accept.pdf ? undefined : format;
}

/** Checks size and format of a file's bytes (or, for base64, of what they decode to). */
function checkFile(
	f: FileFields,
	head: Uint8Array,
	byteLength: number,
	what: string,
	fail: Fail,
): MediaFormat {
	const { label } = f;
	const accept = f.accept ?? IMAGES_AND_PDF;
	if (byteLength === 0) {
		throw fail(
			`${label}: ${what} is empty (0 bytes)`,
			'Make sure the earlier step really produced the file, for example that the download or upload succeeded.',
		);
	}
	const format = acceptedFormat(head, accept);
	if (!format) {
		const words = acceptedWords(accept);
		const refused = detectFormat(head);
		throw fail(
			`${label}: ${what} is ${refused ? `a ${FORMAT_NAMES[refused]}` : describeUnaccepted(head)}, not ${words.kinds} that MostQi accepts`,
			`MostQi accepts ${words.formats}. The file type is read from the file's first bytes, not from its name or MIME type: check the step that produced it (an error page saved as an image is a common cause).`,
		);
	}
	const limit = maxBytesFor(format);
	if (byteLength > limit) {
		const video = isVideoFormat(format);
		throw fail(
			`${label}: ${what} is ${formatMegabytes(byteLength)}, over ${video ? 'the' : "MostQi's"} ${formatMegabytes(limit)} limit for ${video ? 'a video (MostQi documents none; this is the largest file its pages name)' : format === 'pdf' ? 'a PDF' : 'an image'}`,
			video
				? 'Shorten or compress the video before this node: a few seconds of the person making the movements are enough.'
				: 'Resize or compress the file before this node, for example with n8n\'s "Edit Image" node.',
		);
	}
	return format;
}

async function readBinaryFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	f: FileFields,
	fail: Fail,
): Promise<FileInput> {
	const name = textParameter({ ctx, itemIndex, fail }, f.label, f.binaryProperty, f.binaryLabel);
	if (name === '') {
		throw fail(
			`${f.label}: "${f.binaryLabel}" is empty`,
			'Enter the name of the binary field that holds the file, as shown on the Binary tab of the previous node\'s output (often "data").',
		);
	}
	const item = ctx.getInputData()[itemIndex];
	// own fields only: "constructor" or "toString" are not files
	const binary =
		item.binary && Object.prototype.hasOwnProperty.call(item.binary, name)
			? item.binary[name]
			: undefined;
	if (!binary) {
		const present = Object.keys(item.binary ?? {});
		const inJson = item.json && Object.prototype.hasOwnProperty.call(item.json, name);
		const lookalike = present.find((p) => p.toLowerCase() === name.toLowerCase());
		throw fail(
			`${f.label}: this item has no binary field "${name}"`,
			(lookalike ? `Field names are case-sensitive: did you mean "${lookalike}"? ` : '') +
				(present.length > 0
					? `Its binary fields are: ${present.map((p) => `"${p}"`).join(', ')}. Set "${f.binaryLabel}" to one of them.`
					: 'It has no binary fields at all: the previous node produced no file. Check that it downloads or reads the file, or choose the URL or Base64 source.') +
				(inJson
					? ` "${name}" exists as a JSON field; if it holds base64 text, set the source to Base64 and use an expression such as {{ $json["${name}"] }}.`
					: ''),
		);
	}
	const what = `binary field "${name}"`;
	const stored = await storedFile(ctx, binary.id);
	if (stored) {
		const format = checkFile(f, await stored.head(), stored.byteLength, what, fail);
		return {
			kind: 'stored',
			byteLength: stored.byteLength,
			open: stored.open,
			format,
			binaryField: name,
		};
	}
	const bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, name);
	const format = checkFile(f, bytes.subarray(0, SNIFF_BYTES), bytes.length, what, fail);
	return { kind: 'bytes', bytes, format, binaryField: name };
}

/**
 * A file n8n keeps outside the item (filesystem, database or S3 binary mode), read as a stream.
 * Undefined when the file lives in the item itself or its size is unknown: then it is read whole.
 */
async function storedFile(ctx: IExecuteFunctions, id: string | undefined) {
	if (!id) return undefined;
	// without metadata (a manager that keeps none), the file is read whole as before
	const fileSize = await ctx.helpers.getBinaryMetadata(id).then(
		(metadata) => metadata.fileSize,
		() => undefined,
	);
	if (typeof fileSize !== 'number' || !Number.isFinite(fileSize) || fileSize < 0) return undefined;
	const stream = async (chunkBytes: number) =>
		(await ctx.helpers.getBinaryStream(id, chunkBytes)) as AsyncIterable<Buffer>;
	const open = async () => await stream(STREAM_CHUNK_BYTES);
	const head = async () => {
		// a first chunk of the signature's size tells the format; leaving the loop closes the stream
		for await (const chunk of await stream(SNIFF_BYTES)) return chunk.subarray(0, SNIFF_BYTES);
		return Buffer.alloc(0);
	};
	return { byteLength: fileSize, open, head };
}

const DATA_URL = /^data:([^;,]*)(;[^,]*)?,/i;
const BASE64_TEXT = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The most base64 text an input can take: its largest file at MostQi's limit, plus room for a
 * data: prefix and line breaks (76-character lines add 1 in 38). Longer text is refused before
 * it is copied.
 */
function maxBase64Chars(largestBytes: number): number {
	return Math.ceil((largestBytes / 3) * 4 * (1 + 1 / 38)) + 1024;
}

function readBase64File(
	ctx: IExecuteFunctions,
	itemIndex: number,
	f: FileFields,
	fail: Fail,
): FileInput {
	const raw = fileParameter({ ctx, itemIndex, fail }, f.label, f.base64, f.base64Label);
	const accept = f.accept ?? IMAGES_AND_PDF;
	const words = acceptedWords(accept);
	if (typeof raw === 'string' && raw.length > maxBase64Chars(words.largest)) {
		throw fail(
			`${f.label}: the file in "${f.base64Label}" is over ${formatMegabytes(words.largest)} (${formatMegabytes(Math.floor((raw.length / 4) * 3))} as base64 text), over MostQi's limits (${words.limits})`,
			'Resize or compress the file before this node, for example with n8n\'s "Edit Image" node.',
		);
	}
	// the value read once: an expression may give tens of megabytes of text
	let text = asText(raw, f.label, f.base64Label, fail);
	const dataUrl = DATA_URL.exec(text);
	if (dataUrl) {
		const mime = dataUrl[1].toLowerCase();
		if (
			mime !== '' &&
			!mime.startsWith('image/') &&
			!(accept.pdf && mime === 'application/pdf') &&
			!(accept.videos && mime.startsWith('video/')) &&
			mime !== 'application/octet-stream'
		) {
			throw fail(
				`${f.label}: "${f.base64Label}" is a data URL of type "${mime}", not ${words.kinds}`,
				`Pass the file of ${accept.videos ? 'the person' : 'the face'} itself. MostQi accepts ${words.formats}.`,
			);
		}
		if (!/;base64$/i.test(dataUrl[2] ?? '')) {
			throw fail(
				`${f.label}: "${f.base64Label}" is a data URL that is not base64-encoded`,
				'Use a data URL of the form data:image/jpeg;base64,… or the bare base64 text.',
			);
		}
		text = text.slice(dataUrl[0].length);
	}
	// Line breaks and spaces are common in base64 copied from mails or PEM-like exports.
	if (/\s/.test(text)) text = text.replace(/\s+/g, '');
	// URL-safe base64 is the same bytes with two other letters.
	if (/[-_]/.test(text)) text = text.replace(/-/g, '+').replace(/_/g, '/');
	if (text === '') {
		throw fail(
			`${f.label}: "${f.base64Label}" is empty`,
			'Map the field that holds the file as base64, or choose the Binary source if the previous node outputs a file.',
		);
	}
	if (!BASE64_TEXT.test(text) || text.length % 4 === 1) {
		throw fail(
			`${f.label}: "${f.base64Label}" is not valid base64`,
			'Base64 holds only letters, digits, "+", "/" and up to two "=" at the end. If the previous node outputs a file, choose the Binary source instead.',
		);
	}
	const padded = text.length % 4 === 0 ? text : text + '='.repeat(4 - (text.length % 4));
	const byteLength =
		(padded.length / 4) * 3 - (padded.endsWith('==') ? 2 : padded.endsWith('=') ? 1 : 0);
	const head = Buffer.from(padded.slice(0, Math.ceil(SNIFF_BYTES / 3) * 4), 'base64');
	const format = checkFile(f, head, byteLength, `the file in "${f.base64Label}"`, fail);
	return { kind: 'base64', base64: padded, format };
}

function readUrlFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	f: FileFields,
	fail: Fail,
): FileInput {
	const text = textParameter({ ctx, itemIndex, fail }, f.label, f.url, f.urlLabel);
	if (text === '') {
		throw fail(
			`${f.label}: "${f.urlLabel}" is empty`,
			'Enter the http(s) address of the image, or map the field that holds it.',
		);
	}
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw fail(
			`${f.label}: "${f.urlLabel}" is not a valid URL`,
			'Enter a full address starting with https:// (or http://).',
		);
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw fail(
			`${f.label}: "${f.urlLabel}" uses "${url.protocol.replace(/:$/, '')}", but MostQi downloads only http and https URLs`,
			'Give an http(s) address. For a file on this n8n server, read it with a "Read/Write Files from Disk" node and use the Binary source.',
		);
	}
	if (url.username !== '' || url.password !== '') {
		throw fail(
			`${f.label}: "${f.urlLabel}" has a user name or password in it`,
			"Credentials in a URL would be sent to MostQi and stored in n8n's execution data. Use a pre-signed or public URL, or download the file in n8n and use the Binary source.",
		);
	}
	return { kind: 'url', url: url.href };
}

/** Reads and checks one file input of one item; throws an item error naming it and its field. */
export async function readFileInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	f: FileFields,
): Promise<FileInput> {
	const fail: Fail = (message, description) => inputError(ctx, itemIndex, message, description);
	const source = fileSource(ctx, itemIndex, f, fail);
	if (source === 'url') return readUrlFile(ctx, itemIndex, f, fail);
	if (source === 'base64') return readBase64File(ctx, itemIndex, f, fail);
	return await readBinaryFile(ctx, itemIndex, f, fail);
}

/**
 * The input's source for this item. It may be an expression (a batch that mixes uploads and
 * links), so it is checked: anything but the sources' values is the item's error.
 */
function fileSource(
	ctx: IExecuteFunctions,
	itemIndex: number,
	f: FileFields,
	fail: Fail,
): FileSourceKind {
	const value = fileParameter(
		{ ctx, itemIndex, fail },
		f.label,
		f.source,
		f.sourceLabel,
		undefined,
	);
	const source = typeof value === 'string' ? value.trim() : value;
	if (SOURCE_VALUES.includes(source as FileSourceKind)) return source as FileSourceKind;
	throw fail(
		`${f.label}: "${f.sourceLabel}" must be ${sourceChoices('or')}, not ${value === undefined || value === '' ? 'empty' : JSON.stringify(value)}`,
		`Choose a source, or make its expression return one of ${SOURCE_VALUES.join(', ').replace(/, ([^,]*)$/, ' or $1')} for every item, for example {{ $json.${f.exampleUrlField} ? 'url' : 'binary' }}.`,
	);
}
