import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import type {
	AnswerMeta,
	DetectReading,
	LivenessFailure,
	SessionReading,
	StatusReading,
} from './answer';
import { INVALID_RESPONSE } from './answer';
import { LABELS } from './description';

/**
 * The output items of each operation, version-2 style: every column on every item in the
 * contract's order (n8n's table orders columns by first appearance), null where MostQi sent no
 * value, never a value of the node's own. The frontal face becomes a binary field when the node
 * is wired (n8n's prepareBinaryData); here it is decoded and recognised.
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

/** Columns an input item may not bring in: a stale `error` would make a success look failed. */
const RESERVED = ['error', 'errorCode', 'httpCode', 'mostQiResponse'];

/** The verdict: only when there is a score (a score equal to the threshold is live). */
export function isLive(score: number | null, threshold: number): boolean | null {
	return score === null ? null : score >= threshold;
}

function asRow(fields: IDataObject, columns: ReadonlyArray<string>): IDataObject {
	const row: IDataObject = {};
	for (const column of columns) row[column] = fields[column] ?? null;
	return row;
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

/**
 * The success item: the operation's columns first, then (kept by default) the input's fields it
 * does not shadow, then MostQi's whole answer on request. The input's files travel on, and the
 * item is paired with its input. `response` must already be free of secrets (the shared
 * transport's redaction, when wired).
 */
export function successItem(
	input: INodeExecutionData,
	itemIndex: number,
	row: IDataObject,
	options: OutputOptions,
	response?: Record<string, unknown>,
): INodeExecutionData {
	const json: IDataObject = { ...row };
	if (options.keepInputFields) {
		for (const [key, value] of Object.entries(input.json)) {
			if (!(key in json) && !RESERVED.includes(key)) json[key] = value;
		}
	}
	if (options.includeFullResponse && response !== undefined)
		json.mostQiResponse = response as IDataObject;
	const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
	if (input.binary) item.binary = { ...input.binary };
	return item;
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

export type FrontalImageType =
	| { mimeType: 'image/jpeg'; fileExtension: 'jpg' }
	| { mimeType: 'image/png'; fileExtension: 'png' };

/** What `prepareBinaryData(buffer, fileName, mimeType)` takes, for the field `field`. */
export type FrontalImage = FrontalImageType & { field: string; buffer: Buffer; fileName: string };

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** JPEG or PNG, from the magic bytes; anything else is undefined. */
export function imageTypeOf(bytes: Uint8Array): FrontalImageType | undefined {
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
		return { mimeType: 'image/jpeg', fileExtension: 'jpg' };
	if (bytes.length >= PNG.length && PNG.every((byte, i) => bytes[i] === byte))
		return { mimeType: 'image/png', fileExtension: 'png' };
	return undefined;
}

/** What bytes that are not JPEG or PNG look like, for the failure. */
function describeBytes(bytes: Uint8Array): string {
	const ascii = (start: number, end: number) =>
		String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));
	if (ascii(0, 4) === 'GIF8') return 'a GIF image';
	if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'a WebP image';
	if (ascii(4, 8) === 'ftyp') return `an ISO media file (${ascii(8, 12).trim()})`;
	if (ascii(0, 2) === 'BM') return 'a BMP image';
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
		description: `The node adds only a JPEG or PNG, which n8n shows and MostQi Face Compare takes, and never a file of its own. To keep the scores without the face, clear "${LABELS.frontalImageBinaryProperty}"; if it persists, contact MostQi support with the request ID.`,
		errorCode: INVALID_RESPONSE,
		httpCode: reading.httpCode,
	};
	if (reading.requestId !== null) failure.requestId = reading.requestId;
	return failure;
}

/**
 * MostQi's `frontalImage` (base64, a data: URL prefix allowed) as the bytes and type of a binary
 * field named `field`. No image in the answer, or no field name: null (no binary field). Text
 * that is not base64, or bytes that are not a JPEG or PNG: INVALID_RESPONSE naming what it is.
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
				`MostQi's frontalImage is not a JPEG or PNG: it is ${describeBytes(buffer)}`,
				reading,
			),
		};
	}
	return {
		ok: true,
		image: { ...type, field: name, buffer, fileName: `frontal-face.${type.fileExtension}` },
	};
}
