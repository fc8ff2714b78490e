'use strict';
/**
 * End-to-end checks of the MostQi Liveness node on one host:
 * - Detect Liveness run with `n8n execute`: a photo from each source (binary, URL, base64), a
 *   video with movements (a live person, a photo of a photo), a photo with movements refused
 *   before any request, the frontal face as a binary field that Face Compare then takes;
 * - the hosted session: examples/onboarding-liveness.json (its test variant: the e2e credential
 *   and a short Wait) active in a running n8n, a person played over HTTP as a browser plays
 *   them (the form, the Form Ending's redirect to MostQi's page, "Start capture"), MostQi (the
 *   emulator) calling the Wait node's resume URL, and the execution ending on the branch a
 *   person sees for each outcome: approved, rejected (not live, another face), expired, error,
 *   and no answer before the Wait's time limit.
 * Each counts the requests MostQi saw against those the flow needs (one fresh token each).
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { AUTH_PATH, DETECT_PATH, SESSION_PATH, STATUS_PATH } = require('../emulator/server');
const { makeVideo, makeLivenessPng } = require('../fixtures/liveness');
const { makePng } = require('../fixtures/images');
const host = require('./n8nHost');
const { pressStart } = require('./livenessPerson');
const lw = require('./livenessWorkflows');

const b64 = (buffer) => buffer.toString('base64');
const MOVES = ['left', 'right', 'blink'];
const noRun = (res) => `stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The liveness requests MostQi saw, by route, and the compares. */
function seen(emulator) {
	const routes = { detect: DETECT_PATH, start: SESSION_PATH, status: STATUS_PATH };
	const out = Object.fromEntries(
		Object.entries(routes).map(([key, route]) => [key, emulator.liveness.requests(route)]),
	);
	out.compare = emulator.compares();
	return out;
}

/**
 * MostQi saw exactly these requests since the last reset, and one token per request: every
 * request on a fresh token, none used twice, the client key only ever sent for a token.
 */
function assertBilled(emulator, expected, what) {
	const requests = seen(emulator);
	const counts = Object.fromEntries(Object.entries(requests).map(([k, v]) => [k, v.length]));
	const all = Object.values(requests).flat();
	const tokens = emulator.log.filter((e) => e.path === AUTH_PATH && e.status === 200).length;
	console.log(
		`      ${what}: MostQi saw ${Object.entries(counts)
			.map(([k, n]) => `${k} ${n}`)
			.join(', ')}; ${tokens} tokens`,
	);
	assert.deepEqual(
		counts,
		{ detect: 0, start: 0, status: 0, compare: 0, ...expected },
		`${what}: requests by route`,
	);
	assert.equal(tokens, all.length, `${what}: one token per request`);
	assert.ok(
		all.every((e) => e.token?.verdict === 'fresh'),
		JSON.stringify(all.map((e) => e.token)),
	);
	assert.equal(new Set(all.map((e) => e.token.jti)).size, all.length, 'no token used twice');
	for (const entry of emulator.log)
		if (entry.clientKeyInRequest) assert.equal(entry.path, AUTH_PATH);
}

/** n8n's form-waiting and webhook URLs are built on N8N_HOST: the emulator must reach them. */
const SERVER_ENV = { N8N_HOST: '127.0.0.1' };

