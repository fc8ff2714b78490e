import type { INodeProperties } from 'n8n-workflow';

import { FILE_SOURCES } from '../../lib/mostqi/files/fileSources';
import {
	CONCURRENCY,
	INCLUDE_FULL_RESPONSE,
	KEEP_INPUT_FIELDS_ON,
	optionsCollection,
	RETRIES,
	RETRY_DELAY,
	TIMEOUT,
} from '../../lib/mostqi/options/commonOptions';
import type { NumberOption } from '../../lib/mostqi/options/numberOption';
import { numberProperty } from '../../lib/mostqi/options/numberOption';

/**
 * The MostQi Liveness node's parameters. The names of `operation`, `source`, `binaryProperty`,
 * `url`, `base64`, `movements`, `threshold`, `webhookUrl`, `processId` and
 * `frontalImageBinaryProperty` are public (shared/CONTRACT.md): saved workflows hold them.
 * The other names, the labels and the words are this node's own.
 */

export type Operation = 'detect' | 'startSession' | 'getSessionResult';

export const OPERATIONS: ReadonlyArray<Operation> = ['detect', 'startSession', 'getSessionResult'];

/** The movements MostQi checks in a video, as MostQi names them in `movements`. */
export const MOVEMENTS = ['up', 'down', 'left', 'right', 'smile', 'blink'] as const;
export type Movement = (typeof MOVEMENTS)[number];

/** The languages of MostQi's hosted page (`uiCustomization.defaultLanguage`). */
export const LANGUAGES = ['pt-BR', 'en', 'es', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The editor's labels, one place: the node's messages name the fields a builder sees, never
 * MostQi's request fields.
 */
export const LABELS = {
	operation: 'Operation',
	source: 'Selfie Source',
	binaryProperty: 'Selfie Binary Field',
	url: 'Selfie URL',
	base64: 'Selfie Base64',
	movements: 'Movements',
	threshold: 'Liveness Threshold',
	frontalImageBinaryProperty: 'Put Frontal Face in Field',
	webhookUrl: 'Webhook URL',
	webhookHeaders: 'Webhook Headers',
	webhookQueryParameters: 'Webhook Query Parameters',
	redirectUrl: 'Redirect URL',
	pageOptions: 'Page Options',
	language: 'Language',
	theme: 'Theme',
	primaryColor: 'Primary Color',
	welcomeMessage: 'Welcome Message',
	successMessage: 'Success Message',
	failureMessage: 'Failure Message',
	processId: 'Process ID',
	returnFullFace: 'Return Full-Size Face',
	includeFullResponse: INCLUDE_FULL_RESPONSE.displayName,
	keepInputFields: KEEP_INPUT_FIELDS_ON.displayName,
} as const;

/**
 * The Liveness Threshold, declared once as a shared number option (name, label, range, default,
 * example, help): the editor's field and the run-time check of an expression's value both come
 * from it.
 *
 * Default 0.5: the only line MostQi documents is "globalScore above 0.5 when a live person made
 * every requested movement", and globalScore equals livenessScore for a passive photo. No line is
 * documented for livenessScore itself (public clients chose 0.5, 0.8 and 0.95), so the default is
 * the one documented point, not a guess of ours, and the description says that it is the
 * builder's decision. (MostQi says "above"; the contract's isLive is `score >= threshold`, so a
 * score of exactly 0.5 counts as live: the description says so.)
 */
export const THRESHOLD: NumberOption = {
	name: 'threshold',
	label: LABELS.threshold,
	default: 0.5,
	min: 0,
	max: 1,
	decimals: 3,
	example: 'a score such as 0.5',
	description:
		'Score (0 to 1) at or above which the person counts as live (isLive). MostQi documents no threshold for livenessScore; it only says that globalScore is above 0.5 when a live person made all requested movements. Choose it for your risk: 0.5 is that line, stricter flows use 0.8 or more.',
};

const SHOW_DETECT = { operation: ['detect'] };
const SHOW_START = { operation: ['startSession'] };
const SHOW_RESULT = { operation: ['getSessionResult'] };

const operation: INodeProperties = {
	displayName: LABELS.operation,
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Detect Liveness',
			value: 'detect',
			description: 'Check a selfie photo (passive) or a video with movements (active)',
			action: 'Detect liveness in a photo or video',
		},
		{
			name: 'Get Session Result',
			value: 'getSessionResult',
			description: 'Get the status and score of a hosted liveness check',
			action: 'Get the result of a liveness session',
		},
		{
			name: 'Start Session',
			value: 'startSession',
			description: 'Create a MostQi page where the person proves liveness with their camera',
			action: 'Start a hosted liveness session',
		},
	],
	default: 'detect',
};

