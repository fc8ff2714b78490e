#!/usr/bin/env node
'use strict';
/**
 * End-to-end suite: the packed package installed into real n8n hosts the way n8n installs a
 * community package, credentials and workflows imported with n8n's CLI, run with
 * `n8n execute --id`, and the items that come out checked against the emulator's log.
 */
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { startEmulator } = require('../emulator/server');
const { makePng } = require('../fixtures/images');
const { checkRunner } = require('../support/checks');
const { decisionChecks } = require('./decisionChecks');
const host = require('./n8nHost');
const { installChecks } = require('./installChecks');
const { livenessChecks } = require('./livenessChecks');
const { settingsChecks } = require('./settingsChecks');
const wf = require('./workflows');

const CLIENT_KEY = 'ck_e2e_3c9d2b7a41f04e8d9b6a5c3e2f1d0a9b';
const WRONG_KEY = 'ck_e2e_wrong_77777777777777777777777777';
const GATEWAY_TOKEN = 'gw_e2e_5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d';
const onlyHost = process.env.E2E_HOST;
/** E2E_ONLY=<part of a check's name>: run only the checks whose names hold it (while developing). */
const onlyCheck = process.env.E2E_ONLY;

const runner = checkRunner();
const { results } = runner;
const check = (name, fn) =>
	!onlyCheck || name.includes(onlyCheck) || name.endsWith('package installs and runs')
		? runner.check(name, fn)
		: undefined;

