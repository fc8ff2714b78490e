/**
 * The emulator's liveness part, spoken to as a client would (plain HTTP on 127.0.0.1): the three
 * routes with their single-use tokens, the hosted page played as the person, the limits, the
 * webhook, and every switch. The node is not involved: these tests pin what the emulator serves.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { makePdf, makePng } from '../fixtures/images';
import { makeLivenessPng, makeVideo, SAMPLE_VIDEOS, VIDEO_DIR } from '../fixtures/liveness';
import { sniffVideo } from './liveness';
import { DETECT_PATH, SESSION_PATH, STATUS_PATH, startEmulator } from './server';

const CLIENT_KEY = 'liveness-test-client-key';
const IMAGES = path.join(__dirname, '..', '..', 'examples', 'images');
const anaDocument = fs.readFileSync(path.join(IMAGES, 'ana-id.png'));
const anaSelfie = fs.readFileSync(path.join(IMAGES, 'ana-selfie.png'));
const brunoDocument = fs.readFileSync(path.join(IMAGES, 'bruno-id.png'));
const b64 = (bytes: Buffer) => bytes.toString('base64');

let emulator: Awaited<ReturnType<typeof startEmulator>>;
beforeAll(async () => {
	emulator = await startEmulator({
		clientKeys: [CLIENT_KEY],
		liveness: { limits: { completeAfterMs: 50 } },
	});
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

// --- helpers ----------------------------------------------------------------------------

async function token(): Promise<string> {
	const res = await fetch(`${emulator.url}/user/authenticate`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ token: CLIENT_KEY }),
	});
	return ((await res.json()) as { token: string }).token;
}

/** One MostQi call with a fresh token (or the one given). */
async function call(route: string, body: unknown, jwt?: string) {
	const res = await fetch(`${emulator.url}${route}`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			Authorization: `Bearer ${jwt ?? (await token())}`,
		},
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	return { status: res.status, json: (await res.json()) as any };
}

async function similarity(a: string | Buffer, b: Buffer): Promise<number> {
	const { json } = await call('/process-image/biometrics/face-compare', {
		faceFileBase64A: typeof a === 'string' ? a : b64(a),
		faceFileBase64B: b64(b),
	});
	return json.result.similarity;
}

/** Width of a PNG (its IHDR), to tell a reduced frontal image from a full one. */
const pngWidth = (base64: string) => Buffer.from(base64, 'base64').readUInt32BE(16);

async function waitFor(check: () => boolean, ms = 5000) {
	const until = Date.now() + ms;
	while (!check()) {
		if (Date.now() > until) throw new Error('timed out waiting');
		await new Promise((r) => setTimeout(r, 10));
	}
}

const statusOf = (processId: string) => emulator.liveness.session(processId).status;

/** A webhook receiver on 127.0.0.1 answering with `answer` and recording every call. */
async function receiver(answer = 200) {
	const calls: Array<{ url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			calls.push({
				url: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString(),
			});
			res.writeHead(answer).end();
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return { url, calls, close: () => new Promise((r) => server.close(r)) };
}

/** Plays the person with plain HTTP: opens the page and presses "Start capture". */
async function pressStart(sessionUrl: string, outcome?: string) {
	const page = await fetch(sessionUrl);
	const html = await page.text();
	const action = /<form method="post" action="([^"]+)"/.exec(html)![1];
	return fetch(new URL(action, sessionUrl), {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: outcome ? `outcome=${outcome}` : '',
		redirect: 'manual',
	});
}

// --- fixtures ---------------------------------------------------------------------------

describe('fixture videos', () => {
	test('the committed sample videos are what the generator makes, and sniff as videos', () => {
		for (const [name, make] of Object.entries(SAMPLE_VIDEOS)) {
			const bytes = fs.readFileSync(path.join(VIDEO_DIR, name));
			expect(bytes.equals(make())).toBe(true);
			expect(sniffVideo(bytes)).toBe(name.endsWith('.webm') ? 'webm' : 'mp4');
		}
		expect(sniffVideo(anaSelfie)).toBeUndefined();
	});
});

// --- detect -----------------------------------------------------------------------------

