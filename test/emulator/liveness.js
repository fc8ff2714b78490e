/**
 * The liveness part of the local MostQi (what is known of it: shared/mostqi/LIVENESS.md):
 * - POST /liveness/detect                   a photo (passive) or a video with movements, scored
 * - POST /liveness/streaming/async          a hosted check: sessionUrl (a page served here) and processId
 * - POST /liveness/streaming/async/status   TODO, DOING, DONE, ERROR or EXPIRED
 * Each takes one fresh single-use token, like face compare, and is logged in the emulator's
 * request log. The hosted page is at /liveness/session/<key>; its "Start capture" is a form POST.
 *
 * Which file shows whom and whether it is live: the tags of test/fixtures/liveness.js.
 * What happens after "Start capture": the outcome a test chose (OUTCOMES below), through the
 * control routes under /__emulator/liveness/ or the in-process `emulator.liveness` object.
 */
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');
const https = require('node:https');
const { makePng } = require('../fixtures/images');
const { renderSession, renderNotFound } = require('./livenessPage');

const DETECT_PATH = '/liveness/detect';
const SESSION_PATH = '/liveness/streaming/async';
const STATUS_PATH = '/liveness/streaming/async/status';
const LIVENESS_PATHS = [DETECT_PATH, SESSION_PATH, STATUS_PATH];
const PAGE_PREFIX = '/liveness/session/';
const CONTROL_PREFIX = '/__emulator/liveness/';

const MB = 1000 * 1000;
const MOVEMENTS = ['up', 'down', 'left', 'right', 'smile', 'blink'];
const LANGUAGES = ['pt-BR', 'en', 'es', 'fr'];
const ENDED = ['DONE', 'ERROR', 'EXPIRED'];
const FRONTAL_SIDE = { reduced: 96, full: 320 };

/**
 * What the person does after pressing "Start capture":
 * - live:       DONE with a high livenessScore (0.85..0.99)
 * - spoof:      DONE with a low one (0.03..0.23): a photo of a photo; DONE never means live
 * - unfinished: stays DOING until the capture limit, then EXPIRED
 * - error:      ERROR
 * @typedef {{ outcome: 'live' | 'spoof' | 'unfinished' | 'error', person?: string,
 *   livenessScore?: number, delayMs?: number }} Outcome
 */
const OUTCOMES = ['live', 'spoof', 'unfinished', 'error'];
const DEFAULT_OUTCOME = { outcome: 'live', person: 'ana' };

/**
 * The limits MostQi documents (link 1 hour, 3 minutes after "Start capture"), shortenable so
 * that tests run fast; completeAfterMs is how long a capture takes before its outcome is known.
 * @typedef {{ linkTtlMs: number, captureTtlMs: number, completeAfterMs: number }} Limits
 */
const DEFAULT_LIMITS = {
	linkTtlMs: 60 * 60 * 1000,
	captureTtlMs: 3 * 60 * 1000,
	completeAfterMs: 1000,
};

/**
 * Switches: where MostQi's pages leave the answer open, each reading can be served, so that the
 * node is tested against more than the one its builders chose. Unset = the first value listed.
 * - resultList: 'none' | 'detect' | 'all'. The page calls detect's result "a list with the
 *   result", every client reads one object: 'detect' answers detect with a one-element list,
 *   'all' the session routes too.
 * - globalScore: 'detect' | 'none' | 'all'. Its name comes from clients only: 'none' leaves it
 *   out of detect; 'all' adds it to a DONE status too (the page lists only livenessScore there).
 * - passiveMovementScore: 'absent' | 'null' | 'zero'. What a passive check says of movements.
 * - imageScore: true | false. One client reads it; false leaves it out.
 * - ptKey: 'ptBR' | 'pt-BR'. The Portuguese key of the message objects MostQi accepts; the
 *   other is refused with 400 R101 (the page says ptBR, two clients send pt-BR).
 * - webhookBody: 'processId' ({processId, status}) | 'envelope' (MostQi's envelope, result =
 *   the status answer plus processId) | 'empty' (no body). The payload is undocumented.
 * - noWebhook: true = MostQi never calls the webhook (a flow must still end on its own).
 * - unknownProcess: 400 | 404. The HTTP status for a processId MostQi does not know (R101).
 * - pageControls: true = the hosted page also shows one "Start capture" button per outcome,
 *   for browser tests that pick the outcome by clicking.
 * @typedef {{ resultList?: 'none' | 'detect' | 'all', globalScore?: 'detect' | 'none' | 'all',
 *   passiveMovementScore?: 'absent' | 'null' | 'zero', imageScore?: boolean,
 *   ptKey?: 'ptBR' | 'pt-BR', webhookBody?: 'processId' | 'envelope' | 'empty',
 *   noWebhook?: boolean, unknownProcess?: 400 | 404, pageControls?: boolean }} Switches
 */
