import type { MediaFormat } from '../../lib/mostqi/files/fileFormat';
import {
	FORMAT_NAMES,
	detectFormat,
	detectVideoFormat,
	isVideoFormat,
} from '../../lib/mostqi/files/fileFormat';
import type { FileFields } from '../../lib/mostqi/files/fileInput';
import { PHOTOS_AND_VIDEOS } from '../../lib/mostqi/files/fileInput';
import type { FileSourceKind } from '../../lib/mostqi/files/fileSources';
import type { Problem } from '../../lib/mostqi/options/numberOption';
import {
	LIVENESS_DETECT_ROUTE,
	LIVENESS_SESSION_ROUTE,
	LIVENESS_STATUS_ROUTE,
} from '../../lib/mostqi/transport/routes';
import type { Language, Movement, Operation } from './description';
import { LABELS, LANGUAGE, LANGUAGES, MOVEMENTS } from './description';

/**
 * What the node sends to MostQi for each operation, built and checked without any request: the
 * JSON bodies, and the input errors that must stop an item before it costs a call. Every problem
 * names the fields the builder sees (LABELS), never MostQi's request fields, and never quotes a
 * webhook header's or query parameter's value (they usually hold a secret).
 */

export type { Problem };

/** The MostQi route of each operation (the routes themselves: lib/mostqi/transport/routes.ts). */
export const LIVENESS_ROUTES: Record<Operation, string> = {
	detect: LIVENESS_DETECT_ROUTE,
	startSession: LIVENESS_SESSION_ROUTE,
	getSessionResult: LIVENESS_STATUS_ROUTE,
};

export function isProblem(value: unknown): value is Problem {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as Problem).message === 'string' &&
		typeof (value as Problem).description === 'string'
	);
}

function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (value === undefined) return 'nothing';
	return typeof value === 'object' ? 'an object' : typeof value;
}

// ---------------------------------------------------------------------------------------------
// detect

export type SourceKind = FileSourceKind;

/** The selfie's parameters and labels, for the shared reading of a file input. */
export const SELFIE_FIELDS: FileFields = {
	label: 'Selfie',
	source: 'source',
	sourceLabel: LABELS.source,
	binaryProperty: 'binaryProperty',
	binaryLabel: LABELS.binaryProperty,
	url: 'url',
	urlLabel: LABELS.url,
	base64: 'base64',
	base64Label: LABELS.base64,
	exampleUrlField: 'selfieUrl',
	accept: PHOTOS_AND_VIDEOS,
};

/** MostQi's request field of the file: `fileBase64` (bytes as base64) or `fileUrl`. */
export type DetectFileField = 'fileBase64' | 'fileUrl';

/**
 * The request field a source's file goes into. A binary file is sent as base64 too (the shared
 * streaming body writer will write its base64 straight into the body under this name).
 */
export function detectFileField(kind: SourceKind): DetectFileField {
	return kind === 'url' ? 'fileUrl' : 'fileBase64';
}

/**
 * The Movements parameter checked: a list of MostQi's movement names, in the builder's order
 * (MostQi scores them in order). An expression may give anything: a value that is not one of the
 * six is a problem naming it, never dropped. Nothing (or an empty list) is a passive check.
 */
export function checkMovements(value: unknown): Movement[] | Problem {
	if (value === undefined || value === null || value === '') return [];
	if (!Array.isArray(value)) {
		return {
			message: `"${LABELS.movements}" must be a list of movements, but its expression gave ${kindOf(value)}`,
			description: `Pick the movements in "${LABELS.movements}", or make the expression return a list such as ["left", "right"] (each one of ${MOVEMENTS.join(', ')}).`,
		};
	}
	const unknown = value.filter(
		(movement) => !(MOVEMENTS as ReadonlyArray<unknown>).includes(movement),
	);
	if (unknown.length > 0) {
		return {
			message: `"${LABELS.movements}" holds ${unknown
				.map((movement) => JSON.stringify(movement) ?? String(movement))
				.join(', ')}, which MostQi does not check`,
			description: `Use only these movements, in the order the person makes them: ${MOVEMENTS.join(', ')}.`,
		};
	}
	return value as Movement[];
}

export interface DetectOptions {
	movements: Movement[];
	returnFullFace: boolean;
}

/**
 * The detect body's fields besides the file. Empty movements are left out (MostQi reads absent
 * and empty alike: a passive check), as is `returnFullFace` when false (MostQi's default).
 */
export function detectBodyFields(options: DetectOptions): {
	movements?: Movement[];
	returnFullFace?: true;
} {
	return {
		...(options.movements.length > 0 ? { movements: [...options.movements] } : {}),
		...(options.returnFullFace ? { returnFullFace: true as const } : {}),
	};
}