describe('POST /liveness/detect', () => {
	test('a selfie without movements is a passive check: globalScore = livenessScore, high', async () => {
		const { status, json } = await call(DETECT_PATH, { fileBase64: b64(anaSelfie) });
		expect(status).toBe(200);
		expect(json.status).toEqual({ code: '200', message: 'Ok', errors: null });
		expect(json.requestId).toEqual(expect.any(String));
		const r = json.result;
		expect(Object.keys(r)).toEqual(['livenessScore', 'globalScore', 'frontalImage', 'imageScore']);
		expect(r.livenessScore).toBeGreaterThan(0.8);
		expect(r.globalScore).toBe(r.livenessScore);
		expect(pngWidth(r.frontalImage)).toBe(96);
		// the frontal face goes on to Face Compare: a match with Ana's document, not Bruno's
		expect(await similarity(r.frontalImage, anaDocument)).toBeGreaterThanOrEqual(0.8);
		expect(await similarity(r.frontalImage, brunoDocument)).toBeLessThan(0.5);
		const [entry] = emulator.liveness.requests(DETECT_PATH);
		expect(entry).toMatchObject({
			status: 200,
			token: { verdict: 'fresh' },
			requestId: json.requestId,
			clientKeyInRequest: false,
			liveness: { source: 'base64', kind: 'photo', movements: [], fullFace: false, face: 'ana' },
		});
	});

	test.each(['photo', 'screen', 'mask'] as const)('a %s spoof scores low', async (kind) => {
		const { json } = await call(DETECT_PATH, { fileBase64: b64(makeLivenessPng('ana', kind)) });
		expect(json.result.livenessScore).toBeLessThan(0.3);
		expect(json.result.globalScore).toBe(json.result.livenessScore);
		// a photo of Ana still shows Ana: only the score tells the spoof
		expect(await similarity(json.result.frontalImage, anaDocument)).toBeGreaterThanOrEqual(0.8);
	});

	test('a live video with the requested movements: movementScore and globalScore high', async () => {
		const video = makeVideo('bruno', { movements: ['up', 'blink'], container: 'webm' });
		const { status, json } = await call(DETECT_PATH, {
			fileBase64: b64(video),
			movements: ['up', 'blink'],
		});
		expect(status).toBe(200);
		expect(json.result.movementScore).toBeGreaterThan(0.9);
		expect(json.result.globalScore).toBeGreaterThan(0.5);
		expect(await similarity(json.result.frontalImage, brunoDocument)).toBeGreaterThanOrEqual(0.8);
	});

	test('movements missing or out of order, or a spoof video: globalScore below 0.5', async () => {
		const partial = await call(DETECT_PATH, {
			fileBase64: b64(makeVideo('ana', { movements: ['up'] })),
			movements: ['up', 'left'],
		});
		expect(partial.json.result.movementScore).toBeCloseTo(0.225);
		expect(partial.json.result.globalScore).toBeLessThan(0.5);
		const reversed = await call(DETECT_PATH, {
			fileBase64: b64(makeVideo('ana', { movements: ['left', 'up'] })),
			movements: ['up', 'left'],
		});
		expect(reversed.json.result.globalScore).toBeLessThan(0.5);
		const spoof = await call(DETECT_PATH, {
			fileBase64: b64(makeVideo('ana', { live: 'photo' })),
			movements: ['smile'],
		});
		expect(spoof.json.result.movementScore).toBeGreaterThan(0.9);
		expect(spoof.json.result.globalScore).toBeLessThan(0.3);
	});

	test('a photo sent with movements is refused with 415 in the envelope', async () => {
		const { status, json } = await call(DETECT_PATH, {
			fileBase64: b64(anaSelfie),
			movements: ['left'],
		});
		expect(status).toBe(415);
		expect(json.result).toBeNull();
		expect(json.status.code).toBe('E415');
		expect(json.status.errors[0].message).toMatch(/video/);
	});

	test('fileUrl is downloaded; returnFullFace (true or "true") gives the full-size face', async () => {
		const url = emulator.addFile(
			'ana-live.mp4',
			fs.readFileSync(path.join(VIDEO_DIR, 'ana-live.mp4')),
		);
		for (const flag of [true, 'true']) {
			const { json } = await call(DETECT_PATH, {
				fileUrl: url,
				movements: ['right'],
				returnFullFace: flag,
			});
			expect(pngWidth(json.result.frontalImage)).toBe(320);
			expect(await similarity(json.result.frontalImage, anaDocument)).toBeGreaterThanOrEqual(0.8);
		}
		expect(emulator.liveness.requests(DETECT_PATH)[0].liveness).toMatchObject({
			source: 'url',
			kind: 'video',
			fullFace: true,
		});
		expect(emulator.log.filter((e) => e.path === '/files/ana-live.mp4')).toHaveLength(2);
	});

	test.each([
		[
			'both sources',
			{ fileBase64: b64(anaSelfie), fileUrl: 'http://127.0.0.1:1/x.png' },
			/both set/,
		],
		['no source', {}, /required/],
		['bad base64', { fileBase64: 'not base64!' }, /base64/],
		['a PDF', { fileBase64: b64(makePdf('ana')) }, /unsupported/],
		[
			'an unknown movement',
			{ fileBase64: b64(anaSelfie), movements: ['wink'] },
			/unknown movement/,
		],
		['movements as text', { fileBase64: b64(anaSelfie), movements: 'up' }, /list/],
		[
			'returnFullFace "yes"',
			{ fileBase64: b64(anaSelfie), returnFullFace: 'yes' },
			/returnFullFace/,
		],
		[
			'an unreachable fileUrl',
			{ fileUrl: 'http://127.0.0.1:1/gone.mp4' },
			/could not be downloaded/,
		],
	])('refuses %s with 400 R101', async (_label, body, detail) => {
		const { status, json } = await call(DETECT_PATH, body);
		expect(status).toBe(400);
		expect(json.status.code).toBe('R101');
		expect(json.status.errors[0].message).toMatch(detail);
	});

	test('a file without a face scores near zero and has no frontal image', async () => {
		// images.js's PNG without its tEXt chunk (the one after the 8-byte signature and IHDR)
		const png = makePng('x');
		const textLength = png.readUInt32BE(33);
		const untagged = Buffer.concat([png.subarray(0, 33), png.subarray(33 + 12 + textLength)]);
		expect(untagged.includes('MOSTQI')).toBe(false);
		const { json } = await call(DETECT_PATH, { fileBase64: b64(untagged) });
		expect(json.result.livenessScore).toBeLessThan(0.1);
		expect(json.result.frontalImage).toBeNull();
	});
});