/** The operations' names in the editor, in the dropdown's order. */
export const OPERATION_NAMES: readonly string[] = (operation.options ?? []).map(
	(option) => (option as { name: string }).name,
);

/** The canvas subtitle: the operation's name ("Detect Liveness"), from the choices above. */
export const SUBTITLE = `={{ ${JSON.stringify(
	Object.fromEntries(
		(operation.options as Array<{ name: string; value: string }>).map(({ name, value }) => [
			value,
			name,
		]),
	),
)}[$parameter["operation"]] }}`;

/**
 * As a tool of an AI Agent the model passes only text (an item never has a file): the notice
 * says so, Detect starts on URL, and the URL and the Process ID are asked of the model ($fromAI),
 * as Face Compare version 2 does. Each hint goes into a single-quoted argument of $fromAI: no
 * apostrophe, or the expression breaks.
 */
const TOOL_NOTICE: INodeProperties = {
	displayName:
		'As a tool of an AI Agent, the model can only pass text: Detect Liveness uses the URL or Base64 source (it starts on URL, filled in by the model) and Get Session Result asks the model for the Process ID. Binary File works only in a normal workflow.',
	name: 'toolNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { '@tool': [true] } },
};

export const TOOL_HINTS = {
	url: 'Public or pre-signed http(s) URL of the selfie photo or video of the person',
	processId: 'The processId that Start Session returned for the liveness session',
} as const;

/** `={{ $fromAI(name, hint, 'string') }}`: the value the model gives a tool's parameter. */
function fromAI(name: keyof typeof TOOL_HINTS): string {
	return `={{ $fromAI('${name}', '${TOOL_HINTS[name]}', 'string') }}`;
}

const TOOL = { '@tool': [true] };
const NOT_TOOL = { '@tool': [false] };

function sourceProperty(fallback: string, tool: boolean): INodeProperties {
	return {
		displayName: LABELS.source,
		name: 'source',
		type: 'options',
		options: FILE_SOURCES.map((source) => ({ ...source })),
		default: fallback,
		description:
			'Where the selfie comes from: a photo for a passive check, or a video for a check with movements',
		displayOptions: { show: { ...SHOW_DETECT, ...(tool ? TOOL : NOT_TOOL) } },
	};
}

const url: INodeProperties = {
	displayName: LABELS.url,
	name: 'url',
	type: 'string',
	default: '',
	placeholder: 'https://example.com/selfie.jpg',
	description:
		'Public or pre-signed http(s) address of the selfie photo or video; MostQi downloads it',
	displayOptions: { show: { ...SHOW_DETECT, source: ['url'], ...NOT_TOOL } },
};

