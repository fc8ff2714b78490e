import type { INodeProperties } from 'n8n-workflow';

import { ACCEPTED_FORMATS_TEXT } from '../../lib/mostqi/files/fileFormat';
import { FILE_SOURCES } from '../../lib/mostqi/files/fileSources';
import {
	CONCURRENCY,
	INCLUDE_FULL_RESPONSE,
	KEEP_INPUT_FIELDS_OFF,
	KEEP_INPUT_FIELDS_ON,
	optionsCollection,
	RETRIES,
	RETRY_DELAY,
	TIMEOUT,
} from '../../lib/mostqi/options/commonOptions';
import { numberProperty } from '../../lib/mostqi/options/numberOption';
import { REVIEW_THRESHOLD, ROUTED_OUTPUTS, THRESHOLD } from './decisions';
import type { FaceSide } from './faceFields';
import { faceFields } from './faceFields';

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
		displayName: f.sourceLabel,
		name: f.source,
		type: 'options',
		options: FILE_SOURCES.map((source) => ({ ...source })),
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

/**
 * The node's outputs, computed by n8n from the saved parameter (as n8n's Switch node does): one,
 * or one per decision. Review is drawn even without a band, so that setting one never rewires.
 */
export const OUTPUTS: `={{${string}}}` = `={{ $parameter.routeByDecision === true ? ${JSON.stringify(
	ROUTED_OUTPUTS.map(({ displayName }) => ({ type: 'main', displayName })),
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

function passwordProperty(side: FaceSide): INodeProperties {
	const f = faceFields(side);
	return {
		displayName: f.passwordLabel,
		name: f.password,
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: `Password of ${f.label} when it is a protected PDF`,
	};
}

function optionsFor(version: number): INodeProperties {
	const v1 = version < 2;
	return optionsCollection([
		numberProperty(CONCURRENCY),
		passwordProperty('A'),
		passwordProperty('B'),
		INCLUDE_FULL_RESPONSE,
		v1 ? KEEP_INPUT_FIELDS_OFF : KEEP_INPUT_FIELDS_ON,
		// version 1 keeps the threshold among the options
		...(v1 ? [threshold] : []),
		numberProperty(RETRIES),
		numberProperty(RETRY_DELAY),
		...(v1 ? [] : [numberProperty(REVIEW_THRESHOLD)]),
		numberProperty(TIMEOUT),
	]);
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
