import type { MostQiFailure } from '../../lib/mostqi/failure';
import { describeNetworkCode } from '../../lib/mostqi/transport/network';
import type { FaceSide } from './faceFields';
import { faceFields } from './faceFields';
import type { Face } from './faceInput';
import { BODY_FIELD } from './requestBody';

/**
 * MostQi's error texts speak of its request fields (`faceFileUrlB`); the builder only ever sees
 * the node's labels. This rewrites a failure in those labels, and says which file a failed
 * download was by its host and path: never its query, where pre-signed links carry signatures.
 */

type Faces = Record<FaceSide, Face>;

/** A URL as host and path only, shortened for a message. */
export function hostAndPath(url: string): string {
	try {
		const parsed = new URL(url);
		const text = `${parsed.host}${parsed.pathname}`;
		return text.length > 80 ? `${text.slice(0, 77)}…` : text;
	} catch {
		return 'the URL';
	}
}

/** The label of a MostQi request field, given where the face came from. */
function labelOf(kind: string, side: FaceSide, faces: Faces): string {
	const f = faceFields(side);
	if (kind === 'Url') return `"${f.urlLabel}"`;
	if (kind === 'Password') return `"${f.passwordLabel}"`;
	return faces[side].kind === 'base64' ? `"${f.base64Label}"` : `the file in "${f.binaryLabel}"`;
}

/** What an HTTP status of a download means, in plain words. */
function downloadStatusWords(status: number): string {
	if (status === 404 || status === 410) return 'was not found';
	if (status === 401 || status === 403)
		return 'was refused (it needs a login, or a pre-signed link has expired)';
	if (status >= 500) return 'could not be served (the server failed)';
	return 'could not be downloaded';
}

/**
 * A failed download named by MostQi ("faceFileUrlB could not be downloaded: HTTP 404"): which face,
 * which file and what its server answered, with that one status.
 */
function downloadFailure(
	text: string,
	faces: Faces,
): { message: string; description: string } | undefined {
	// the status must be in MostQi's own sentence, not the "(HTTP 400)" of its answer
	const match = /\bfaceFileUrl([AB])\b[^.;()]*?\bdownload\w*\b[^.;()]*?\b([1-5]\d\d)\b/i.exec(text);
	if (!match) return undefined;
	const side = match[1] as FaceSide;
	const face = faces[side];
	const where = face.kind === 'url' ? ` at ${hostAndPath(face.url)}` : '';
	const status = Number(match[2]);
	return {
		message: `${faceFields(side).urlLabel}: the file${where} ${downloadStatusWords(status)} (${status}) when MostQi downloaded it`,
		description: `MostQi downloads the file itself, without n8n's credentials. Check that "${faceFields(side).urlLabel}" opens without logging in and has not expired, or download the file in n8n (HTTP Request node) and choose the Binary File source.`,
	};
}

/**
 * A download that found no server ("faceFileUrlB could not be downloaded: getaddrinfo ENOTFOUND
 * files.example"): the system code in words. Left as it was, the code read like a wrong Base URL
 * (n8n's own sentence for it), though MostQi's servers were reached and the face's host was not.
 */
function unreachableDownload(
	text: string,
	faces: Faces,
): { message: string; description: string } | undefined {
	const match = /\bfaceFileUrl([AB])\b[^.;()]*?\bdownload\w*\b[^;()]*?\b(E[A-Z_]{3,})\b/.exec(text);
	if (!match) return undefined;
	const side = match[1] as FaceSide;
	const face = faces[side];
	const where = face.kind === 'url' ? ` at ${hostAndPath(face.url)}` : '';
	return {
		message: `${faceFields(side).urlLabel}: MostQi could not download the file${where} (${describeNetworkCode(match[2])})`,
		description: `MostQi downloads the file itself, from its own servers. Check that the address in "${faceFields(side).urlLabel}" is right and reachable from the internet (a host only your network knows is not), or download the file in n8n (HTTP Request node) and choose the Binary File source.`,
	};
}

/** The failure in the node's words; codes, status and request ID stay as they are. */
export function inBuilderWords(failure: MostQiFailure, faces: Faces): MostQiFailure {
	const download =
		downloadFailure(failure.message, faces) ?? unreachableDownload(failure.message, faces);
	if (download) return { ...failure, ...download };
	const message = failure.message.replace(BODY_FIELD, (_all, kind: string, side: FaceSide) =>
		labelOf(kind, side, faces),
	);
	return message === failure.message ? failure : { ...failure, message };
}