const SWITCHES = {
	resultList: ['none', 'detect', 'all'],
	globalScore: ['detect', 'none', 'all'],
	passiveMovementScore: ['absent', 'null', 'zero'],
	imageScore: [true, false],
	ptKey: ['ptBR', 'pt-BR'],
	webhookBody: ['processId', 'envelope', 'empty'],
	noWebhook: [false, true],
	unknownProcess: [400, 404],
	pageControls: [false, true],
};

/** @param {Record<string, unknown>} next @returns {Switches} */
function checkSwitches(next = {}) {
	for (const [name, value] of Object.entries(next)) {
		const allowed = SWITCHES[name];
		if (!allowed) throw new Error(`unknown liveness switch "${name}"`);
		if (!allowed.includes(value))
			throw new Error(`liveness switch ${name} must be one of ${allowed.join(', ')}`);
	}
	return { ...next };
}

/** @param {Record<string, unknown>} next @param {Limits} base @returns {Limits} */
function checkLimits(next, base) {
	const out = { ...base };
	for (const [name, value] of Object.entries(next ?? {})) {
		if (!(name in DEFAULT_LIMITS)) throw new Error(`unknown liveness limit "${name}"`);
		if (typeof value !== 'number' || !(value >= 0)) throw new Error(`${name} must be >= 0`);
		out[name] = value;
	}
	return out;
}

/** @returns {Outcome} */
function checkOutcome(spec) {
	if (!spec || !OUTCOMES.includes(spec.outcome))
		throw new Error(`outcome must be one of ${OUTCOMES.join(', ')}`);
	if (spec.person !== undefined && !/^[A-Za-z0-9_-]+$/.test(spec.person))
		throw new Error('person must be a face id such as "ana"');
	if (spec.livenessScore !== undefined && !(spec.livenessScore >= 0 && spec.livenessScore <= 1))
		throw new Error('livenessScore must be in [0, 1]');
	if (spec.delayMs !== undefined && !(spec.delayMs >= 0)) throw new Error('delayMs must be >= 0');
	return { ...DEFAULT_OUTCOME, ...spec };
}

// --- files and scores -------------------------------------------------------------------

/** MP4/MOV/3GP (an ftyp box with a video brand) or WebM/Matroska (an EBML header). */
function sniffVideo(b) {
	const s = b.subarray(0, 64).toString('latin1');
	if (
		s.slice(4, 8) === 'ftyp' &&
		/^(isom|iso\d|mp4\d|avc1|M4V |qt {2}|3gp\d|dash)$/.test(s.slice(8, 12))
	)
		return 'mp4';
	if (s.startsWith('\x1a\x45\xdf\xa3')) return s.includes('webm') ? 'webm' : 'matroska';
	return undefined;
}

/** The liveness tags of a file (see test/fixtures/liveness.js); untagged files are live. */
function livenessTags(bytes, faceId) {
	const text = bytes.toString('latin1');
	return {
		face: faceId(bytes),
		live: /MOSTQI-LIVE:([a-z]+)/.exec(text)?.[1] ?? 'live',
		moves: /MOSTQI-MOVES:([a-z*,]+)/.exec(text)?.[1] ?? '*',
	};
}

/** A deterministic number in [0, 1) for these bytes and this purpose. */
function unit(bytes, salt) {
	return crypto.createHash('sha256').update(salt).update(bytes).digest().readUInt32BE(0) / 2 ** 32;
}

const round4 = (x) => Math.round(x * 10000) / 10000;

function livenessScoreOf(tags, r) {
	if (!tags.face) return round4(0.01 + r * 0.04); // no face in front of the camera
	if (tags.live !== 'live') return round4(0.03 + r * 0.2);
	return round4(0.85 + r * 0.14);
}

/** Share of the requested movements the person made in order; below 0.5 unless all were. */
function movementScoreOf(requested, moves, r) {
	if (moves === '*') return round4(0.9 + r * 0.09);
	const made = moves === 'none' ? [] : moves.split(',');
	let found = 0;
	for (const move of made) if (move === requested[found]) found += 1;
	if (found === requested.length) return round4(0.9 + r * 0.09);
	return round4((found / requested.length) * 0.45);
}

