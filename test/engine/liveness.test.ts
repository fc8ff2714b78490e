/**
 * MostQi Liveness inside n8n's engine (real n8n-core WorkflowExecute) against the emulator:
 * detect from each source, photos and videos; a hosted session played over HTTP as the person
 * would; its result fed to Face Compare in the same workflow; every emulator switch; the three
 * error modes; one fresh token per request, and nothing billed for a bad input.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeExecutionData } from 'n8n-workflow';

import { DETECT_COLUMNS, STATUS_COLUMNS } from '../../nodes/MostQiLiveness/output';
import { makePng } from '../fixtures/images';
import { makeLivenessPng, makeVideo } from '../fixtures/liveness';
import { CLIENT_KEY, expectNoSecrets, useEmulator } from './context';
import type { ChainNode, RunOptions } from './harness';
import { LIVENESS_NODE, LIVENESS_TYPE, NODE_TYPE, runChain } from './harness';
import type { SourceItem } from './sourceNode';
import { refusedPrefix } from '../support/words';

// a capture ends as soon as it starts: the tests ask for the result right after
const ctx = useEmulator({ liveness: { limits: { completeAfterMs: 0 } } });

const DETECT = '/liveness/detect';
const SESSION = '/liveness/streaming/async';
const STATUS = '/liveness/streaming/async/status';

type Json = Record<string, unknown>;

async function liveness(
	items: SourceItem[],
	parameters: Json,
	options: { onError?: RunOptions['onError']; then?: ChainNode[] } = {},
) {
	const result = await runChain({
		items,
		credentials: { clientKey: CLIENT_KEY, baseUrl: ctx.emulator.url },
		chain: [
			{ name: LIVENESS_NODE, type: LIVENESS_TYPE, parameters, onError: options.onError },
			...(options.then ?? []),
		],
	});
	const node = result.nodes[LIVENESS_NODE];
	expectNoSecrets(ctx.emulator, { ...result, ...node });
	return { ...result, ...node };
}

/** Every liveness request the emulator saw, per route; each one spent a fresh token of its own. */
function expectRequests(expected: { detect?: number; session?: number; status?: number }) {
	const requests = ctx.emulator.liveness.requests();
	const count = (route: string) => requests.filter((r) => r.path === route).length;
	expect({ detect: count(DETECT), session: count(SESSION), status: count(STATUS) }).toEqual({
		detect: 0,
		session: 0,
		status: 0,
		...expected,
	});
	const jtis = requests.map((r) => r.token?.jti);
	expect(requests.every((r) => r.token?.verdict === 'fresh')).toBe(true);
	expect(new Set(jtis).size).toBe(requests.length);
	const issued = ctx.emulator.log.filter((e) => e.issuedJti).map((e) => e.issuedJti);
	// tokens = requests: none obtained for nothing (a compare, if any, has its own)
	const compares = ctx.emulator.compares().length;
	expect(issued).toHaveLength(requests.length + compares);
	expect(jtis.every((jti) => issued.includes(jti))).toBe(true);
}

const json = (items?: INodeExecutionData[] | null) => (items ?? []).map((item) => item.json);

const selfiePhoto = (live: 'live' | 'photo' = 'live', person = 'ana') => ({
	bytes: makeLivenessPng(person, live),
	mimeType: 'image/png',
	fileName: 'selfie.png',
});
const selfieVideo = (options: Parameters<typeof makeVideo>[1] = {}, person = 'ana') => ({
	bytes: makeVideo(person, options),
	mimeType: options.container === 'webm' ? 'video/webm' : 'video/mp4',
	fileName: options.container === 'webm' ? 'selfie.webm' : 'selfie.mp4',
});