// --- tokens and counting ----------------------------------------------------------------

describe('single-use tokens on every liveness route', () => {
	test.each([
		[DETECT_PATH, () => ({ fileBase64: b64(anaSelfie) })],
		[SESSION_PATH, () => ({})],
		[STATUS_PATH, () => ({ processId: 'whatever' })],
	])('%s: a reused token gets 401 R117, as face compare does', async (route, body) => {
		const jwt = await token();
		const first = await call(route, body(), jwt);
		expect(first.status).not.toBe(401);
		const again = await call(route, body(), jwt);
		expect(again.status).toBe(401);
		expect(again.json.status.code).toBe('R117');
		expect(again.json.status.errors[0]).toEqual({
			code: 'R117',
			message: 'Invalid authorization data',
		});
		const missing = await fetch(`${emulator.url}${route}`, { method: 'POST', body: '{}' });
		expect(missing.status).toBe(401);
		expect(emulator.liveness.requests(route).map((e) => e.token?.verdict)).toEqual([
			'fresh',
			'reused',
			'missing',
		]);
	});

	test('liveness calls count in the log and the in-flight stats like compares', async () => {
		await call(DETECT_PATH, { fileBase64: b64(anaSelfie) });
		const { json } = await call(SESSION_PATH, {});
		await call(STATUS_PATH, { processId: json.result.processId });
		expect(emulator.liveness.requests().map((e) => e.path)).toEqual([
			DETECT_PATH,
			SESSION_PATH,
			STATUS_PATH,
		]);
		expect(emulator.compares()).toHaveLength(0);
		expect(emulator.state.maxInFlight).toBeGreaterThanOrEqual(1);
		expect(emulator.state.inFlight).toBe(0);
	});

	test('scriptNext answers a liveness route once, after spending the token', async () => {
		emulator.liveness.scriptNext('detect', { status: 500, body: emulator.errorBody('E100') });
		const failed = await call(DETECT_PATH, { fileBase64: b64(anaSelfie) });
		expect(failed.status).toBe(500);
		expect(failed.json.status.code).toBe('E100');
		expect((await call(DETECT_PATH, { fileBase64: b64(anaSelfie) })).status).toBe(200);
		expect(emulator.liveness.requests().map((e) => [e.token?.verdict, e.scripted])).toEqual([
			['fresh', true],
			['fresh', undefined],
		]);
	});
});

