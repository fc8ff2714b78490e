import type { INodeProperties } from 'n8n-workflow';

import type { FaceSide } from './faceInput';
import { faceFields } from './faceInput';
import { ACCEPTED_FORMATS_TEXT } from './fileFormat';

export const DEFAULT_THRESHOLD = 0.7;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_RETRIES = 3;
export const DEFAULT_RETRY_DELAY_MS = 1000;

const ROLE: Record<FaceSide, string> = { A: 'e.g. the selfie', B: 'e.g. the document photo' };
// each goes into a single-quoted argument of $fromAI: no apostrophe, or the expression breaks
const TOOL_URL_HINT: Record<FaceSide, string> = {
	A: 'Public or pre-signed http(s) URL of the selfie of the person',
	B: 'Public or pre-signed http(s) URL of the photo of their identity document',
};

/** What an AI agent can give: text. Files of earlier nodes never reach a tool. */
const TOOL_NOTICE: INodeProperties = {
	displayName:
		'As a tool of an AI Agent, the model can only pass text: use the URL or Base64 source for both faces (version 2 starts on URL, filled in by the model). Binary File works only in a normal workflow.',
	name: 'toolNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { '@tool': [true] } },
};

function sourceProperty(side: FaceSide, fallback: string, show?: { '@tool': boolean[] }): INodeProperties {
	const f = faceFields(side);
	return {
		displayName: `${f.label} Source`,
		name: f.source,
		type: 'options',
		options: [
			{
				name: 'Binary File',
				value: 'binary',
				description: 'A file from an earlier node (form upload, download, database, storage)',
			},
			{
				name: 'URL',
				value: 'url',
				description: 'An http(s) address that MostQi downloads the file from',
			},
			{
				name: 'Base64',
				value: 'base64',
				description: 'The file as base64 text (a data: URL prefix is fine)',
			},
		],
		default: fallback,
		description: `Where ${f.label} (${ROLE[side]}) comes from. To choose per item, e.g. when a batch mixes uploads and links, use an expression that gives one of the choices' values; every source's field is then shown.`,
		...(show ? { displayOptions: { show } } : {}),
	};
}

function faceProperties(side: FaceSide, defaultBinaryField: string, version: number): INodeProperties[] {
	const f = faceFields(side);
	// Version 2 as an AI tool starts on URL, with the model asked for it: a default that works.
	const sources =
		version >= 2
			? [sourceProperty(side, 'binary', { '@tool': [false] }), sourceProperty(side, 'url', { '@tool': [true] })]
			: [sourceProperty(side, 'binary')];
	const shownFor = (tool: boolean) => ({ [f.source]: ['url'], ...(version >= 2 ? { '@tool': [tool] } : {}) });
	const url: INodeProperties = {
		displayName: f.urlLabel,
		name: f.url,
		type: 'string',
		default: '',
		placeholder: 'https://example.com/photo.jpg',
		description: `Public or pre-signed http(s) address of ${f.label}; MostQi downloads it`,
		displayOptions: { show: shownFor(false) },
	};
	// as a tool, the model is asked for the URL
	const toolUrl: INodeProperties = {
		...url,
		default: `={{ $fromAI('${f.url}', '${TOOL_URL_HINT[side]}', 'string') }}`,
		displayOptions: { show: shownFor(true) },
	};
	return [
		...sources,
		{
			displayName: f.binaryLabel,
			name: f.binaryProperty,
			type: 'string',
			default: defaultBinaryField,
			description: `Name of the input item's binary field that holds ${f.label}. Accepted: ${ACCEPTED_FORMATS_TEXT}; up to 20 MB (PDF 50 MB).`,
			hint: `The file's name on the Binary tab of the previous node's output, e.g. ${defaultBinaryField}`,
			displayOptions: { show: { [f.source]: ['binary'] } },
		},
		url,
		...(version >= 2 ? [toolUrl] : []),
		{
			displayName: f.base64Label,
			name: f.base64,
			type: 'string',
			default: '',
			typeOptions: { rows: 2 },
			placeholder: 'e.g. {{ $json.photoBase64 }}',
			description: `${f.label} file encoded as base64, usually mapped from a field of the input item`,
			displayOptions: { show: { [f.source]: ['base64'] } },
		},
	];
}

/** Version 2: the one business decision, in view rather than among the options. */
const threshold: INodeProperties = {
	displayName: 'Match Threshold',
	name: 'threshold',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
	default: DEFAULT_THRESHOLD,
	description:
		'Similarity (0 to 1) at or above which the faces count as the same person (isMatch). MostQi publishes no threshold: choose it for your risk, 0.7 is a common start.',
};

const keepInputFieldsV1: INodeProperties = {
	displayName: 'Keep Input Fields',
	name: 'keepInputFields',
	type: 'boolean',
	default: false,
	description: "Whether to keep the input item's JSON fields next to the result",
};
/** Version 2 keeps them unless turned off: builders expect the applicant beside the verdict. */
const keepInputFieldsV2: INodeProperties = { ...keepInputFieldsV1, default: true };

function optionsFor(version: number): INodeProperties {
	const v1 = version < 2;
	return {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 32 },
			default: DEFAULT_CONCURRENCY,
			description:
				"How many comparisons run at the same time, for the whole run: read from the first item (an expression is evaluated for that item only). MostQi's firewall watches traffic, so raise it with care.",
		},
		{
			displayName: 'Face A PDF Password',
			name: 'faceAPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Password of Face A when it is a protected PDF',
		},
		{
			displayName: 'Face B PDF Password',
			name: 'faceBPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Password of Face B when it is a protected PDF',
		},
		{
			displayName: 'Include Full Response',
			name: 'includeFullResponse',
			type: 'boolean',
			default: false,
			description: "Whether to add MostQi's whole answer to the output, as mostQiResponse",
		},
		v1 ? keepInputFieldsV1 : keepInputFieldsV2,
		// version 1 keeps the threshold among the options
		...(v1 ? [threshold] : []),
		{
			displayName: 'Retries',
			name: 'retries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: DEFAULT_RETRIES,
			description:
				'How many more times to try a comparison that failed for a reason that may pass: no answer, a timeout, MostQi busy (HTTP 429) or a server error (HTTP 5xx). Refused inputs and credentials (HTTP 4xx) are never retried. Each try uses a fresh token. A retry after a timeout or a dropped connection may be a second paid comparison (MostQi may have compared before the answer was lost); the others were not compared. Use this rather than the node\'s "Retry On Fail" setting (under Settings), which would also repeat refused inputs and the items that succeeded.',
		},
		{
			displayName: 'Retry Delay (Milliseconds)',
			name: 'retryDelay',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: DEFAULT_RETRY_DELAY_MS,
			description:
				"Milliseconds to wait before the first retry; the wait doubles with each retry, with some randomness, up to 30 s. When MostQi says how long to wait (Retry-After), that wait is used instead, up to 60 s.",
		},
		{
			displayName: 'Timeout (Milliseconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1000 },
			default: DEFAULT_TIMEOUT_MS,
			description: 'Milliseconds to wait for MostQi to answer one try of a comparison',
		},
	],
	};
}

/** The parameters of each node version (version 2: threshold in view, input fields kept). */
export function propertiesFor(version: number): INodeProperties[] {
	return [
		TOOL_NOTICE,
		...faceProperties('A', 'selfie', version),
		...faceProperties('B', 'document', version),
		...(version >= 2 ? [threshold] : []),
		optionsFor(version),
	];
}
