import type { FileFields } from '../../lib/mostqi/files/fileInput';

export type FaceSide = 'A' | 'B';

export const FACE_SIDES: readonly FaceSide[] = ['A', 'B'];

/** The parameter names and editor labels of one face: every message names a face by these. */
export function faceFields(
	side: FaceSide,
): FileFields & { password: string; passwordLabel: string } {
	const label = `Face ${side}`;
	return {
		label,
		source: `face${side}Source`,
		sourceLabel: `${label} Source`,
		binaryProperty: `face${side}BinaryProperty`,
		binaryLabel: `${label} Binary Field`,
		url: `face${side}Url`,
		urlLabel: `${label} URL`,
		base64: `face${side}Base64`,
		base64Label: `${label} Base64`,
		password: `face${side}Password`,
		passwordLabel: `${label} PDF Password`,
		exampleUrlField: side === 'A' ? 'selfieUrl' : 'documentUrl',
	};
}