// --- hosted sessions --------------------------------------------------------------------

describe('hosted session, played with plain HTTP', () => {
	test('create → page → Start capture → DOING → DONE, webhook with headers and query, redirect', async () => {
		const hook = await receiver();
		try {
			const created = await call(SESSION_PATH, {
				webhook: {
					url: `${hook.url}/hook?existing=1`,
					authorization: {
						headers: [{ name: 'X-Hook-Secret', value: 'hdr-s3cret' }],
						queryStrings: [{ name: 'sig', value: 'qs-s3cret' }],
					},
				},
				uiCustomization: {
					defaultLanguage: 'fr',
					theme: 'dark',
					primaryColor: '#ff0066',
					welcomeMessage: { fr: 'Bienvenue chez Ana Corp', en: 'Welcome' },
				},
				redirectUrl: 'https://example.invalid/after',
			});
			expect(created.status).toBe(200);
			const { sessionUrl, processId } = created.json.result;
			expect(sessionUrl.startsWith(`${emulator.url}/liveness/session/`)).toBe(true);
			expect(sessionUrl).not.toContain(processId);
			expect((await call(STATUS_PATH, { processId })).json.result).toEqual({ status: 'TODO' });

			const html = await (await fetch(sessionUrl)).text();
			expect(html).toContain('<html lang="fr" data-theme="dark">');
			expect(html).toContain('#ff0066');
			expect(html).toContain('Bienvenue chez Ana Corp');
			expect(html).toMatch(/id="photosensitivity"[^>]*>Attention/);
			expect(html).toContain('id="start-capture">Démarrer la capture</button>');
			expect(html).not.toContain('emulator-controls');
			expect(html).not.toMatch(/<script/);

			emulator.liveness.setOutcome(processId, { outcome: 'live', person: 'bruno', delayMs: 800 });
			const pressed = await pressStart(sessionUrl);
			expect(pressed.status).toBe(303);
			expect((await call(STATUS_PATH, { processId })).json.result).toEqual({ status: 'DOING' });
			const doing = await (await fetch(sessionUrl)).text();
			expect(doing).toContain('http-equiv="refresh"');
			expect(doing).not.toContain('<form');

			await waitFor(() => statusOf(processId) === 'DONE');
			const done = (await call(STATUS_PATH, { processId })).json.result;
			expect(Object.keys(done)).toEqual(['status', 'livenessScore', 'frontalImage']);
			expect(done.livenessScore).toBeGreaterThan(0.8);
			expect(await similarity(done.frontalImage, brunoDocument)).toBeGreaterThanOrEqual(0.8);

			await emulator.liveness.idle();
			expect(hook.calls).toHaveLength(1);
			const [delivered] = hook.calls;
			expect(delivered.url).toBe('/hook?existing=1&sig=qs-s3cret');
			expect(delivered.headers['x-hook-secret']).toBe('hdr-s3cret');
			expect(JSON.parse(delivered.body)).toEqual({ processId, status: 'DONE' });
			expect(emulator.liveness.webhookCalls).toEqual([
				expect.objectContaining({
					processId,
					sessionStatus: 'DONE',
					target: 'url',
					url: `${hook.url}/hook?existing=***`,
					headerNames: ['X-Hook-Secret'],
					queryNames: ['sig'],
					httpStatus: 200,
				}),
			]);
			expect(JSON.stringify(emulator.liveness.webhookCalls)).not.toMatch(/s3cret/);

			const after = await fetch(sessionUrl, { redirect: 'manual' });
			expect(after.status).toBe(303);
			expect(after.headers.get('location')).toBe('https://example.invalid/after');
		} finally {
			await hook.close();
		}
	});

	test('pressing Start again after it started answers 409', async () => {
		emulator.liveness.nextOutcome({ outcome: 'unfinished' });
		const { sessionUrl } = (await call(SESSION_PATH, {})).json.result;
		expect((await pressStart(sessionUrl)).status).toBe(303);
		const again = await fetch(`${sessionUrl}/start`, { method: 'POST', redirect: 'manual' });
		expect(again.status).toBe(409);
	});

	test('a photo of a photo ends DONE with a low score: DONE never means live', async () => {
		emulator.liveness.nextOutcome({ outcome: 'spoof', person: 'ana' });
		const { sessionUrl, processId } = (await call(SESSION_PATH, {})).json.result;
		await pressStart(sessionUrl);
		await waitFor(() => statusOf(processId) === 'DONE');
		const { result } = (await call(STATUS_PATH, { processId })).json;
		expect(result.livenessScore).toBeLessThan(0.3);
		// no redirectUrl: the page shows the success message (the capture did complete)
		const html = await (await fetch(sessionUrl)).text();
		expect(html).toContain('id="success">Captura concluída');
	});

	test('left unfinished: DOING until the capture limit, then EXPIRED and the webhook', async () => {
		const hook = await receiver();
		try {
			emulator.liveness.setLimits({ captureTtlMs: 600 });
			const { sessionUrl, processId } = (
				await call(SESSION_PATH, {
					webhook: { url: hook.url },
					uiCustomization: { defaultLanguage: 'en', failureMessage: { en: 'Try again later' } },
				})
			).json.result;
			expect((await pressStart(sessionUrl, 'unfinished')).status).toBe(303);
			await new Promise((r) => setTimeout(r, 100));
			expect(statusOf(processId)).toBe('DOING');
			await waitFor(() => statusOf(processId) === 'EXPIRED');
			expect((await call(STATUS_PATH, { processId })).json.result).toEqual({ status: 'EXPIRED' });
			await emulator.liveness.idle();
			expect(JSON.parse(hook.calls[0].body)).toEqual({ processId, status: 'EXPIRED' });
			const page = await fetch(sessionUrl);
			expect(page.status).toBe(410);
			expect(await page.text()).toContain('Try again later');
		} finally {
			await hook.close();
		}
	});

	test('an unopened link expires after the link limit (EXPIRED, webhook)', async () => {
		const hook = await receiver();
		try {
			emulator.liveness.setLimits({ linkTtlMs: 100 });
			const { sessionUrl, processId } = (await call(SESSION_PATH, { webhook: { url: hook.url } }))
				.json.result;
			await waitFor(() => hook.calls.length === 1);
			expect(statusOf(processId)).toBe('EXPIRED');
			const page = await fetch(sessionUrl);
			expect(page.status).toBe(410);
			expect(await page.text()).not.toContain('<form');
			const start = await fetch(`${sessionUrl}/start`, { method: 'POST', redirect: 'manual' });
			expect(start.status).toBe(410);
		} finally {
			await hook.close();
		}
	});

	test('ERROR: no scores, webhook; a failing url falls back to fallbackUrl', async () => {
		const broken = await receiver(500);
		const fallback = await receiver(204);
		try {
			const { sessionUrl, processId } = (
				await call(SESSION_PATH, {
					webhook: { url: broken.url, fallbackUrl: `${fallback.url}/fb` },
				})
			).json.result;
			await pressStart(sessionUrl, 'error');
			await waitFor(() => statusOf(processId) === 'ERROR');
			expect((await call(STATUS_PATH, { processId })).json.result).toEqual({ status: 'ERROR' });
			await emulator.liveness.idle();
			expect(broken.calls).toHaveLength(1);
			expect(fallback.calls).toHaveLength(1);
			expect(emulator.liveness.webhookCalls.map((c) => [c.target, c.httpStatus])).toEqual([
				['url', 500],
				['fallbackUrl', 204],
			]);
		} finally {
			await broken.close();
			await fallback.close();
		}
	});

	test('an unreachable url is logged with its error and the fallback is called', async () => {
		const fallback = await receiver();
		try {
			const { processId } = (
				await call(SESSION_PATH, {
					webhook: { url: 'http://127.0.0.1:1/none', fallbackUrl: fallback.url },
				})
			).json.result;
			emulator.liveness.start(processId, { outcome: 'live' });
			await waitFor(() => fallback.calls.length === 1);
			expect(emulator.liveness.webhookCalls[0]).toMatchObject({
				target: 'url',
				error: expect.any(String),
			});
		} finally {
			await fallback.close();
		}
	});

	test('unknown processId: 400 R101; missing processId: 400', async () => {
		const unknown = await call(STATUS_PATH, { processId: 'no-such-process' });
		expect(unknown.status).toBe(400);
		expect(unknown.json.status.code).toBe('R101');
		expect((await call(STATUS_PATH, {})).status).toBe(400);
	});

	test.each([
		[{ webhook: { url: 'ftp://x' } }, /webhook.url/],
		[{ webhook: { url: 'http://x', authorization: { headers: [{ name: 'A' }] } } }, /headers/],
		[{ uiCustomization: { defaultLanguage: 'de' } }, /defaultLanguage/],
		[{ uiCustomization: { primaryColor: 'red;}' } }, /primaryColor/],
		[{ uiCustomization: { welcomeMessage: { de: 'Hallo' } } }, /unknown language key "de"/],
		[{ redirectUrl: 'javascript:alert(1)' }, /redirectUrl/],
		[[], /JSON object/],
	])('refuses %j with 400 R101', async (body, detail) => {
		const { status, json } = await call(SESSION_PATH, body);
		expect(status).toBe(400);
		expect(json.status.errors[0].message).toMatch(detail);
	});

	test('an empty body creates a session (every field is optional)', async () => {
		const { status, json } = await call(SESSION_PATH, '');
		expect(status).toBe(200);
		expect(Object.keys(json.result)).toEqual(['sessionUrl', 'processId']);
		const html = await (await fetch(json.result.sessionUrl)).text();
		expect(html).toContain('<html lang="pt-BR" data-theme="light">');
		expect(html).toContain('Iniciar captura');
	});
});