const detectProperties: INodeProperties[] = [
	sourceProperty('binary', false),
	sourceProperty('url', true),
	{
		displayName: LABELS.binaryProperty,
		name: 'binaryProperty',
		type: 'string',
		default: 'data',
		description:
			"Name of the input item's binary field that holds the selfie photo or video. Photos: up to 20 MB.",
		hint: "The file's name on the Binary tab of the previous node's output, e.g. data",
		displayOptions: { show: { ...SHOW_DETECT, source: ['binary'] } },
	},
	url,
	// as a tool, the model is asked for the URL
	{
		...url,
		default: fromAI('url'),
		displayOptions: { show: { ...SHOW_DETECT, source: ['url'], ...TOOL } },
	},
	{
		displayName: LABELS.base64,
		name: 'base64',
		type: 'string',
		default: '',
		typeOptions: { rows: 2 },
		placeholder: 'e.g. {{ $json.selfieBase64 }}',
		description:
			'The selfie photo or video encoded as base64, usually mapped from a field of the input item',
		displayOptions: { show: { ...SHOW_DETECT, source: ['base64'] } },
	},
	{
		displayName: LABELS.movements,
		name: 'movements',
		type: 'multiOptions',
		// n8n's lint wants the choices sorted by name; the value keeps the order they were picked in
		options: [
			{ name: 'Blink (Both Eyes)', value: 'blink' },
			{ name: 'Look Down', value: 'down' },
			{ name: 'Look Left', value: 'left' },
			{ name: 'Look Right', value: 'right' },
			{ name: 'Look Up', value: 'up' },
			{ name: 'Smile', value: 'smile' },
		],
		default: [],
		description:
			'Movements the person makes in the video, in this order. Leave empty for a passive check of a single photo. A photo with movements is refused: movements need a video.',
		hint: 'For a fixed order, use an expression such as {{ ["left", "right", "blink"] }}',
		displayOptions: { show: SHOW_DETECT },
	},
];

const threshold: INodeProperties = {
	...numberProperty(THRESHOLD),
	displayOptions: { show: { operation: ['detect', 'getSessionResult'] } },
};

const frontalImageBinaryProperty: INodeProperties = {
	displayName: LABELS.frontalImageBinaryProperty,
	name: 'frontalImageBinaryProperty',
	type: 'string',
	default: 'frontalImage',
	description:
		"Name of the binary field that receives MostQi's frontal face of the person (an image such as JPEG or PNG), ready for MostQi Face Compare with the photo of the identity document. Empty: no file is added.",
	displayOptions: { show: { operation: ['detect', 'getSessionResult'] } },
};

/** A list of name/value pairs, as n8n's HTTP Request node asks for headers and query parameters. */
function nameValueList(
	displayName: string,
	name: string,
	what: string,
	namePlaceholder: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: `Add ${what}`,
		default: {},
		description: `${what}s MostQi adds when it calls the Webhook URL, e.g. to prove the call is MostQi's. Only with a Webhook URL.`,
		displayOptions: { show: SHOW_START },
		options: [
			{
				displayName: what,
				name: 'parameters',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: namePlaceholder,
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						// usually a secret (a token the flow checks): hidden in the editor, though kept
						// with the workflow and its executions like any parameter
						typeOptions: { password: true },
						default: '',
					},
				],
			},
		],
	};
}

/**
 * The page's Language, declared once: its default (what the editor shows when Language is added)
 * is also the language of a message set without adding Language (see request.ts).
 */
export const LANGUAGE: Omit<INodeProperties, 'default'> & { default: Language } = {
	displayName: LABELS.language,
	name: 'language',
	type: 'options',
	options: [
		{ name: 'English', value: 'en' },
		{ name: 'French', value: 'fr' },
		{ name: 'Portuguese (Brazil)', value: 'pt-BR' },
		{ name: 'Spanish', value: 'es' },
	],
	default: 'pt-BR',
	description: 'Language of the page, and of the messages set here',
};

/** The default language's name in the editor, for the messages' descriptions. */
const DEFAULT_LANGUAGE_NAME = (LANGUAGE.options as Array<{ name: string; value: string }>).find(
	(option) => option.value === LANGUAGE.default,
)?.name;

/** Where a message's language comes from, said in each message's description. */
const IN_PAGE_LANGUAGE = `in the page Language (${DEFAULT_LANGUAGE_NAME} unless Language is added)`;