function frontalImage(person, seed, full) {
	if (!person) return null;
	return makePng(person, {
		seed: `frontal:${seed}`,
		side: full ? FRONTAL_SIDE.full : FRONTAL_SIDE.reduced,
	}).toString('base64');
}

// --- request validation -----------------------------------------------------------------

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function isObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkMovements(movements) {
	if (movements === undefined || movements === null) return { list: [] };
	if (!Array.isArray(movements)) return { error: 'movements must be a list' };
	const unknown = movements.find((m) => !MOVEMENTS.includes(m));
	if (unknown !== undefined)
		return { error: `movements: unknown movement ${JSON.stringify(unknown)}` };
	return { list: movements };
}

function checkFullFace(value) {
	if (value === undefined || value === null || value === false || value === 'false')
		return { full: false };
	if (value === true || value === 'true') return { full: true };
	return { error: 'returnFullFace must be a boolean' };
}

function checkHttpUrl(value, name) {
	if (typeof value !== 'string') return `${name} must be a URL`;
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:'
			? undefined
			: `${name} must be an http(s) URL`;
	} catch {
		return `${name} must be a URL`;
	}
}

function checkPairs(list, name) {
	if (list === undefined) return undefined;
	if (!Array.isArray(list)) return `${name} must be a list`;
	const bad = list.some(
		(p) => !isObject(p) || typeof p.name !== 'string' || !p.name || typeof p.value !== 'string',
	);
	return bad ? `${name}: each entry needs a name and a text value` : undefined;
}

function checkWebhook(webhook) {
	if (webhook === undefined || webhook === null) return undefined;
	if (!isObject(webhook)) return 'webhook must be an object';
	const urlError = checkHttpUrl(webhook.url, 'webhook.url');
	if (urlError) return urlError;
	if (webhook.fallbackUrl !== undefined && webhook.fallbackUrl !== null) {
		const fallbackError = checkHttpUrl(webhook.fallbackUrl, 'webhook.fallbackUrl');
		if (fallbackError) return fallbackError;
	}
	const auth = webhook.authorization;
	if (auth === undefined || auth === null) return undefined;
	if (!isObject(auth)) return 'webhook.authorization must be an object';
	return (
		checkPairs(auth.headers, 'webhook.authorization.headers') ??
		checkPairs(auth.queryStrings, 'webhook.authorization.queryStrings')
	);
}

function checkMessages(messages, name, ptKey) {
	if (messages === undefined || messages === null) return undefined;
	if (!isObject(messages)) return `${name} must be an object keyed by language`;
	const accepted = [ptKey, 'en', 'es', 'fr'];
	const bad = Object.keys(messages).find((key) => !accepted.includes(key));
	if (bad !== undefined)
		return `${name}: unknown language key "${bad}" (use ${accepted.join(', ')})`;
	const notText = Object.entries(messages).find(([, text]) => typeof text !== 'string');
	return notText ? `${name}.${notText[0]} must be a text` : undefined;
}

function checkUi(ui, ptKey) {
	if (ui === undefined || ui === null) return undefined;
	if (!isObject(ui)) return 'uiCustomization must be an object';
	if (ui.defaultLanguage !== undefined && !LANGUAGES.includes(ui.defaultLanguage))
		return `uiCustomization.defaultLanguage must be one of ${LANGUAGES.join(', ')}`;
	if (ui.theme !== undefined && typeof ui.theme !== 'string')
		return 'uiCustomization.theme must be a text';
	// a colour reaches the page's CSS: only a hex colour gets there
	if (ui.primaryColor !== undefined && !/^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(ui.primaryColor))
		return 'uiCustomization.primaryColor must be a hex colour such as #0b5cff';
	if (ui.hideTopbar !== undefined && typeof ui.hideTopbar !== 'boolean')
		return 'uiCustomization.hideTopbar must be a boolean';
	for (const which of ['welcomeMessage', 'successMessage', 'failureMessage']) {
		const error = checkMessages(ui[which], `uiCustomization.${which}`, ptKey);
		if (error) return error;
	}
	return undefined;
}

function checkSessionBody(body, ptKey) {
	if (!isObject(body)) return 'the body must be a JSON object';
	if (body.redirectUrl !== undefined && body.redirectUrl !== null) {
		const error = checkHttpUrl(body.redirectUrl, 'redirectUrl');
		if (error) return error;
	}
	return checkWebhook(body.webhook) ?? checkUi(body.uiCustomization, ptKey);
}