// --- switches ---------------------------------------------------------------------------

describe('switches', () => {
	test('resultList: detect answers a one-element list; all does so on every route', async () => {
		emulator.liveness.setSwitches({ resultList: 'detect' });
		const detect = await call(DETECT_PATH, { fileBase64: b64(anaSelfie) });
		expect(detect.json.result).toHaveLength(1);
		expect(detect.json.result[0].livenessScore).toBeGreaterThan(0.8);
		const session = await call(SESSION_PATH, {});
		expect(session.json.result.processId).toEqual(expect.any(String));

		emulator.liveness.setSwitches({ resultList: 'all' });
		const listed = await call(SESSION_PATH, {});
		expect(listed.json.result).toEqual([
			{ sessionUrl: expect.any(String), processId: expect.any(String) },
		]);
		const status = await call(STATUS_PATH, { processId: listed.json.result[0].processId });
		expect(status.json.result).toEqual([{ status: 'TODO' }]);
	});

	test('globalScore: none leaves it out of detect; all adds it to a DONE status', async () => {
		emulator.liveness.setSwitches({ globalScore: 'none' });
		const detect = await call(DETECT_PATH, { fileBase64: b64(anaSelfie) });
		expect(detect.json.result).not.toHaveProperty('globalScore');
		expect(detect.json.result.livenessScore).toBeGreaterThan(0.8);

		emulator.liveness.setSwitches({ globalScore: 'all' });
		const { processId } = (await call(SESSION_PATH, {})).json.result;
		emulator.liveness.start(processId, { outcome: 'live', livenessScore: 0.61 });
		await waitFor(() => statusOf(processId) === 'DONE');
		const { result } = (await call(STATUS_PATH, { processId })).json;
		expect(result).toMatchObject({ status: 'DONE', livenessScore: 0.61, globalScore: 0.61 });
	});

	test('passiveMovementScore: null or zero on a passive check', async () => {
		for (const [value, expected] of [
			['null', null],
			['zero', 0],
		] as const) {
			emulator.liveness.setSwitches({ passiveMovementScore: value });
			const { json } = await call(DETECT_PATH, { fileBase64: b64(anaSelfie) });
			expect(json.result.movementScore).toBe(expected);
		}
	});

	test('imageScore: false leaves it out', async () => {
		emulator.liveness.setSwitches({ imageScore: false });
		const { json } = await call(DETECT_PATH, { fileBase64: b64(anaSelfie) });
		expect(json.result).not.toHaveProperty('imageScore');
	});

	test('ptKey: ptBR accepted and pt-BR refused by default; the switch turns it round', async () => {
		const ui = (key: string) => ({
			uiCustomization: {
				defaultLanguage: 'pt-BR',
				successMessage: { [key]: 'Tudo certo', en: 'All good' },
			},
		});
		const accepted = await call(SESSION_PATH, ui('ptBR'));
		expect(accepted.status).toBe(200);
		const refused = await call(SESSION_PATH, ui('pt-BR'));
		expect(refused.status).toBe(400);
		expect(refused.json.status.code).toBe('R101');
		expect(refused.json.status.errors[0].message).toContain('"pt-BR"');

		emulator.liveness.setSwitches({ ptKey: 'pt-BR' });
		expect((await call(SESSION_PATH, ui('ptBR'))).status).toBe(400);
		const swapped = await call(SESSION_PATH, ui('pt-BR'));
		expect(swapped.status).toBe(200);
		const { processId, sessionUrl } = swapped.json.result;
		emulator.liveness.start(processId, { outcome: 'live' });
		await waitFor(() => statusOf(processId) === 'DONE');
		expect(await (await fetch(sessionUrl)).text()).toContain('id="success">Tudo certo');
	});

	test('webhookBody: envelope and empty; noWebhook: no call at all', async () => {
		const hook = await receiver();
		try {
			const run = async (outcome: 'live' | 'error') => {
				const { processId } = (await call(SESSION_PATH, { webhook: { url: hook.url } })).json
					.result;
				emulator.liveness.start(processId, { outcome, person: 'ana' });
				await waitFor(() => ['DONE', 'ERROR'].includes(statusOf(processId)));
				await emulator.liveness.idle();
				return processId;
			};
			emulator.liveness.setSwitches({ webhookBody: 'envelope' });
			const enveloped = await run('live');
			const body = JSON.parse(hook.calls[0].body);
			expect(body).toMatchObject({
				result: { processId: enveloped, status: 'DONE', livenessScore: expect.any(Number) },
				status: { code: '200', message: 'Ok', errors: null },
				requestId: expect.any(String),
			});
			expect(await similarity(body.result.frontalImage, anaDocument)).toBeGreaterThanOrEqual(0.8);

			emulator.liveness.setSwitches({ webhookBody: 'empty' });
			await run('error');
			expect(hook.calls[1].body).toBe('');
			expect(hook.calls[1].headers['content-length']).toBe('0');
			expect(hook.calls[1].headers['content-type']).toBeUndefined();

			emulator.liveness.setSwitches({ noWebhook: true });
			const silent = await run('live');
			expect(hook.calls).toHaveLength(2);
			expect(emulator.liveness.webhookCalls).toHaveLength(2);
			expect(emulator.liveness.session(silent).webhookSkipped).toBe(true);
		} finally {
			await hook.close();
		}
	});

	test('unknownProcess: 404 instead of 400', async () => {
		emulator.liveness.setSwitches({ unknownProcess: 404 });
		const { status, json } = await call(STATUS_PATH, { processId: 'no-such-process' });
		expect(status).toBe(404);
		expect(json.status.code).toBe('R101');
	});

	test('pageControls: one Start capture button per outcome; the clicked one decides', async () => {
		emulator.liveness.setSwitches({ pageControls: true });
		const { sessionUrl, processId } = (await call(SESSION_PATH, {})).json.result;
		const html = await (await fetch(sessionUrl)).text();
		for (const outcome of ['live', 'spoof', 'unfinished', 'error'])
			expect(html).toContain(`name="outcome" value="${outcome}" id="start-capture-${outcome}"`);
		await pressStart(sessionUrl, 'error');
		await waitFor(() => statusOf(processId) === 'ERROR');
	});

	test('unknown switches and values are refused', () => {
		expect(() => emulator.liveness.setSwitches({ resultList: 'maybe' } as never)).toThrow(
			/resultList/,
		);
		expect(() => emulator.liveness.setSwitches({ nope: true } as never)).toThrow(/unknown/);
	});
});

