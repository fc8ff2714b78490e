'use strict';
/**
 * The hosted liveness session of examples/onboarding-liveness.json in queue mode (issue 20): the
 * example's test variant active in the cluster, a person played over HTTP as a browser plays
 * them (the form through the main, the Form Ending's redirect to MostQi's page, "Start
 * capture"), MostQi (the emulator) calling the Wait node's resume URL, which leads to the main,
 * and the execution going on as a job of the queue: the part after the Wait runs on a worker.
 *
 * n8n records no worker in the execution (execution_entity has no such column, the run data
 * names none), so the logs of the queue's two ends say which process ran what: the main writes
 * `Enqueued execution <id> (job <id>)` when it hands a part of an execution to Redis and
 * `Execution <id> (job <id>) finished` when a worker reports it done; a worker writes `Worker
 * started|finished execution <id> (job <id>)` around the part it runs.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { AUTH_PATH, DETECT_PATH, SESSION_PATH, STATUS_PATH } = require('../emulator/server');
const host = require('../e2e/n8nHost');
const { pressStart } = require('../e2e/livenessPerson');
const lw = require('../e2e/livenessWorkflows');
const { jobEvents, logLength } = require('./cluster');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const EXAMPLE = path.join(host.ROOT, 'examples', 'onboarding-liveness.json');
const DOCUMENT_PHOTO = path.join(host.ROOT, 'examples', 'images', 'ana-id.png');
/**
 * The Wait's time limit here: longer than the e2e variant's 20 s. It only ends a wait MostQi never
 * answers, which no check here plays; on two shared cores the hop from the Form Ending's POST to
 * the Wait and the person's capture may take longer than 20 s, and an ended wait would turn a
 * live person into "Review: No Answer in Time".
 */
const QUEUE_WAIT = { resumeAmount: 5, resumeUnit: 'minutes' };
const WAIT = 'Wait for MostQi';
/** The nodes that run after the Wait on the paths the checks take. */
const AFTER_WAIT = ['Get Liveness Result', 'Route by Status'];

/**
 * The example's test variant (test/e2e/livenessWorkflows.js) with the cluster's credential and
 * the queue's Wait limit. Returns the example and the variant.
 */
function livenessWorkflow(credential) {
	const example = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
	const variant = lw.sessionVariant(example);
	variant.id = 'mostqi-queue-liveness';
	variant.name = `${example.name} (queue)`;
	for (const node of variant.nodes) {
		if (node.credentials?.mostQiApi)
			node.credentials.mostQiApi = { id: credential.id, name: credential.name };
		if (node.name === WAIT) Object.assign(node.parameters, QUEUE_WAIT);
	}
	return { example, variant };
}

/**
 * MostQi saw exactly these requests since the last reset, and one token per request: every
 * request on a fresh token, none used twice, the client key only ever sent for a token.
 */
function billed(emulator, expected) {
	const requests = {
		detect: emulator.liveness.requests(DETECT_PATH),
		start: emulator.liveness.requests(SESSION_PATH),
		status: emulator.liveness.requests(STATUS_PATH),
		compare: emulator.compares(),
	};
	const counts = Object.fromEntries(Object.entries(requests).map(([k, v]) => [k, v.length]));
	const all = Object.values(requests).flat();
	const tokens = emulator.log.filter((e) => e.path === AUTH_PATH && e.status === 200).length;
	assert.deepEqual(counts, { detect: 0, ...expected }, 'MostQi requests by route');
	assert.equal(
		tokens,
		all.length,
		`one token per request: ${tokens} tokens, ${all.length} requests`,
	);
	assert.ok(
		all.every((e) => e.token?.verdict === 'fresh'),
		`a request without a fresh token: ${JSON.stringify(all.map((e) => e.token))}`,
	);
	assert.equal(new Set(all.map((e) => e.token.jti)).size, all.length, 'a token was used twice');
	for (const entry of emulator.log)
		if (entry.clientKeyInRequest) assert.equal(entry.path, AUTH_PATH, 'client key sent to MostQi');
	return { ...counts, tokens };
}

