'use strict';
/**
 * End-to-end checks of n8n's node Settings and of the ways n8n runs the node more than once or
 * from elsewhere, on one host: Retry On Fail under each On Error mode (all items succeed; the
 * first item fails), Always Output Data with no input items, Execute Once, pinned input data,
 * Loop Over Items, a sub-workflow. Each counts what MostQi (the emulator) saw against what the
 * builder asked for (MostQi bills every comparison and every token is single-use) and checks
 * one output item per input item, paired with it.
 */
const assert = require('node:assert/strict');
const path = require('node:path');

const { AUTH_PATH } = require('../emulator/server');
const { makePng } = require('../fixtures/images');
const host = require('./n8nHost');
const sw = require('./settingsWorkflows');

const pair = (person, i = 0) => ({
	person,
	selfie: makePng(person, { seed: `rs${i}` }).toString('base64'),
	document: makePng(person, { seed: `rd${i}` }).toString('base64'),
});
const pairs = (prefix, n) => Array.from({ length: n }, (_, i) => pair(`${prefix}${i}`, i));

/**
 * n8n's Retry On Fail, as test/e2e/hosts/<host>/node_modules/n8n-core/dist/execution-engine/
 * workflow-execute.js does it (n8n-core 1.122.48 in n8n 1.123, 2.0.2 in n8n 2.0, 2.41.1 in 2.41).
 * Settings → Max Tries, clamped to 2..5 (0 or unset: 3), is how many times n8n runs the node;
 * Wait Between Tries is clamped to 0..5000 ms (0 or unset: 1000). Lines 864/868 (1.123),
 * 850/854 (2.0), 937/938 (2.41).
 * - The node throws (On Error: Stop and any item failed): n8n runs the whole node again, up to
 *   Max Tries runs in all.
 * - The node returns items: n8n runs the whole node again, up to Max Tries runs in all, while
 *   the first item of the first output "is an error":
 *   1.123 (lines 907-909) and 2.0 (lines 893-895): `runNodeData.data?.[0]?.[0]?.json?.error !==
 *   undefined`, so an `error` key holding null counts;
 *   2.41 (lines 1205-1206, 1232): `isErrorValue(data.data?.[0]?.[0]?.json?.error)`, true unless
 *   undefined, null or false.
 *   Only the first item is looked at (a failed later item is never retried), and on what the
 *   node returned, before n8n moves error items to the error output (so "Continue (using error
 *   output)" retries too).
 * Every run compares every item it gets to again: what "the builder asked for" counts them all.
 */
const NULL_ERROR_IS_FAILURE = { 'n8n-1.123': true, 'n8n-2.0': true, 'n8n-2.41': false };

/** The comparisons and tokens MostQi saw since the last reset, each comparison on a fresh token. */
function billed(emulator) {
	const compares = emulator.compares();
	const tokens = emulator.log.filter((e) => e.path === AUTH_PATH && e.status === 200).length;
	return { compares, tokens };
}

function assertBilled(emulator, expected, what, why = '') {
	const { compares, tokens } = billed(emulator);
	const seen = { comparisons: compares.length, tokens };
	console.log(
		`      ${what}: MostQi saw ${seen.comparisons} comparisons, ${seen.tokens} tokens (asked for ${expected})`,
	);
	assert.deepEqual(
		seen,
		{ comparisons: expected, tokens: expected },
		`${what}: comparisons and tokens MostQi saw${why}`,
	);
	assert.ok(
		compares.every((c) => c.token?.verdict === 'fresh'),
		JSON.stringify(compares.map((c) => c.token)),
	);
	assert.equal(
		new Set(compares.map((c) => c.token.jti)).size,
		compares.length,
		'no token used twice',
	);
}

const noRun = (res) => `stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`;

/** One output item per input item, in order, paired with it, for these persons. */
function assertPaired(items, persons) {
	assert.deepEqual(
		items.map((it) => it.json.person),
		persons,
	);
	assert.deepEqual(
		items.map((it) => it.pairedItem),
		persons.map((_, item) => ({ item })),
	);
}

/** A success item: a similarity and no `error` key (n8n 1.x and 2.0 would retry on one). */
function assertSuccess(item) {
	assert.equal(typeof item.json.similarity, 'number', JSON.stringify(item.json));
	assert.ok(
		!('error' in item.json),
		`a success item with an error key: ${JSON.stringify(item.json)}`,
	);
}

