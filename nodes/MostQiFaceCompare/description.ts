import type { INodeProperties } from 'n8n-workflow';

import type { FaceSide } from './faceInput';
import { faceFields } from './faceInput';
import { ACCEPTED_FORMATS_TEXT } from './fileFormat';
import {
	CONCURRENCY,
	RETRIES,
	RETRY_DELAY,
	REVIEW_THRESHOLD,
	THRESHOLD,
	TIMEOUT,
	numberProperty,
} from './numberOptions';

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

function sourceProperty(
	side: FaceSide,
	fallback: string,
	show?: { '@tool': boolean[] },
): INodeProperties {
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

function faceProperties(
	side: FaceSide,
	defaultBinaryField: string,
	version: number,
): INodeProperties[] {
	const f = faceFields(side);
	// Version 2 as an AI tool starts on URL, with the model asked for it: a default that works.
	const sources =
		version >= 2
			? [
					sourceProperty(side, 'binary', { '@tool': [false] }),
					sourceProperty(side, 'url', { '@tool': [true] }),
				]
			: [sourceProperty(side, 'binary')];
	const shownFor = (tool: boolean) => ({
		[f.source]: ['url'],
		...(version >= 2 ? { '@tool': [tool] } : {}),
	});
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
const threshold = numberProperty(THRESHOLD);

/** The outputs Route by Decision draws, in this order (compareItems.ts routes to them). */
const ROUTED_OUTPUT_NAMES = ['Match', 'Review', 'Mismatch'];

/**
 * The node's outputs, computed by n8n from the saved parameter (as n8n's Switch node does): one,
 * or one per decision. Review is drawn even without a band, so that setting one never rewires.
 */
export const OUTPUTS: `={{${string}}}` = `={{ $parameter.routeByDecision === true ? ${JSON.stringify(
	ROUTED_OUTPUT_NAMES.map((displayName) => ({ type: 'main', displayName })),
)} : ["main"] }}`;

const routeByDecision: INodeProperties = {
	displayName: 'Route by Decision',
	name: 'routeByDecision',
	type: 'boolean',
	default: false,
	noDataExpression: true,
	description:
		'Whether to send each item to the output of its decision: Match, Review (similarity in the review band; with On Error "Continue", also the items that failed) or Mismatch, instead of one output',
	// as an AI tool the node has no outputs of its own: the decision is in what it returns
	displayOptions: { show: { '@tool': [false] } },
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
			numberProperty(CONCURRENCY),
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
			numberProperty(RETRIES),
			numberProperty(RETRY_DELAY),
			...(v1 ? [] : [numberProperty(REVIEW_THRESHOLD)]),
			numberProperty(TIMEOUT),
		],
	};
}

/** The parameters of each node version (version 2: threshold in view, input fields kept). */
export function propertiesFor(version: number): INodeProperties[] {
	return [
		TOOL_NOTICE,
		...faceProperties('A', 'selfie', version),
		...faceProperties('B', 'document', version),
		...(version >= 2 ? [threshold, routeByDecision] : []),
		optionsFor(version),
	];
}
