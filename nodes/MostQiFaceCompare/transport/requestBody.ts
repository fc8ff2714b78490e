import type { Face } from '../faceInput';

export interface ComparePasswords {
	A?: string;
	B?: string;
}

/**
 * The face-compare JSON body as one Buffer, written piece by piece.
 *
 * The obvious `JSON.stringify({ faceFileBase64A: bytes.toString('base64'), … })` holds each
 * image four times (bytes, base64 string, JSON string, request buffer). Here the base64 text
 * of a file is written straight into the body in small slices, so a file costs its bytes plus
 * its share of the body.
 */
export function buildCompareBody(faceA: Face, faceB: Face, passwords: ComparePasswords = {}): Buffer {
	const parts: Array<Buffer | string> = ['{'];
	const field = (name: string, value: Face | string) => {
		if (parts.length > 1) parts.push(',');
		parts.push(`${JSON.stringify(name)}:`);
		if (typeof value === 'string') parts.push(JSON.stringify(value));
		else if (value.kind === 'url') parts.push(JSON.stringify(value.url));
		else if (value.kind === 'base64') parts.push(`"${value.base64}"`);
		else parts.push('"', value.bytes, '"');
	};
	for (const [side, face] of [['A', faceA], ['B', faceB]] as const) {
		field(face.kind === 'url' ? `faceFileUrl${side}` : `faceFileBase64${side}`, face);
		const password = passwords[side];
		// MostQi wants the PDF password itself base64-encoded (PDF passwords may be binary).
		if (password) field(`faceFilePassword${side}`, Buffer.from(password, 'utf8').toString('base64'));
	}
	parts.push('}');

	const size = parts.reduce(
		(total, part) =>
			total + (typeof part === 'string' ? Buffer.byteLength(part, 'utf8') : base64Length(part.length)),
		0,
	);
	const body = Buffer.allocUnsafe(size);
	let offset = 0;
	for (const part of parts) {
		offset =
			typeof part === 'string'
				? offset + body.write(part, offset, 'utf8')
				: writeBase64(part, body, offset);
	}
	return body;
}

function base64Length(byteLength: number): number {
	return Math.ceil(byteLength / 3) * 4;
}

/** Slices are a multiple of 3 bytes, so their base64 texts join without padding in between. */
const SLICE_BYTES = 3 * 64 * 1024;

function writeBase64(source: Buffer, target: Buffer, offset: number): number {
	let at = offset;
	for (let start = 0; start < source.length; start += SLICE_BYTES) {
		const text = source.toString('base64', start, Math.min(start + SLICE_BYTES, source.length));
		at += target.write(text, at, 'latin1');
	}
	return at;
}