/** For logs: the URL without user info and with every query value hidden. */
function redactUrl(text) {
	const url = new URL(text);
	url.username = '';
	url.password = '';
	for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, '***');
	return url.toString();
}

// --- the module -------------------------------------------------------------------------

/**
 * @param {{
 *   state: any, limits?: Partial<Limits>, switches?: Switches, baseUrl: () => string,
 *   spendToken: (authorization: string | undefined, expireEarly: boolean) => {verdict: string, jti?: string},
 *   envelope: Function, errorEnvelope: Function, okStatus: Function, download: (url: string) => Promise<Buffer>,
 *   sniff: (b: Buffer) => string | undefined, faceId: (b: Buffer) => string | undefined,
 *   readBody: Function, send: Function, containsClientKey: (raw: string) => boolean,
 * }} deps
 */
function createLiveness(deps) {
	const initialLimits = checkLimits(deps.limits, DEFAULT_LIMITS);
	const initialSwitches = checkSwitches(deps.switches);
	const live = {
		limits: initialLimits,
		/** @type {Switches} */
		switches: initialSwitches,
		/** @type {Outcome[]} outcomes for the next "Start capture" presses, first first */
		queue: [],
		/** @type {Map<string, any>} by processId */
		sessions: new Map(),
		/** @type {Map<string, any>} by the page key in sessionUrl */
		byKey: new Map(),
		/** @type {any[]} every webhook call MostQi made (or tried) */
		webhookCalls: [],
		/** @type {Record<string, any[]>} answers to send instead of the real one, per route */
		scripted: { [DETECT_PATH]: [], [SESSION_PATH]: [], [STATUS_PATH]: [] },
		pending: new Set(),
	};
	const sw = (name) => live.switches[name] ?? SWITCHES[name][0];

	const ok = (result, started) => deps.envelope(result, deps.okStatus(), started);
	const refuse = (http, detail, started, code = 'R101') => ({
		status: http,
		json: deps.errorEnvelope(code, detail, started),
	});
	const asList = (result, route) =>
		sw('resultList') === 'all' || (sw('resultList') === 'detect' && route === DETECT_PATH)
			? [result]
			: result;

	// --- detect ---

	async function readFile(body) {
		const b64 = body.fileBase64;
		const url = body.fileUrl;
		const hasB64 = typeof b64 === 'string' && b64 !== '';
		const hasUrl = typeof url === 'string' && url !== '';
		if (hasB64 && hasUrl) return { error: 'fileBase64 and fileUrl are both set' };
		if (!hasB64 && !hasUrl) return { error: 'fileBase64 or fileUrl is required' };
		if (hasB64) {
			if (!BASE64.test(b64) || b64.length % 4 !== 0)
				return { error: 'fileBase64 is not valid base64' };
			return { bytes: Buffer.from(b64, 'base64'), source: 'base64' };
		}
		try {
			return { bytes: await deps.download(url), source: 'url' };
		} catch (error) {
			return { error: `fileUrl could not be downloaded: ${error.message}` };
		}
	}

	/** 'photo' or 'video' within MostQi's limits, or why not. */
	function fileKind(bytes) {
		if (sniffVideo(bytes))
			return bytes.length > 50 * MB ? { error: 'video too large' } : { kind: 'video' };
		const format = deps.sniff(bytes);
		if (!format || format === 'pdf') return { error: 'unsupported file format' };
		return bytes.length > 20 * MB ? { error: 'file too large' } : { kind: 'photo' };
	}

	function detectResult(bytes, tags, movements, full) {
		const livenessScore = livenessScoreOf(tags, unit(bytes, 'liveness'));
		const result = { livenessScore, globalScore: livenessScore };
		if (movements.length) {
			result.movementScore = movementScoreOf(movements, tags.moves, unit(bytes, 'movement'));
			result.globalScore = Math.min(livenessScore, result.movementScore);
		} else if (sw('passiveMovementScore') !== 'absent') {
			result.movementScore = sw('passiveMovementScore') === 'zero' ? 0 : null;
		}
		if (sw('globalScore') === 'none') delete result.globalScore;
		result.frontalImage = frontalImage(tags.face, unit(bytes, 'frontal'), full);
		if (sw('imageScore')) result.imageScore = round4(0.7 + unit(bytes, 'image') * 0.29);
		return result;
	}

	async function detect(body, started) {
		if (!isObject(body)) return refuse(400, 'the body must be a JSON object', started);
		const movements = checkMovements(body.movements);
		if (movements.error) return refuse(400, movements.error, started);
		const fullFace = checkFullFace(body.returnFullFace);
		if (fullFace.error) return refuse(400, fullFace.error, started);
		const file = await readFile(body);
		if (file.error) return refuse(400, file.error, started);
		const kind = fileKind(file.bytes);
		if (kind.error) return refuse(400, kind.error, started);
		const tags = livenessTags(file.bytes, deps.faceId);
		const info = {
			source: file.source,
			kind: kind.kind,
			movements: movements.list,
			fullFace: fullFace.full,
			face: tags.face,
		};
		if (kind.kind === 'photo' && movements.list.length) {
			return {
				...refuse(
					415,
					'movements need a video; a photo can only be checked without movements',
					started,
					'E415',
				),
				info,
			};
		}
		const result = detectResult(file.bytes, tags, movements.list, fullFace.full);
		return { status: 200, json: ok(asList(result, DETECT_PATH), started), info };
	}

	// --- hosted sessions ---

	function newSession(body) {
		const processId = crypto.randomUUID();
		// the page key is not the processId: a node must take processId from the answer
		const key = crypto.randomBytes(12).toString('base64url');
		const now = Date.now();
		const session = {
			processId,
			key,
			pagePath: `${PAGE_PREFIX}${key}`,
			sessionUrl: `${deps.baseUrl()}${PAGE_PREFIX}${key}`,
			createdAt: now,
			linkExpiresAt: now + live.limits.linkTtlMs,
			captureTtlMs: live.limits.captureTtlMs,
			completeAfterMs: live.limits.completeAfterMs,
			status: 'TODO',
			webhook: body.webhook ?? undefined,
			ui: body.uiCustomization ?? undefined,
			redirectUrl: body.redirectUrl ?? undefined,
			/** @type {Outcome | undefined} chosen by a test for this session */
			preset: undefined,
			/** @type {Outcome | undefined} */
			outcome: undefined,
			result: undefined,
			timers: [],
		};
		live.sessions.set(processId, session);
		live.byKey.set(key, session);
		schedule(session, session.linkExpiresAt);
		return session;
	}

	function schedule(session, at) {
		// a timer may fire a millisecond early: settle as of the moment it was set for, or the
		// session would stay put until something else looked at it
		const timer = setTimeout(
			() => settle(session, Math.max(Date.now(), at)),
			Math.max(0, at - Date.now()),
		);
		timer.unref();
		session.timers.push(timer);
	}

	/** Applies the transitions that are due: link or capture expiry, or the capture's end. */
	function settle(session, now = Date.now()) {
		if (session.status === 'TODO' && now >= session.linkExpiresAt) return end(session, 'EXPIRED');
		if (session.status !== 'DOING') return undefined;
		if (
			session.completeAt !== undefined &&
			session.completeAt <= Math.min(now, session.captureExpiresAt)
		)
			return complete(session);
		if (now >= session.captureExpiresAt) return end(session, 'EXPIRED');
		return undefined;
	}

	/** "Start capture": TODO → DOING, with the outcome the test chose. */
	function start(session, chosen) {
		settle(session);
		if (session.status !== 'TODO') return false;
		const now = Date.now();
		session.outcome = chosen ?? session.preset ?? live.queue.shift() ?? DEFAULT_OUTCOME;
		session.status = 'DOING';
		session.startedAt = now;
		session.captureExpiresAt = now + session.captureTtlMs;
		schedule(session, session.captureExpiresAt);
		if (session.outcome.outcome !== 'unfinished') {
			session.completeAt = now + (session.outcome.delayMs ?? session.completeAfterMs);
			schedule(session, session.completeAt);
		}
		return true;
	}

	function complete(session) {
		const { outcome, person, livenessScore } = session.outcome;
		if (outcome === 'error') return end(session, 'ERROR');
		const seed = Buffer.from(session.processId);
		const score =
			livenessScore ??
			livenessScoreOf(
				{ face: person, live: outcome === 'live' ? 'live' : 'photo' },
				unit(seed, 'session'),
			);
		return end(session, 'DONE', {
			livenessScore: score,
			globalScore: score,
			frontalImage: frontalImage(person, session.processId, false),
		});
	}

	function end(session, status, result) {
		if (ENDED.includes(session.status)) return undefined;
		session.status = status;
		session.endedAt = Date.now();
		session.result = result;
		for (const timer of session.timers) clearTimeout(timer);
		session.timers = [];
		callWebhook(session);
		return undefined;
	}

	/** What the status route answers for a session (the page names only these fields). */
	function statusResult(session) {
		const result = { status: session.status };
		if (session.status === 'DONE') {
			result.livenessScore = session.result.livenessScore;
			if (sw('globalScore') === 'all') result.globalScore = session.result.globalScore;
			result.frontalImage = session.result.frontalImage;
		}
		return result;
	}

	async function createSession(body, started) {
		const error = checkSessionBody(body, sw('ptKey'));
		if (error) return refuse(400, error, started);
		const session = newSession(body);
		const result = { sessionUrl: session.sessionUrl, processId: session.processId };
		return {
			status: 200,
			json: ok(asList(result, SESSION_PATH), started),
			info: { processId: session.processId, webhook: Boolean(body.webhook) },
		};
	}

	async function sessionStatus(body, started) {
		if (!isObject(body) || typeof body.processId !== 'string' || !body.processId)
			return refuse(400, 'processId is required', started);
		const session = live.sessions.get(body.processId);
		if (!session)
			return refuse(sw('unknownProcess'), `processId ${body.processId} not found`, started);
		settle(session);
		const result = statusResult(session);
		return {
			status: 200,
			json: ok(asList(result, STATUS_PATH), started),
			info: { processId: session.processId, status: session.status },
		};
	}

	// --- webhook ---

	function webhookBody(session) {
		switch (sw('webhookBody')) {
			case 'empty':
				return '';
			case 'envelope':
				return JSON.stringify(
					ok({ processId: session.processId, ...statusResult(session) }, session.endedAt),
				);
			default:
				return JSON.stringify({ processId: session.processId, status: session.status });
		}
	}

	/** One POST to `target`; resolves with the HTTP status or the error, never rejects. */
	function post(target, auth, body) {
		return new Promise((resolve) => {
			const url = new URL(target);
			for (const { name, value } of auth?.queryStrings ?? []) url.searchParams.append(name, value);
			const headers = { 'Content-Length': Buffer.byteLength(body) };
			if (body) headers['Content-Type'] = 'application/json';
			for (const { name, value } of auth?.headers ?? []) headers[name] = value;
			const client = url.protocol === 'https:' ? https : http;
			const req = client.request(url, { method: 'POST', headers, timeout: 5000 }, (res) => {
				res.resume();
				res.on('end', () => resolve({ httpStatus: res.statusCode }));
			});
			req.on('timeout', () => req.destroy(new Error('timeout')));
			req.on('error', (error) => resolve({ error: error.message }));
			req.end(body);
		});
	}

	async function deliver(session) {
		const { url, fallbackUrl, authorization } = session.webhook;
		const body = webhookBody(session);
		for (const [target, which] of [
			[url, 'url'],
			[fallbackUrl, 'fallbackUrl'],
		]) {
			if (!target) continue;
			const answer = await post(target, authorization, body);
			live.webhookCalls.push({
				at: Date.now(),
				processId: session.processId,
				sessionStatus: session.status,
				target: which,
				url: redactUrl(target),
				headerNames: (authorization?.headers ?? []).map((h) => h.name),
				queryNames: (authorization?.queryStrings ?? []).map((q) => q.name),
				body: sw('webhookBody'),
				...answer,
			});
			if (answer.httpStatus !== undefined && answer.httpStatus < 300) return;
		}
	}

	function callWebhook(session) {
		if (!session.webhook?.url) return;
		if (sw('noWebhook')) {
			session.webhookSkipped = true;
			return;
		}
		const delivery = deliver(session).finally(() => live.pending.delete(delivery));
		live.pending.add(delivery);
	}

	// --- HTTP: the API routes ---

	async function handleApi(req, res, path, started) {
		const raw = (await deps.readBody(req)).toString('utf8');
		const entry = {
			at: started,
			method: req.method,
			path,
			host: req.headers.host,
			bodyBytes: Buffer.byteLength(raw),
			clientKeyInRequest:
				deps.containsClientKey(raw) || deps.containsClientKey(req.headers.authorization ?? ''),
		};
		deps.state.log.push(entry);
		deps.state.inFlight += 1;
		deps.state.maxInFlight = Math.max(deps.state.maxInFlight, deps.state.inFlight);
		try {
			const answer = await answerApi(req, raw, path, started);
			Object.assign(entry, { token: answer.token, liveness: answer.info, status: answer.status });
			if (answer.scripted) {
				entry.scripted = true;
				return deps.send(res, answer.status, answer.body, answer.headers);
			}
			entry.requestId = answer.json.requestId;
			return deps.send(res, answer.status, answer.json);
		} finally {
			deps.state.inFlight -= 1;
		}
	}

	async function answerApi(req, raw, path, started) {
		const token = deps.spendToken(req.headers.authorization, false);
		if (token.verdict !== 'fresh' && token.verdict !== 'gateway')
			return { ...refuse(401, undefined, started, 'R117'), token };
		const scripted = live.scripted[path].shift();
		if (scripted) return { ...scripted, scripted: true, token };
		let body;
		try {
			// every session field is optional: an empty body is an empty object
			body = raw.trim() === '' && path === SESSION_PATH ? {} : JSON.parse(raw);
		} catch {
			return { ...refuse(400, 'the body must be JSON', started), token };
		}
		const handler =
			path === DETECT_PATH ? detect : path === SESSION_PATH ? createSession : sessionStatus;
		return { ...(await handler(body, started)), token };
	}

	// --- HTTP: the person's page ---

	function sendPage(res, status, html) {
		res.writeHead(status, {
			'Content-Type': 'text/html; charset=utf-8',
			'Content-Length': Buffer.byteLength(html),
			'Cache-Control': 'no-store',
		});
		res.end(html);
	}

	function redirect(res, location) {
		res.writeHead(303, { Location: location, 'Content-Length': 0, 'Cache-Control': 'no-store' });
		res.end();
	}

	/** GET shows the session's state (or sends the person on once it ended); POST …/start starts it. */
	async function handlePage(req, res, path, started) {
		const [key, action] = path.slice(PAGE_PREFIX.length).split('/');
		const session = live.byKey.get(key);
		const logged = {
			at: started,
			method: req.method,
			path: `${PAGE_PREFIX}${key}${action ? `/${action}` : ''}`,
			page: true,
		};
		deps.state.log.push(logged);
		const raw = req.method === 'POST' ? (await deps.readBody(req)).toString('utf8') : '';
		if (!session || (action !== undefined && action !== 'start')) {
			logged.status = 404;
			return sendPage(res, 404, renderNotFound());
		}
		settle(session);
		if (req.method === 'POST' && action === 'start') return pressStart(res, session, raw, logged);
		if (req.method !== 'GET' || action) {
			logged.status = 405;
			return sendPage(res, 405, renderNotFound());
		}
		if (ENDED.includes(session.status) && session.redirectUrl) {
			logged.status = 303;
			return redirect(res, session.redirectUrl);
		}
		logged.status = session.status === 'EXPIRED' ? 410 : 200;
		return sendPage(
			res,
			logged.status,
			renderSession(session, { pageControls: sw('pageControls') }),
		);
	}

	function pressStart(res, session, raw, logged) {
		const field = new URLSearchParams(raw).get('outcome');
		let chosen;
		if (field) {
			try {
				chosen = checkOutcome({ outcome: field });
			} catch {
				chosen = undefined;
			}
		}
		if (!start(session, chosen)) {
			logged.status = session.status === 'EXPIRED' ? 410 : 409;
			return sendPage(
				res,
				logged.status,
				renderSession(session, { pageControls: sw('pageControls') }),
			);
		}
		logged.status = 303;
		return redirect(res, session.pagePath);
	}

	// --- control: in process and over HTTP ---

	function summary(session) {
		return {
			processId: session.processId,
			sessionUrl: session.sessionUrl,
			status: session.status,
			outcome: session.outcome,
			livenessScore: session.result?.livenessScore,
			webhook: session.webhook ? redactUrl(session.webhook.url) : undefined,
			webhookSkipped: Boolean(session.webhookSkipped),
			redirectUrl: session.redirectUrl,
			ui: session.ui,
		};
	}

	function sessionOf(processId) {
		const session = live.sessions.get(processId);
		if (!session) throw new Error(`no liveness session ${processId}`);
		return session;
	}

	const control = {
		/** Replaces the switches (see Switches); reset() clears them. */
		setSwitches(next = {}) {
			live.switches = checkSwitches(next);
			return { ...live.switches };
		},
		/** Changes limits for sessions created from now on (see Limits). */
		setLimits(next = {}) {
			live.limits = checkLimits(next, live.limits);
			return { ...live.limits };
		},
		/** The outcome of the next "Start capture" press (of any session without its own). */
		nextOutcome(spec) {
			live.queue.push(checkOutcome(spec));
			return live.queue.length;
		},
		/** The outcome of this session's "Start capture". */
		setOutcome(processId, spec) {
			sessionOf(processId).preset = checkOutcome(spec);
		},
		/** Presses "Start capture" for the person, without the page. */
		start(processId, spec) {
			return start(sessionOf(processId), spec ? checkOutcome(spec) : undefined);
		},
		sessions() {
			return [...live.sessions.values()].map((s) => (settle(s), summary(s)));
		},
		session(processId) {
			const session = sessionOf(processId);
			settle(session);
			return summary(session);
		},
		get webhookCalls() {
			return live.webhookCalls;
		},
		/** Resolves when every webhook call under way has finished (fallbacks included). */
		async idle() {
			while (live.pending.size) await Promise.all([...live.pending]);
		},
		/**
		 * The liveness API requests in the emulator's log (what MostQi would bill); each entry is
		 * a compare's LogEntry plus `liveness`, what the request asked for.
		 * @param {string} [route]
		 * @returns {Array<import('./server').LogEntry & {liveness?: Record<string, any>}>}
		 */
		requests(route) {
			return deps.state.log.filter((e) =>
				route ? e.path === route : LIVENESS_PATHS.includes(e.path),
			);
		},
		/**
		 * The next request to this route is answered with this (after its token was spent).
		 * @param {'detect' | 'startSession' | 'sessionStatus'} which
		 * @param {{status: number, body: unknown, headers?: Record<string, string>}} answer
		 */
		scriptNext(which, answer) {
			const path = { detect: DETECT_PATH, startSession: SESSION_PATH, sessionStatus: STATUS_PATH }[
				which
			];
			if (!path) throw new Error(`unknown liveness route ${which}`);
			live.scripted[path].push(answer);
		},
		reset() {
			for (const session of live.sessions.values()) for (const t of session.timers) clearTimeout(t);
			live.sessions.clear();
			live.byKey.clear();
			live.queue.length = 0;
			live.webhookCalls.length = 0;
			for (const list of Object.values(live.scripted)) list.length = 0;
			live.switches = initialSwitches;
			live.limits = initialLimits;
		},
	};

	const CONTROL_ROUTES = {
		'POST switches': (body) => ({ switches: control.setSwitches(body) }),
		'POST limits': (body) => ({ limits: control.setLimits(body) }),
		'GET limits': () => ({ limits: { ...live.limits } }),
		'GET switches': () => ({ switches: { ...live.switches } }),
		'POST next-outcome': (body) => ({ queued: control.nextOutcome(body) }),
		'GET sessions': () => control.sessions(),
		'GET webhooks': () => live.webhookCalls,
		'POST reset': () => (control.reset(), { reset: true }),
	};

	async function handleControl(req, res, path) {
		const rest = path.slice(CONTROL_PREFIX.length);
		const raw = req.method === 'POST' ? (await deps.readBody(req)).toString('utf8') : '';
		try {
			const body = raw.trim() ? JSON.parse(raw) : {};
			const perSession = /^sessions\/([^/]+)\/(outcome|start)$/.exec(rest);
			if (req.method === 'POST' && perSession) {
				const processId = decodeURIComponent(perSession[1]);
				if (perSession[2] === 'start')
					return deps.send(res, 200, {
						started: control.start(processId, body.outcome ? body : undefined),
					});
				control.setOutcome(processId, body);
				return deps.send(res, 200, control.session(processId));
			}
			const handler = CONTROL_ROUTES[`${req.method} ${rest}`];
			if (!handler) return deps.send(res, 404, { error: `no control route ${req.method} ${path}` });
			return deps.send(res, 200, handler(body));
		} catch (error) {
			return deps.send(res, 400, { error: error.message });
		}
	}

	return {
		control,
		/** Whether this module answers the request. */
		owns(method, path) {
			return (
				(method === 'POST' && LIVENESS_PATHS.includes(path)) ||
				path.startsWith(PAGE_PREFIX) ||
				path.startsWith(CONTROL_PREFIX)
			);
		},
		handle(req, res, path, started) {
			if (path.startsWith(CONTROL_PREFIX)) return handleControl(req, res, path);
			if (path.startsWith(PAGE_PREFIX)) return handlePage(req, res, path, started);
			return handleApi(req, res, path, started);
		},
		reset: control.reset,
		close: control.reset,
	};
}

module.exports = {
	createLiveness,
	sniffVideo,
	DETECT_PATH,
	SESSION_PATH,
	STATUS_PATH,
	LIVENESS_PATHS,
	MOVEMENTS,
	OUTCOMES,
	SWITCHES,
	DEFAULT_LIMITS,
};
