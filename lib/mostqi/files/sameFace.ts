import type { FileContent } from './jsonBody';

/**
 * Whether two faces are the same file, so that a comparison would measure a photo against itself
 * (a KYC approval with no second face). Every MostQi node that takes two files asks this before
 * it sends (and pays for) anything.
 *
 * - Two URLs are the same when they name the same resource: compared as parsed URLs (so case of
 *   the host, a default port, percent-encoding and a fragment, which is never sent, make no
 *   difference).
 * - A URL and a file cannot be compared (MostQi downloads the URL; n8n never does), so they are
 *   never the same.
 * - Files are compared by what they decode to, whatever the source (bytes in the item, a file n8n
 *   stores and streams, base64 text): sizes first, then content chunk by chunk, stopping at the
 *   first difference. Nothing is held whole that was not already in memory: files may be 20 to
 *   50 MB, streamed from n8n's binary store.
 */
export async function isSameFace(a: FileContent, b: FileContent): Promise<boolean> {
	if (a.kind === 'url' || b.kind === 'url') {
		return a.kind === 'url' && b.kind === 'url' && sameUrl(a.url, b.url);
	}
	if (byteLengthOf(a) !== byteLengthOf(b)) return false;
	if (a.kind === 'base64' && b.kind === 'base64' && a.base64 === b.base64) return true;
	if (a.kind === 'bytes' && b.kind === 'bytes') return a.bytes.equals(b.bytes);
	return await sameChunks(chunksOf(a), chunksOf(b));
}

type FileSource = Exclude<FileContent, { kind: 'url' }>;

/** The resource a URL names: parsed, without the fragment (the client never sends it). */
export function sameUrl(a: string, b: string): boolean {
	const resource = (text: string) => {
		try {
			const url = new URL(text.trim());
			url.hash = '';
			return url.href;
		} catch {
			return text.trim();
		}
	};
	return resource(a) === resource(b);
}

function byteLengthOf(face: FileSource): number {
	if (face.kind === 'bytes') return face.bytes.length;
	if (face.kind === 'stored') return face.byteLength;
	const text = face.base64.replace(/=+$/, '');
	return Math.floor((text.length * 3) / 4);
}

/** Base64 is decoded this many characters at a time (a multiple of 4: each slice stands alone). */
const BASE64_SLICE_CHARS = 4 * 16 * 1024;

async function* chunksOf(face: FileSource): AsyncGenerator<Buffer> {
	if (face.kind === 'bytes') {
		yield face.bytes;
	} else if (face.kind === 'base64') {
		for (let at = 0; at < face.base64.length; at += BASE64_SLICE_CHARS) {
			yield Buffer.from(face.base64.slice(at, at + BASE64_SLICE_CHARS), 'base64');
		}
	} else {
		for await (const chunk of await face.open()) yield chunk;
	}
}

/**
 * Two byte streams compared as they come, whatever their chunk sizes; both are closed (a stored
 * file's stream released) as soon as the answer is known.
 */
async function sameChunks(a: AsyncGenerator<Buffer>, b: AsyncGenerator<Buffer>): Promise<boolean> {
	let restA: Buffer = Buffer.alloc(0);
	let restB: Buffer = Buffer.alloc(0);
	let doneA = false;
	let doneB = false;
	try {
		for (;;) {
			if (restA.length === 0 && !doneA) {
				const next = await a.next();
				if (next.done) doneA = true;
				else restA = next.value;
				continue;
			}
			if (restB.length === 0 && !doneB) {
				const next = await b.next();
				if (next.done) doneB = true;
				else restB = next.value;
				continue;
			}
			if (restA.length === 0 || restB.length === 0) return restA.length === 0 && restB.length === 0;
			const n = Math.min(restA.length, restB.length);
			if (!restA.subarray(0, n).equals(restB.subarray(0, n))) return false;
			restA = restA.subarray(n);
			restB = restB.subarray(n);
		}
	} finally {
		await Promise.all([a.return(undefined), b.return(undefined)]);
	}
}