const startSessionProperties: INodeProperties[] = [
	{
		displayName: LABELS.webhookUrl,
		name: 'webhookUrl',
		type: 'string',
		default: '',
		placeholder: '{{ $execution.resumeUrl }}',
		description:
			"Address MostQi calls when the check ends. To wait for it, put a Wait node (Resume: On Webhook Call, with a time limit: a person who never finishes means no call) after this node and use {{ $execution.resumeUrl }}. Then ask for the result with Get Session Result: do not rely on the call's body.",
		hint: 'With a Wait node after this one: {{ $execution.resumeUrl }}',
		displayOptions: { show: SHOW_START },
	},
	nameValueList(LABELS.webhookHeaders, 'webhookHeaders', 'Header', 'e.g. Authorization'),
	nameValueList(
		LABELS.webhookQueryParameters,
		'webhookQueryParameters',
		'Query Parameter',
		'e.g. token',
	),
	{
		displayName: LABELS.redirectUrl,
		name: 'redirectUrl',
		type: 'string',
		default: '',
		placeholder: 'https://example.com/onboarding/next',
		description:
			'Where the MostQi page sends the person when the check ends. Empty: the person stays on the page.',
		displayOptions: { show: SHOW_START },
	},
	{
		displayName: LABELS.pageOptions,
		name: 'pageOptions',
		type: 'collection',
		placeholder: 'Add Page Option',
		default: {},
		description: "How MostQi's page looks; unset options keep MostQi's defaults",
		displayOptions: { show: SHOW_START },
		options: [
			{
				displayName: LABELS.failureMessage,
				name: 'failureMessage',
				type: 'string',
				default: '',
				description: `Text shown when the check fails, ${IN_PAGE_LANGUAGE}`,
			},
			LANGUAGE,
			{
				displayName: LABELS.primaryColor,
				name: 'primaryColor',
				type: 'color',
				// empty: MostQi's own colour (which it does not document), never one of ours
				default: '',
				description: 'Main colour of the page (buttons, highlights), as #RRGGBB',
			},
			{
				displayName: LABELS.successMessage,
				name: 'successMessage',
				type: 'string',
				default: '',
				description: `Text shown when the check succeeds, ${IN_PAGE_LANGUAGE}`,
			},
			{
				displayName: LABELS.theme,
				name: 'theme',
				type: 'string',
				default: '',
				placeholder: 'e.g. dark',
				description: "Name of MostQi's page theme, such as dark",
			},
			{
				displayName: LABELS.welcomeMessage,
				name: 'welcomeMessage',
				type: 'string',
				default: '',
				description: `Text shown when the page opens, ${IN_PAGE_LANGUAGE}`,
			},
		],
	},
];

const processId: INodeProperties = {
	displayName: LABELS.processId,
	name: 'processId',
	type: 'string',
	default: '',
	required: true,
	placeholder: "e.g. {{ $('MostQi Liveness').item.json.processId }}",
	description: 'The processId that Start Session returned',
	displayOptions: { show: { ...SHOW_RESULT, ...NOT_TOOL } },
};

/** As a tool, the model is asked for the Process ID. */
const toolProcessId: INodeProperties = {
	...processId,
	default: fromAI('processId'),
	displayOptions: { show: { ...SHOW_RESULT, ...TOOL } },
};

export const RETURN_FULL_FACE: INodeProperties = {
	displayName: LABELS.returnFullFace,
	name: 'returnFullFace',
	type: 'boolean',
	default: false,
	description:
		'Whether MostQi returns the frontal face at full size instead of reduced (a larger file, better for Face Compare)',
	displayOptions: { show: { '/operation': ['detect'] } },
};

// sorted by label, as n8n's lint wants
const options = optionsCollection([
	numberProperty(CONCURRENCY),
	INCLUDE_FULL_RESPONSE,
	KEEP_INPUT_FIELDS_ON,
	numberProperty(RETRIES),
	numberProperty(RETRY_DELAY),
	RETURN_FULL_FACE,
	numberProperty(TIMEOUT),
]);

/** The node's parameters, in the order the editor shows them. */
export const PROPERTIES: INodeProperties[] = [
	TOOL_NOTICE,
	operation,
	...detectProperties,
	processId,
	toolProcessId,
	...startSessionProperties,
	threshold,
	frontalImageBinaryProperty,
	options,
];
