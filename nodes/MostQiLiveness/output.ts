import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { FileFormat } from '../../lib/mostqi/files/fileFormat';
import {
	FORMAT_NAMES,
	SNIFF_BYTES,
	detectFormat,
	detectVideoFormat,
	isVideoFormat,
} from '../../lib/mostqi/files/fileFormat';
import type { InputFieldsRule, ItemError } from '../../lib/mostqi/items/itemOutput';
import {
	asRow,
	failureFields,
	withInput,
	withInputFields,
} from '../../lib/mostqi/items/itemOutput';
import { withoutRememberedSecrets } from '../../lib/mostqi/secrets';
import type {
	AnswerMeta,
	DetectReading,
	LivenessFailure,
	SessionReading,
	StatusReading,
} from './answer';
import { INVALID_RESPONSE } from './answer';
import type { Operation } from './description';
import { LABELS } from './description';

/**
 * The output items of each operation, version-2 style: every column on every item in the
 * contract's order (n8n's table orders columns by first appearance), null where MostQi sent no
 * value, never a value of the node's own. The frontal face is decoded and recognised here; the
 * node stores it with n8n's prepareBinaryData (see livenessItems.ts).
 */

export interface OutputOptions {
	keepInputFields: boolean;
	includeFullResponse: boolean;
}

/** The contract's columns, in its order; movementScore (not in the contract) beside the scores. */
export const DETECT_COLUMNS = [
	'globalScore',
	'livenessScore',
	'movementScore',
	'score',
	'isLive',
	'threshold',
	'requestId',
	'elapsedMilliseconds',
] as const;
export const SESSION_COLUMNS = [
	'sessionUrl',
	'processId',
	'requestId',
	'elapsedMilliseconds',
] as const;
export const STATUS_COLUMNS = [
	'status',
	'livenessScore',
	'score',
	'isLive',
	'threshold',
	'processId',
	'requestId',
	'elapsedMilliseconds',
] as const;

/** The columns a failed item adds after its operation's (for "Continue"). */
export const ERROR_COLUMNS = ['error', 'errorCode', 'httpCode', 'attempts'] as const;

/** Each operation's columns. */
export const COLUMNS: Record<Operation, ReadonlyArray<string>> = {
	detect: DETECT_COLUMNS,
	startSession: SESSION_COLUMNS,
	getSessionResult: STATUS_COLUMNS,
};

/** Columns an input item may not bring in: a stale `error` would make a success look failed. */
const RESERVED = [...ERROR_COLUMNS, 'mostQiResponse'];

/** The verdict: only when there is a score (a score equal to the threshold is live). */
export function isLive(score: number | null, threshold: number): boolean | null {
	return score === null ? null : score >= threshold;
}

function identifiers(reading: AnswerMeta): IDataObject {
	return { requestId: reading.requestId, elapsedMilliseconds: reading.elapsedMilliseconds };
}

/** detect: the scores, the one judged, the verdict and MostQi's identifiers. */
export function detectJson(reading: DetectReading, threshold: number): IDataObject {
	return asRow(
		{
			globalScore: reading.globalScore,
			livenessScore: reading.livenessScore,
			movementScore: reading.movementScore,
			score: reading.score,
			isLive: isLive(reading.score, threshold),
			threshold,
			...identifiers(reading),
		},
		DETECT_COLUMNS,
	);
}

/** startSession: the page the person opens, and the ID to ask for its result with. */
export function sessionJson(reading: SessionReading): IDataObject {
	return asRow(
		{ sessionUrl: reading.sessionUrl, processId: reading.processId, ...identifiers(reading) },
		SESSION_COLUMNS,
	);
}

/**
 * getSessionResult: the status as MostQi sent it; a score and a verdict only with DONE (the
 * reading has no score before). processId: MostQi's, else the one asked about (the builder's
 * own input, so that the item says which session it is).
 */
export function statusJson(
	reading: StatusReading,
	threshold: number,
	requestedProcessId: string,
): IDataObject {
	const score = reading.status === 'DONE' ? reading.score : null;
	return asRow(
		{
			status: reading.status,
			livenessScore: reading.status === 'DONE' ? reading.livenessScore : null,
			score,
			isLive: isLive(score, threshold),
			threshold,
			processId: reading.processId ?? requestedProcessId,
			...identifiers(reading),
		},
		STATUS_COLUMNS,
	);
}

function inputFieldsRule(options: Pick<OutputOptions, 'keepInputFields'>): InputFieldsRule {
	return options.keepInputFields ? { except: RESERVED } : 'none';
}

/**
 * The success item: the operation's columns first, then (kept by default) the input's fields it
 * does not shadow, then MostQi's whole answer on request, without the tokens the credential sent.
 * The input's files travel on, and the item is paired with its input.
 */
export function successItem(
	input: INodeExecutionData,
	itemIndex: number,
	row: IDataObject,
	options: OutputOptions,
	response?: Record<string, unknown>,
): INodeExecutionData {
	// a copy: without the input's fields the shared helper hands back the row it was given
	const json = withInputFields({ ...row }, input, inputFieldsRule(options));
	if (options.includeFullResponse && response !== undefined)
		json.mostQiResponse = withoutRememberedSecrets(response) as IDataObject;
	return withInput(input, itemIndex, json);
}

/**
 * The item of a failed input for plain "Continue", in the operation's columns (status, scores
 * and isLive null: no verdict) then the failure's; the threshold and process ID the item used
 * when they could be read, so that a row says what it was about.
 */
