/**
 * A local MostQi, faithful to what MostQi documents (see ../../../shared/mostqi or the README):
 * single-use JWTs from POST /user/authenticate that expire after 10 minutes, the face-compare
 * route with its validation and error envelope, URL sources downloaded over HTTP, and a
 * deterministic similarity. It keeps a log of every request so that tests can prove how the
 * node used it (one fresh token per compare, the client key only on the token route).
 *
 * Only for tests and development: it listens on 127.0.0.1.
 */
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');
const https = require('node:https');
const liveness = require('./liveness');

const AUTH_PATH = '/user/authenticate';
const COMPARE_PATH = '/process-image/biometrics/face-compare';
const MB = 1000 * 1000;
const MAX_BODY_BYTES = 160 * MB;

const ERRORS = {
	R117: { http: 401, message: 'Invalid authorization data' },
	R101: { http: 400, message: 'A specified parameter is wrong' },
	E100: { http: 500, message: 'The request could not be processed' },
};

function requestId() {
	return crypto.randomBytes(15).toString('base64url').slice(0, 21);
}

/**
 * Where MostQi's page leaves the answer's shape open, each plausible variant can be switched on
 * (setShape), so that the node is tested against more than one reading of the page:
 * - errorCodeIn: 'status' (status.code "R101" and errors[0].code) or 'errorsOnly' (status.code
 *   holds the HTTP status as text, "400", and only errors[0].code names the error)
 * - errorsOnError: 'list' (default) or 'empty' (errors: [] on an error answer)
 * - errorsOnSuccess: 'null' (default) or 'empty' (errors: [] on a 200)
 * - requestId, elapsed: false to leave the field out
 * - similarity: a number every comparison answers with (0 and 1 included)
 * - earlyAnswer: answers the comparison with E100 before reading the request body
 * - errorInSuccess: a code answered in status.errors of an HTTP 200 without a result
 * @typedef {{ errorCodeIn?: 'status' | 'errorsOnly', errorsOnError?: 'list' | 'empty',
 *   errorsOnSuccess?: 'null' | 'empty', requestId?: boolean, elapsed?: boolean,
 *   similarity?: number, earlyAnswer?: boolean, errorInSuccess?: string }} Shape
 */
/** @type {Shape} */
let shape = {};

function envelope(result, status, started) {
	const out = { result, requestId: requestId(), elapsedMilliseconds: Date.now() - started, status };
	if (shape.requestId === false) delete out.requestId;
	if (shape.elapsed === false) delete out.elapsedMilliseconds;
	return out;
}

const OK_STATUS = () => ({
	code: '200',
	message: 'Ok',
	errors: shape.errorsOnSuccess === 'empty' ? [] : null,
});

/** MostQi's error envelope; `detail` says which parameter, as MostQi's errors list does. */
function errorEnvelope(code, detail, started) {
	const { message, http: status } = ERRORS[code] ?? { message: detail ?? code, http: 500 };
	const errors = shape.errorsOnError === 'empty' ? [] : [{ code, message: detail ?? message }];
	const statusCode = shape.errorCodeIn === 'errorsOnly' ? String(status) : code;
	return envelope(null, { code: statusCode, message, errors }, started);
}

// --- files ------------------------------------------------------------------------------