/** A file that fits in a JSON body as it is: a URL, or base64 text already checked. */
export type InlineFile = { kind: 'url'; url: string } | { kind: 'base64'; base64: string };

/** The detect body, for a URL or base64 text (a stored binary file goes through the writer). */
export function buildDetectBody(file: InlineFile, options: DetectOptions): Record<string, unknown> {
	const field = detectFileField(file.kind);
	return { [field]: file.kind === 'url' ? file.url : file.base64, ...detectBodyFields(options) };
}

/** What a file is, from its first bytes (or, when they say nothing, its MIME type). */
export type MediaKind =
	| { kind: 'image'; format: string }
	| { kind: 'video'; format: string }
	| { kind: 'unknown' };

/** Photo or video, for a format the shared reading of files recognised (lib/mostqi/files). */
export function mediaKindOfFormat(format: MediaFormat): MediaKind {
	return { kind: isVideoFormat(format) ? 'video' : 'image', format: FORMAT_NAMES[format] };
}

/**
 * Photo or video, from the file's first bytes (32 are enough), so that a photo sent with
 * movements is refused before a request that MostQi would refuse (HTTP 415). Unknown bytes
 * fall back to the MIME type n8n recorded; a file of neither kind is `unknown` and is left to
 * MostQi.
 */
export function mediaKindOf(head: Uint8Array, mimeType?: string): MediaKind {
	const format = detectFormat(head) ?? detectVideoFormat(head);
	if (format) return mediaKindOfFormat(format);
	const type = typeof mimeType === 'string' ? mimeType.trim().toLowerCase() : '';
	if (type.startsWith('image/')) return { kind: 'image', format: type.slice(6).toUpperCase() };
	if (type.startsWith('video/')) return { kind: 'video', format: type.slice(6).toUpperCase() };
	return { kind: 'unknown' };
}

/** Where the file came from, in the editor's labels. */
export function fileLabel(kind: SourceKind): string {
	if (kind === 'url') return `the file at "${LABELS.url}"`;
	if (kind === 'base64') return `the file in "${LABELS.base64}"`;
	return `the file in "${LABELS.binaryProperty}"`;
}

/**
 * A photo with movements, in the node's words. Also the words for MostQi's HTTP 415 on a URL
 * source, whose file the node never sees: `format` is then unknown.
 */
export function photoWithMovementsProblem(kind: SourceKind, format?: string): Problem {
	return {
		message: `"${LABELS.movements}" need a video, but ${fileLabel(kind)} is a photo${format ? ` (${format})` : ''}`,
		description: `MostQi checks movements in a video of the person making them in order, and refuses a photo with movements (HTTP 415). Send a video, or clear "${LABELS.movements}" for a passive check of the photo.`,
	};
}

/** The photo-with-movements rule, before any request: a problem, or undefined when it holds. */
export function checkPhotoWithMovements(
	movements: ReadonlyArray<Movement>,
	media: MediaKind,
	kind: SourceKind,
): Problem | undefined {
	if (movements.length === 0 || media.kind !== 'image') return undefined;
	return photoWithMovementsProblem(kind, media.format);
}

// ---------------------------------------------------------------------------------------------
// startSession

export interface NameValue {
	name: string;
	value: string;
}

/**
 * The key of the Portuguese text in welcomeMessage / successMessage / failureMessage.
 *
 * MostQi's page shows `ptBR`; two independent clients send `pt-BR`, and one of them reports that
 * the other key made MostQi answer "Bad Request"; which one MostQi accepts is unknown
 * (shared/mostqi/LIVENESS.md). Chosen: `pt-BR`. It is the key of code that runs against MostQi
 * (two teams), the only report of MostQi's behaviour speaks for it, and it is the value MostQi
 * itself takes for `defaultLanguage`, so every message is keyed by its language's own value.
 * A wrong key is loud, not silent (that report says MostQi refuses it), and this is the one
 * place to change it.
 */
export const PORTUGUESE_MESSAGE_KEY = 'pt-BR';

/** The key of a message text per page language. */
export const MESSAGE_KEYS: Record<Language, string> = {
	'pt-BR': PORTUGUESE_MESSAGE_KEY,
	en: 'en',
	es: 'es',
	fr: 'fr',
};

/** The startSession body, every field optional; empty values are never sent. */
export interface SessionBody {
	webhook?: {
		url: string;
		authorization?: { headers?: NameValue[]; queryStrings?: NameValue[] };
	};
	redirectUrl?: string;
	uiCustomization?: {
		defaultLanguage?: string;
		theme?: string;
		primaryColor?: string;
		welcomeMessage?: Record<string, string>;
		successMessage?: Record<string, string>;
		failureMessage?: Record<string, string>;
	};
}