/**
 * Runs the workflow as n8n's editor does (a manual execution through the REST API of a running
 * n8n): the only executions that use pinned data; `n8n execute` runs in mode 'cli', for which
 * every host's workflow-runner.js passes no pinned data (pinData only when the mode is 'manual'
 * or 'evaluation'). Returns the run data of the execution once it has succeeded.
 */
async function runManually(target, server, workflow) {
	const started = await server.rest('POST', `/rest/workflows/${workflow.id}/run`, {
		workflowData: workflow,
		triggerToStartFrom: { name: workflow.nodes[0].name },
	});
	assert.equal(started.status, 200, started.text.slice(0, 500));
	const executionId = started.json?.data?.executionId;
	assert.ok(executionId, `no execution: ${started.text.slice(0, 500)}`);
	const flatted = require(path.join(__dirname, 'hosts', target.name, 'node_modules', 'flatted'));
	for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
		const got = await server.rest('GET', `/rest/executions/${executionId}`);
		const execution = got.json?.data;
		// the execution's data as n8n stores it (flatted), once it has ended; n8n 1.x on SQLite
		// writes the final status a moment before the final data (two updates, not one
		// transaction: ExecutionRepository.updateExistingExecution), so until the data names the
		// last node run it is still the data saved when the execution began
		const run =
			typeof execution?.data === 'string' ? { data: flatted.parse(execution.data) } : undefined;
		if (
			['success', 'error', 'crashed', 'canceled'].includes(execution?.status) &&
			run?.data?.resultData?.lastNodeExecuted
		) {
			if (execution.status !== 'success')
				assert.fail(
					`${execution.status}: ${JSON.stringify(run.data.resultData.error ?? {}).slice(0, 1500)}`,
				);
			return run;
		}
		await new Promise((r) => setTimeout(r, 300));
	}
	throw new Error(`execution ${executionId} did not finish in 60 s`);
}

