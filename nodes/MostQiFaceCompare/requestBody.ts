import type { BodyPool, FileContent } from '../../lib/mostqi/files/jsonBody';
import { buildJsonBody } from '../../lib/mostqi/files/jsonBody';
import type { FaceSide } from './faceFields';
import { FACE_SIDES } from './faceFields';

/** The kinds of face-compare body fields: faceFileUrlA, faceFileBase64B, faceFilePasswordA, … */
export type BodyFieldKind = 'Url' | 'Base64' | 'Password';

/** MostQi's name of a face-compare body field; its error texts quote these names. */
export function bodyField(kind: BodyFieldKind, side: FaceSide): string {
	return `faceFile${kind}${side}`;
}

/** Any body field's name in MostQi's text: the kind and the side as groups 1 and 2. */
export const BODY_FIELD = /\bfaceFile(Url|Base64|Password)([AB])\b/g;

export interface ComparePasswords {
	A?: string;
	B?: string;
}

/**
 * The face-compare JSON body: each face as its URL or its base64 text (written straight into the
 * body, see files/jsonBody.ts), and a protected PDF's password, which MostQi wants itself
 * base64-encoded (PDF passwords may be binary).
 */
export async function buildCompareBody(
	faceA: FileContent,
	faceB: FileContent,
	passwords: ComparePasswords = {},
	pool?: BodyPool,
): Promise<Buffer> {
	const faces = { A: faceA, B: faceB };
	return await buildJsonBody(
		FACE_SIDES.flatMap((side) => {
			const face = faces[side];
			const password = passwords[side];
			return [
				[bodyField(face.kind === 'url' ? 'Url' : 'Base64', side), face],
				[
					bodyField('Password', side),
					password ? Buffer.from(password, 'utf8').toString('base64') : undefined,
				],
			] as Array<[string, FileContent | string | undefined]>;
		}),
		pool,
	);
}