async function livenessChecks({ target, folder, emulator, check }) {
	const name = target.name;
	const title = (what) => `${name} [liveness]: ${what}`;

	// --- Detect Liveness, run with `n8n execute` ---------------------------------------------
	const photo = (person, live = 'live') => makeLivenessPng(person, live, { seed: `e2e-${live}` });
	const sources = [
		{ person: 'ana', source: 'binary', selfie: b64(photo('ana')), live: true },
		{
			person: 'carla',
			source: 'url',
			url: emulator.addFile('carla-photo-of-photo.png', photo('carla', 'photo')),
			live: false,
		},
		{ person: 'bruno', source: 'base64', b64: b64(photo('bruno')), live: true },
	];
	const videos = [
		{
			person: 'ana',
			source: 'base64',
			b64: b64(makeVideo('ana', { movements: MOVES, seed: 'e2e' })),
			movements: MOVES,
			live: true,
		},
		{
			person: 'ana',
			source: 'binary',
			selfie: b64(makeVideo('ana', { live: 'photo', movements: MOVES, seed: 'e2e' })),
			mime: 'video/mp4',
			movements: MOVES,
			live: false,
		},
		{
			person: 'dan',
			source: 'binary',
			selfie: b64(photo('dan')),
			movements: ['blink'],
			live: null,
		},
	];
	const documentOf = (person) => b64(makePng(person, { seed: 'e2e-document' }));
	const workflows = {
		sources: lw.detect('liveness-detect-sources', sources),
		videos: lw.detect('liveness-detect-videos', videos, { onError: 'continueRegularOutput' }),
		photoMoves: lw.detect('liveness-photo-with-movements', [videos[2]]),
		compare: lw.detectThenCompare('liveness-detect-then-compare', [
			{ person: 'ana', source: 'binary', selfie: b64(photo('ana')), document: documentOf('ana') },
			{
				person: 'bruno',
				source: 'binary',
				selfie: b64(photo('bruno')),
				document: documentOf('ana'),
			},
		]),
	};
	await host.importWorkflow(target, folder, Object.values(workflows));

	const execute = async (workflow) => {
		emulator.reset();
		const result = await host.execute(target, folder, workflow.id);
		assert.ok(result.run, `no run; ${noRun(result.res)}`);
		return result;
	};
	const livenessItems = (run) => host.nodeResult(run, 'MostQi Liveness').items ?? [];

	await check(
		title(
			'Detect Liveness, a photo from each source (binary, URL, base64): live selfies isLive true, a photo of a photo false, the frontal face a binary field',
		),
		async () => {
			const { run, res } = await execute(workflows.sources);
			assert.equal(res.status, 0, noRun(res));
			const items = livenessItems(run);
			assert.deepEqual(
				items.map((it) => [it.json.person, it.json.isLive]),
				sources.map((s) => [s.person, s.live]),
			);
			for (const [i, it] of items.entries()) {
				const { score, livenessScore, globalScore, threshold } = it.json;
				assert.deepEqual(it.pairedItem, { item: i });
				assert.equal(threshold, 0.5);
				assert.equal(typeof score, 'number', JSON.stringify(it.json));
				// passive: MostQi's globalScore equals livenessScore, and the score judged is it
				assert.deepEqual([globalScore, livenessScore], [score, score]);
				assert.equal(it.json.isLive, score >= threshold);
				const frontal = it.binary?.frontalImage;
				assert.ok(frontal, `no frontalImage binary on ${it.json.person}`);
				assert.match(frontal.mimeType, /^image\/(png|jpeg)$/);
			}
			// the binary fields the item brought pass through
			assert.ok(items[0].binary.selfie, 'the input binary passes through');
			const detects = emulator.liveness.requests(DETECT_PATH);
			assert.deepEqual(
				detects.map((d) => [d.liveness.face, d.liveness.source, d.liveness.kind]).sort(),
				[
					['ana', 'base64', 'photo'],
					['bruno', 'base64', 'photo'],
					['carla', 'url', 'photo'],
				],
			);
			assert.ok(detects.every((d) => d.liveness.movements.length === 0));
			assertBilled(emulator, { detect: 3 }, '3 photos');
		},
	);
	await check(
		title(
			'Detect Liveness, videos with movements: a live person is live, a photo-of-photo video is not; a photo with movements is an input error, not sent',
		),
		async () => {
			const { run, res } = await execute(workflows.videos);
			assert.equal(res.status, 0, noRun(res));
			const items = livenessItems(run);
			assert.equal(items.length, 3);
			const [live, spoof, refused] = items.map((it) => it.json);
			assert.deepEqual([live.isLive, spoof.isLive], [true, false], JSON.stringify(items));
			assert.ok(live.movementScore > 0.5, `movementScore ${live.movementScore}`);
			assert.ok(spoof.score < 0.5, `spoof score ${spoof.score}`);
			assert.equal(refused.errorCode, 'INVALID_INPUT', JSON.stringify(refused));
			assert.match(refused.error, /"Movements" need a video, but .* is a photo/);
			assert.deepEqual(
				items.map((it) => it.pairedItem),
				[{ item: 0 }, { item: 1 }, { item: 2 }],
			);
			const detects = emulator.liveness.requests(DETECT_PATH);
			assert.deepEqual(
				detects.map((d) => [d.liveness.kind, d.liveness.movements.join(',')]),
				[
					['video', MOVES.join(',')],
					['video', MOVES.join(',')],
				],
			);
			assertBilled(emulator, { detect: 2 }, '2 videos and a photo with movements');
		},
	);
	await check(
		title(
			'Detect Liveness, a photo with movements and On Error stop: the execution fails with the node message, 0 detect requests billed',
		),
		async () => {
			const { error, res } = await execute(workflows.photoMoves);
			const text = JSON.stringify(error ?? {}) + res.stdout + res.stderr;
			assert.match(text, /\\?"Movements\\?" need a video, but .* is a photo/);
			assert.notEqual(res.status, 0);
			assertBilled(emulator, {}, 'a photo with movements');
		},
	);
	await check(
		title(
			"Detect's frontal face (binary frontalImage) into Face Compare against the document: the same person Approve, another person Reject",
		),
		async () => {
			const { run, res } = await execute(workflows.compare);
			assert.equal(res.status, 0, noRun(res));
			const reached = (step) =>
				(host.nodeResult(run, step).items ?? []).map((it) => [it.json.person, it.json.decision]);
			assert.deepEqual(reached('Approve'), [['ana', 'match']]);
			assert.deepEqual(reached('Reject'), [['bruno', 'mismatch']]);
			assert.deepEqual(reached('Manual Review'), []);
			assert.deepEqual(
				emulator
					.compares()
					.map((c) => [c.faces.A, c.faces.B, c.sent.A])
					.sort(),
				[
					['ana', 'ana', 'base64'],
					['bruno', 'ana', 'base64'],
				],
			);
			assertBilled(emulator, { detect: 2, compare: 2 }, '2 detects, 2 comparisons');
		},
	);

	// --- the hosted session: examples/onboarding-liveness.json in a running n8n --------------
	const exampleText = fs.readFileSync(
		path.join(host.ROOT, 'examples', 'onboarding-liveness.json'),
		'utf8',
	);
	const example = JSON.parse(exampleText);
	const variant = lw.sessionVariant(example);
	const documentPhoto = fs.readFileSync(path.join(host.ROOT, 'examples', 'images', 'ana-id.png'));
	let server;
	let ready;
	/** Imports and activates the variant, starts n8n (once). */
	const serverStarted = async () => {
		if (ready) return await ready;
		ready = (async () => {
			await host.importWorkflow(target, folder, variant);
			const activated = await host.activateWorkflow(target, folder, variant.id);
			// an earlier check's server may have set the owner up: give the instance its first start
			const reset = await host.n8n(target, folder, ['user-management:reset']);
			assert.equal(reset.status, 0, `user-management:reset: ${reset.stderr}${reset.stdout}`);
			server = await host.startServer(target, folder, SERVER_ENV);
			if (!activated) await host.activateThroughRest(server.rest, variant);
			// n8n registers an active workflow's form and webhooks a moment after it answers REST
			const trigger = variant.nodes.find((n) => n.type === 'n8n-nodes-base.formTrigger');
			let form;
			for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(500)) {
				form = await fetch(`http://127.0.0.1:${server.port}/form/${trigger.webhookId}`);
				if (form.status === 200) break;
			}
			assert.equal(form?.status, 200, 'the onboarding form is live');
			emulator.reset();
		})();
		return await ready;
	};
	const base = () => `http://127.0.0.1:${server.port}`;
	const flatted = require(path.join(__dirname, 'hosts', name, 'node_modules', 'flatted'));

	/** The execution as n8n's REST API gives it, with its run data parsed. */
	const getExecution = async (executionId) => {
		const got = await server.rest('GET', `/rest/executions/${executionId}`);
		const execution = got.json?.data;
		const data = typeof execution?.data === 'string' ? flatted.parse(execution.data) : undefined;
		return { status: execution?.status, run: data ? { data } : undefined };
	};
	/** Polls the execution until `done(execution)`; fails with what it last saw after `ms`. */
	const until = async (executionId, done, ms, what) => {
		let last;
		for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(250)) {
			last = await getExecution(executionId);
			if (done(last)) return last;
		}
		// what MostQi's calls of resume URLs got, to tell a call n8n refused from one never made
		const calls = emulator.liveness.webhookCalls.map((c) => ({ ...c, url: undefined }));
		assert.fail(
			`execution ${executionId}: not ${what} within ${ms} ms (status ${last?.status}, last node ${last?.run?.data?.resultData?.lastNodeExecuted}); MostQi's webhook calls: ${JSON.stringify(calls)}`,
		);
	};
	const lastNode = (e) => e.run?.data?.resultData?.lastNodeExecuted;
	const ended = (e) =>
		['success', 'error', 'crashed', 'canceled'].includes(e.status) && lastNode(e) !== undefined;

	/**
	 * A person submits the form and follows n8n's pages as its browser script does: the form's
	 * answer names the form-waiting page, which (once the execution waits there) is the Form
	 * Ending: its redirect link is MostQi's sessionUrl, and the page's own POST lets the execution
	 * go on to the Wait node. Returns the execution id, the sessionUrl and MostQi's session.
	 */
	const applicant = async (fullName, email) => {
		const trigger = variant.nodes.find((n) => n.type === 'n8n-nodes-base.formTrigger');
		const body = new FormData();
		body.append('field-0', fullName);
		body.append('field-1', email);
		body.append('field-2', new Blob([documentPhoto], { type: 'image/png' }), 'ana-id.png');
		const submitted = await fetch(`${base()}/form/${trigger.webhookId}`, { method: 'POST', body });
		const answer = await submitted.text();
		assert.equal(submitted.status, 200, answer.slice(0, 500));
		const formWaitingUrl = JSON.parse(answer).formWaitingUrl;
		assert.ok(formWaitingUrl, `the form's answer names no next page: ${answer.slice(0, 300)}`);
		const page = new URL(formWaitingUrl);
		const executionId = /\/form-waiting\/([^/?]+)/.exec(page.pathname)?.[1];
		assert.ok(executionId, formWaitingUrl);
		// the browser asks n8n-execution-status until the execution waits on a form page
		const statusUrl = new URL(page);
		statusUrl.pathname += '/n8n-execution-status';
		let state;
		for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(250)) {
			state = (await (await fetch(statusUrl)).text()).trim();
			if (state === 'form-waiting' || ['error', 'crashed', 'success'].includes(state)) break;
		}
		assert.equal(state, 'form-waiting', `execution ${executionId} never reached the Form Ending`);
		const ending = await fetch(page);
		const html = await ending.text();
		assert.equal(ending.status, 200, html.slice(0, 500));
		const href = /id=['"]redirectUrl['"] href=['"]([^'"]+)['"]/.exec(html)?.[1];
		assert.ok(href, `the Form Ending has no redirect link: ${html.slice(0, 500)}`);
		const sessionUrl = href.replaceAll('&amp;', '&');
		const session = emulator.liveness.sessions().find((s) => s.sessionUrl === sessionUrl);
		assert.ok(session, `the Form Ending sends the person to ${sessionUrl}, not a MostQi session`);
		// the completion page's script POSTs to itself, then follows the link
		const resumed = await fetch(page, { method: 'POST', body: '{}' });
		assert.equal(resumed.status, 200, (await resumed.text()).slice(0, 300));
		// the execution goes on and waits for MostQi's call
		await until(
			executionId,
			(e) => e.status === 'waiting' && lastNode(e) === 'Wait for MostQi',
			30_000,
			'waiting at "Wait for MostQi"',
		);
		return { executionId, sessionUrl, processId: session.processId };
	};
	/**
	 * The person on MostQi's page: it opens, "Start capture" is pressed (a form POST), the page
	 * reloads until the check has ended.
	 */
	const pressStartUntilEnded = async (sessionUrl) => {
		await pressStart(sessionUrl);
		// while the capture runs the page reloads itself every second (meta refresh), as a browser
		// does, until the check has ended (then MostQi's page sends the person on: a 303)
		for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(1000)) {
			const reload = await fetch(sessionUrl, { redirect: 'manual' });
			const text = await reload.text();
			if (!/id="in-progress"/.test(text)) return;
		}
		assert.fail(`MostQi's page still shows the capture in progress after 30 s: ${sessionUrl}`);
	};
	/** The end step the execution reached (exactly one), its item, and the run. */
	const finished = async (executionId, ms = 30_000) => {
		// a success read before the resumed part's run data holds its end step is not the end yet
		// (seen once on n8n 1.123 after a Wait's time limit); an end never reached still fails
		const atAnEnd = (e) =>
			ended(e) &&
			(e.status !== 'success' || lw.ENDS.some((step) => e.run?.data?.resultData?.runData?.[step]));
		const execution = await until(executionId, atAnEnd, ms, 'finished at an end step');
		const runData = execution.run.data.resultData.runData;
		assert.equal(
			execution.status,
			'success',
			JSON.stringify(execution.run.data.resultData.error ?? {}).slice(0, 1500),
		);
		const reached = lw.ENDS.filter((step) => runData[step]);
		assert.equal(reached.length, 1, `end steps reached: ${reached.join(', ')}`);
		const item = host.nodeResult(execution.run, reached[0]).items?.[0];
		return { step: reached[0], item, run: execution.run };
	};
	/** The requests MostQi saw for this session: one start and one status, no more. */
	const assertSessionRequests = (processId) => {
		const byProcess = (route) =>
			emulator.liveness.requests(route).filter((e) => e.liveness?.processId === processId);
		assert.equal(byProcess(SESSION_PATH).length, 1, 'one Start Session');
		assert.equal(byProcess(STATUS_PATH).length, 1, 'one Get Session Result');
	};
	/** MostQi called the Wait node's resume URL once, with the example's header and query string. */
	const assertWebhook = (processId, status, run) => {
		const calls = emulator.liveness.webhookCalls.filter((c) => c.processId === processId);
		assert.deepEqual(
			calls.map((c) => [c.target, c.sessionStatus, c.httpStatus, c.headerNames, c.queryNames]),
			[['url', status, 200, ['X-Onboarding-Flow'], ['flow']]],
			JSON.stringify(calls),
		);
		const call = host.nodeResult(run, 'Wait for MostQi').items?.[0]?.json;
		assert.equal(call?.query?.flow, 'onboarding-liveness', JSON.stringify(call));
		assert.equal(call?.headers?.['x-onboarding-flow'], 'onboarding-liveness');
		return calls[0].url;
	};

	/** Started first, finished last: its Wait waits for n8n's wait tracker (every 60 s). */
	let noAnswer;
	const counts = { start: 0, status: 0, compare: 0 };
	try {
		await check(
			title(
				'examples/onboarding-liveness.json: every node type and version exists in this n8n; the test variant differs only in credential and Wait time limit; active',
			),
			async () => {
				await serverStarted();
				const types = await server.rest('GET', '/types/nodes.json');
				assert.equal(types.status, 200);
				const versions = new Map();
				for (const t of types.json)
					for (const v of [].concat(t.version)) versions.set(`${t.name}@${v}`, true);
				const missing = example.nodes
					.map((n) => `${n.type}@${n.typeVersion}`)
					.filter((key) => !versions.has(key));
				assert.deepEqual(missing, [], `node versions this n8n lacks: ${missing.join(', ')}`);
				const diff = lw.sessionVariantDiff(example, variant);
				const allowed = [
					/^nodes\.[^.]+\.credentials\.mostQiApi\.(id|name)$/,
					/^nodes\.Wait for MostQi\.parameters\.(resumeAmount|resumeUnit)$/,
				];
				assert.deepEqual(
					diff.filter((d) => !allowed.some((re) => re.test(d))),
					[],
					'the variant changes only the credential and the Wait time limit',
				);
				const wait = example.nodes.find((n) => n.type === 'n8n-nodes-base.wait');
				assert.deepEqual(
					[wait.parameters.resume, wait.parameters.limitWaitTime],
					['webhook', true],
					'a Wait on webhook with a time limit',
				);
				const start = example.nodes.find((n) => n.parameters.operation === 'startSession');
				assert.equal(start.parameters.webhookUrl, '={{ $execution.resumeUrl }}');
				// the page MostQi sends the person back to: this workflow's own "Back from MostQi"
				const done = await fetch(`${base()}/webhook/mostqi-liveness-done`);
				const text = await done.text();
				assert.equal(done.status, 200, text.slice(0, 300));
				assert.match(text, /Your identity check is done/);
			},
		);
		await check(
			title(
				'session, no answer: the person never presses Start capture, MostQi never calls, the Wait time limit ends on "Review: No Answer in Time" (checked last)',
			),
			async () => {
				await serverStarted();
				noAnswer = await applicant('Dan Moreira', 'dan@example.com');
				counts.start += 1;
				// the person opens MostQi's page and leaves
				assert.equal((await fetch(noAnswer.sessionUrl)).status, 200);
			},
		);
		await check(
			title(
				'session, a live person: form → Start Session → Form Ending sends them to sessionUrl → Start capture → MostQi POSTs the resume URL → DONE, live → Face Compare with the document → Approve; the page then sends them back to the workflow',
			),
			async () => {
				await serverStarted();
				const flow = await applicant('Ana Souza', 'ana@example.com');
				emulator.liveness.setOutcome(flow.processId, { outcome: 'live', person: 'ana' });
				await pressStartUntilEnded(flow.sessionUrl);
				const { step, item, run } = await finished(flow.executionId);
				counts.start += 1;
				counts.status += 1;
				counts.compare += 1;
				assert.equal(step, 'Approve', JSON.stringify(item?.json));
				assert.deepEqual(
					[item.json.applicant, item.json.email, item.json.outcome],
					['Ana Souza', 'ana@example.com', 'approved'],
				);
				const result = host.nodeResult(run, 'Get Liveness Result').items[0];
				assert.deepEqual(
					[result.json.status, result.json.isLive, result.json.threshold],
					['DONE', true, 0.8],
				);
				assert.ok(result.binary?.frontalImage, 'the frontal face is a binary field');
				const compares = emulator.compares();
				assert.deepEqual(
					compares.map((c) => c.faces),
					[{ A: 'ana', B: 'ana' }],
					'Face Compare got the frontal face and the document photo',
				);
				assertSessionRequests(flow.processId);
				const resumeUrl = assertWebhook(flow.processId, 'DONE', run);
				console.log(
					`      the Wait's resume URL as MostQi called it: ${resumeUrl.replace(String(server.port), '<port>')}`,
				);
				// once the check ended, MostQi's page sends the person to the workflow's thank-you page
				const back = await fetch(flow.sessionUrl, { redirect: 'manual' });
				assert.equal(back.status, 303);
				const location = back.headers.get('location');
				assert.equal(location, `${base()}/webhook/mostqi-liveness-done`);
				assert.match(await (await fetch(location)).text(), /Your identity check is done/);
			},
		);
		await check(
			title(
				'session, a live person whose face is not the document: DONE, live → Face Compare mismatch → Reject',
			),
			async () => {
				await serverStarted();
				const flow = await applicant('Bruno Lima', 'bruno@example.com');
				emulator.liveness.setOutcome(flow.processId, { outcome: 'live', person: 'bruno' });
				await pressStartUntilEnded(flow.sessionUrl);
				const { step, item } = await finished(flow.executionId);
				counts.start += 1;
				counts.status += 1;
				counts.compare += 1;
				assert.equal(step, 'Reject', JSON.stringify(item?.json));
				assert.equal(item.json.outcome, 'rejected');
				assert.deepEqual(emulator.compares().at(-1).faces, { A: 'bruno', B: 'ana' });
				assertSessionRequests(flow.processId);
			},
		);
		await check(
			title('session, a photo of a photo: DONE, not live → "Reject: Not Live", no Face Compare'),
			async () => {
				await serverStarted();
				const before = emulator.compares().length;
				const flow = await applicant('Carla Dias', 'carla@example.com');
				emulator.liveness.setOutcome(flow.processId, { outcome: 'spoof', person: 'carla' });
				await pressStartUntilEnded(flow.sessionUrl);
				const { step, item, run } = await finished(flow.executionId);
				counts.start += 1;
				counts.status += 1;
				assert.equal(step, 'Reject: Not Live', JSON.stringify(item?.json));
				assert.equal(item.json.outcome, 'rejected');
				assert.ok(item.json.livenessScore < 0.8, JSON.stringify(item.json));
				assert.equal(emulator.compares().length, before, 'no comparison');
				assertSessionRequests(flow.processId);
				assertWebhook(flow.processId, 'DONE', run);
			},
		);
		await check(
			title(
				'session, left unfinished: EXPIRED after the capture limit (shortened to 1.5 s) → "Review: Session Expired"',
			),
			async () => {
				await serverStarted();
				const limits = emulator.liveness.setLimits({});
				emulator.liveness.setLimits({ captureTtlMs: 1500 });
				let flow;
				try {
					flow = await applicant('Eva Rocha', 'eva@example.com');
				} finally {
					emulator.liveness.setLimits(limits);
				}
				emulator.liveness.setOutcome(flow.processId, { outcome: 'unfinished' });
				await pressStartUntilEnded(flow.sessionUrl);
				const { step, item, run } = await finished(flow.executionId);
				counts.start += 1;
				counts.status += 1;
				assert.equal(step, 'Review: Session Expired', JSON.stringify(item?.json));
				assert.equal(item.json.outcome, 'manual review');
				assertSessionRequests(flow.processId);
				assertWebhook(flow.processId, 'EXPIRED', run);
			},
		);
		await check(
			title('session, MostQi fails the check: ERROR → "Review: Liveness Error"'),
			async () => {
				await serverStarted();
				const flow = await applicant('Fabio Nunes', 'fabio@example.com');
				emulator.liveness.setOutcome(flow.processId, { outcome: 'error' });
				await pressStartUntilEnded(flow.sessionUrl);
				const { step, item, run } = await finished(flow.executionId);
				counts.start += 1;
				counts.status += 1;
				assert.equal(step, 'Review: Liveness Error', JSON.stringify(item?.json));
				assertSessionRequests(flow.processId);
				assertWebhook(flow.processId, 'ERROR', run);
			},
		);
		await check(
			title(
				'session, no answer (continued): the Wait time limit passed, Get Session Result TODO → "Review: No Answer in Time"; MostQi never called',
			),
			async () => {
				assert.ok(noAnswer, 'the no-answer flow started');
				// n8n's wait tracker looks for due executions every 60 s
				const { step, item, run } = await finished(noAnswer.executionId, 100_000);
				counts.status += 1;
				assert.equal(step, 'Review: No Answer in Time', JSON.stringify(item?.json));
				assert.match(item.json.note, /status TODO/);
				const result = host.nodeResult(run, 'Get Liveness Result').items[0].json;
				assert.deepEqual([result.status, result.isLive], ['TODO', null]);
				assertSessionRequests(noAnswer.processId);
				assert.deepEqual(
					emulator.liveness.webhookCalls.filter((c) => c.processId === noAnswer.processId),
					[],
				);
			},
		);
		await check(
			title(
				'sessions: MostQi saw one Start Session and one Get Session Result per person, one comparison per live person, no detect, one fresh token per request',
			),
			async () => {
				assert.ok(server, 'the session checks ran');
				assertBilled(emulator, counts, 'the session flows');
			},
		);
	} finally {
		await server?.stop();
	}
}

module.exports = { livenessChecks };
