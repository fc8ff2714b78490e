import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { MostQiFailure } from '../../lib/mostqi/failure';
import type { FileInput } from '../../lib/mostqi/files/fileInput';
import { readFileInput } from '../../lib/mostqi/files/fileInput';
import type { BodyValue } from '../../lib/mostqi/files/jsonBody';
import { BodyPool, buildJsonBody } from '../../lib/mostqi/files/jsonBody';
import { apiError, inputError } from '../../lib/mostqi/items/itemErrors';
import type { RunSignals } from '../../lib/mostqi/items/itemLoop';
import { runItems, successesFirst } from '../../lib/mostqi/items/itemLoop';
import {
	INCLUDE_FULL_RESPONSE,
	KEEP_INPUT_FIELDS_ON,
	readConcurrency,
	readFlag,
	readNumber,
	readTries,
	settingValue,
	topLevel,
} from '../../lib/mostqi/options/commonOptions';
import type { Problem } from '../../lib/mostqi/options/numberOption';
import type { MostQiOutcome, ReadResult } from '../../lib/mostqi/transport';
import type { Callback } from '../../lib/mostqi/transport/callback';
import { callMostQi } from '../../lib/mostqi/transport';
import type { RetryPolicy } from '../../lib/mostqi/transport/retry';
import type { AnswerMeta } from './answer';
import { readDetectAnswer, readSessionAnswer, readStatusAnswer } from './answer';
import type { Movement, Operation } from './description';
import { LABELS, OPERATION_NAMES, OPERATIONS, RETURN_FULL_FACE, THRESHOLD } from './description';
import type { OutputOptions } from './output';
import {
	detectJson,
	errorItem,
	frontalImageOf,
	sessionJson,
	statusJson,
	successItem,
	withBinaryField,
} from './output';
import type { SourceKind } from './request';
import {
	LIVENESS_ROUTES,
	SELFIE_FIELDS,
	buildSessionBody,
	buildStatusBody,
	checkMovements,
	checkPhotoWithMovements,
	detectBodyFields,
	detectFileField,
	isProblem,
	mediaKindOfFormat,
	photoWithMovementsProblem,
} from './request';

/**
 * The MostQi Liveness node's run: every input item through one operation, with the shared item
 * loop (error modes, cancellation, concurrency: lib/mostqi/items/itemLoop.ts) and the shared
 * transport (a fresh token per try, retries: lib/mostqi/transport). Inputs are read and checked
 * before any request, so that a bad item costs nothing.
 */

/** What every operation reads for an item. */
interface Common extends OutputOptions {
	timeoutMs: number;
	retry: RetryPolicy;
}

type Prepared =
	| (Common & {
			operation: 'detect';
			threshold: number;
			frontalField: string;
			file: FileInput;
			movements: Movement[];
			returnFullFace: boolean;
	  })
	| (Common & { operation: 'startSession'; body: IDataObject })
	| (Common & {
			operation: 'getSessionResult';
			threshold: number;
			frontalField: string;
			processId: string;
	  });

/** A top-level parameter of one item; a failing expression is the item's input error. */
function parameter(ctx: IExecuteFunctions, itemIndex: number, name: string, label: string) {
	return settingValue(ctx, itemIndex, topLevel(ctx, name), label);
}

function fail(ctx: IExecuteFunctions, itemIndex: number, problem: Problem): Error {
	return inputError(ctx, itemIndex, problem.message, problem.description);
}

function readThreshold(ctx: IExecuteFunctions, itemIndex: number): number {
	return readNumber(ctx, itemIndex, THRESHOLD, topLevel(ctx, THRESHOLD.name));
}

/** The Put Frontal Face in Field default, and the name suggested when it is taken. */
const FRONTAL_FIELD_DEFAULT = 'frontalImage';

/**
 * The binary field that receives the frontal face: '' for none. A name the input item already
 * uses is the item's input error: the face would silently replace the input's file (e.g. the
 * document photo that Face Compare needs next).
 */
