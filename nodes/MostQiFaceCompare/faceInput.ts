import type { IExecuteFunctions } from 'n8n-workflow';

import type { FileInput } from '../../lib/mostqi/files/fileInput';
import { readFileInput } from '../../lib/mostqi/files/fileInput';
import { isSameFace } from '../../lib/mostqi/files/sameFace';
import { inputError } from '../../lib/mostqi/items/itemErrors';
import type { FaceSide } from './faceFields';
import { faceFields } from './faceFields';

/** A face ready to be sent (see files/fileInput.ts). */
export type Face = FileInput;

/** A stored face file that could not be read while the run used it. */
export function unreadableFace(ctx: IExecuteFunctions, itemIndex: number, error: Error): Error {
	return inputError(
		ctx,
		itemIndex,
		// without the system code (ENOENT, …): it says nothing to a builder
		`A face file could not be read: ${error.message.replace(/\bE[A-Z]{3,}\b:?\s*/g, '')}`,
		'The file n8n stored for this item was removed or changed during the run. Run the workflow again.',
	);
}

/** Reads and checks one face of one item; throws an item error naming the face and field. */
export async function readFace(
	ctx: IExecuteFunctions,
	itemIndex: number,
	side: FaceSide,
): Promise<Face> {
	return await readFileInput(ctx, itemIndex, faceFields(side));
}

/** Where a face came from, in the node's labels. */
function originOf(face: Face, side: FaceSide): string {
	const f = faceFields(side);
	if (face.kind === 'url') return `"${f.urlLabel}"`;
	if (face.kind === 'base64') return `"${f.base64Label}"`;
	return face.binaryField === undefined
		? `the file of ${f.label}`
		: `binary field "${face.binaryField}"`;
}

/**
 * Why Face A and Face B are one and the same file (the words after "Face A and Face B"), or
 * undefined when they differ or cannot be compared (a URL and a file). The rule is
 * lib/mostqi/files/sameFace.ts; this says it in the node's labels.
 */
export async function sameReference(
	ctx: IExecuteFunctions,
	itemIndex: number,
	faceA: Face,
	faceB: Face,
): Promise<string | undefined> {
	let same: boolean;
	try {
		same = await isSameFace(faceA, faceB);
	} catch (error) {
		throw unreadableFace(ctx, itemIndex, error as Error);
	}
	if (!same) return undefined;
	if (faceA.kind === 'url' && faceB.kind === 'url') {
		return faceA.url === faceB.url
			? 'both come from the same URL'
			: `both name the same file ("${faceFields('A').urlLabel}" and "${faceFields('B').urlLabel}" are one address written two ways)`;
	}
	const a = originOf(faceA, 'A');
	if (a === originOf(faceB, 'B')) return `both come from ${a}`;
	return `hold the same file (${a} and ${originOf(faceB, 'B')} have the same content)`;
}
