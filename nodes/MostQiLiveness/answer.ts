import { ERROR_CODES } from '../../lib/mostqi/errorCodes';
import type { MostQiFailure } from '../../lib/mostqi/failure';
import type { AnswerIds, MostQiAnswer } from '../../lib/mostqi/transport/envelope';
import { answerIds, isRecord, readEnvelope } from '../../lib/mostqi/transport/envelope';
import type { Attempt } from '../../lib/mostqi/transport/retry';

/**
 * MostQi's liveness answers read into results, or into a failure that names what MostQi did
 * send. Several field names come only from public clients (shared/mostqi/LIVENESS.md, marked
 * [clients]), so a real answer may lack them: then the item fails naming the fields that were
 * there, and no value is ever made up. Answers that report an error (non-2xx, or `status.errors`
 * on a 2xx) are the shared transport's to read (lib/mostqi/transport) before these readers run.
 */

/** What came back over HTTP (the shared transport's answer). */
export type LivenessAnswer = MostQiAnswer;

/** Why an answer is not a result (the shared failure). */
export type LivenessFailure = MostQiFailure;

export type Reading<T> = Attempt<T>;

export const INVALID_RESPONSE = ERROR_CODES.INVALID_RESPONSE;

/** MostQi's identifiers of the answer, and the answer itself for "Include Full Response". */
export interface AnswerMeta extends AnswerIds {
	httpCode: number;
	response: Record<string, unknown>;
}

export interface DetectReading extends AnswerMeta {
	/** Movements and genuineness together; null when MostQi sent none. */
	globalScore: number | null;
	livenessScore: number;
	/** The score judged: globalScore, else livenessScore. */
	score: number;
	movementScore: number | null;
	/** Base64 of the frontal face, as sent; null when MostQi sent none. */
	frontalImage: string | null;
}

export interface SessionReading extends AnswerMeta {
	sessionUrl: string;
	processId: string;
}