function readFrontalField(ctx: IExecuteFunctions, itemIndex: number): string {
	const label = LABELS.frontalImageBinaryProperty;
	const value =
		parameter(ctx, itemIndex, 'frontalImageBinaryProperty', label) ?? FRONTAL_FIELD_DEFAULT;
	if (typeof value !== 'string') {
		throw fail(ctx, itemIndex, {
			message: `"${label}" must be text, but its expression gave ${value === null ? 'null' : typeof value}`,
			description: `Set "${label}" to the name of a binary field, such as ${FRONTAL_FIELD_DEFAULT}, or leave it empty for no file.`,
		});
	}
	const field = value.trim();
	const inputBinary = ctx.getInputData()[itemIndex]?.binary ?? {};
	if (field !== '' && Object.prototype.hasOwnProperty.call(inputBinary, field)) {
		let suggestion = FRONTAL_FIELD_DEFAULT;
		for (let n = 2; suggestion in inputBinary; n++) suggestion = `${FRONTAL_FIELD_DEFAULT}${n}`;
		throw fail(ctx, itemIndex, {
			message: `"${label}" would replace a file: the input item already has a binary field ${JSON.stringify(field)}; choose another name, e.g. ${suggestion}`,
			description: `The node never replaces a file of the input item. Set "${label}" to a name the input item does not use, or leave it empty for no file.`,
		});
	}
	return field;
}

function readCommon(ctx: IExecuteFunctions, itemIndex: number): Common {
	return {
		...readTries(ctx, itemIndex),
		keepInputFields: readFlag(ctx, itemIndex, KEEP_INPUT_FIELDS_ON, true),
		includeFullResponse: readFlag(ctx, itemIndex, INCLUDE_FULL_RESPONSE, false),
	};
}

/** Where a read file came from, as the messages name it. */
function sourceOf(file: FileInput): SourceKind {
	if (file.kind === 'url' || file.kind === 'base64') return file.kind;
	return 'binary';
}

async function prepareDetect(ctx: IExecuteFunctions, itemIndex: number): Promise<Prepared> {
	const common = readCommon(ctx, itemIndex);
	const threshold = readThreshold(ctx, itemIndex);
	const frontalField = readFrontalField(ctx, itemIndex);
	const movements = checkMovements(parameter(ctx, itemIndex, 'movements', LABELS.movements));
	if (isProblem(movements)) throw fail(ctx, itemIndex, movements);
	const returnFullFace = readFlag(ctx, itemIndex, RETURN_FULL_FACE, false);
	const file = await readFileInput(ctx, itemIndex, SELFIE_FIELDS);
	// a URL's file the node never sees: MostQi's 415 says it (see detect)
	if (file.kind !== 'url') {
		const problem = checkPhotoWithMovements(
			movements,
			mediaKindOfFormat(file.format),
			sourceOf(file),
		);
		if (problem) throw fail(ctx, itemIndex, problem);
	}
	return {
		...common,
		operation: 'detect',
		threshold,
		frontalField,
		file,
		movements,
		returnFullFace,
	};
}

function prepareSession(ctx: IExecuteFunctions, itemIndex: number): Prepared {
	const common = readCommon(ctx, itemIndex);
	const built = buildSessionBody({
		webhookUrl: parameter(ctx, itemIndex, 'webhookUrl', LABELS.webhookUrl),
		webhookHeaders: parameter(ctx, itemIndex, 'webhookHeaders', LABELS.webhookHeaders),
		webhookQueryParameters: parameter(
			ctx,
			itemIndex,
			'webhookQueryParameters',
			LABELS.webhookQueryParameters,
		),
		redirectUrl: parameter(ctx, itemIndex, 'redirectUrl', LABELS.redirectUrl),
		pageOptions: parameter(ctx, itemIndex, 'pageOptions', LABELS.pageOptions),
	});
	if ('problem' in built) throw fail(ctx, itemIndex, built.problem);
	return { ...common, operation: 'startSession', body: built.body as IDataObject };
}

function prepareStatus(ctx: IExecuteFunctions, itemIndex: number): Prepared {
	const common = readCommon(ctx, itemIndex);
	const threshold = readThreshold(ctx, itemIndex);
	const frontalField = readFrontalField(ctx, itemIndex);
	const built = buildStatusBody(parameter(ctx, itemIndex, 'processId', LABELS.processId));
	if ('problem' in built) throw fail(ctx, itemIndex, built.problem);
	return {
		...common,
		operation: 'getSessionResult',
		threshold,
		frontalField,
		processId: built.body.processId,
	};
}