/**
 * What the builder set for a session, as the parameters resolved (an expression may give
 * anything, so each value is checked): Page Options is the collection, holding only the options
 * that were added.
 */
export interface SessionParameters {
	webhookUrl: unknown;
	/** The fixedCollection's value: `{ parameters: [{ name, value }] }`. */
	webhookHeaders: unknown;
	webhookQueryParameters: unknown;
	redirectUrl: unknown;
	pageOptions: unknown;
}

/** A text parameter: trimmed, '' when unset; a problem when an expression gave another kind. */
function textOf(value: unknown, label: string): string | Problem {
	if (value === undefined || value === null) return '';
	if (typeof value !== 'string') {
		return {
			message: `"${label}" must be text, but its expression gave ${kindOf(value)}`,
			description: `Change the expression of "${label}" so that it returns a string.`,
		};
	}
	return value.trim();
}

/** An http(s) address MostQi can call or send the person to, or '' when unset. */
function urlOf(value: unknown, label: string): string | Problem {
	const text = textOf(value, label);
	if (isProblem(text) || text === '') return text;
	let protocol: string | undefined;
	try {
		protocol = new URL(text).protocol;
	} catch {
		protocol = undefined;
	}
	if (protocol === 'https:' || protocol === 'http:') return text;
	return {
		message: `"${label}" must be an http(s) address, not ${JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}…` : text)}`,
		description: `Set "${label}" to a full address that starts with https://, or leave it empty.`,
	};
}

/**
 * The rows of a name/value list (webhook headers or query parameters). Rows left blank are
 * skipped; a value without a name is a problem (it would be lost). Values are never quoted.
 */
export function nameValuePairs(value: unknown, label: string): NameValue[] | Problem {
	if (value === undefined || value === null || value === '') return [];
	const rows =
		typeof value === 'object' && !Array.isArray(value)
			? (value as Record<string, unknown>).parameters
			: value;
	if (rows === undefined) return [];
	if (!Array.isArray(rows)) {
		return {
			message: `"${label}" must be a list of name and value pairs, but it holds ${kindOf(rows)}`,
			description: `Add each entry of "${label}" with its Name and Value fields.`,
		};
	}
	const pairs: NameValue[] = [];
	for (const [index, row] of rows.entries()) {
		const record = typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : {};
		const name = textOf(record.name, `${label}: Name`);
		if (isProblem(name)) return name;
		const text = record.value;
		const entryValue =
			typeof text === 'number' || typeof text === 'boolean'
				? String(text)
				: textOf(text, `${label}: Value`);
		if (isProblem(entryValue)) return entryValue;
		if (name === '' && entryValue === '') continue;
		if (name === '') {
			return {
				message: `Entry ${index + 1} of "${label}" has a value but no name`,
				description: `Give entry ${index + 1} of "${label}" its Name, or remove the entry.`,
			};
		}
		pairs.push({ name, value: entryValue });
	}
	return pairs;
}

const COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

const MESSAGE_OPTIONS = ['welcomeMessage', 'successMessage', 'failureMessage'] as const;

function pageCustomization(
	pageOptions: unknown,
): SessionBody['uiCustomization'] | undefined | Problem {
	if (pageOptions === undefined || pageOptions === null) return undefined;
	if (typeof pageOptions !== 'object' || Array.isArray(pageOptions)) {
		return {
			message: `"${LABELS.pageOptions}" must be a set of options, but it holds ${kindOf(pageOptions)}`,
			description: `Add the page options one by one under "${LABELS.pageOptions}".`,
		};
	}
	const options = pageOptions as Record<string, unknown>;
	const ui: NonNullable<SessionBody['uiCustomization']> = {};

	let language: Language | undefined;
	const languageText = textOf(options.language, LABELS.language);
	if (isProblem(languageText)) return languageText;
	if (languageText !== '') {
		if (!(LANGUAGES as ReadonlyArray<string>).includes(languageText)) {
			return {
				message: `"${LABELS.language}" must be one of ${LANGUAGES.join(', ')}, not ${JSON.stringify(languageText)}`,
				description: `Pick a language in "${LABELS.language}" under "${LABELS.pageOptions}"; MostQi's page offers only these.`,
			};
		}
		language = languageText as Language;
		ui.defaultLanguage = language;
	}

	const theme = textOf(options.theme, LABELS.theme);
	if (isProblem(theme)) return theme;
	if (theme !== '') ui.theme = theme;

	const color = textOf(options.primaryColor, LABELS.primaryColor);
	if (isProblem(color)) return color;
	if (color !== '') {
		if (!COLOR.test(color)) {
			return {
				message: `"${LABELS.primaryColor}" must be a colour such as #1A73E8, not ${JSON.stringify(color)}`,
				description: `Pick the colour in "${LABELS.primaryColor}" under "${LABELS.pageOptions}", or make its expression return # and six hexadecimal digits.`,
			};
		}
		ui.primaryColor = color;
	}

	for (const option of MESSAGE_OPTIONS) {
		const text = textOf(options[option], LABELS[option]);
		if (isProblem(text)) return text;
		if (text === '') continue;
		// a message without Language: the Language the editor offers first (its default), for the
		// page too, so that the page shows the message in the language it is keyed by
		if (language === undefined) {
			language = LANGUAGE.default;
			ui.defaultLanguage = language;
		}
		ui[option] = { [MESSAGE_KEYS[language]]: text };
	}
	return Object.keys(ui).length > 0 ? ui : undefined;
}