async function runHost(target, tarball, emulator) {
	const folder = host.userFolder(tarball);
	const credential = {
		...wf.CREDENTIAL.mostQiApi,
		type: 'mostQiApi',
		data: { authType: 'clientKey', clientKey: CLIENT_KEY, baseUrl: emulator.url },
	};
	await host.importCredentials(target, folder, [credential]);

	const pair = (person, i) => ({
		person,
		selfie: makePng(person, { seed: `s${i}` }).toString('base64'),
		document: makePng(i % 4 === 3 ? `${person}-x` : person, { seed: `d${i}` }).toString('base64'),
	});
	const selfiePath = path.join(folder, 'selfie.png');
	fs.writeFileSync(selfiePath, makePng('dora', { seed: 'disk' }));
	const docUrl = emulator.addFile('dora-document.png', makePng('dora', { seed: 'doc' }));
	const htmlPage = Buffer.from('<!DOCTYPE html><html>Not found</html>').toString('base64');
	const rows = Array.from({ length: 30 }, (_, i) => ({
		person: `p${i}`,
		selfieUrl: emulator.addFile(`p${i}-selfie.png`, makePng(`p${i}`, { seed: 's' })),
		documentBase64: makePng(i % 5 === 0 ? `p${i}-other` : `p${i}`, { seed: 'd' }).toString(
			'base64',
		),
	}));
	const workflows = {
		codeBinary: wf.codeBinary('code-binary', [pair('ann', 0), pair('ben', 3)]),
		diskBinary: wf.diskBinary('disk-binary', selfiePath, docUrl),
		httpBinary: wf.httpBinary(
			'http-binary',
			emulator.addFile('dora-selfie.png', makePng('dora', { seed: 'http' })),
			docUrl,
		),
		many: wf.urlAndBase64('many-items', rows),
		badStops: wf.badInput(
			'bad-stops',
			[pair('eve', 0), { ...pair('fay', 1), document: htmlPage }],
			false,
		),
		apiStops: wf.codeBinary('api-stops', [pair('eve', 0), pair('fay', 1)], {
			retries: 0,
			concurrency: 1,
		}),
		badContinues: wf.badInput(
			'bad-continues',
			[pair('eve', 0), { ...pair('fay', 1), document: htmlPage }, pair('gus', 2)],
			true,
		),
		faults: wf.faultMix(
			'fault-mix',
			Array.from({ length: 40 }, (_, i) => pair(`f${i}`, i)),
		),
		errorOutput: wf.errorOutput('error-output', [
			pair('eve', 0),
			{ ...pair('fay', 1), document: htmlPage },
			pair('gus', 2),
		]),
		version2: wf.version2('version-2', [
			{ ...pair('lea', 0), t: 0.6 },
			{ ...pair('max', 1), t: 0.99 },
			{ ...pair('ned', 2) },
		]),
		perItem: wf.perItemSources('per-item-sources', [
			{ person: 'hal', kind: 'binary', t: 0.75, ...pair('hal', 0) },
			{
				person: 'ida',
				kind: 'url',
				t: 0.99,
				selfieUrl: emulator.addFile('ida-selfie.png', makePng('ida', { seed: 'u' })),
				document: pair('ida', 1).document,
			},
			{
				person: 'jon',
				kind: 'base64',
				t: 0.5,
				selfie64: makePng('jon', { seed: 'b' }).toString('base64'),
				document: pair('jon', 2).document,
			},
			{ person: 'kim', kind: 'binary', ...pair('kim', 0) },
		]),
	};
	for (const workflow of Object.values(workflows))
		await host.importWorkflow(target, folder, workflow);

	const execute = async (workflow, env) => {
		emulator.reset();
		return await host.execute(target, folder, workflow.id, env);
	};
	const assertFreshTokens = () => {
		const compares = emulator.compares();
		assert.ok(compares.length > 0);
		assert.ok(
			compares.every((c) => c.token?.verdict === 'fresh'),
			JSON.stringify(compares.map((c) => c.token)),
		);
		assert.equal(new Set(compares.map((c) => c.token.jti)).size, compares.length);
		assert.ok(compares.every((c) => !c.clientKeyInRequest));
	};
	const assertNoSecrets = (text, where = 'output') => {
		for (const secret of [CLIENT_KEY, ...emulator.state.issuedTokens]) {
			assert.ok(
				!text.includes(secret),
				`a secret (${secret === CLIENT_KEY ? 'client key' : 'token'}) leaked into ${where}`,
			);
		}
	};
	/** Every file n8n wrote: the SQLite database (execution data), event logs, binary data. */
	const assertNoSecretsInFolder = (dir) => {
		let files = 0;
		const walk = (d) => {
			for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
				const full = path.join(d, entry.name);
				if (entry.isDirectory()) {
					if (entry.name !== 'node_modules') walk(full);
				} else if (entry.isFile()) {
					files += 1;
					assertNoSecrets(fs.readFileSync(full).toString('latin1'), full);
				}
			}
		};
		walk(dir);
		assert.ok(files > 3, 'the user folder holds what n8n wrote');
	};

	const name = target.name;
	await check(
		`${name}: every n8n-workflow export the package uses exists in this n8n`,
		async () => {
			// n8n-workflow drops exports between releases (sleepWithAbort is gone in 2.41); the
			// package gets n8n-workflow from the n8n it runs in, so check the built code against it
			const used = new Set();
			const walk = (dir) => {
				for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
					const full = path.join(dir, entry.name);
					if (entry.isDirectory()) walk(full);
					else if (entry.name.endsWith('.js')) {
						for (const m of fs.readFileSync(full, 'utf8').matchAll(/n8n_workflow_\d+\.(\w+)/g))
							used.add(m[1]);
					}
				}
			};
			walk(path.join(host.ROOT, 'dist'));
			assert.ok(used.size > 0);
			const workflowOfHost = require(
				path.join(__dirname, 'hosts', name, 'node_modules', 'n8n-workflow'),
			);
			const missing = [...used].filter((key) => workflowOfHost[key] === undefined);
			assert.deepEqual(missing, [], `missing in ${name}: ${missing.join(', ')}`);
		},
	);
	await check(`${name}: faces as binary from a Code node`, async () => {
		const { items, res } = await execute(workflows.codeBinary, {
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		});
		assert.ok(
			items,
			`no items; stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`,
		);
		assert.equal(items.length, 2);
		assert.deepEqual(
			items.map((it) => [it.json.person, it.json.isMatch]),
			[
				['ann', true],
				['ben', false],
			],
		);
		assert.deepEqual(
			items.map((it) => it.pairedItem),
			[{ item: 0 }, { item: 1 }],
		);
		assert.ok(items[0].binary.selfie, 'binary passes through');
		assertFreshTokens();
		assertNoSecrets(res.stdout + res.stderr);
	});
	// A file read by "Read/Write Files from Disk" is stored by n8n's binary data service, so in
	// filesystem and database modes the item holds only a reference that the node must resolve.
	for (const mode of host.binaryModes(target)) {
		await check(`${name} [${mode} binary mode]: face A read from disk, face B a URL`, async () => {
			// n8n 1.x makes only the filesystem mode available unless told otherwise
			const env = {
				N8N_DEFAULT_BINARY_DATA_MODE: mode,
				N8N_AVAILABLE_BINARY_DATA_MODES: 'filesystem,database',
			};
			const { items, res } = await execute(workflows.diskBinary, env);
			assert.ok(
				items,
				`no items; stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`,
			);
			assert.equal(items[0].json.isMatch, true);
			assert.deepEqual(emulator.compares()[0].sent, { A: 'base64', B: 'url' });
			assert.deepEqual(emulator.compares()[0].faces, { A: 'dora', B: 'dora' });
			const stored = String(items[0].binary.selfie.id ?? 'in memory');
			if (mode === 'default') assert.equal(stored, 'in memory');
			else assert.ok(stored.startsWith(mode), `stored as ${stored.slice(0, 40)}`);
		});
	}
	await check(`${name} [filesystem]: face A downloaded by HTTP Request`, async () => {
		const { items, res } = await execute(workflows.httpBinary, {
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		});
		assert.ok(
			items,
			`no items; stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`,
		);
		assert.equal(items[0].json.isMatch, true);
		assert.deepEqual(emulator.compares()[0].faces, { A: 'dora', B: 'dora' });
	});
	await check(`${name}: 30 items (URL and base64), each output paired with its input`, async () => {
		const { items, res } = await execute(workflows.many);
		assert.ok(
			items,
			`no items; stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`,
		);
		assert.equal(items.length, 30);
		const byPerson = new Map(emulator.compares().map((c) => [c.faces.A, c.requestId]));
		items.forEach((it, i) => {
			assert.deepEqual(it.pairedItem, { item: i });
			assert.equal(it.json.i, i);
			assert.equal(it.json.isMatch, i % 5 !== 0);
			assert.equal(it.json.requestId, byPerson.get(`p${i}`));
		});
		assertFreshTokens();
	});
	await check(
		`${name}: a bad input without Continue On Fail fails the execution with the node's message, before any comparison is paid`,
		async () => {
			const { error, res } = await execute(workflows.badStops);
			const text = JSON.stringify(error ?? {}) + res.stdout + res.stderr;
			assert.match(
				text,
				/Face B: binary field \\?"document\\?" is an HTML page, not an image or PDF that MostQi accepts \(row 2 of \d+, item 1 counting from 0\)/,
			);
			assert.notEqual(res.status, 0);
			// item 0 is fine, but the run fails anyway: every input is checked before anything is sent
			assert.equal(emulator.compares().length, 0);
		},
	);
	await check(
		`${name}: an API error without Continue On Fail fails the execution with the node's message`,
		async () => {
			emulator.reset();
			emulator.scriptNext('compare', { status: 500, body: emulator.errorBody('E100') });
			const { error, res } = await host.execute(target, folder, workflows.apiStops.id);
			const text = JSON.stringify(error ?? {}) + res.stdout + res.stderr;
			// item 0 meets the E100 (its retries are off): no later item starts, item 0 is reported
			assert.match(
				text,
				/MostQi refused the request: E100 The request could not be processed \(HTTP 500\) \(row 1 of \d+, item 0 counting from 0\)/,
			);
			assert.equal(emulator.compares().length, 1);
			assert.notEqual(res.status, 0);
			assertNoSecrets(res.stdout + res.stderr);
		},
	);
	await check(
		`${name}: a bad input and an API error with Continue On Fail become error items`,
		async () => {
			emulator.reset();
			// the workflow has retries off, so this E100 is final for the item that meets it
			emulator.scriptNext('compare', { status: 500, body: emulator.errorBody('E100') });
			const { items, res } = await host.execute(target, folder, workflows.badContinues.id);
			assert.ok(
				items,
				`no items; stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`,
			);
			assert.equal(items.length, 3);
			const codes = items.map((it) => it.json.errorCode ?? 'ok');
			assert.equal(codes[1], 'INVALID_INPUT');
			assert.deepEqual([...codes].sort(), ['E100', 'INVALID_INPUT', 'ok'].sort());
			const e100 = items.find((it) => it.json.errorCode === 'E100');
			assert.equal(e100.json.httpCode, 500);
			assert.equal(e100.json.attempts, 1);
			assert.ok(e100.json.requestId);
			assert.deepEqual(
				items.map((it) => it.pairedItem),
				[{ item: 0 }, { item: 1 }, { item: 2 }],
			);
			assertNoSecrets(res.stdout + res.stderr);
		},
	);
	await check(
		`${name}: Continue (using error output): successes on the first output, failures with their codes on the second`,
		async () => {
			emulator.reset();
			emulator.scriptNext('compare', { status: 500, body: emulator.errorBody('E100') });
			const { task, res } = await host.execute(target, folder, workflows.errorOutput.id);
			assert.ok(
				task,
				`no run; stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`,
			);
			const [ok, failed] = task.data.main;
			assert.equal(ok.length + failed.length, 3);
			assert.ok(
				ok.every((it) => typeof it.json.similarity === 'number'),
				JSON.stringify(ok.map((it) => it.json)),
			);
			const byItem = new Map(failed.map((it) => [it.pairedItem.item, it.json]));
			assert.equal(
				byItem.get(1)?.error?.errorCode,
				'INVALID_INPUT',
				JSON.stringify(failed.map((it) => it.json)),
			);
			assert.equal(byItem.get(1)?.person, 'fay', "n8n adds the input item's fields");
			assert.match(byItem.get(1).error.message, /HTML page/);
			const e100 = failed.find((it) => it.json.error.errorCode === 'E100');
			assert.ok(e100, 'the E100 item is on the error output');
			assert.deepEqual(
				[e100.json.error.httpCode, e100.json.error.attempts, typeof e100.json.error.requestId],
				[500, 1, 'string'],
			);
			assert.deepEqual([...ok, ...failed].map((it) => it.pairedItem.item).sort(), [0, 1, 2]);
			assertNoSecrets(res.stdout + res.stderr);
		},
	);
	await check(
		`${name}: node version 2: threshold parameter per item, input fields kept, a failed row with every column`,
		async () => {
			emulator.reset();
			const { items, res } = await host.execute(target, folder, workflows.version2.id);
			assert.ok(
				items,
				`no items; stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`,
			);
			// the decision first; a failed row adds its error columns after the others (no `error` key on a success)
			const columns = [
				'decision',
				'similarity',
				'isMatch',
				'threshold',
				'reviewThreshold',
				'requestId',
				'elapsedMilliseconds',
				'attempts',
			];
			for (const it of items) {
				const expected =
					it.json.decision === 'error' ? [...columns, 'error', 'errorCode', 'httpCode'] : columns;
				assert.deepEqual(Object.keys(it.json).slice(0, expected.length), expected);
			}
			assert.deepEqual(
				items.map((it) => [
					it.json.person,
					it.json.decision,
					it.json.threshold,
					it.json.isMatch,
					it.json.errorCode ?? null,
				]),
				[
					['lea', 'match', 0.6, true, null],
					['max', 'mismatch', 0.99, false, null],
					['ned', 'error', null, null, 'INVALID_INPUT'],
				],
			);
			assert.match(
				items[2].json.error,
				/^"Match Threshold" must be a number from 0 to 1, not nothing \(row 3 of 3, item 2 counting from 0\)/,
			);
			assert.equal(emulator.compares().length, 2);
			assertFreshTokens();
		},
	);
	await check(
		`${name}: sources and threshold chosen per item by expression (binary, URL, base64 in one run)`,
		async () => {
			const { items, res } = await execute(workflows.perItem, {
				N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
			});
			assert.ok(
				items,
				`no items; stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`,
			);
			assert.deepEqual(
				items.map((it) => [
					it.json.person,
					it.json.threshold ?? it.json.errorCode,
					it.json.isMatch ?? null,
				]),
				[
					['hal', 0.75, true],
					['ida', 0.99, false],
					['jon', 0.5, true],
					['kim', 'INVALID_INPUT', null],
				],
			);
			assert.match(
				items[3].json.error,
				/"Match Threshold" must be a number from 0 to 1, not nothing/,
			);
			// in any order: the node runs 4 comparisons at once
			assert.deepEqual(
				emulator
					.compares()
					.map((c) => `${c.faces.A}:${c.sent.A}`)
					.sort(),
				['hal:base64', 'ida:url', 'jon:base64'],
			);
			assertFreshTokens();
		},
	);
	await check(
		`${name} [filesystem, debug logs]: 40 items under faults with retries; no secret in logs, database or output`,
		async () => {
			emulator.reset();
			emulator.setFaults({
				seed: 11,
				compare: {
					e100: 0.15,
					html503: 0.1,
					reset: 0.05,
					nonJson: 0.05,
					earlyExpiry: 0.05,
					rateLimit: 0.05,
				},
				authenticate: { unavailable: 0.1 },
				retryAfterSeconds: 0,
			});
			const { items, res } = await host.execute(target, folder, workflows.faults.id, {
				N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
				N8N_LOG_LEVEL: 'debug',
			});
			assert.ok(
				items,
				`no items; stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`,
			);
			assert.equal(items.length, 40);
			items.forEach((it, i) => {
				assert.deepEqual(it.pairedItem, { item: i });
				assert.equal(it.json.person, `f${i}`);
				assert.ok(it.json.attempts >= 1 && it.json.attempts <= 3, `attempts ${it.json.attempts}`);
				if (it.json.error)
					assert.ok(
						['E100', 'SERVER_ERROR', 'NETWORK', 'INVALID_RESPONSE', 'R117', 'E429'].includes(
							it.json.errorCode,
						),
						it.json.errorCode,
					);
				else assert.equal(typeof it.json.similarity, 'number');
			});
			const failed = items.filter((it) => it.json.error).length;
			const retries = items.reduce((n, it) => n + it.json.attempts - 1, 0);
			assert.ok(retries > 0, 'the faults caused retries');
			console.log(
				`      40 in, ${items.length} out, ${failed} errors, ${retries} retries, ${emulator.log.filter((e) => e.fault).length} faults injected`,
			);
			const compares = emulator.compares();
			assert.ok(compares.every((c) => c.token?.verdict === 'fresh' || c.fault === 'earlyExpiry'));
			assert.equal(new Set(compares.map((c) => c.token?.jti)).size, compares.length);
			// the client key only ever went to the token route, on the credential's base URL
			for (const entry of emulator.log) {
				if (entry.clientKeyInRequest) assert.equal(entry.path, '/user/authenticate');
				assert.equal(`http://${entry.host}`, emulator.url);
			}
			assertNoSecrets(res.stdout + res.stderr);
			assertNoSecretsInFolder(folder);
		},
	);
	/** An example workflow as imported here: the emulator's address and the e2e credential in it. */
	const readExample = (file) => {
		const text = fs.readFileSync(path.join(host.ROOT, 'examples', file), 'utf8');
		const workflow = JSON.parse(text.replaceAll('http://127.0.0.1:8787', emulator.url));
		for (const node of workflow.nodes)
			if (node.credentials?.mostQiApi) node.credentials.mostQiApi = wf.CREDENTIAL.mostQiApi;
		return workflow;
	};
	/** The form example once imported: the workflow, and whether only REST can activate it. */
	let form;
	await check(
		`${name}: the examples import; examples/onboarding-demo.json rejects 1 not live before any comparison, then routes 1 approved, 2 manual review (the band, a broken link), 1 rejected`,
		async () => {
			emulator.reset();
			const examples = path.join(host.ROOT, 'examples');
			for (const file of fs.readdirSync(path.join(examples, 'images'))) {
				emulator.addFile(file, fs.readFileSync(path.join(examples, 'images', file)));
			}
			const demo = readExample('onboarding-demo.json');
			await host.importWorkflow(target, folder, demo);
			const formWorkflow = readExample('onboarding-form.json');
			await host.importWorkflow(target, folder, formWorkflow);
			// the form goes live when the server starts (below)
			const activated = await host.activateWorkflow(target, folder, formWorkflow.id);
			form = { workflow: formWorkflow, throughRest: !activated };
			const { run, res } = await host.execute(target, folder, demo.id);
			assert.ok(
				run,
				`no run; stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`,
			);
			// no IF node after Face Compare: its own outputs (Route by Decision) are the branches
			for (const example of [demo, formWorkflow]) {
				const compare = example.nodes.find((n) => n.type === wf.NODE);
				assert.equal(compare.parameters.routeByDecision, true, example.id);
				const next = example.connections[compare.name].main.flat().map((c) => c.node);
				assert.deepEqual(next, ['Approve', 'Manual Review', 'Reject'], example.id);
			}
			assert.equal(host.nodeResult(run).task?.data?.main?.length, 3, 'Match, Review, Mismatch');
			const decided = (node) =>
				(host.nodeResult(run, node).items ?? []).map((it) => [it.json.applicant, it.json.decision]);
			assert.deepEqual(decided('Approve'), [['Ana Souza', 'match']]);
			assert.deepEqual(decided('Manual Review'), [
				['Bruno Lima', 'review'],
				['Eva Rocha', 'error'],
			]);
			assert.deepEqual(decided('Reject'), [['Carla Dias', 'mismatch']]);
			// a printed photo is not a live person: rejected before any comparison is paid
			assert.deepEqual(decided('Reject: Not Live'), [['Dan Costa', 'not live']]);
			assert.equal(emulator.compares().length, 4, 'comparisons: the four live applicants');
			const [bruno, eva] = host.nodeResult(run, 'Manual Review').items.map((it) => it.json);
			assert.equal(bruno.note, 'similarity in the review band (0.5 to 0.85)');
			assert.match(
				eva.note,
				/^R101: Face B URL: the file at [^ ]+\/files\/missing-id\.png was not found \(404\)/,
			);
		},
	);
	await check(
		`${name}: the credential test of n8n's editor (REST /rest/credentials/test): client key and bearer token, good and wrong; the AI tool variant exists; the form example live`,
		async () => {
			emulator.reset();
			const server = await host.startServer(target, folder);
			try {
				const test = async (data) => {
					const res = await server.rest('POST', '/rest/credentials/test', {
						credentials: { ...credential, data: { ...credential.data, ...data } },
					});
					assert.equal(res.status, 200, res.text.slice(0, 500));
					assert.ok(res.json?.data, `not n8n's JSON answer: ${res.text.slice(0, 500)}`);
					return res.json.data;
				};
				// the key and Base URL with the spaces a paste leaves: runs trim them, so does the test
				const good = await test({ clientKey: ` ${CLIENT_KEY}\n`, baseUrl: `${emulator.url}/ ` });
				assert.equal(good.status, 'OK', JSON.stringify(good));
				const wrong = await test({ clientKey: WRONG_KEY });
				assert.equal(wrong.status, 'Error', JSON.stringify(wrong));
				assert.match(wrong.message, /R117 Invalid authorization data \(HTTP 401\)/);
				assert.ok(!JSON.stringify(wrong).includes(WRONG_KEY), 'the wrong key is not echoed');
				// one token for a good key, one refusal for a wrong one; no comparison
				const tokenCalls = emulator.log.filter((e) => e.path === '/user/authenticate');
				assert.deepEqual(
					tokenCalls.map((e) => e.status),
					[200, 401],
				);
				assert.equal(emulator.compares().length, 0);
				emulator.reset();
				const bearer = await test({
					authType: 'bearerToken',
					bearerToken: ` ${GATEWAY_TOKEN} `,
					clientKey: '',
				});
				assert.equal(bearer.status, 'OK', JSON.stringify(bearer));
				const wrongBearer = await test({
					authType: 'bearerToken',
					bearerToken: 'gw_wrong_token',
					clientKey: '',
				});
				assert.equal(wrongBearer.status, 'Error', JSON.stringify(wrongBearer));
				assert.deepEqual(
					emulator.log.map((e) => [e.path, e.status]),
					[
						['/process-image/biometrics/face-compare', 400],
						['/process-image/biometrics/face-compare', 401],
					],
				);
				const userInfo = await test({
					baseUrl: emulator.url.replace('http://', 'http://gw:qzsecret@'),
				});
				assert.equal(userInfo.status, 'Error');
				assert.match(
					userInfo.message,
					/Base URL of the MostQi credential has a user name or password in it/,
				);
				assert.ok(!userInfo.message.includes('qzsecret'));
				// the Base URL choice "Custom URL" with its own field (the URLs above are as saved
				// when Base URL was a text field, which keeps working)
				emulator.reset();
				const custom = await test({ baseUrl: 'custom', customBaseUrl: ` ${emulator.url}/ ` });
				assert.equal(custom.status, 'OK', JSON.stringify(custom));
				const emptyCustom = await test({ baseUrl: 'custom', customBaseUrl: '' });
				assert.match(emptyCustom.message, /Custom Base URL of the MostQi credential is empty/);
				console.log(
					`      client key: ${good.status}, wrong: "${wrong.message}"; bearer: ${bearer.status}, wrong: "${wrongBearer.message}"`,
				);
				// usableAsTool: n8n derives an AI-agent tool variant of the node from it
				const types = await server.rest('GET', '/types/nodes.json');
				assert.equal(types.status, 200);
				const tool = types.json.find((t) => t.name === 'n8n-nodes-mostqi.mostQiFaceCompareTool');
				assert.ok(tool, 'the tool variant is offered to AI agents');
				assert.deepEqual(tool.outputs, ['ai_tool']);
				assert.equal(tool.displayName, 'MostQi Face Compare Tool');
				// version 2 as a tool: the notice on screen, URL sources the model fills in by default
				const tools = types.json.filter((t) => t.name === 'n8n-nodes-mostqi.mostQiFaceCompareTool');
				const toolV2 = tools.find((t) => [].concat(t.version).includes(2));
				assert.ok(
					toolV2,
					`version 2 is offered as a tool (versions: ${tools.map((t) => t.version).join(', ')})`,
				);
				assert.ok(
					toolV2.properties.some((p) => p.name === 'toolNotice' && p.type === 'notice'),
					'the tool-mode notice',
				);
				for (const side of ['A', 'B']) {
					assert.ok(
						toolV2.properties.some((p) => p.name === `face${side}Source` && p.default === 'url'),
						`face ${side} starts on URL as a tool`,
					);
					assert.ok(
						toolV2.properties.some(
							(p) => p.name === `face${side}Url` && String(p.default).includes('$fromAI'),
						),
						`face ${side} URL is asked of the model`,
					);
				}

				// examples/onboarding-form.json, activated above: a customer submits the form with a
				// selfie and a document photo; the node must find them as binary fields Selfie and Document
				emulator.reset();
				assert.ok(form, 'the form example was imported');
				if (form.throughRest) await host.activateThroughRest(server.rest, form.workflow);
				const trigger = form.workflow.nodes.find((n) => n.type === 'n8n-nodes-base.formTrigger');
				const body = new FormData();
				body.append('field-0', 'Ana Souza');
				body.append('field-1', 'ana@example.com');
				const image = (file) =>
					new Blob([fs.readFileSync(path.join(host.ROOT, 'examples', 'images', file))], {
						type: 'image/png',
					});
				body.append('field-2', image('ana-selfie.png'), 'ana-selfie.png');
				body.append('field-3', image('ana-id.png'), 'ana-id.png');
				const submitted = await fetch(`http://127.0.0.1:${server.port}/form/${trigger.webhookId}`, {
					method: 'POST',
					body,
				});
				assert.equal(submitted.status, 200, (await submitted.text()).slice(0, 300));
				for (let waited = 0; emulator.compares().length === 0 && waited < 30_000; waited += 200) {
					await new Promise((r) => setTimeout(r, 200));
				}
				const [compare] = emulator.compares();
				assert.ok(compare, 'the form submission reached MostQi');
				assert.deepEqual(compare.sent, { A: 'base64', B: 'base64' });
				assert.deepEqual(compare.faces, { A: 'ana', B: 'ana' });
				assert.equal(compare.token?.verdict, 'fresh');
			} finally {
				await server.stop();
			}
			assertNoSecrets(fs.readFileSync(server.logFile, 'utf8'));
		},
	);
	await settingsChecks({ target, folder, emulator, check });
	await decisionChecks({ target, folder, emulator, check });
	await livenessChecks({ target, folder, emulator, check });
	await installChecks({ target, tarball, emulator, check });
	if (process.env.E2E_KEEP) console.log(`    kept ${folder}`);
	else fs.rmSync(folder, { recursive: true, force: true });
}