describe('detect', () => {
	test('a live selfie from a binary field: passive check, live, frontal face added, input kept', async () => {
		const document = { bytes: makePng('ana', { seed: 'document' }) };
		const { output } = await liveness(
			[{ json: { applicant: 'ana' }, files: { data: selfiePhoto(), document } }],
			{ operation: 'detect' },
		);
		expect(output).toHaveLength(1);
		const [item] = output!;
		expect(Object.keys(item.json)).toEqual([...DETECT_COLUMNS, 'applicant']);
		expect(item.json.livenessScore).toBeGreaterThanOrEqual(0.85);
		expect(item.json).toMatchObject({
			isLive: true,
			threshold: 0.5,
			score: item.json.globalScore,
			movementScore: null,
			applicant: 'ana',
		});
		expect(typeof item.json.requestId).toBe('string');
		expect(item.pairedItem).toEqual({ item: 0 });
		// the input's files travel on; MostQi's frontal face is a PNG beside them
		expect(Object.keys(item.binary!).sort()).toEqual(['data', 'document', 'frontalImage']);
		expect(item.binary!.frontalImage).toMatchObject({
			mimeType: 'image/png',
			fileName: 'frontal-face.png',
			fileExtension: 'png',
		});
		const [request] = ctx.emulator.liveness.requests(DETECT);
		expect(request.liveness).toMatchObject({ source: 'base64', kind: 'photo', movements: [] });
		expectRequests({ detect: 1 });
	});

	test('a photo of a photo from a URL: a passive check that is not live', async () => {
		const url = ctx.emulator.addFile('spoof.png', makeLivenessPng('ana', 'photo'));
		const { output } = await liveness([{}], { operation: 'detect', source: 'url', url });
		expect(output![0].json.isLive).toBe(false);
		expect(output![0].json.score).toBeLessThan(0.5);
		expect(ctx.emulator.liveness.requests(DETECT)[0].liveness).toMatchObject({ source: 'url' });
		expectRequests({ detect: 1 });
	});

	test('base64 text from an expression (a data: URL), per item, each with its own threshold', async () => {
		const items = ['live', 'photo'].map((live) => ({
			json: {
				selfie: `data:image/png;base64,${makeLivenessPng('ana', live as 'live').toString('base64')}`,
				strict: live === 'live' ? 0.99 : 0.01,
			},
		}));
		const { output } = await liveness(items, {
			operation: 'detect',
			source: 'base64',
			base64: '={{ $json.selfie }}',
			threshold: '={{ $json.strict }}',
			frontalImageBinaryProperty: '',
		});
		// a live score (0.85 to 0.99) is not live at 0.99; a spoof's passes a threshold of 0.01
		expect(json(output).map((j) => [j.threshold, j.isLive])).toEqual([
			[0.99, false],
			[0.01, true],
		]);
		expect(output!.every((item) => item.binary === undefined)).toBe(true);
		expectRequests({ detect: 2 });
	});

	test('a video with movements, as a binary file: live when the person made them in order', async () => {
		const items = [
			{
				json: { who: 'made them' },
				files: { data: selfieVideo({ movements: ['left', 'blink'] }) },
			},
			{ json: { who: 'did not' }, files: { data: selfieVideo({ movements: ['blink'] }) } },
			{
				json: { who: 'spoof' },
				files: { data: selfieVideo({ live: 'screen', container: 'webm' }) },
			},
		];
		const { output } = await liveness(items, {
			operation: 'detect',
			movements: ['left', 'blink'],
			options: { returnFullFace: true },
		});
		expect(json(output).map((j) => [j.who, j.isLive])).toEqual([
			['made them', true],
			['did not', false],
			['spoof', false],
		]);
		const [made, missed] = json(output);
		expect(made.movementScore).toBeGreaterThanOrEqual(0.9);
		expect(missed.movementScore).toBeLessThan(0.5);
		// the judged score is globalScore: movements and genuineness together
		expect(missed.score).toBe(missed.globalScore);
		expect(missed.livenessScore).toBeGreaterThanOrEqual(0.85);
		expect(ctx.emulator.liveness.requests(DETECT).map((r) => r.liveness)).toEqual(
			items.map(() =>
				expect.objectContaining({ kind: 'video', movements: ['left', 'blink'], fullFace: true }),
			),
		);
		expectRequests({ detect: 3 });
	});

	test('a video from a URL and as base64 text', async () => {
		const video = makeVideo('bruno', { movements: '*' });
		const url = ctx.emulator.addFile('bruno.mp4', video);
		const { output } = await liveness(
			[{ json: { source: 'url' } }, { json: { source: 'base64' } }],
			{
				operation: 'detect',
				source: '={{ $json.source }}',
				url,
				base64: video.toString('base64'),
				movements: ['up'],
			},
		);
		expect(json(output).map((j) => j.isLive)).toEqual([true, true]);
		expectRequests({ detect: 2 });
	});

	test('a photo with movements is an input error before any request: nothing billed', async () => {
		const { error, output } = await liveness([{ files: { data: selfiePhoto() } }], {
			operation: 'detect',
			movements: ['smile'],
		});
		expect(output).toBeUndefined();
		expect(error!.message).toContain(
			'"Movements" need a video, but the file in "Selfie Binary Field" is a photo (PNG)',
		);
		expect(error!.context?.errorCode).toBe('INVALID_INPUT');
		expect(ctx.emulator.log).toHaveLength(0);
	});

	test("a photo with movements at a URL: MostQi's 415 in the node's words", async () => {
		const url = ctx.emulator.addFile('photo.png', makeLivenessPng('ana', 'live'));
		const { error } = await liveness([{}], {
			operation: 'detect',
			source: 'url',
			url,
			movements: ['smile'],
		});
		expect(error!.message).toContain(
			'"Movements" need a video, but the file at "Selfie URL" is a photo (MostQi answered HTTP 415)',
		);
		expect(error!.description).toContain('Send a video, or clear "Movements"');
		expect(error!.httpCode).toBe('415');
		expectRequests({ detect: 1 });
	});

	test('a PDF or a file that is neither photo nor video is refused before any request', async () => {
		const { error } = await liveness(
			[{ files: { data: { bytes: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1') } } }],
			{ operation: 'detect' },
		);
		expect(error!.message).toContain(
			'Selfie: binary field "data" is a PDF, not a photo or video that MostQi accepts',
		);
		expect(ctx.emulator.log).toHaveLength(0);
	});

	test("Include Full Response: MostQi's whole answer, with the fields the node does not read", async () => {
		ctx.emulator.liveness.setSwitches({ imageScore: true });
		const { output } = await liveness([{ files: { data: selfiePhoto() } }], {
			operation: 'detect',
			options: { includeFullResponse: true, keepInputFields: false },
		});
		const response = output![0].json.mostQiResponse as { result: Json; requestId: string };
		expect(response.requestId).toBe(output![0].json.requestId);
		expect(response.result.imageScore).toEqual(expect.any(Number));
		expect(Object.keys(output![0].json)).toEqual([...DETECT_COLUMNS, 'mostQiResponse']);
	});
});

/** Start Session through the node; returns its item. */
async function startSession(parameters: Json = {}, items: SourceItem[] = [{}]) {
	const result = await liveness(items, { operation: 'startSession', ...parameters });
	return result;
}

/** The person opens the page and presses "Start capture", over HTTP as a browser would. */
async function playPerson(sessionUrl: string, outcome: 'live' | 'spoof' | 'error' | 'unfinished') {
	const page = await fetch(sessionUrl);
	expect(page.status).toBe(200);
	const start = await fetch(`${sessionUrl}/start`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ outcome }).toString(),
		redirect: 'manual',
	});
	expect(start.status).toBe(303);
}

const resultParameters = {
	operation: 'getSessionResult',
	processId: '={{ $json.processId }}',
	threshold: 0.8,
};

describe('a hosted session', () => {
	test('Start Session: the page to send, the process ID, the webhook from $execution.resumeUrl', async () => {
		const { output } = await startSession({
			webhookUrl: '={{ $execution.resumeUrl }}',
			webhookHeaders: { parameters: [{ name: 'X-Secret', value: 'wh-secret-123' }] },
			redirectUrl: 'https://example.com/next',
			pageOptions: { language: 'en', welcomeMessage: 'Hello', primaryColor: '#0b5cff' },
		});
		const [item] = json(output);
		expect(Object.keys(item)).toEqual([
			'sessionUrl',
			'processId',
			'requestId',
			'elapsedMilliseconds',
		]);
		expect(item.sessionUrl).toMatch(new RegExp(`^${ctx.emulator.url}/liveness/session/`));
		const session = ctx.emulator.liveness.session(item.processId as string);
		expect(session).toMatchObject({
			status: 'TODO',
			webhook: 'http://127.0.0.1/webhook-waiting/engine-test',
			redirectUrl: 'https://example.com/next',
			ui: {
				defaultLanguage: 'en',
				primaryColor: '#0b5cff',
				welcomeMessage: { en: 'Hello' },
			},
		});
		expectRequests({ session: 1 });
	});

	test.each([
		['live', 'DONE', true],
		['spoof', 'DONE', false],
	] as const)(
		'the person plays %s: %s, isLive %s, the frontal face added',
		async (outcome, status, live) => {
			const started = await startSession();
			const { processId, sessionUrl } = started.output![0].json as Json;
			await playPerson(sessionUrl as string, outcome);
			const { output } = await liveness([{ json: { processId } }], resultParameters);
			const [item] = output!;
			expect(Object.keys(item.json)).toEqual(STATUS_COLUMNS);
			expect(item.json).toMatchObject({ status, isLive: live, threshold: 0.8, processId });
			expect(item.json.score).toBe(item.json.livenessScore);
			expect(item.binary!.frontalImage.mimeType).toBe('image/png');
			expectRequests({ session: 1, status: 1 });
		},
	);

	test.each([
		['error', 'ERROR'],
		['unfinished', 'DOING'],
	] as const)('the person plays %s: %s, no score and no verdict', async (outcome, status) => {
		const started = await startSession();
		const { processId, sessionUrl } = started.output![0].json as Json;
		await playPerson(sessionUrl as string, outcome);
		const { output } = await liveness([{ json: { processId } }], resultParameters);
		expect(output![0].json).toMatchObject({
			status,
			livenessScore: null,
			score: null,
			isLive: null,
			processId,
		});
		expect(output![0].binary).toBeUndefined();
	});

	test('nobody opened the page: TODO; the link expired: EXPIRED; the capture ran out: EXPIRED', async () => {
		ctx.emulator.liveness.setLimits({ linkTtlMs: 40 });
		const unopened = (await startSession()).output![0].json.processId;
		ctx.emulator.liveness.setLimits({ linkTtlMs: 60_000, captureTtlMs: 40 });
		const slow = (await startSession()).output![0].json;
		await playPerson(slow.sessionUrl as string, 'unfinished');
		const waiting = (await startSession()).output![0].json.processId;
		const items = [{ json: { processId: waiting } }];
		const todo = await liveness(items, resultParameters);
		expect(todo.output![0].json).toMatchObject({ status: 'TODO', isLive: null, score: null });
		await new Promise((resolve) => setTimeout(resolve, 80));
		const { output } = await liveness(
			[{ json: { processId: unopened } }, { json: { processId: slow.processId } }],
			resultParameters,
		);
		expect(json(output).map((j) => [j.status, j.isLive])).toEqual([
			['EXPIRED', null],
			['EXPIRED', null],
		]);
	});

	test('the frontal face goes on to Face Compare with the document photo that travelled with the item', async () => {
		const started = await startSession({}, [
			{ json: { applicant: 'ana' } },
			{ json: { applicant: 'bea' } },
		]);
		const ids = json(started.output).map((j) => j.processId);
		for (const item of json(started.output)) await playPerson(item.sessionUrl as string, 'live');
		const items = ids.map((processId, i) => ({
			json: { processId, applicant: i === 0 ? 'ana' : 'bea' },
			// the emulator's person is ana: bea's document shows someone else
			files: { document: { bytes: makePng(i === 0 ? 'ana' : 'bea', { seed: 'document' }) } },
		}));
		const result = await liveness(items, resultParameters, {
			then: [
				{
					name: 'MostQi Face Compare',
					type: NODE_TYPE,
					parameters: {
						faceASource: 'binary',
						faceABinaryProperty: 'frontalImage',
						faceBSource: 'binary',
						faceBBinaryProperty: 'document',
						threshold: 0.7,
					},
				},
			],
		});
		const compared = result.nodes['MostQi Face Compare'].output!;
		expect(json(compared).map((j) => [j.applicant, j.status, j.isLive, j.decision])).toEqual([
			['ana', 'DONE', true, 'match'],
			['bea', 'DONE', true, 'mismatch'],
		]);
		// the two items are compared at once: the emulator may see them in either order
		const faces = ctx.emulator.compares().map((c) => c.faces!);
		expect(faces.sort((x, y) => String(x.B).localeCompare(String(y.B)))).toEqual([
			{ A: 'ana', B: 'ana' },
			{ A: 'ana', B: 'bea' },
		]);
		expectRequests({ session: 2, status: 2 });
	});
});

describe("the emulator's switches: MostQi's answers as its pages and clients show them", () => {
	test('resultList "all": every route answers a list of one result; the node reads each', async () => {
		ctx.emulator.liveness.setSwitches({ resultList: 'all' });
		const detected = await liveness([{ files: { data: selfiePhoto() } }], { operation: 'detect' });
		expect(detected.output![0].json.isLive).toBe(true);
		const started = await startSession();
		const { processId, sessionUrl } = started.output![0].json as Json;
		expect(sessionUrl).toEqual(expect.any(String));
		await playPerson(sessionUrl as string, 'live');
		const { output } = await liveness([{ json: { processId } }], resultParameters);
		expect(output![0].json).toMatchObject({ status: 'DONE', isLive: true });
	});

	test('globalScore "none": detect judges livenessScore (its movementScore still shown)', async () => {
		ctx.emulator.liveness.setSwitches({ globalScore: 'none' });
		const { output } = await liveness(
			[{ files: { data: selfieVideo({ movements: ['blink'] }) } }],
			{ operation: 'detect', movements: ['up'] },
		);
		const [item] = json(output);
		expect(item.globalScore).toBeNull();
		expect(item.score).toBe(item.livenessScore);
		expect(item.movementScore).toBeLessThan(0.5);
		expect(item.isLive).toBe(true);
	});

	test('globalScore "all": a DONE status with a globalScore too; the node judges livenessScore', async () => {
		ctx.emulator.liveness.setSwitches({ globalScore: 'all' });
		const started = await startSession();
		const { processId, sessionUrl } = started.output![0].json as Json;
		await playPerson(sessionUrl as string, 'spoof');
		const { output } = await liveness([{ json: { processId } }], {
			...resultParameters,
			options: { includeFullResponse: true },
		});
		const response = output![0].json.mostQiResponse as { result: Json };
		expect(response.result.globalScore).toEqual(expect.any(Number));
		expect(output![0].json.score).toBe(output![0].json.livenessScore);
		expect(output![0].json.isLive).toBe(false);
	});

	test.each([
		['absent', null],
		['null', null],
		['zero', 0],
	] as const)(
		'passiveMovementScore "%s": movementScore %s',
		async (passiveMovementScore, shown) => {
			ctx.emulator.liveness.setSwitches({ passiveMovementScore });
			const { output } = await liveness([{ files: { data: selfiePhoto() } }], {
				operation: 'detect',
			});
			expect(output![0].json.movementScore).toBe(shown);
			expect(output![0].json.isLive).toBe(true);
		},
	);

	test('imageScore false: nothing the node reads is missing', async () => {
		ctx.emulator.liveness.setSwitches({ imageScore: false });
		const { output } = await liveness([{ files: { data: selfiePhoto() } }], {
			operation: 'detect',
		});
		expect(output![0].json.isLive).toBe(true);
	});

	test.each(['ptBR', 'pt-BR'] as const)(
		'ptKey "%s": a Portuguese welcome message is sent keyed pt-BR',
		async (ptKey) => {
			ctx.emulator.liveness.setSwitches({ ptKey });
			const { output, error } = await startSession({
				pageOptions: { language: 'pt-BR', welcomeMessage: 'Olá' },
			});
			if (ptKey === 'pt-BR') {
				expect(output![0].json.sessionUrl).toEqual(expect.any(String));
				return;
			}
			// MostQi's page says ptBR: a MostQi that holds to it refuses the key clients send
			expect(error!.message).toContain(refusedPrefix('R101'));
			expect(error!.message).toContain('unknown language key "pt-BR"');
			expect(error!.description).toContain('"Page Options"');
			expectRequests({ session: 1 });
		},
	);

	test.each([400, 404] as const)(
		"unknownProcess %s: a process ID MostQi does not know, in the node's words",
		async (unknownProcess) => {
			ctx.emulator.liveness.setSwitches({ unknownProcess });
			const { error } = await liveness([{ json: { processId: 'nope' } }], resultParameters);
			expect(error!.message).toContain(refusedPrefix('R101'));
			expect(error!.httpCode).toBe(String(unknownProcess));
			expect(error!.description).toContain('"Process ID" is the processId Start Session returned');
		},
	);

	test.each([
		[{ webhookBody: 'processId' }, 1],
		[{ webhookBody: 'envelope' }, 1],
		[{ webhookBody: 'empty' }, 1],
		[{ noWebhook: true }, 0],
	] as const)(
		'webhook %j: the call does not change what the node reads (the status route)',
		async (switches, calls) => {
			const received: string[] = [];
			const receiver = http.createServer((req, res) => {
				let body = '';
				req.on('data', (chunk) => (body += chunk));
				req.on('end', () => {
					received.push(body);
					res.end('ok');
				});
			});
			await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
			try {
				ctx.emulator.liveness.setSwitches(switches);
				const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
				const started = await startSession({ webhookUrl });
				const { processId, sessionUrl } = started.output![0].json as Json;
				await playPerson(sessionUrl as string, 'live');
				const { output } = await liveness([{ json: { processId } }], resultParameters);
				expect(output![0].json).toMatchObject({ status: 'DONE', isLive: true });
				await ctx.emulator.liveness.idle();
				expect(received).toHaveLength(calls);
			} finally {
				await new Promise((resolve) => receiver.close(resolve));
			}
		},
	);
});

describe('Put Frontal Face in Field', () => {
	test.each([
		['detect', { operation: 'detect' }],
		['getSessionResult', { operation: 'getSessionResult', processId: 'p-1' }],
	])(
		'%s: a name the input item already uses is an input error before any request, never a replaced file',
		async (_operation, parameters) => {
			const document = { bytes: makePng('ana', { seed: 'document' }), fileName: 'id-card.png' };
			const { output, error } = await liveness([{ files: { data: selfiePhoto(), document } }], {
				...parameters,
				frontalImageBinaryProperty: 'document',
			});
			expect(output).toBeUndefined();
			expect(error!.message).toContain(
				'"Put Frontal Face in Field" would replace a file: the input item already has a binary field "document"; choose another name, e.g. frontalImage',
			);
			expect(ctx.emulator.log).toHaveLength(0);
		},
	);
});

describe('the three error modes', () => {
	const items = (): SourceItem[] => [
		{ json: { applicant: 'ana' }, files: { data: selfiePhoto() } },
		{ json: { applicant: 'nofile' } },
		{ json: { applicant: 'bea' }, files: { data: selfiePhoto('photo', 'bea') } },
	];

	test('Stop: the bad item fails the node before any request', async () => {
		const { error, output } = await liveness(items(), { operation: 'detect' });
		expect(output).toBeUndefined();
		expect(error!.message).toContain('Selfie: this item has no binary field "data"');
		expect(error!.message).toContain('row 2 of 3');
		expect(ctx.emulator.log).toHaveLength(0);
	});

	test("Continue: the failed item in the node's columns, no verdict, in its place", async () => {
		const { output } = await liveness(
			items(),
			{ operation: 'detect' },
			{
				onError: 'continueRegularOutput',
			},
		);
		expect(json(output).map((j) => [j.applicant, j.isLive, j.errorCode ?? null])).toEqual([
			['ana', true, null],
			['nofile', null, 'INVALID_INPUT'],
			['bea', false, null],
		]);
		const failed = output![1];
		expect(Object.keys(failed.json)).toEqual([
			...DETECT_COLUMNS,
			'error',
			'errorCode',
			'httpCode',
			'attempts',
			'applicant',
		]);
		expect(failed.json).toMatchObject({ score: null, threshold: 0.5, requestId: null });
		expect(output!.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expectRequests({ detect: 2 });
	});

	test('Continue (using error output): the failed item on the error output, the others first', async () => {
		const { output, errorOutput } = await liveness(
			items(),
			{ operation: 'detect' },
			{
				onError: 'continueErrorOutput',
			},
		);
		expect(json(output).map((j) => j.applicant)).toEqual(['ana', 'bea']);
		expect(errorOutput!.map((item) => [item.json.applicant, item.pairedItem])).toEqual([
			['nofile', { item: 1 }],
		]);
		expect((errorOutput![0].json.error as Json).errorCode).toBe('INVALID_INPUT');
	});

	test("Continue on Get Session Result: the process asked about and MostQi's code", async () => {
		const { output } = await liveness([{ json: { processId: 'gone' } }], resultParameters, {
			onError: 'continueRegularOutput',
		});
		expect(output![0].json).toMatchObject({
			status: null,
			isLive: null,
			threshold: 0.8,
			processId: 'gone',
			errorCode: 'R101',
			httpCode: 400,
			attempts: 1,
		});
		expectRequests({ status: 1 });
	});
});