/** The statuses MostQi documents; any other text is passed on as sent, without a verdict. */
export const SESSION_STATUSES = ['TODO', 'DOING', 'DONE', 'ERROR', 'EXPIRED'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface StatusReading extends AnswerMeta {
	/** Exactly as MostQi sent it. */
	status: string;
	/** null until DONE, whatever MostQi sends before. */
	livenessScore: number | null;
	/** The score judged (livenessScore, the only score MostQi describes here); null until DONE. */
	score: number | null;
	frontalImage: string | null;
	/** The processId MostQi's answer carries, if any. */
	processId: string | null;
}

function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'string') return 'text';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A value quoted for a message, short: scores and statuses, never a whole image. */
function quoted(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

function sentFields(record: Record<string, unknown>): string {
	// a key holding undefined was never sent (JSON has no undefined)
	const keys = Object.keys(record).filter((key) => record[key] !== undefined);
	return keys.length > 0 ? `it sent: ${keys.join(', ')}` : 'it sent no fields';
}

const DESCRIPTION =
	"The answer did not have the shape the node reads, so no result is made up. Some of these field names come from public clients, not from MostQi's pages: if MostQi names them differently, report it with the fields above. Run the workflow again; if it persists, contact MostQi support with the request ID.";

function meta(answer: LivenessAnswer, envelope: Record<string, unknown>): AnswerMeta {
	return { ...answerIds(envelope), httpCode: answer.statusCode, response: envelope };
}

function invalid(message: string, info: AnswerMeta | { httpCode: number }): LivenessFailure {
	const failure: LivenessFailure = {
		message,
		description: DESCRIPTION,
		errorCode: INVALID_RESPONSE,
		httpCode: info.httpCode,
	};
	if ('requestId' in info && info.requestId !== null) failure.requestId = info.requestId;
	return failure;
}

type ResultRead =
	| { ok: true; meta: AnswerMeta; result: Record<string, unknown> }
	| { ok: false; failure: LivenessFailure };

/**
 * The envelope's `result`: an object, or a list holding one (MostQi's page describes "a list with
 * the result"; every public client reads one object: both are served).
 */
export function readResult(answer: LivenessAnswer): ResultRead {
	const envelope = readEnvelope(answer.body) as Record<string, unknown> | undefined;
	if (!envelope) {
		return {
			ok: false,
			failure: invalid(`MostQi answered HTTP ${answer.statusCode} with a body that is not JSON`, {
				httpCode: answer.statusCode,
			}),
		};
	}
	const info = meta(answer, envelope);
	const fail = (message: string): ResultRead => ({ ok: false, failure: invalid(message, info) });
	let result = envelope.result;
	if (Array.isArray(result)) {
		if (result.length === 0) return fail("MostQi's answer has an empty result list");
		if (result.length > 1) {
			return fail(
				`MostQi's answer has ${result.length} results where the node reads one, and does not pick one of them`,
			);
		}
		result = result[0];
	}
	if (result === undefined || result === null) {
		return fail(`MostQi's answer has no result (${sentFields(envelope)})`);
	}
	if (!isRecord(result)) {
		return fail(`MostQi's answer has a result that is ${kindOf(result)}, not an object`);
	}
	return { ok: true, meta: info, result };
}

/** One field of the result: absent (undefined or null), of the wrong kind, or its value. */
type Field<T> = { state: 'absent' } | { state: 'wrong'; why: string } | { state: 'ok'; value: T };

function scoreField(result: Record<string, unknown>, name: string): Field<number> {
	const value = result[name];
	if (value === undefined || value === null) return { state: 'absent' };
	if (typeof value === 'number' && value >= 0 && value <= 1) return { state: 'ok', value };
	return {
		state: 'wrong',
		why: `a ${name} that is not a number from 0 to 1 (${quoted(value)})`,
	};
}

function numberField(result: Record<string, unknown>, name: string): Field<number> {
	const value = result[name];
	if (value === undefined || value === null) return { state: 'absent' };
	if (typeof value === 'number' && Number.isFinite(value)) return { state: 'ok', value };
	return { state: 'wrong', why: `a ${name} that is not a number (${quoted(value)})` };
}

/** Text; an empty string counts as absent (there is nothing in it to pass on). */
function textField(result: Record<string, unknown>, name: string): Field<string> {
	const value = result[name];
	if (value === undefined || value === null || value === '') return { state: 'absent' };
	if (typeof value === 'string') return { state: 'ok', value };
	return { state: 'wrong', why: `a ${name} that is ${kindOf(value)}, not text` };
}

/**
 * The fields read, or the failure: fields of the wrong kind first, then the required ones that
 * are absent, each message naming the fields MostQi sent.
 */
function check(
	result: Record<string, unknown>,
	info: AnswerMeta,
	fields: Record<string, Field<unknown>>,
	required: string[],
): LivenessFailure | undefined {
	const wrong = Object.values(fields).flatMap((f) => (f.state === 'wrong' ? [f.why] : []));
	if (wrong.length > 0) {
		return invalid(`MostQi's answer has ${wrong.join(' and ')} (${sentFields(result)})`, info);
	}
	const missing = required.filter((name) => fields[name].state === 'absent');
	if (missing.length > 0) {
		return invalid(`MostQi's answer has no ${missing.join(' or ')} (${sentFields(result)})`, info);
	}
	return undefined;
}

function valueOf<T>(field: Field<T>): T | null {
	return field.state === 'ok' ? field.value : null;
}

/** POST /liveness/detect: livenessScore is needed; the others are null when absent. */
export function readDetectAnswer(answer: LivenessAnswer): Reading<DetectReading> {
	const read = readResult(answer);
	if (!read.ok) return read;
	const { result, meta: info } = read;
	const fields = {
		livenessScore: scoreField(result, 'livenessScore'),
		globalScore: scoreField(result, 'globalScore'),
		movementScore: numberField(result, 'movementScore'),
		frontalImage: textField(result, 'frontalImage'),
	};
	const failure = check(result, info, fields, ['livenessScore']);
	if (failure) return { ok: false, failure };
	const livenessScore = valueOf(fields.livenessScore) as number;
	const globalScore = valueOf(fields.globalScore);
	return {
		ok: true,
		result: {
			...info,
			globalScore,
			livenessScore,
			score: globalScore ?? livenessScore,
			movementScore: valueOf(fields.movementScore),
			frontalImage: valueOf(fields.frontalImage),
		},
	};
}

/** POST /liveness/streaming/async: the page's address and the process ID are both needed. */
export function readSessionAnswer(answer: LivenessAnswer): Reading<SessionReading> {
	const read = readResult(answer);
	if (!read.ok) return read;
	const { result, meta: info } = read;
	const fields = {
		sessionUrl: textField(result, 'sessionUrl'),
		processId: textField(result, 'processId'),
	};
	const failure = check(result, info, fields, ['sessionUrl', 'processId']);
	if (failure) return { ok: false, failure };
	return {
		ok: true,
		result: {
			...info,
			sessionUrl: valueOf(fields.sessionUrl) as string,
			processId: valueOf(fields.processId) as string,
		},
	};
}

/**
 * POST /liveness/streaming/async/status: the status is needed, and with DONE the livenessScore
 * (MostQi's page: filled in at DONE). Before DONE no score is read, whatever the answer holds:
 * no verdict before the check has ended.
 */
export function readStatusAnswer(answer: LivenessAnswer): Reading<StatusReading> {
	const read = readResult(answer);
	if (!read.ok) return read;
	const { result, meta: info } = read;
	const status = textField(result, 'status');
	const processId = textField(result, 'processId');
	const first = check(result, info, { status, processId }, ['status']);
	if (first) return { ok: false, failure: first };
	const statusText = valueOf(status) as string;
	if (statusText !== 'DONE') {
		return {
			ok: true,
			result: {
				...info,
				status: statusText,
				livenessScore: null,
				score: null,
				frontalImage: null,
				processId: valueOf(processId),
			},
		};
	}
	const done = {
		livenessScore: scoreField(result, 'livenessScore'),
		frontalImage: textField(result, 'frontalImage'),
	};
	const failure = check(result, info, done, ['livenessScore']);
	if (failure) return { ok: false, failure };
	const livenessScore = valueOf(done.livenessScore) as number;
	return {
		ok: true,
		result: {
			...info,
			status: statusText,
			livenessScore,
			score: livenessScore,
			frontalImage: valueOf(done.frontalImage),
			processId: valueOf(processId),
		},
	};
}