/** One item's inputs, read and checked: a bad input is the item's error, before any request. */
async function prepareItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: Operation,
): Promise<Prepared> {
	if (operation === 'detect') return await prepareDetect(ctx, itemIndex);
	if (operation === 'startSession') return prepareSession(ctx, itemIndex);
	return prepareStatus(ctx, itemIndex);
}

/**
 * MostQi's R101 ("a specified parameter is wrong") in this node's fields: the shared advice
 * speaks of faces and documents.
 */
const R101_ADVICE: Record<Operation, string> = {
	detect: `MostQi refused the file or a parameter. Check that "${LABELS.source}" gives a readable photo of one face (or a video in a common format) and that a URL can be downloaded by MostQi without logging in.`,
	startSession: `MostQi refused a parameter of the session. Check "${LABELS.webhookUrl}", "${LABELS.redirectUrl}" and the "${LABELS.pageOptions}" (a message's language key, a colour as #RRGGBB).`,
	getSessionResult: `MostQi does not know this session. Check that "${LABELS.processId}" is the processId Start Session returned, with the same MostQi credential.`,
};

/** A failed call in the node's words: MostQi's 415 on a photo with movements, R101 per operation. */
function inNodeWords(failure: MostQiFailure, prepared: Prepared): MostQiFailure {
	if (
		prepared.operation === 'detect' &&
		prepared.movements.length > 0 &&
		failure.httpCode === 415
	) {
		const problem = photoWithMovementsProblem(sourceOf(prepared.file));
		return { ...failure, ...problem, message: `${problem.message} (MostQi answered HTTP 415)` };
	}
	if (failure.errorCode === 'R101') {
		return { ...failure, description: R101_ADVICE[prepared.operation] };
	}
	return failure;
}

/** A stored selfie that could not be read while the run used it. */
function unreadableFile(ctx: IExecuteFunctions, itemIndex: number, error: Error): Error {
	return inputError(
		ctx,
		itemIndex,
		`The selfie file could not be read: ${error.message.replace(/\bE[A-Z]{3,}\b:?\s*/g, '')}`,
		'The file n8n stored for this item was removed or changed during the run. Run the workflow again.',
	);
}

/** Start Session's webhook, which the credential checks MostQi can reach (transport/callback.ts). */
function callbackOf(prepared: Prepared): Callback | undefined {
	if (prepared.operation !== 'startSession') return undefined;
	const url = (prepared.body.webhook as IDataObject | undefined)?.url;
	return typeof url === 'string' ? { url, label: LABELS.webhookUrl } : undefined;
}

async function call<T extends AnswerMeta>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	prepared: Prepared,
	run: RunSignals,
	body: Buffer | IDataObject,
	read: ReadResult<T>,
): Promise<{ result: T; attempts: number }> {
	const outcome: MostQiOutcome<T> = await callMostQi(
		ctx,
		{
			route: LIVENESS_ROUTES[prepared.operation],
			body,
			timeoutMs: prepared.timeoutMs,
			retry: prepared.retry,
			signal: run.signal,
			stopRetries: run.stop,
			callback: callbackOf(prepared),
		},
		read,
	);
	if (!outcome.ok) {
		throw apiError(ctx, itemIndex, inNodeWords(outcome.failure, prepared), outcome.attempts);
	}
	return { result: outcome.result, attempts: outcome.attempts };
}

/** The item with MostQi's frontal face stored by n8n as a binary field, when there is one. */
async function withFrontalImage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	item: INodeExecutionData,
	reading: AnswerMeta & { frontalImage: string | null },
	field: string,
	attempts: number,
): Promise<INodeExecutionData> {
	const read = frontalImageOf(reading, field);
	if (!read.ok) throw apiError(ctx, itemIndex, read.failure, attempts);
	if (!read.image) return item;
	const { buffer, fileName, mimeType } = read.image;
	const binary = await ctx.helpers.prepareBinaryData(buffer, fileName, mimeType);
	return withBinaryField(item, read.image.field, binary);
}