async function main() {
	const started = Date.now();
	host.installHosts();
	console.log(`hosts ready in ${Math.round((Date.now() - started) / 1000)} s`);
	// E2E_TARBALL=<path of a packed package>: run the suite against it (another release, or the
	// package as it was before a change) instead of building the working tree
	const tarball = process.env.E2E_TARBALL ?? (host.build(), host.pack());
	const emulator = await startEmulator({
		clientKeys: [CLIENT_KEY],
		gatewayTokens: [GATEWAY_TOKEN],
	});
	try {
		for (const target of host.HOSTS) {
			if (onlyHost && target.name !== onlyHost) continue;
			const nodeVersion = execFileSync(target.node, ['--version']).toString().trim();
			console.log(`n8n ${host.hostVersion(target)} on Node ${nodeVersion}`);
			await check(`${target.name}: package installs and runs`, () =>
				runHost(target, tarball, emulator),
			);
		}
	} finally {
		await emulator.close();
	}
	console.log(
		`end-to-end: ${results.passed} passed, ${results.failed} failed in ${Math.round((Date.now() - started) / 1000)} s`,
	);
	if (process.env.E2E_REPORT) fs.writeFileSync(process.env.E2E_REPORT, JSON.stringify(results));
	process.exit(results.failed === 0 ? 0 : 1);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