async function settingsChecks({ target, folder, emulator, check }) {
	const name = target.name;
	const persons = (list) => list.map((p) => p.person);
	assert.notEqual(
		NULL_ERROR_IS_FAILURE[name],
		undefined,
		`the Retry On Fail rule of ${name} is written down above`,
	);
	/** What a count above the expected one means on this host. */
	const rerunHint = NULL_ERROR_IS_FAILURE[name]
		? ` (${name} runs the node again while its first item has an \`error\` key, even one holding null)`
		: '';

	const modes = ['stop', 'continue', 'errorOutput'];
	const retryAllOk = Object.fromEntries(
		modes.map((mode) => [mode, { pairs: pairs(`ok-${mode}-`, 2) }]),
	);
	const retryFirstFails = Object.fromEntries(
		modes.map((mode) => [mode, { pairs: pairs(`ff-${mode}-`, 3) }]),
	);
	for (const mode of modes) {
		retryAllOk[mode].workflow = sw.retryOnFail(
			`retry-${mode}-all-ok`,
			retryAllOk[mode].pairs,
			mode,
		);
		retryFirstFails[mode].workflow = sw.retryOnFail(
			`retry-${mode}-first-fails`,
			retryFirstFails[mode].pairs,
			mode,
			{ concurrency: 1 },
		);
	}
	const v1Pairs = pairs('v1-', 2);
	const others = {
		retryV1: sw.retryOnFail('retry-continue-all-ok-v1', v1Pairs, 'continue', { version: 1 }),
		always: sw.alwaysOutputNoInput('always-output-no-input'),
		once: sw.executeOnce('execute-once', pairs('once-', 3)),
		loop: sw.loopOverItems('loop-over-items', pairs('loop-', 5), 2),
		...sw.subWorkflow('sub-workflow', pairs('sub-', 3)),
	};
	const pinnedRows = Array.from({ length: 3 }, (_, i) => ({
		person: `pin-${i}`,
		selfieUrl: emulator.addFile(`pin-${i}-selfie.png`, makePng(`pin-${i}`, { seed: 's' })),
		documentBase64: makePng(`pin-${i}`, { seed: 'd' }).toString('base64'),
	}));
	const pinned = sw.pinnedInput('pinned-input', pinnedRows);
	const all = [
		...modes.flatMap((mode) => [retryAllOk[mode].workflow, retryFirstFails[mode].workflow]),
		...Object.values(others),
		pinned,
	];
	// one import for all (n8n's import:workflow takes a list); a failure fails the host's check
	await host.importWorkflow(target, folder, all);

	const execute = async (workflow) => {
		const result = await host.execute(target, folder, workflow.id);
		assert.ok(result.run, `no run; ${noRun(result.res)}`);
		return result;
	};
	/** The node's two outputs under "Continue (using error output)" (the second empty otherwise). */
	const outputs = (task) => [task?.data?.main?.[0] ?? [], task?.data?.main?.[1] ?? []];

	for (const mode of modes) {
		const { workflow, pairs: input } = retryAllOk[mode];
		await check(
			`${name} [settings]: Retry On Fail, On Error ${mode}, all items succeed: one comparison per item`,
			async () => {
				emulator.reset();
				const { task, res } = await execute(workflow);
				assert.equal(res.status, 0, noRun(res));
				// every item succeeded on the first run: nothing for n8n to retry
				assertBilled(
					emulator,
					input.length,
					`${input.length} items, maxTries ${sw.RETRY.maxTries}`,
					rerunHint,
				);
				const [ok, failed] = outputs(task);
				assertPaired(ok, persons(input));
				ok.forEach(assertSuccess);
				assert.equal(failed.length, 0);
			},
		);
	}
	for (const mode of modes) {
		const { workflow, pairs: input } = retryFirstFails[mode];
		await check(
			`${name} [settings]: Retry On Fail, On Error ${mode}, the first item fails once: n8n's retry pays what it asks for`,
			async () => {
				emulator.reset();
				// the failure: MostQi answers the first comparison (item 0: the node compares one item
				// at a time here and its own retries are off) with E100, a fault that passes on a retry
				emulator.scriptNext('compare', { status: 500, body: emulator.errorBody('E100') });
				const { task, res } = await execute(workflow);
				assert.equal(res.status, 0, noRun(res));
				// Stop: the node throws at item 0 without starting items 1.. (1 comparison); n8n runs it
				// again and all succeed (n). Continue: the node returns item 0 as an error item and
				// compares the others (n); n8n sees the error on the first item and runs the whole node
				// again (n); the second run's first item is a success: no third run. Error output: the
				// node puts item 0 after the successes on the first output (n8n moves it to the error
				// output all the same), so the first item n8n looks at is a success: one run (n), item 0
				// on the error output, nothing paid twice.
				const n = input.length;
				const all = persons(input);
				const expected = { stop: [all[0], ...all], continue: [...all, ...all], errorOutput: all }[
					mode
				];
				assertBilled(
					emulator,
					expected.length,
					`${n} items, item 0 failing once, maxTries ${sw.RETRY.maxTries}`,
					rerunHint,
				);
				// in that order (one at a time): a count alone would not tell n8n's second run from a
				// node that paid every item twice in one run
				assert.deepEqual(
					emulator.compares().map((c) => [c.faces?.A, c.status]),
					expected.map((p, i) => [p, i === 0 ? 500 : 200]),
				);
				const [ok, failed] = outputs(task);
				if (mode === 'errorOutput') {
					assert.deepEqual(
						ok.map((it) => [it.json.person, it.pairedItem]),
						all.slice(1).map((p, i) => [p, { item: i + 1 }]),
					);
					assert.deepEqual(
						failed.map((it) => [it.json.person, it.json.error?.errorCode, it.pairedItem]),
						[[all[0], 'E100', { item: 0 }]],
					);
				} else {
					assertPaired(ok, persons(input));
					assert.equal(failed.length, 0);
				}
				ok.forEach(assertSuccess);
			},
		);
	}
	await check(
		`${name} [settings]: Retry On Fail, node version 1, On Error continue, all items succeed: one comparison per item`,
		async () => {
			emulator.reset();
			const { items, res } = await execute(others.retryV1);
			assertBilled(emulator, v1Pairs.length, `version 1, ${v1Pairs.length} items`);
			assert.ok(items, noRun(res));
			assert.deepEqual(
				items.map((it) => it.pairedItem),
				[{ item: 0 }, { item: 1 }],
			);
			assert.ok(
				items.every((it) => typeof it.json.similarity === 'number' && !('error' in it.json)),
				JSON.stringify(items.map((it) => it.json)),
			);
		},
	);
	await check(`${name} [settings]: Always Output Data, no input items: no comparison`, async () => {
		emulator.reset();
		const { run, res } = await execute(others.always);
		assert.equal(res.status, 0, noRun(res));
		assertBilled(emulator, 0, 'no input items');
		// n8n starts a node only for a non-empty input: the node never runs, so its Always Output
		// Data (which fills an empty output of a node that ran) has nothing to fill
		const runData = run.data.resultData.runData;
		assert.deepEqual(runData['Make Items']?.[0]?.data?.main?.[0], []);
		assert.equal(
			runData['MostQi Face Compare'],
			undefined,
			JSON.stringify(runData['MostQi Face Compare']),
		);
		assert.equal(runData.After, undefined);
	});
	await check(
		`${name} [settings]: Execute Once, 3 items in: one comparison, one item out paired with item 0`,
		async () => {
			emulator.reset();
			const { items, res } = await execute(others.once);
			assert.ok(items, noRun(res));
			assertBilled(emulator, 1, '3 items, Execute Once');
			assertPaired(items, ['once-0']);
			assertSuccess(items[0]);
			assert.deepEqual(emulator.compares()[0].faces, { A: 'once-0', B: 'once-0' });
		},
	);
	await check(
		`${name} [settings]: Loop Over Items, 5 items in batches of 2: the node runs 3 times, one comparison per item`,
		async () => {
			emulator.reset();
			const { run, res } = await execute(others.loop);
			assert.equal(res.status, 0, noRun(res));
			assertBilled(emulator, 5, '5 items in 3 runs');
			const runs = run.data.resultData.runData['MostQi Face Compare'] ?? [];
			assert.equal(runs.length, 3, 'one run per batch');
			// each run's items are paired with that run's input (the batch)
			assertPaired(runs[0].data.main[0], ['loop-0', 'loop-1']);
			assertPaired(runs[1].data.main[0], ['loop-2', 'loop-3']);
			assertPaired(runs[2].data.main[0], ['loop-4']);
			runs.forEach((r) => r.data.main[0].forEach(assertSuccess));
			const done = host.nodeResult(run, 'Done').items ?? [];
			assert.deepEqual(
				done.map((it) => it.json.person),
				['loop-0', 'loop-1', 'loop-2', 'loop-3', 'loop-4'],
			);
		},
	);
	// The two checks below run as n8n's editor runs a workflow (manual runs through the REST API
	// of one n8n server): pinned data is used by manual runs only, and a sub-workflow is called
	// without being published first only by a manual run of n8n 2.41.
	let server;
	const serverStarted = async () => {
		if (server) return;
		// the credential check's server has set the instance owner up; n8n's own reset gives the
		// instance back its first-start state (workflows and credentials stay with the owner), so
		// that startServer can set the owner up again
		const reset = await host.n8n(target, folder, ['user-management:reset']);
		assert.equal(reset.status, 0, `user-management:reset: ${reset.stderr}${reset.stdout}`);
		server = await host.startServer(target, folder);
	};
	try {
		await check(
			`${name} [settings]: pinned input data (a manual run, as in the editor): one comparison per pinned item`,
			async () => {
				await serverStarted();
				emulator.reset();
				const run = await runManually(target, server, pinned);
				assertBilled(emulator, 3, '3 pinned items');
				const { items } = host.nodeResult(run);
				assert.ok(items?.length, `no items: ${JSON.stringify(run.data.resultData).slice(0, 3000)}`);
				assertPaired(items, ['pin-0', 'pin-1', 'pin-2']);
				items.forEach(assertSuccess);
				assert.deepEqual(
					emulator.compares().map((c) => c.sent),
					Array(3).fill({ A: 'url', B: 'base64' }),
				);
			},
		);
		await check(
			`${name} [settings]: called in a sub-workflow (Execute Workflow once for all items, a manual run): one comparison per item, paired through the call`,
			async () => {
				await serverStarted();
				// n8n 2.0 calls only the published version of a sub-workflow ("Workflow is not active
				// and cannot be executed", getWorkflowData in workflow-execute-additional-data.js);
				// 2.41 too unless the caller runs manually; 1.x the saved one. A builder publishes it.
				if (Number(host.hostVersion(target).split('.')[0]) >= 2)
					await host.activateThroughRest(server.rest, others.sub);
				emulator.reset();
				const run = await runManually(target, server, others.caller);
				assertBilled(emulator, 3, '3 items through the sub-workflow');
				const items = host.nodeResult(run, 'Call Sub-workflow').items ?? [];
				// Execute Workflow follows each item's pairedItem back through the sub-workflow's run
				// to the item it was called with
				assertPaired(items, ['sub-0', 'sub-1', 'sub-2']);
				items.forEach(assertSuccess);
			},
		);
	} finally {
		await server?.stop();
	}
}

module.exports = { settingsChecks, NULL_ERROR_IS_FAILURE };