export function errorItem(
	input: INodeExecutionData,
	itemIndex: number,
	error: ItemError,
	operation: Operation,
	options: Pick<OutputOptions, 'keepInputFields'>,
	used: { threshold?: number | null; processId?: string | null } = {},
): INodeExecutionData {
	const row = asRow({ ...used, ...failureFields(error) }, [
		...COLUMNS[operation],
		...ERROR_COLUMNS,
	]);
	return withInput(input, itemIndex, withInputFields(row, input, inputFieldsRule(options)));
}

/** The item with one more binary field (the frontal face, once n8n has stored it). */
export function withBinaryField(
	item: INodeExecutionData,
	field: string,
	data: IBinaryData,
): INodeExecutionData {
	return { ...item, binary: { ...(item.binary ?? {}), [field]: data } };
}

// ---------------------------------------------------------------------------------------------
// the frontal face

/** An image format: every format Face Compare accepts but PDF (lib/mostqi/files/fileFormat.ts). */
export type ImageFormat = Exclude<FileFormat, 'pdf'>;

/** Each image format's MIME type and file extension, as n8n stores and shows the file. */
export const IMAGE_TYPES: Record<ImageFormat, { mimeType: string; fileExtension: string }> = {
	avif: { mimeType: 'image/avif', fileExtension: 'avif' },
	bmp: { mimeType: 'image/bmp', fileExtension: 'bmp' },
	gif: { mimeType: 'image/gif', fileExtension: 'gif' },
	heic: { mimeType: 'image/heic', fileExtension: 'heic' },
	jpeg: { mimeType: 'image/jpeg', fileExtension: 'jpg' },
	jp2: { mimeType: 'image/jp2', fileExtension: 'jp2' },
	jxl: { mimeType: 'image/jxl', fileExtension: 'jxl' },
	pam: { mimeType: 'image/x-portable-arbitrarymap', fileExtension: 'pam' },
	pbm: { mimeType: 'image/x-portable-bitmap', fileExtension: 'pbm' },
	pgm: { mimeType: 'image/x-portable-graymap', fileExtension: 'pgm' },
	ppm: { mimeType: 'image/x-portable-pixmap', fileExtension: 'ppm' },
	png: { mimeType: 'image/png', fileExtension: 'png' },
	tiff: { mimeType: 'image/tiff', fileExtension: 'tif' },
	webp: { mimeType: 'image/webp', fileExtension: 'webp' },
};

export interface FrontalImageType {
	mimeType: string;
	fileExtension: string;
}

/** What `prepareBinaryData(buffer, fileName, mimeType)` takes, for the field `field`. */
export type FrontalImage = FrontalImageType & { field: string; buffer: Buffer; fileName: string };

/**
 * An image Face Compare accepts, from the magic bytes (n8n previews the ones a browser shows);
 * a PDF or anything else is undefined.
 */
export function imageTypeOf(bytes: Uint8Array): FrontalImageType | undefined {
	const format = detectFormat(bytes.subarray(0, SNIFF_BYTES));
	if (format === undefined || format === 'pdf') return undefined;
	return { ...IMAGE_TYPES[format] };
}

/** What bytes that are not an image look like, for the failure. */
function describeBytes(bytes: Uint8Array): string {
	const format = detectFormat(bytes.subarray(0, SNIFF_BYTES)) ?? detectVideoFormat(bytes);
	if (format === 'pdf') return 'a PDF';
	if (format) return `a ${FORMAT_NAMES[format]} ${isVideoFormat(format) ? 'video' : 'image'}`;
	const head = bytes.subarray(0, 16);
	if (head.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f)))
		return 'text';
	const hex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
	return `a file of an unknown type (it starts with the bytes ${hex})`;
}

const BASE64 = /^[A-Za-z0-9+/\-_]+={0,2}$/;

function imageFailure(message: string, reading: AnswerMeta): LivenessFailure {
	const failure: LivenessFailure = {
		message,
		description: `The node adds only an image that MostQi Face Compare takes, and never a file of its own. To keep the scores without the face, clear "${LABELS.frontalImageBinaryProperty}"; if it persists, contact MostQi support with the request ID.`,
		errorCode: INVALID_RESPONSE,
		httpCode: reading.httpCode,
	};
	if (reading.requestId !== null) failure.requestId = reading.requestId;
	return failure;
}

/**
 * MostQi's `frontalImage` (base64, a data: URL prefix allowed) as the bytes and type of a binary
 * field named `field`. No image in the answer, or no field name: null (no binary field). Text
 * that is not base64, or bytes that are not an image Face Compare takes: INVALID_RESPONSE naming
 * what they are.
 */
export function frontalImageOf(
	reading: Pick<DetectReading, 'frontalImage'> & AnswerMeta,
	field: string,
): { ok: true; image: FrontalImage | null } | { ok: false; failure: LivenessFailure } {
	const name = field.trim();
	if (reading.frontalImage === null || name === '') return { ok: true, image: null };
	const text = reading.frontalImage.replace(/^data:[^,]*;base64,/i, '').replace(/\s+/g, '');
	if (text === '' || !BASE64.test(text) || text.length % 4 === 1) {
		return {
			ok: false,
			failure: imageFailure("MostQi's frontalImage is not base64 text", reading),
		};
	}
	const buffer = Buffer.from(text, 'base64');
	const type = imageTypeOf(buffer);
	if (!type) {
		return {
			ok: false,
			failure: imageFailure(
				`MostQi's frontalImage is not an image: it is ${describeBytes(buffer)}`,
				reading,
			),
		};
	}
	return {
		ok: true,
		image: { ...type, field: name, buffer, fileName: `frontal-face.${type.fileExtension}` },
	};
}
