/** A file as a body carries it: its bytes, a stored file read as a stream, base64 text or a URL. */
export type FileContent =
	| { kind: 'bytes'; bytes: Buffer }
	| { kind: 'stored'; byteLength: number; open: () => Promise<AsyncIterable<Buffer>> }
	| { kind: 'base64'; base64: string }
	| { kind: 'url'; url: string };

type StoredFile = Extract<FileContent, { kind: 'stored' }>;

type Part = string | Buffer | StoredFile;

/**
 * Body buffers handed from one item to the next. A face-compare body of two 8 MB photos is 21 MB; allocating
 * one per item makes V8 run a full garbage collection of n8n's whole heap every few items (the
 * benchmark measured GC as the largest CPU cost). A buffer comes back only after MostQi answered
 * with a result, which proves it read the whole body; after any failure it is left to the GC,
 * since an early answer can come while the body is still being sent.
 */
export class BodyPool {
	private readonly free: Buffer[] = [];
	private readonly parents = new WeakMap<Buffer, Buffer>();

	constructor(private readonly capacity: number) {}

	take(size: number): Buffer {
		let best = -1;
		this.free.forEach((buffer, i) => {
			if (buffer.length >= size && (best < 0 || buffer.length < this.free[best].length)) best = i;
		});
		const parent = best >= 0 ? this.free.splice(best, 1)[0] : Buffer.allocUnsafeSlow(size);
		const body = parent.subarray(0, size);
		this.parents.set(body, parent);
		return body;
	}

	give(body: Buffer): void {
		const parent = this.parents.get(body);
		if (parent && this.free.length < this.capacity) this.free.push(parent);
	}
}

/** A JSON value of a body: a file (written as its base64 text, or its URL) or plain JSON. */
export type BodyValue = FileContent | string | number | boolean | string[];

function isFile(value: BodyValue): value is FileContent {
	return typeof value === 'object' && !Array.isArray(value);
}

/**
 * A JSON object body as one Buffer, written piece by piece.
 *
 * The obvious `JSON.stringify({ fileBase64: bytes.toString('base64'), … })` holds each file four
 * times (bytes, base64 string, JSON string, request buffer). Here the base64 text of a file is
 * written straight into the body in small slices; a file that n8n stores on disk (or in its
 * database) is streamed into it, so it costs only its share of the body. Fields whose value is
 * undefined are left out.
 */
export async function buildJsonBody(
	fields: Array<[name: string, value: BodyValue | undefined]>,
	pool?: BodyPool,
): Promise<Buffer> {
	const parts: Part[] = ['{'];
	for (const [name, value] of fields) {
		if (value === undefined) continue;
		if (parts.length > 1) parts.push(',');
		parts.push(`${JSON.stringify(name)}:`);
		if (!isFile(value)) parts.push(JSON.stringify(value));
		else if (value.kind === 'url') parts.push(JSON.stringify(value.url));
		else if (value.kind === 'base64') parts.push(`"${value.base64}"`);
		else parts.push('"', value.kind === 'bytes' ? value.bytes : value, '"');
	}
	parts.push('}');

	const size = parts.reduce((total, part) => total + partLength(part), 0);
	const body = pool ? pool.take(size) : Buffer.allocUnsafe(size);
	let offset = 0;
	for (const part of parts) {
		if (typeof part === 'string') offset += body.write(part, offset, 'utf8');
		else if (Buffer.isBuffer(part)) offset = writeBase64(part, body, offset);
		else offset = await streamBase64(part, body, offset);
	}
	return body;
}

function partLength(part: Part): number {
	if (typeof part === 'string') return Buffer.byteLength(part, 'utf8');
	return base64Length(Buffer.isBuffer(part) ? part.length : part.byteLength);
}

function base64Length(byteLength: number): number {
	return Math.ceil(byteLength / 3) * 4;
}

/** Slices are a multiple of 3 bytes, so their base64 texts join without padding in between. */
const SLICE_BYTES = 3 * 16 * 1024;

function writeBase64(source: Buffer, target: Buffer, offset: number): number {
	let at = offset;
	for (let start = 0; start < source.length; start += SLICE_BYTES) {
		const text = source.toString('base64', start, Math.min(start + SLICE_BYTES, source.length));
		at += target.write(text, at, 'latin1');
	}
	return at;
}

/**
 * Streams a stored file into the body as base64. Chunks need not be a multiple of 3 bytes: the
 * bytes left over are carried into the next chunk.
 */
async function streamBase64(file: StoredFile, target: Buffer, offset: number): Promise<number> {
	let at = offset;
	let carry = Buffer.alloc(0);
	let read = 0;
	for await (const chunk of await file.open()) {
		read += chunk.length;
		if (read > file.byteLength) break;
		const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
		const whole = bytes.length - (bytes.length % 3);
		at = writeBase64(bytes.subarray(0, whole), target, at);
		carry = Buffer.from(bytes.subarray(whole));
	}
	if (read !== file.byteLength) {
		throw new Error(
			`the stored file changed while it was read (${read} bytes instead of ${file.byteLength})`,
		);
	}
	return writeBase64(carry, target, at);
}