// --- control over HTTP and from the command line ----------------------------------------

describe('control routes', () => {
	const control = async (route: string, body?: unknown) => {
		const res = await fetch(`${emulator.url}/__emulator/liveness/${route}`, {
			method: body === undefined ? 'GET' : 'POST',
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		return { status: res.status, json: (await res.json()) as any };
	};

	test('switches, limits, next-outcome, per-session outcome and start, sessions, webhooks, reset', async () => {
		expect((await control('switches', { globalScore: 'none' })).json).toEqual({
			switches: { globalScore: 'none' },
		});
		expect((await control('switches')).json).toEqual({ switches: { globalScore: 'none' } });
		expect((await control('limits', { captureTtlMs: 5000 })).json.limits).toMatchObject({
			captureTtlMs: 5000,
		});
		expect((await control('next-outcome', { outcome: 'spoof', person: 'bruno' })).json).toEqual({
			queued: 1,
		});

		const first = (await call(SESSION_PATH, {})).json.result;
		await pressStart(first.sessionUrl);
		await waitFor(() => statusOf(first.processId) === 'DONE');
		const second = (await call(SESSION_PATH, {})).json.result;
		const preset = await control(`sessions/${second.processId}/outcome`, { outcome: 'error' });
		expect(preset.json.processId).toBe(second.processId);
		expect((await control(`sessions/${second.processId}/start`, {})).json).toEqual({
			started: true,
		});
		await waitFor(() => statusOf(second.processId) === 'ERROR');

		const sessions = (await control('sessions')).json;
		expect(sessions.map((s: { status: string }) => s.status)).toEqual(['DONE', 'ERROR']);
		expect(sessions[0]).toMatchObject({ outcome: { outcome: 'spoof', person: 'bruno' } });
		expect(sessions[0].livenessScore).toBeLessThan(0.3);
		expect((await control('webhooks')).json).toEqual([]);
		expect((await control('reset', {})).json).toEqual({ reset: true });
		expect((await control('sessions')).json).toEqual([]);
		expect((await control('switches')).json).toEqual({ switches: {} });
	});

	test('bad payloads get 400 with the reason; unknown routes 404', async () => {
		expect(await control('next-outcome', { outcome: 'maybe' })).toMatchObject({ status: 400 });
		expect(await control('limits', { linkTtlMs: -1 })).toMatchObject({ status: 400 });
		expect(await control('sessions/nope/outcome', { outcome: 'live' })).toMatchObject({
			status: 400,
		});
		expect((await control('nothing', {})).status).toBe(404);
	});

	test('the CLI takes limits and switches from its environment', async () => {
		const cli = spawn(process.execPath, [path.join(__dirname, 'cli.js'), '--port', '0'], {
			env: {
				...process.env,
				MOSTQI_EMULATOR_LIVENESS_LINK_TTL_MS: '1234',
				MOSTQI_EMULATOR_LIVENESS_CAPTURE_TTL_MS: '567',
				MOSTQI_EMULATOR_LIVENESS: '{"ptKey":"pt-BR"}',
			},
		});
		try {
			const url = await new Promise<string>((resolve, reject) => {
				let out = '';
				cli.stdout.on('data', (chunk) => {
					out += chunk;
					const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
					if (match) resolve(match[1]);
				});
				cli.on('exit', (code) => reject(new Error(`cli exited ${code}`)));
			});
			const limits = await (await fetch(`${url}/__emulator/liveness/limits`)).json();
			expect(limits).toEqual({
				limits: { linkTtlMs: 1234, captureTtlMs: 567, completeAfterMs: 1000 },
			});
			const switches = await (await fetch(`${url}/__emulator/liveness/switches`)).json();
			expect(switches).toEqual({ switches: { ptKey: 'pt-BR' } });
		} finally {
			cli.kill('SIGTERM');
		}
	});
});