/**
 * @param {{cluster: any, emulator: any, check: Function, variant: any, example: any, report: any}} options
 */
async function livenessChecks({ cluster, emulator, check, variant, example, report }) {
	const main = cluster.main;
	const flatted = require(
		path.join(__dirname, '..', 'e2e', 'hosts', cluster.host.name, 'node_modules', 'flatted'),
	);
	const control = async (method, route, body) => {
		const res = await fetch(`${emulator.url}/__emulator/liveness/${route}`, {
			method,
			headers: { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const json = await res.json();
		assert.equal(res.status, 200, `emulator control ${route}: ${JSON.stringify(json)}`);
		return json;
	};

	/** The execution as the main's REST API gives it, with its run data parsed. */
	const getExecution = async (executionId) => {
		const got = await main.rest('GET', `/rest/executions/${executionId}`);
		const execution = got.json?.data;
		const data = typeof execution?.data === 'string' ? flatted.parse(execution.data) : undefined;
		return { status: execution?.status, run: data ? { data } : undefined };
	};
	const lastNode = (e) => e.run?.data?.resultData?.lastNodeExecuted;
	/** Polls until `done(value)`; fails with what it last saw after `ms`. */
	const until = async (what, ms, probe, done = Boolean) => {
		let last;
		for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(250)) {
			last = await probe();
			if (done(last)) return last;
		}
		assert.fail(
			`${what}: not within ${ms / 1000} s (last seen: ${JSON.stringify(last)?.slice(0, 300)})`,
		);
	};
	const executionUntil = async (executionId, done, ms, what) => {
		const execution = await until(
			`execution ${executionId} ${what}`,
			ms,
			() => getExecution(executionId),
			done,
		);
		return execution;
	};

	/**
	 * The person submits the form (to the main's /form/ URL) and follows n8n's pages as its
	 * browser script does, up to the Wait: the form's answer names the form-waiting page, which
	 * (once a worker ran the first part and the execution waits there) is the Form Ending with its
	 * redirect to MostQi's sessionUrl; the page's own POST resumes the execution, whose second part
	 * (on a worker again) reaches the Wait.
	 */
	const applicant = async (fullName, email) => {
		const trigger = variant.nodes.find((n) => n.type === 'n8n-nodes-base.formTrigger');
		const body = new FormData();
		body.append('field-0', fullName);
		body.append('field-1', email);
		body.append(
			'field-2',
			new Blob([fs.readFileSync(DOCUMENT_PHOTO)], { type: 'image/png' }),
			'ana-id.png',
		);
		const submitted = await fetch(`${main.url}/form/${trigger.webhookId}`, {
			method: 'POST',
			body,
		});
		const answer = await submitted.text();
		assert.equal(submitted.status, 200, answer.slice(0, 500));
		const formWaitingUrl = JSON.parse(answer).formWaitingUrl;
		assert.ok(formWaitingUrl, `the form's answer names no next page: ${answer.slice(0, 300)}`);
		const page = new URL(formWaitingUrl);
		assert.equal(page.origin, main.url, "the next page is not on the main's URL");
		const executionId = /\/form-waiting\/([^/?]+)/.exec(page.pathname)?.[1];
		assert.ok(executionId, formWaitingUrl);
		const statusUrl = new URL(page);
		statusUrl.pathname += '/n8n-execution-status';
		const state = await until(
			`execution ${executionId} at the Form Ending`,
			120_000,
			async () => (await (await fetch(statusUrl)).text()).trim(),
			(s) => ['form-waiting', 'error', 'crashed', 'success'].includes(s),
		);
		assert.equal(state, 'form-waiting', `execution ${executionId} never reached the Form Ending`);
		const ending = await fetch(page);
		const html = await ending.text();
		assert.equal(ending.status, 200, html.slice(0, 500));
		const href = /id=['"]redirectUrl['"] href=['"]([^'"]+)['"]/.exec(html)?.[1];
		assert.ok(href, `the Form Ending has no redirect link: ${html.slice(0, 500)}`);
		const sessionUrl = href.replaceAll('&amp;', '&');
		const sessions = await control('GET', 'sessions');
		const session = sessions.find((s) => s.sessionUrl === sessionUrl);
		assert.ok(session, `the Form Ending sends the person to ${sessionUrl}, not a MostQi session`);
		const resumed = await fetch(page, { method: 'POST', body: '{}' });
		assert.equal(resumed.status, 200, (await resumed.text()).slice(0, 300));
		await executionUntil(
			executionId,
			(e) => e.status === 'waiting' && lastNode(e) === WAIT,
			120_000,
			`waiting at "${WAIT}"`,
		);
		return { executionId, sessionUrl, session };
	};

	/**
	 * One person from the form to the end step: MostQi's outcome set for their session (a control
	 * route), "Start capture", MostQi's call of the resume URL, the execution's end. Returns what
	 * the checks look at, with the logs' job events from the moment before "Start capture".
	 */
	const playSession = async (fullName, email, outcome) => {
		const flow = await applicant(fullName, email);
		await control(
			'POST',
			`sessions/${encodeURIComponent(flow.session.processId)}/outcome`,
			outcome,
		);
		// the part that reached the Wait is over in every log (its worker writes "finished" after
		// saving the execution, the main after hearing of it): what follows is the resumed part's
		await until(
			`the logs to close the parts of execution ${flow.executionId} so far`,
			60_000,
			async () => {
				const events = await jobEventsOf(flow.executionId);
				const jobs = (list, event) =>
					JSON.stringify(
						[...new Set(list.filter((e) => e.event === event).map((e) => e.job))].sort(),
					);
				const workers = cluster.workers.map((w) => events[w.name]);
				return (
					jobs(events.main, 'enqueued') === jobs(events.main, 'finished') &&
					jobs(events.main, 'enqueued') === jobs(workers.flat(), 'started') &&
					workers.every((list) => jobs(list, 'started') === jobs(list, 'finished'))
				);
			},
		);
		// where each log stands before MostQi can call
		const marks = new Map([main, ...cluster.workers].map((p) => [p.logFile, logLength(p.logFile)]));
		const pressedAt = Date.now();
		await pressStart(flow.sessionUrl);
		const calls = await until(
			'MostQi to call the resume URL',
			60_000,
			async () =>
				(await control('GET', 'webhooks')).filter((c) => c.processId === flow.session.processId),
			(c) => c.length > 0,
		);
		const execution = await executionUntil(
			flow.executionId,
			(e) => ['success', 'error', 'crashed', 'canceled'].includes(e.status) && lastNode(e) !== WAIT,
			180_000,
			'finished',
		);
		assert.equal(
			execution.status,
			'success',
			JSON.stringify(execution.run?.data?.resultData?.error ?? {}).slice(0, 1500),
		);
		const runData = execution.run.data.resultData.runData;
		const reached = lw.ENDS.filter((step) => runData[step]);
		assert.equal(reached.length, 1, `end steps reached: ${reached.join(', ')}`);
		const item = host.nodeResult(execution.run, reached[0]).items?.[0];
		return { ...flow, marks, pressedAt, calls, execution, runData, step: reached[0], item };
	};

	/** Every process's job events for one execution, by process name. */
	const jobEventsOf = async (executionId, marks) => {
		const out = {};
		for (const p of [{ name: 'main', logFile: main.logFile }, ...cluster.workers])
			out[p.name] = jobEvents(p.logFile, marks?.get(p.logFile) ?? 0).filter(
				(e) => e.executionId === executionId,
			);
		return out;
	};

	/**
	 * The part after the Wait ran on a worker: after "Start capture", the main enqueued exactly
	 * one job for the execution (MostQi's call to the resume URL), exactly one worker started and
	 * finished that job, the main heard it finish, and the main ran no part of any execution
	 * (a main's log never says `Worker started`). Also: every part of the execution (the form's
	 * submission, the Form Ending's POST, the resume) was a job some worker ran, and the nodes
	 * after the Wait started after "Start capture" (MostQi calls once the capture ended). Returns
	 * the worker of each part.
	 */
	const assertResumedOnWorker = async (flow) => {
		const { executionId } = flow;
		// a worker logs "finished" after it saved the execution: wait for the line
		const after = await until(
			`the logs to tell who ran execution ${executionId} after the Wait`,
			60_000,
			async () => {
				const events = await jobEventsOf(executionId, flow.marks);
				const finished = events.main.filter((e) => e.event === 'finished');
				return finished.length > 0 ? events : undefined;
			},
		);
		const enqueued = after.main.filter((e) => e.event === 'enqueued');
		assert.equal(
			enqueued.length,
			1,
			`the main enqueued ${enqueued.length} jobs for execution ${executionId} after "Start capture": ${JSON.stringify(after.main)}`,
		);
		const job = enqueued[0].job;
		assert.deepEqual(
			after.main.map((e) => [e.event, e.job]),
			[
				['enqueued', job],
				['finished', job],
			],
			"the main's log for the resumed part",
		);
		const ranBy = cluster.workers.filter((w) =>
			after[w.name].some((e) => e.event === 'started' && e.job === job),
		);
		assert.equal(
			ranBy.length,
			1,
			`job ${job} started on ${ranBy.length} workers: ${JSON.stringify(after)}`,
		);
		const worker = ranBy[0];
		assert.deepEqual(
			after[worker.name].map((e) => [e.event, e.job]),
			[
				['started', job],
				['finished', job],
			],
			`${worker.name}'s log for the resumed part`,
		);
		for (const w of cluster.workers)
			if (w !== worker)
				assert.deepEqual(after[w.name], [], `${w.name} also ran execution ${executionId}`);
		assert.doesNotMatch(
			fs.readFileSync(main.logFile, 'utf8'),
			/Worker started execution/,
			'the main ran an execution itself',
		);
		// the nodes after the Wait ran after "Start capture", so after MostQi's call
		for (const node of AFTER_WAIT) {
			const startTime = flow.runData[node]?.[0]?.startTime;
			assert.ok(
				startTime >= flow.pressedAt,
				`${node} started at ${startTime}, "Start capture" was pressed at ${flow.pressedAt}`,
			);
		}
		// every part of the execution was a job a worker ran: the form, the Form Ending's POST, the resume
		const all = await jobEventsOf(executionId);
		const parts = all.main.filter((e) => e.event === 'enqueued').map((e) => e.job);
		assert.equal(parts.length, 3, `parts of execution ${executionId}: jobs ${parts.join(', ')}`);
		assert.equal(parts.at(-1), job);
		const workerOf = parts.map((j) => {
			const by = cluster.workers.filter((w) =>
				all[w.name].some((e) => e.event === 'finished' && e.job === j),
			);
			assert.equal(by.length, 1, `job ${j} finished on ${by.length} workers`);
			return by[0].name;
		});
		return { job, worker: worker.name, parts: parts.map((j, i) => `job ${j} on ${workerOf[i]}`) };
	};

	/** MostQi called the resume URL once, on the main, with the example's header and query string. */
	const assertWebhook = (flow, status) => {
		assert.deepEqual(
			flow.calls.map((c) => [c.target, c.sessionStatus, c.httpStatus, c.headerNames, c.queryNames]),
			[['url', status, 200, ['X-Onboarding-Flow'], ['flow']]],
			JSON.stringify(flow.calls),
		);
		const resumeUrl = new URL(flow.calls[0].url);
		assert.equal(resumeUrl.origin, main.url, "the resume URL does not lead to the main's port");
		assert.equal(resumeUrl.pathname, `/webhook-waiting/${flow.executionId}`);
		const call = host.nodeResult(flow.execution.run, WAIT).items?.[0]?.json;
		assert.equal(call?.query?.flow, 'onboarding-liveness', JSON.stringify(call));
		assert.equal(call?.headers?.['x-onboarding-flow'], 'onboarding-liveness');
	};

	report.liveness = {};
	await check(
		"liveness: a hosted session started on a worker is resumed by MostQi's webhook and finishes on a worker: form → Start Session → MostQi's page → the resume URL on the main → a worker runs Get Result → Face Compare → Approve; MostQi billed start 1, status 1, compare 1, one token each",
		async () => {
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
			emulator.reset();
			const flow = await playSession('Ana Souza', 'ana@example.com', {
				outcome: 'live',
				person: 'ana',
			});
			assert.equal(flow.step, 'Approve', JSON.stringify(flow.item?.json));
			assert.deepEqual(
				[flow.item.json.applicant, flow.item.json.email, flow.item.json.outcome],
				['Ana Souza', 'ana@example.com', 'approved'],
			);
			const result = host.nodeResult(flow.execution.run, 'Get Liveness Result').items[0];
			assert.deepEqual(
				[result.json.status, result.json.isLive, result.json.processId],
				['DONE', true, flow.session.processId],
			);
			assert.deepEqual(
				emulator.compares().map((c) => c.faces),
				[{ A: 'ana', B: 'ana' }],
				'Face Compare got the frontal face and the document photo',
			);
			assertWebhook(flow, 'DONE');
			const worker = await assertResumedOnWorker(flow);
			const counts = billed(emulator, { start: 1, status: 1, compare: 1 });
			// MostQi's page then sends the person to the workflow's own page, on the main
			const back = await fetch(flow.sessionUrl, { redirect: 'manual' });
			assert.equal(back.status, 303);
			assert.equal(back.headers.get('location'), `${main.url}/webhook/mostqi-liveness-done`);
			const thanks = await fetch(back.headers.get('location'));
			assert.match(await thanks.text(), /Your identity check is done/);
			report.liveness.approve = {
				executionId: flow.executionId,
				resumedAs: worker.parts.at(-1),
				parts: worker.parts,
				mostqi: counts,
				resumedWithinMs: flow.calls[0].at - flow.pressedAt,
			};
			console.log(
				`      execution ${flow.executionId}: ${worker.parts.join(', ')} (the last one resumed by MostQi's call); MostQi saw ${JSON.stringify(counts)}`,
			);
		},
	);

	await check(
		'liveness: a photo of a photo, resumed on a worker, ends on "Reject: Not Live" with no Face Compare; MostQi billed start 1, status 1, one token each',
		async () => {
			emulator.reset();
			const flow = await playSession('Carla Dias', 'carla@example.com', {
				outcome: 'spoof',
				person: 'carla',
			});
			assert.equal(flow.step, 'Reject: Not Live', JSON.stringify(flow.item?.json));
			assert.equal(flow.item.json.outcome, 'rejected');
			assert.ok(flow.item.json.livenessScore < 0.8, JSON.stringify(flow.item.json));
			assert.equal(flow.runData['MostQi Face Compare'], undefined, 'Face Compare ran');
			assertWebhook(flow, 'DONE');
			const worker = await assertResumedOnWorker(flow);
			const counts = billed(emulator, { start: 1, status: 1, compare: 0 });
			report.liveness.spoof = {
				executionId: flow.executionId,
				resumedAs: worker.parts.at(-1),
				parts: worker.parts,
				mostqi: counts,
			};
			console.log(
				`      execution ${flow.executionId}: ${worker.parts.join(', ')}; MostQi saw ${JSON.stringify(counts)}`,
			);
		},
	);
}

module.exports = { livenessWorkflow, livenessChecks };