/** @param {Buffer} b */
function sniff(b) {
	const s = b.subarray(0, 12).toString('latin1');
	if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
	if (s.startsWith('\x89PNG\r\n\x1a\n')) return 'png';
	if (s.startsWith('GIF8')) return 'gif';
	if (s.startsWith('%PDF-')) return 'pdf';
	if (s.startsWith('II*\0') || s.startsWith('MM\0*')) return 'tiff';
	if (s.startsWith('RIFF') && s.slice(8, 12) === 'WEBP') return 'webp';
	if (s.startsWith('BM')) return 'bmp';
	if (
		s.slice(4, 8) === 'ftyp' &&
		/^(avif|avis|heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(s.slice(8, 12))
	)
		return 'heif';
	if (s.startsWith('\0\0\0\x0cjP  ') || s.startsWith('\xffO\xffQ')) return 'jp2';
	if (s.startsWith('\0\0\0\x0cJXL ') || s.startsWith('\xff\x0a')) return 'jxl';
	if (/^P[1-7]\s/.test(s)) return 'netpbm';
	return undefined;
}

const FACE_MARK = Buffer.from('MOSTQI-FACE:');

/**
 * Which "person" a file shows. Sample images carry a marker `MOSTQI-FACE:<id>` (in a PNG text
 * chunk or a JPEG comment), so tests and the demo can say which pairs are the same person.
 * @param {Buffer} b
 */
function faceId(b) {
	const at = b.indexOf(FACE_MARK);
	if (at < 0) return undefined;
	const rest = b.subarray(at + FACE_MARK.length, at + FACE_MARK.length + 64).toString('latin1');
	return /^[A-Za-z0-9_-]+/.exec(rest)?.[0];
}

/** A deterministic, symmetric similarity in [0, 1] for two files. */
function similarityOf(a, b) {
	const ha = crypto.createHash('sha256').update(a).digest('hex');
	const hb = crypto.createHash('sha256').update(b).digest('hex');
	if (ha === hb) return 1;
	const mix = crypto
		.createHash('sha256')
		.update([ha, hb].sort().join(':'))
		.digest()
		.readUInt32BE(0);
	const idA = faceId(a);
	const idB = faceId(b);
	if (idA && idB) return idA === idB ? 0.8 + (mix % 150) / 1000 : 0.05 + (mix % 300) / 1000;
	return ((mix % 1000) / 1000) * 0.6;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Downloads a URL source the way MostQi does: plain GET, 10 s, 50 MB at most. */
function download(url) {
	return new Promise((resolve, reject) => {
		let parsed;
		try {
			parsed = new URL(url);
		} catch {
			reject(new Error('not a URL'));
			return;
		}
		const client =
			parsed.protocol === 'https:' ? https : parsed.protocol === 'http:' ? http : undefined;
		if (!client) {
			reject(new Error(`unsupported protocol ${parsed.protocol}`));
			return;
		}
		const req = client.get(parsed, { timeout: 10_000 }, (res) => {
			if (res.statusCode !== 200) {
				res.resume();
				reject(new Error(`HTTP ${res.statusCode}`));
				return;
			}
			const chunks = [];
			let size = 0;
			res.on('data', (chunk) => {
				size += chunk.length;
				if (size > 50 * MB) req.destroy(new Error('file too large'));
				else chunks.push(chunk);
			});
			res.on('end', () => resolve(Buffer.concat(chunks)));
			res.on('error', reject);
		});
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', reject);
	});
}

/**
 * One side of a compare request as bytes, or a R101 detail.
 * @returns {Promise<{bytes: Buffer} | {error: string}>}
 */
async function readSide(body, side) {
	const b64 = body[`faceFileBase64${side}`];
	const url = body[`faceFileUrl${side}`];
	const hasB64 = typeof b64 === 'string' && b64 !== '';
	const hasUrl = typeof url === 'string' && url !== '';
	if (hasB64 && hasUrl)
		return { error: `faceFileBase64${side} and faceFileUrl${side} are both set` };
	if (!hasB64 && !hasUrl)
		return { error: `face ${side}: faceFileBase64${side} or faceFileUrl${side} is required` };
	let bytes;
	if (hasB64) {
		if (!BASE64.test(b64) || b64.length % 4 !== 0)
			return { error: `faceFileBase64${side} is not valid base64` };
		bytes = Buffer.from(b64, 'base64');
	} else {
		try {
			bytes = await download(url);
		} catch (error) {
			return { error: `faceFileUrl${side} could not be downloaded: ${error.message}` };
		}
	}
	const format = sniff(bytes);
	if (!format) return { error: `face ${side}: unsupported file format` };
	if (bytes.length > (format === 'pdf' ? 50 : 20) * MB)
		return { error: `face ${side}: file too large` };
	const password = body[`faceFilePassword${side}`];
	if (
		password !== undefined &&
		password !== '' &&
		(typeof password !== 'string' || !BASE64.test(password))
	) {
		return { error: `faceFilePassword${side} must be base64` };
	}
	return { bytes };
}

/** Which source each side used, and the PDF passwords as MostQi decodes them. */
function describeBody(body) {
	const out = {};
	for (const side of ['A', 'B']) {
		out[side] = body[`faceFileUrl${side}`]
			? 'url'
			: body[`faceFileBase64${side}`]
				? 'base64'
				: 'none';
		const password = body[`faceFilePassword${side}`];
		if (typeof password === 'string' && password !== '') {
			out[`password${side}`] = Buffer.from(password, 'base64').toString('utf8');
		}
	}
	return out;
}

/** For the log only: whose faces a refused request carried (base64 sources). */
function facesInBody(raw) {
	try {
		const body = JSON.parse(raw);
		const face = (side) => {
			const b64 = body[`faceFileBase64${side}`];
			return typeof b64 === 'string' ? faceId(Buffer.from(b64, 'base64')) : undefined;
		};
		return { A: face('A'), B: face('B') };
	} catch {
		return undefined;
	}
}

// --- tokens -----------------------------------------------------------------------------

function b64url(value) {
	return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString(
		'base64url',
	);
}

/**
 * One request as the emulator saw it.
 * @typedef {{
 *   at: number, method: string, path: string, host?: string, status?: number,
 *   bodyBytes?: number, clientKeyInRequest?: boolean, scripted?: boolean,
 *   token?: {verdict: string, jti?: string}, issuedJti?: string, requestId?: string, fault?: string,
 *   similarity?: number, faces?: {A?: string, B?: string}, sent?: Record<string, string>,
 * }} LogEntry
 */

// --- faults -----------------------------------------------------------------------------

/**
 * What can go wrong, per route. A fault mix gives each kind a share of requests (0 to 1);
 * a seeded generator picks them, so a mix fails the same requests on every run.
 *
 * compare:      e100 (500 envelope), html502, html503 (proxy pages), rateLimit (429 with
 *               Retry-After), rateLimitNoHeader (429 without), reset (socket destroyed),
 *               hang (never answers), truncated (200 cut mid-body), nonJson (200 text page),
 *               missingResult, outOfRange, notANumber (200s of the wrong shape),
 *               earlyExpiry (the token counts as expired: 401 R117)
 * authenticate: unavailable (503 HTML), e100 (500 envelope), reset, hang
 * @typedef {{
 *   seed?: number, latencyMs?: number, jitterMs?: number, authLatencyMs?: number,
 *   retryAfterSeconds?: number,
 *   compare?: Record<string, number>, authenticate?: Record<string, number>,
 * }} FaultMix
 */
const COMPARE_FAULTS = [
	'e100',
	'html502',
	'html503',
	'rateLimit',
	'rateLimitNoHeader',
	'reset',
	'hang',
	'truncated',
	'nonJson',
	'missingResult',
	'outOfRange',
	'notANumber',
	'earlyExpiry',
];
const AUTH_FAULTS = ['unavailable', 'e100', 'reset', 'hang'];

/** mulberry32: a small seeded generator, good enough to spread faults. */
function seeded(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function checkMix(mix, known, route) {
	let total = 0;
	for (const [kind, share] of Object.entries(mix ?? {})) {
		if (!known.includes(kind))
			throw new Error(`unknown ${route} fault "${kind}" (known: ${known.join(', ')})`);
		if (!(share >= 0 && share <= 1)) throw new Error(`share of ${kind} must be in [0, 1]`);
		total += share;
	}
	if (total > 1) throw new Error(`${route} fault shares add up to ${total} > 1`);
}

/** Picks the fault (or none) for one request. */
function pickFault(mix, random) {
	const r = random();
	let edge = 0;
	for (const [kind, share] of Object.entries(mix ?? {})) {
		edge += share;
		if (r < edge) return kind;
	}
	return undefined;
}

const HTML_PAGE = (status, text) =>
	`<!DOCTYPE html><html><head><title>${status} ${text}</title></head><body><h1>${status} ${text}</h1><hr>nginx</body></html>`;

// --- server -----------------------------------------------------------------------------

/**
 * @param {{
 *   port?: number,
 *   clientKeys?: string[],
 *   gatewayTokens?: string[],
 *   tokenTtlMs?: number,
 *   latencyMs?: number,
 *   files?: Record<string, Buffer>,
 *   liveness?: {limits?: Partial<import('./liveness').Limits>, switches?: import('./liveness').Switches},
 * }} [options]
 */
async function startEmulator(options = {}) {
	const clientKeys = new Set(options.clientKeys ?? ['emulator-client-key']);
	// Static tokens of a token-minting gateway in front of MostQi (the credential's bearer mode).
	const gatewayTokens = new Set(options.gatewayTokens ?? []);
	const secret = crypto.randomBytes(32);
	const state = {
		tokenTtlMs: options.tokenTtlMs ?? 10 * 60 * 1000,
		latencyMs: options.latencyMs ?? 0,
		/** answers to send instead of the real one, next requests first, per route */
		/** @type {Record<string, Array<{status: number, body: unknown, headers?: Record<string, string>}>>} */
		scripted: { [AUTH_PATH]: [], [COMPARE_PATH]: [] },
		usedTokens: new Set(),
		/** @type {string[]} every JWT handed out, so tests can prove none leaked into n8n's data */
		issuedTokens: [],
		/** @type {LogEntry[]} */
		log: [],
		files: new Map(Object.entries(options.files ?? {})),
		inFlight: 0,
		maxInFlight: 0,
		/** @type {FaultMix} */
		faults: {},
		random: Math.random,
		/** sockets of hung requests, released on reset() and close() */
		hung: new Set(),
	};

	/** @param {FaultMix} mix */
	function setFaults(mix = {}) {
		checkMix(mix.compare, COMPARE_FAULTS, 'compare');
		checkMix(mix.authenticate, AUTH_FAULTS, 'authenticate');
		state.faults = { ...mix };
		state.random = seeded(mix.seed ?? 1);
	}

	function issueToken() {
		const now = Date.now();
		const payload = {
			jti: crypto.randomUUID(),
			iat: Math.floor(now / 1000),
			exp: now + state.tokenTtlMs,
		};
		const unsigned = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}`;
		const signature = crypto.createHmac('sha256', secret).update(unsigned).digest('base64url');
		const token = `${unsigned}.${signature}`;
		state.issuedTokens.push(token);
		return { token, jti: payload.jti };
	}

	/** 'fresh' (and now spent), or why the token is refused. */
	function spendToken(authorization, expireEarly) {
		const match = /^Bearer (.+)$/.exec(authorization ?? '');
		if (!match) return { verdict: 'missing' };
		if (gatewayTokens.has(match[1])) return { verdict: 'gateway' };
		const [header, payload, signature] = match[1].split('.');
		const expected = crypto
			.createHmac('sha256', secret)
			.update(`${header}.${payload}`)
			.digest('base64url');
		if (!signature || signature !== expected) return { verdict: 'invalid' };
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
		if (state.usedTokens.has(claims.jti)) return { verdict: 'reused', jti: claims.jti };
		state.usedTokens.add(claims.jti);
		if (expireEarly || Date.now() >= claims.exp) return { verdict: 'expired', jti: claims.jti };
		return { verdict: 'fresh', jti: claims.jti };
	}

	function containsClientKey(raw) {
		for (const key of [...clientKeys, ...gatewayTokens]) if (raw.includes(key)) return true;
		return false;
	}

	async function handleAuthenticate(raw, started) {
		let body;
		try {
			body = JSON.parse(raw);
		} catch {
			return { status: 400, json: errorEnvelope('R101', 'the body must be JSON', started) };
		}
		if (!body || typeof body.token !== 'string' || !clientKeys.has(body.token)) {
			return { status: 401, json: errorEnvelope('R117', undefined, started) };
		}
		const { token, jti } = issueToken();
		return { status: 200, json: { token, ...envelope(null, OK_STATUS(), started) }, jti };
	}

	async function handleCompare(req, raw, started, expireEarly) {
		const spent = spendToken(req.headers.authorization, expireEarly);
		if (spent.verdict !== 'fresh' && spent.verdict !== 'gateway') {
			return { status: 401, json: errorEnvelope('R117', undefined, started), token: spent };
		}
		let body;
		try {
			body = JSON.parse(raw);
		} catch {
			return {
				status: 400,
				json: errorEnvelope('R101', 'the body must be JSON', started),
				token: spent,
			};
		}
		if (!body || typeof body !== 'object' || Array.isArray(body)) {
			return {
				status: 400,
				json: errorEnvelope('R101', 'the body must be a JSON object', started),
				token: spent,
			};
		}
		const sent = describeBody(body);
		const [a, b] = await Promise.all([readSide(body, 'A'), readSide(body, 'B')]);
		const error = 'error' in a ? a.error : 'error' in b ? b.error : undefined;
		if (error || !('bytes' in a) || !('bytes' in b)) {
			return { status: 400, json: errorEnvelope('R101', error, started), token: spent, sent };
		}
		if (shape.errorInSuccess) {
			const json = envelope(
				null,
				{
					code: '200',
					message: 'Ok',
					errors: [{ code: shape.errorInSuccess, message: 'face not found' }],
				},
				started,
			);
			delete json.result;
			return { status: 200, json, token: spent, sent };
		}
		const similarity =
			shape.similarity ?? Math.round(similarityOf(a.bytes, b.bytes) * 10000) / 10000;
		const result = { distances: [Math.round((1 - similarity) * 10000) / 10000], similarity };
		return {
			status: 200,
			json: envelope(result, OK_STATUS(), started),
			token: spent,
			sent,
			faces: { A: faceId(a.bytes), B: faceId(b.bytes) },
		};
	}

	function readBody(req) {
		return new Promise((resolve, reject) => {
			const chunks = [];
			let size = 0;
			req.on('data', (chunk) => {
				size += chunk.length;
				if (size > MAX_BODY_BYTES) reject(new Error('body too large'));
				else chunks.push(chunk);
			});
			req.on('end', () => resolve(Buffer.concat(chunks)));
			req.on('error', reject);
		});
	}

	function send(res, status, json, headers = {}) {
		const text = typeof json === 'string' ? json : JSON.stringify(json);
		res.writeHead(status, {
			'Content-Type': typeof json === 'string' ? 'text/html' : 'application/json',
			'Content-Length': Buffer.byteLength(text),
			...headers,
		});
		res.end(text);
	}

	// The liveness routes, page and controls live in ./liveness.js; they share tokens, log, envelope.
	const live = liveness.createLiveness({
		state,
		limits: options.liveness?.limits,
		switches: options.liveness?.switches,
		baseUrl: () => url,
		spendToken,
		envelope,
		errorEnvelope,
		okStatus: OK_STATUS,
		download,
		sniff,
		faceId,
		readBody,
		send,
		containsClientKey,
	});

	async function route(req, res) {
		const started = Date.now();
		const path = new URL(req.url ?? '/', 'http://emulator').pathname;
		if (req.method === 'GET' && path.startsWith('/files/')) {
			const file = state.files.get(decodeURIComponent(path.slice('/files/'.length)));
			state.log.push({ at: started, method: 'GET', path, status: file ? 200 : 404 });
			if (!file) return send(res, 404, { error: 'no such file' });
			res.writeHead(200, {
				'Content-Type': 'application/octet-stream',
				'Content-Length': file.length,
			});
			return res.end(file);
		}
		if (req.method === 'GET' && path === '/__emulator/log') return send(res, 200, state.log);
		if (live.owns(req.method, path)) return live.handle(req, res, path, started);
		if (req.method !== 'POST' || (path !== AUTH_PATH && path !== COMPARE_PATH)) {
			return send(res, 404, errorEnvelope('R101', `no route ${req.method} ${path}`, started));
		}
		if (shape.earlyAnswer && path === COMPARE_PATH) {
			// answers while the client is still sending; the connection closes after the answer
			state.log.push({ at: started, method: req.method, path, status: 500, fault: 'earlyAnswer' });
			res.setHeader('Connection', 'close');
			send(res, 500, errorEnvelope('E100', undefined, started));
			return req.resume();
		}
		const raw = (await readBody(req)).toString('utf8');
		const entry = {
			at: started,
			method: req.method,
			path,
			host: req.headers.host,
			bodyBytes: Buffer.byteLength(raw),
			clientKeyInRequest:
				containsClientKey(raw) || containsClientKey(req.headers.authorization ?? ''),
		};
		state.log.push(entry);
		state.inFlight += 1;
		state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
		try {
			const delay = latencyFor(path);
			if (delay > 0) await new Promise((r) => setTimeout(r, delay));
			const fault = pickFault(
				path === AUTH_PATH ? state.faults.authenticate : state.faults.compare,
				state.random,
			);
			const answer =
				path === AUTH_PATH
					? await handleAuthenticate(raw, started)
					: await handleCompare(req, raw, started, fault === 'earlyExpiry');
			const scripted = state.scripted[path].shift();
			if (answer.token) entry.token = answer.token;
			if (answer.jti) entry.issuedJti = answer.jti;
			if (answer.faces) entry.faces = answer.faces;
			else if (path === COMPARE_PATH) entry.faces = facesInBody(raw);
			if (answer.sent) entry.sent = answer.sent;
			if (fault && fault !== 'earlyExpiry') {
				entry.fault = fault;
				// a token handed out on a failed answer never reaches the client
				delete entry.issuedJti;
				return answerWithFault(req, res, fault, entry, started);
			}
			if (fault) entry.fault = fault;
			if (scripted) {
				entry.status = scripted.status;
				entry.scripted = true;
				return send(res, scripted.status, scripted.body, scripted.headers);
			}
			entry.status = answer.status;
			entry.requestId = answer.json.requestId;
			entry.similarity = answer.json.result?.similarity;
			return send(res, answer.status, answer.json);
		} finally {
			state.inFlight -= 1;
		}
	}

	function latencyFor(path) {
		const base =
			path === AUTH_PATH && state.faults.authLatencyMs !== undefined
				? state.faults.authLatencyMs
				: (state.faults.latencyMs ?? state.latencyMs);
		return base + (state.faults.jitterMs ? state.random() * state.faults.jitterMs : 0);
	}

	/** Answers (or fails to) the way the fault says. */
	function answerWithFault(req, res, fault, entry, started) {
		switch (fault) {
			case 'e100':
				entry.status = 500;
				return send(res, 500, errorEnvelope('E100', undefined, started));
			case 'html502':
				entry.status = 502;
				return send(res, 502, HTML_PAGE(502, 'Bad Gateway'));
			case 'html503':
			case 'unavailable':
				entry.status = 503;
				return send(res, 503, HTML_PAGE(503, 'Service Temporarily Unavailable'));
			case 'rateLimit':
				entry.status = 429;
				return send(res, 429, errorEnvelope('E429', 'too many requests', started), {
					'Retry-After': String(state.faults.retryAfterSeconds ?? 1),
				});
			case 'rateLimitNoHeader':
				entry.status = 429;
				return send(res, 429, HTML_PAGE(429, 'Too Many Requests'));
			case 'reset':
				entry.status = 0;
				return req.socket.destroy();
			case 'hang':
				entry.status = 0;
				state.hung.add(req.socket);
				req.socket.on('close', () => state.hung.delete(req.socket));
				return undefined;
			case 'truncated': {
				entry.status = 200;
				const text = JSON.stringify(
					envelope(
						{ similarity: 0.9, distances: [0.1] },
						{ code: '200', message: 'Ok', errors: null },
						started,
					),
				);
				res.writeHead(200, {
					'Content-Type': 'application/json',
					'Content-Length': Buffer.byteLength(text),
				});
				res.write(text.slice(0, Math.floor(text.length / 2)));
				return setImmediate(() => req.socket.destroy());
			}
			case 'nonJson':
				entry.status = 200;
				return send(res, 200, 'OK');
			default: {
				entry.status = 200;
				const result =
					fault === 'missingResult'
						? undefined
						: { similarity: fault === 'outOfRange' ? 1.37 : '0.93', distances: [0.07] };
				const json = envelope(result, { code: '200', message: 'Ok', errors: null }, started);
				if (result === undefined) delete json.result;
				entry.requestId = json.requestId;
				return send(res, 200, json);
			}
		}
	}

	const server = http.createServer((req, res) => {
		route(req, res).catch((error) => {
			if (!res.headersSent)
				send(res, 500, errorEnvelope('E100', String(error.message), Date.now()));
		});
	});
	await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const url = `http://127.0.0.1:${address.port}`;

	return {
		url,
		port: address.port,
		state,
		get log() {
			return state.log;
		},
		/** The liveness routes, hosted page and test controls (see ./liveness.js). */
		liveness: live.control,
		/** The compare requests only. */
		compares() {
			return state.log.filter((e) => e.path === COMPARE_PATH);
		},
		/** Serve `bytes` at `${url}/files/${name}`. */
		addFile(name, bytes) {
			state.files.set(name, bytes);
			return `${url}/files/${encodeURIComponent(name)}`;
		},
		/**
		 * The next request to `route` ('compare' or 'authenticate') is answered with this instead
		 * (after the token has been checked and spent, as a failing MostQi would).
		 * @param {'compare' | 'authenticate'} which
		 * @param {{status: number, body: unknown, headers?: Record<string, string>}} answer
		 */
		scriptNext(which, answer) {
			state.scripted[which === 'compare' ? COMPARE_PATH : AUTH_PATH].push(answer);
		},
		/** A MostQi error envelope, for scripted answers. */
		errorBody(code, detail) {
			return errorEnvelope(code, detail, Date.now());
		},
		/**
		 * Switches faults on (or off, with no argument) for the requests that follow.
		 * @param {FaultMix} [mix]
		 */
		setFaults,
		/**
		 * Switches answer shapes (see Shape above) for the requests that follow; reset() clears them.
		 * @param {Shape} [next]
		 */
		setShape(next = {}) {
			shape = { ...next };
		},
		reset() {
			setFaults();
			shape = {};
			for (const socket of state.hung) socket.destroy();
			state.log.length = 0;
			state.scripted[AUTH_PATH].length = 0;
			state.scripted[COMPARE_PATH].length = 0;
			state.maxInFlight = 0;
			live.reset();
		},
		/** A token for tests that need one directly. */
		issueToken: () => issueToken().token,
		close: () =>
			new Promise((resolve) => {
				for (const socket of state.hung) socket.destroy();
				live.close();
				server.closeAllConnections?.();
				server.close(() => resolve(undefined));
			}),
	};
}

module.exports = {
	startEmulator,
	AUTH_PATH,
	COMPARE_PATH,
	COMPARE_FAULTS,
	AUTH_FAULTS,
	similarityOf,
	faceId,
	DETECT_PATH: liveness.DETECT_PATH,
	SESSION_PATH: liveness.SESSION_PATH,
	STATUS_PATH: liveness.STATUS_PATH,
	LIVENESS_PATHS: liveness.LIVENESS_PATHS,
};