/**
 * The startSession body: `{ webhook: { url, authorization: { headers, queryStrings } },
 * redirectUrl, uiCustomization: { defaultLanguage, theme, primaryColor, welcomeMessage: {<key>:
 * text}, … } }`, each left out when empty. Headers or query parameters without a Webhook URL are a
 * problem: they would be dropped in silence.
 */
export function buildSessionBody(
	parameters: SessionParameters,
): { body: SessionBody } | { problem: Problem } {
	const webhookUrl = urlOf(parameters.webhookUrl, LABELS.webhookUrl);
	if (isProblem(webhookUrl)) return { problem: webhookUrl };
	const headers = nameValuePairs(parameters.webhookHeaders, LABELS.webhookHeaders);
	if (isProblem(headers)) return { problem: headers };
	const queryStrings = nameValuePairs(
		parameters.webhookQueryParameters,
		LABELS.webhookQueryParameters,
	);
	if (isProblem(queryStrings)) return { problem: queryStrings };
	const redirectUrl = urlOf(parameters.redirectUrl, LABELS.redirectUrl);
	if (isProblem(redirectUrl)) return { problem: redirectUrl };
	const ui = pageCustomization(parameters.pageOptions);
	if (isProblem(ui)) return { problem: ui };

	const body: SessionBody = {};
	if (webhookUrl !== '') {
		const authorization: NonNullable<SessionBody['webhook']>['authorization'] = {};
		if (headers.length > 0) authorization.headers = headers;
		if (queryStrings.length > 0) authorization.queryStrings = queryStrings;
		body.webhook = {
			url: webhookUrl,
			...(Object.keys(authorization).length > 0 ? { authorization } : {}),
		};
	} else if (headers.length > 0 || queryStrings.length > 0) {
		const label = headers.length > 0 ? LABELS.webhookHeaders : LABELS.webhookQueryParameters;
		return {
			problem: {
				message: `"${label}" are set but "${LABELS.webhookUrl}" is empty`,
				description: `MostQi sends them only with its call to the Webhook URL. Set "${LABELS.webhookUrl}" (with a Wait node: {{ $execution.resumeUrl }}), or remove "${label}".`,
			},
		};
	}
	if (redirectUrl !== '') body.redirectUrl = redirectUrl;
	if (ui) body.uiCustomization = ui;
	return { body };
}

// ---------------------------------------------------------------------------------------------
// getSessionResult

/**
 * The status body `{ processId }`; an empty or non-text Process ID is a problem. A whole number
 * (an expression that parsed the ID, e.g. from a query parameter) is its decimal text; a number
 * n8n cannot hold exactly (its digits already lost) is a problem.
 */
export function buildStatusBody(
	processId: unknown,
): { body: { processId: string } } | { problem: Problem } {
	if (typeof processId === 'number') {
		if (Number.isSafeInteger(processId)) return { body: { processId: String(processId) } };
		return {
			problem: {
				message: `"${LABELS.processId}" must be text, but its expression gave the number ${String(processId)}, which is not an exact whole number`,
				description: `Map the processId as text, e.g. {{ $('MostQi Liveness').item.json.processId }}: a large number loses its last digits.`,
			},
		};
	}
	const text = textOf(processId, LABELS.processId);
	if (isProblem(text)) return { problem: text };
	if (text === '') {
		return {
			problem: {
				message: `"${LABELS.processId}" is empty`,
				description: `Set "${LABELS.processId}" to the processId that Start Session returned, e.g. {{ $('MostQi Liveness').item.json.processId }}; if it is an expression, check that this item has it.`,
			},
		};
	}
	return { body: { processId: text } };
}