async function runItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: Operation,
	run: RunSignals,
	bodies: BodyPool,
): Promise<INodeExecutionData> {
	const prepared = await prepareItem(ctx, itemIndex, operation);
	const input = ctx.getInputData()[itemIndex];
	if (prepared.operation === 'startSession') {
		const { result } = await call(ctx, itemIndex, prepared, run, prepared.body, readSessionAnswer);
		return successItem(input, itemIndex, sessionJson(result), prepared, result.response);
	}
	if (prepared.operation === 'getSessionResult') {
		const body = { processId: prepared.processId };
		const { result, attempts } = await call(ctx, itemIndex, prepared, run, body, readStatusAnswer);
		const row = statusJson(result, prepared.threshold, prepared.processId);
		const item = successItem(input, itemIndex, row, prepared, result.response);
		return await withFrontalImage(ctx, itemIndex, item, result, prepared.frontalField, attempts);
	}
	const { file, movements, returnFullFace } = prepared;
	const fields: Array<[string, BodyValue | undefined]> = [
		[detectFileField(sourceOf(file)), file],
		...Object.entries(detectBodyFields({ movements, returnFullFace })),
	];
	const body = await buildJsonBody(fields, bodies).catch((error: Error) => {
		throw unreadableFile(ctx, itemIndex, error);
	});
	const { result, attempts } = await call(ctx, itemIndex, prepared, run, body, readDetectAnswer);
	bodies.give(body);
	const item = successItem(
		input,
		itemIndex,
		detectJson(result, prepared.threshold),
		prepared,
		result.response,
	);
	return await withFrontalImage(ctx, itemIndex, item, result, prepared.frontalField, attempts);
}

/** What a failed item's row says it used, when it can be read (never throws). */
function usedBy(ctx: IExecuteFunctions, itemIndex: number, operation: Operation) {
	const attempt = <T>(read: () => T): T | null => {
		try {
			return read();
		} catch {
			return null;
		}
	};
	const used: { threshold?: number | null; processId?: string | null } = {};
	if (operation !== 'startSession') used.threshold = attempt(() => readThreshold(ctx, itemIndex));
	if (operation === 'getSessionResult') {
		used.processId = attempt(() => {
			const built = buildStatusBody(parameter(ctx, itemIndex, 'processId', LABELS.processId));
			return 'body' in built ? built.body.processId : null;
		});
	}
	const keepInputFields = attempt(() => readFlag(ctx, itemIndex, KEEP_INPUT_FIELDS_ON, true));
	return { used, keepInputFields: keepInputFields ?? false };
}

/** The value n8n's editor gives the Operation when "Custom API Call" is picked. */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

/** The operation, the same for every item (it takes no expression). */
function readOperation(ctx: IExecuteFunctions): Operation | Problem {
	const value = ctx.getNode().parameters.operation ?? 'detect';
	if ((OPERATIONS as ReadonlyArray<unknown>).includes(value)) return value as Operation;
	const names = OPERATION_NAMES.join(', ').replace(/, ([^,]*)$/, ' or $1');
	// n8n's editor offers "Custom API Call" for every node whose credential signs requests
	if (value === CUSTOM_API_CALL) {
		return {
			message: `"${LABELS.operation}" is Custom API Call, which MostQi Liveness does not offer`,
			description: `Pick ${names} in "${LABELS.operation}". For another MostQi route, use an HTTP Request node with Authentication "Predefined Credential Type" and the MostQi API credential: it gets a fresh token for every request.`,
		};
	}
	return {
		message: `"${LABELS.operation}" must be ${names}, not ${JSON.stringify(value)}`,
		description: `Pick the operation in "${LABELS.operation}".`,
	};
}

/**
 * Runs the operation on every input item (see lib/mostqi/items/itemLoop.ts for the error
 * modes): exactly one output item per input item, in input order, paired with it.
 */
export async function livenessAllItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const read = readOperation(ctx);
	const operation: Operation = isProblem(read) ? 'detect' : read;
	const concurrency = readConcurrency(ctx);
	const bodies = new BodyPool(typeof concurrency === 'number' ? concurrency : 1);
	const items = ctx.getInputData();
	const results = await runItems(ctx, {
		concurrency,
		refuseAll: isProblem(read) ? read : undefined,
		check: async (itemIndex) => await prepareItem(ctx, itemIndex, operation),
		run: async (itemIndex, run) => await runItem(ctx, itemIndex, operation, run, bodies),
		errorItem: (itemIndex, error) => {
			const { used, keepInputFields } = usedBy(ctx, itemIndex, operation);
			return errorItem(items[itemIndex], itemIndex, error, operation, { keepInputFields }, used);
		},
		notDone: 'sent',
	});
	return [successesFirst(ctx, results)];
}
