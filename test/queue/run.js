#!/usr/bin/env node
'use strict';
/**
 * `npm run test:queue`: the package in n8n's queue mode, with real parts. PostgreSQL 17 and
 * Redis start on 127.0.0.1, n8n 2.41 runs as a main process and `n8n worker` processes (each
 * with the package in its own user folder), binary data lives in the database, and an onboarding
 * webhook is called a few hundred times:
 *   1. one worker, then two: every call answered with the similarity of its own pair, one
 *      comparison and one fresh token per call, one successful execution per call in
 *      PostgreSQL with its two faces stored there, both workers at work; calls/s and latency;
 *   2. the hosted liveness session of examples/onboarding-liveness.json (issue 20), on the two
 *      workers: the person plays it over HTTP, MostQi's call to the Wait's resume URL reaches
 *      the main, and the part after the Wait runs on a worker to the end step (Approve; a spoof
 *      "Reject: Not Live"), MostQi billed one start, one status, one comparison (./liveness.js);
 *   3. the emulator's fault mix during a batch: every call answered, never a wrong similarity,
 *      no token used twice;
 *   4. a worker killed (SIGKILL) in the middle of a batch: what becomes of each call and
 *      execution, and of the comparisons MostQi had already answered.
 * Before the cluster, what a fresh checkout anywhere needs: PostgreSQL and Redis start from a
 * checkout in a 0700 folder (as root too), and npm pack refuses a tarball n8n could not load.
 * QUEUE_CALLS sets the calls per throughput batch (default 150). QUEUE_REPORT names a JSON
 * file for the counts (as E2E_REPORT does for the end-to-end suite). QUEUE_ONLY=<text> runs only
 * the checks whose name holds it (case-insensitive), for work on one of them; the cluster starts
 * all the same, the warm-up batch is left out.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startEmulator, similarityOf, faceId } = require('../emulator/server');
const { makePng } = require('../fixtures/images');
const { markdownTable } = require('../../scripts/markdownTable');
const { checkRunner } = require('../support/checks');
const host = require('../e2e/n8nHost');
const { HOST, startCluster, executionsStartedBy } = require('./cluster');
const { PG_NATIVE, startPostgres, startRedis, copyBinaries } = require('./services');
const { onboardingWorkflow, credentialFor, submit, bounded, percentile } = require('./onboarding');
const { livenessWorkflow, livenessChecks } = require('./liveness');

const CLIENT_KEY = 'ck_queue_5e1d0c9a7b3f4e2d8c6a';
const CALLS = Number(process.env.QUEUE_CALLS ?? 150);
const CLIENT_CONCURRENCY = 12;
const MOSTQI_LATENCY_MS = 150;

const { results, check: runCheck } = checkRunner();
const ONLY = process.env.QUEUE_ONLY?.toLowerCase();
const skipped = [];
/** A check, unless QUEUE_ONLY leaves it out. */
async function check(name, fn) {
	if (ONLY && !name.toLowerCase().includes(ONLY)) return void skipped.push(name);
	await runCheck(name, fn);
}
function assert(condition, message) {
	if (!condition) throw new Error(message);
}

const sha = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

/** One applicant: a selfie and a document photo, of the same person for most calls. */
function applicant(batch, n) {
	const person = `${batch}-${n}`;
	const selfie = makePng(person, { seed: 'selfie' });
	const document = makePng(n % 5 === 0 ? `${person}-other` : person, { seed: 'document' });
	return {
		selfie,
		document,
		faces: { A: faceId(selfie), B: faceId(document) },
		expected: Math.round(similarityOf(selfie, document) * 10000) / 10000,
	};
}

/** Sends `count` applicants, `limit` at a time; returns each call with its applicant. */
async function batch(cluster, name, count, limit = CLIENT_CONCURRENCY) {
	const started = performance.now();
	const calls = await bounded(count, limit, async (i) => {
		const person = applicant(name, i);
		return { person, ...(await submit(cluster.main.url, person.selfie, person.document)) };
	});
	const seconds = (performance.now() - started) / 1000;
	return { name, calls, seconds };
}

function throughputRow(workers, run) {
	const ms = run.calls.map((c) => c.ms);
	return {
		workers,
		calls: run.calls.length,
		'client concurrency': CLIENT_CONCURRENCY,
		'calls/s': (run.calls.length / run.seconds).toFixed(1),
		'p50 ms': Math.round(percentile(ms, 50)),
		'p95 ms': Math.round(percentile(ms, 95)),
	};
}

/** The emulator's compare entry for an answer, by the request ID MostQi gave it. */
function compareOf(emulator, requestId) {
	return emulator.compares().find((e) => e.requestId === requestId);
}

/** A successful answer is right only if it is MostQi's answer for this very pair. */
function checkSuccess(emulator, call) {
	const { json } = call;
	const entry = compareOf(emulator, json.requestId);
	assert(entry, `answer's requestId ${json.requestId} unknown to MostQi`);
	assert(
		entry.faces?.A === call.person.faces.A && entry.faces?.B === call.person.faces.B,
		`answer ${json.requestId} is for faces ${JSON.stringify(entry.faces)}, the call sent ${JSON.stringify(call.person.faces)}`,
	);
	assert(
		json.similarity === entry.similarity && json.similarity === call.person.expected,
		`similarity ${json.similarity}, MostQi said ${entry.similarity}, the pair's is ${call.person.expected}`,
	);
	assert(json.isMatch === json.similarity >= 0.7, `isMatch ${json.isMatch} for ${json.similarity}`);
}

/**
 * Every compare request used a token of its own, issued by the token route, never twice (the
 * emulator's earlyExpiry fault is a fresh token it pretends has expired).
 */
function checkTokens(emulator) {
	const compares = emulator.compares();
	const jtis = compares.map((c) => c.token?.jti);
	const issued = new Set(emulator.log.filter((e) => e.issuedJti).map((e) => e.issuedJti));
	assert(
		jtis.every((jti) => issued.has(jti)),
		'a compare carried a token the token route did not issue',
	);
	const notFresh = compares.filter(
		(c) =>
			c.token?.verdict !== 'fresh' &&
			!(c.fault === 'earlyExpiry' && c.token?.verdict === 'expired'),
	);
	assert(
		notFresh.length === 0,
		`${notFresh.length} compares without a fresh token: ${JSON.stringify(notFresh.slice(0, 3).map((c) => c.token))}`,
	);
	assert(new Set(jtis).size === jtis.length, 'a token was used twice');
	return compares.length;
}

/** Executions of the workflow by status, from PostgreSQL. */
async function executionsByStatus(cluster, sinceId = 0) {
	const rows = await cluster.pg.query(
		'SELECT status, count(*)::int AS n FROM execution_entity WHERE id > $1 GROUP BY status',
		[sinceId],
	);
	return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
async function lastExecutionId(cluster) {
	return (await cluster.pg.query('SELECT coalesce(max(id), 0)::int AS id FROM execution_entity'))[0]
		.id;
}

/**
 * Each call's execution, found by the request ID in its saved data, holds its two faces as
 * database binary data, byte for byte what the caller sent.
 */
async function checkStoredFaces(cluster, calls, sinceId) {
	const rows = await cluster.pg.query(
		'SELECT e.id, d.data FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id WHERE e.id > $1',
		[sinceId],
	);
	let checked = 0;
	for (const call of calls) {
		const row = rows.find((r) => r.data.includes(`"${call.json.requestId}"`));
		assert(row, `no saved execution holds requestId ${call.json.requestId}`);
		const ids = [
			...new Set([...row.data.matchAll(/"database:([0-9a-f-]{36})"/g)].map((m) => m[1])),
		];
		assert(ids.length === 2, `execution ${row.id} references ${ids.length} database files, not 2`);
		const stored = await cluster.pg.query(
			'SELECT data FROM binary_data WHERE "fileId" = ANY($1::uuid[])',
			[ids],
		);
		const got = stored.map((s) => sha(s.data)).sort();
		const sent = [sha(call.person.selfie), sha(call.person.document)].sort();
		assert(
			JSON.stringify(got) === JSON.stringify(sent),
			`execution ${row.id}: the stored faces are not the ones its caller sent`,
		);
		checked += 1;
	}
	return checked;
}

async function waitFor(what, ms, probe) {
	const deadline = Date.now() + ms;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
		await new Promise((r) => setTimeout(r, 1000));
	}
}

/** A fresh temp folder for `fn`, removed after; mkdtemp makes it 0700, as root's home is. */
async function inPrivateFolder(prefix, fn) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	try {
		return await fn(dir);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * What a fresh checkout anywhere needs, before the cluster. As root, PostgreSQL runs as
 * mostqi-pg, which cannot enter a checkout in a private folder (root's home, a `mktemp -d`
 * folder); the suite passed only where the checkout's folder happened to be open. And a tarball
 * without the files of package.json's n8n section is refused before any n8n starts (n8n would
 * answer every webhook with 404, saying nothing of the cause).
 */
async function checkCheckoutAnywhere() {
	const as = process.getuid() === 0 ? 'as root (PostgreSQL as mostqi-pg)' : 'as this user';
	await check(`PostgreSQL and Redis start ${as} with the checkout in a 0700 folder`, () =>
		inPrivateFolder('mostqi-checkout-', async (checkout) => {
			assert((fs.statSync(checkout).mode & 0o777) === 0o700, 'the folder is not 0700');
			const native = copyBinaries(
				PG_NATIVE,
				path.join(checkout, path.relative(host.ROOT, PG_NATIVE)),
			);
			const pg = await startPostgres({ native });
			try {
				const [row] = await pg.query('SELECT 1 AS one');
				assert(row.one === 1, `SELECT 1 answered ${JSON.stringify(row)}`);
			} finally {
				await pg.stop();
			}
			const redis = await startRedis();
			await redis.stop();
		}),
	);
	await check(
		"npm pack refuses a tarball without the node and credential files of package.json's n8n section",
		() =>
			inPrivateFolder('mostqi-unbuilt-', async (unbuilt) => {
				// the package as a fresh clone has it before a build: package.json, no dist/
				fs.copyFileSync(path.join(host.ROOT, 'package.json'), path.join(unbuilt, 'package.json'));
				const { n8n } = JSON.parse(fs.readFileSync(path.join(unbuilt, 'package.json'), 'utf8'));
				let refusal;
				try {
					host.npmPack(unbuilt, unbuilt);
				} catch (error) {
					refusal = error;
				}
				assert(refusal instanceof host.SetupError, `not refused (${refusal?.message ?? 'packed'})`);
				for (const file of [...n8n.nodes, ...n8n.credentials])
					assert(
						refusal.message.includes(file),
						`the refusal does not name ${file}: ${refusal.message}`,
					);
			}),
	);
}

async function main() {
	const started = Date.now();
	// the n8n host first: PostgreSQL's start uses its PostgreSQL client
	host.installHosts([HOST.name]);
	await checkCheckoutAnywhere();
	const emulator = await startEmulator({ clientKeys: [CLIENT_KEY], latencyMs: MOSTQI_LATENCY_MS });
	console.log('queue mode: starting PostgreSQL, Redis, n8n main and one worker…');
	const credential = credentialFor(emulator.url, CLIENT_KEY);
	const liveness = livenessWorkflow(credential);
	const cluster = await startCluster({
		workers: 1,
		credential,
		workflow: onboardingWorkflow(),
		workflows: [liveness.variant],
	});
	console.log(
		`queue mode: n8n ${cluster.version}, PostgreSQL ${cluster.pg.version}, Redis ${cluster.redis.version}; up in ${Math.round(cluster.startMs / 1000)} s`,
	);
	const table = [];
	const report = {};
	try {
		// warm-up: the first executions load the node and open connections
		if (!ONLY) await batch(cluster, 'warm', 6, 6);
		emulator.reset();
		let since = await lastExecutionId(cluster);

		let one;
		await check(
			`one worker: ${CALLS} calls, each answered with the similarity of its own pair`,
			async () => {
				one = await batch(cluster, 'one', CALLS);
				const bad = one.calls.filter(
					(c) => c.status !== 200 || typeof c.json?.similarity !== 'number',
				);
				assert(
					bad.length === 0,
					`${bad.length} calls not answered with a similarity: ${bad
						.slice(0, 3)
						.map((c) => `${c.status} ${c.text.slice(0, 200)}`)
						.join(' | ')}`,
				);
				for (const call of one.calls) checkSuccess(emulator, call);
				table.push(throughputRow(1, one));
			},
		);

		const before2 = await lastExecutionId(cluster);
		const worker2 = await cluster.addWorker();
		const startedBy2Before = executionsStartedBy(worker2).length;
		let two;
		await check(
			`two workers: ${CALLS} calls, each answered with the similarity of its own pair, both workers at work`,
			async () => {
				two = await batch(cluster, 'two', CALLS);
				const bad = two.calls.filter(
					(c) => c.status !== 200 || typeof c.json?.similarity !== 'number',
				);
				assert(
					bad.length === 0,
					`${bad.length} calls not answered with a similarity: ${bad
						.slice(0, 3)
						.map((c) => `${c.status} ${c.text.slice(0, 200)}`)
						.join(' | ')}`,
				);
				for (const call of two.calls) checkSuccess(emulator, call);
				const ids = await cluster.pg.query('SELECT id::text FROM execution_entity WHERE id > $1', [
					before2,
				]);
				const byWorker = cluster.workers.map(
					(w) => executionsStartedBy(w).filter((id) => ids.some((r) => r.id === id)).length,
				);
				report.split = byWorker;
				assert(
					byWorker.every((n) => n > 0),
					`executions per worker: ${byWorker.join(', ')}`,
				);
				assert(
					byWorker.reduce((a, b) => a + b, 0) === CALLS,
					`workers started ${byWorker.join(' + ')} executions for ${CALLS} calls`,
				);
				assert(
					executionsStartedBy(worker2).length > startedBy2Before,
					'the new worker started nothing',
				);
				table.push(throughputRow(2, two));
			},
		);

		await check(
			'one comparison and one fresh token per call, none used twice (emulator log)',
			async () => {
				const compares = checkTokens(emulator);
				assert(compares === 2 * CALLS, `${compares} comparisons for ${2 * CALLS} calls`);
			},
		);

		await check(
			'one successful execution per call in PostgreSQL, its two faces stored there byte for byte',
			async () => {
				const statuses = await executionsByStatus(cluster, since);
				assert(
					statuses.success === 2 * CALLS && Object.keys(statuses).length === 1,
					`executions: ${JSON.stringify(statuses)}`,
				);
				const checked = await checkStoredFaces(cluster, [...one.calls, ...two.calls], since);
				report.storedChecked = checked;
			},
		);

		// --- the hosted liveness session, resumed on a worker ----------------------------------
		await livenessChecks({ cluster, emulator, check, report, ...liveness });

		// --- faults -------------------------------------------------------------------------
		emulator.reset();
		since = await lastExecutionId(cluster);
		const FAULT_CALLS = 100;
		await check(
			`fault mix on: ${FAULT_CALLS} calls all answered, none with a wrong similarity, no token reused`,
			async () => {
				emulator.setFaults({
					seed: 7,
					compare: {
						e100: 0.1,
						html503: 0.05,
						rateLimit: 0.03,
						reset: 0.05,
						truncated: 0.05,
						outOfRange: 0.03,
						earlyExpiry: 0.04,
					},
					authenticate: { unavailable: 0.05 },
					retryAfterSeconds: 1,
				});
				const run = await batch(cluster, 'faults', FAULT_CALLS);
				emulator.setFaults();
				const ok = run.calls.filter(
					(c) => c.status === 200 && typeof c.json?.similarity === 'number',
				);
				const failed = run.calls.filter(
					(c) => c.status === 200 && typeof c.json?.errorCode === 'string',
				);
				const other = run.calls.filter((c) => !ok.includes(c) && !failed.includes(c));
				assert(
					other.length === 0,
					`${other.length} calls without a result or an error item: ${other
						.slice(0, 3)
						.map((c) => `${c.status} ${c.text.slice(0, 200)}`)
						.join(' | ')}`,
				);
				for (const call of ok) checkSuccess(emulator, call);
				checkTokens(emulator);
				const codes = {};
				for (const c of failed) codes[c.json.errorCode] = (codes[c.json.errorCode] ?? 0) + 1;
				const injected = emulator.log.filter((e) => e.fault).length;
				const statuses = await executionsByStatus(cluster, since);
				assert(
					statuses.success === FAULT_CALLS,
					`executions: ${JSON.stringify(statuses)} (Continue makes a failed comparison a successful execution with an error item)`,
				);
				report.faults = {
					calls: FAULT_CALLS,
					ok: ok.length,
					failed: failed.length,
					codes,
					injected,
					compares: emulator.compares().length,
				};
			},
		);

		// --- a worker killed mid-batch -----------------------------------------------------------
		emulator.reset();
		since = await lastExecutionId(cluster);
		const KILL_CALLS = 40;
		await check(
			`worker killed (SIGKILL) mid-batch: all ${KILL_CALLS} calls answered, no wrong similarity, no token reused, no execution left running`,
			async () => {
				// MostQi slow (2 s a comparison, tokens quick), so that the kill lands mid-comparison
				emulator.setFaults({ latencyMs: 2000, authLatencyMs: 20 });
				const victim = cluster.workers[1];
				const startedBefore = executionsStartedBy(victim).length;
				const pending = batch(cluster, 'kill', KILL_CALLS, 10);
				// kill once the victim is in the middle of comparisons
				await waitFor(
					'the worker to start executions',
					60_000,
					async () => executionsStartedBy(victim).length >= startedBefore + 3,
				);
				const comparing = () => emulator.compares().filter((e) => e.status === undefined).length;
				await waitFor('comparisons in flight', 30_000, async () => comparing() >= 8);
				const killedAt = Date.now();
				victim.child.kill('SIGKILL');
				const startedByVictim = executionsStartedBy(victim).slice(startedBefore);
				const run = await pending;
				emulator.setFaults();
				const answeredAfterMs = Date.now() - killedAt;
				cluster.workers.splice(1, 1);

				const ok = run.calls.filter(
					(c) => c.status === 200 && typeof c.json?.similarity === 'number',
				);
				const others = run.calls.filter((c) => !ok.includes(c));
				for (const call of ok) checkSuccess(emulator, call);
				assert(
					run.calls.every((c) => c.status !== 0),
					`${run.calls.filter((c) => c.status === 0).length} calls got no answer`,
				);
				checkTokens(emulator);
				// every execution ends: the killed worker's ones fail once their lock runs out
				const statuses = await waitFor('every execution to end', 240_000, async () => {
					const s = await executionsByStatus(cluster, since);
					return s.running || s.new ? undefined : s;
				});
				const answered = new Set(ok.map((c) => c.json.requestId));
				const lost = emulator
					.compares()
					.filter((e) => e.status === 200 && !answered.has(e.requestId));
				const answers = {};
				for (const c of others) {
					const key = `HTTP ${c.status} ${String(c.json?.message ?? c.text).slice(0, 80)}`;
					answers[key] = (answers[key] ?? 0) + 1;
				}
				report.kill = {
					calls: KILL_CALLS,
					ok: ok.length,
					others: answers,
					startedByKilledWorker: startedByVictim.length,
					executions: statuses,
					comparedButLost: lost.length,
					answeredWithinS: Math.round(answeredAfterMs / 1000),
				};
				assert(
					statuses.success === ok.length,
					`successful executions ${statuses.success} but ${ok.length} similarities answered`,
				);
			},
		);
	} finally {
		await cluster.stop();
		await emulator.close();
	}

	console.log(
		'\nthroughput (MostQi emulator answering in 150 ms, worker concurrency 10, node concurrency 4):',
	);
	console.log(
		markdownTable(['workers', 'calls', 'client concurrency', 'calls/s', 'p50 ms', 'p95 ms'], table),
	);
	if (report.split) console.log(`executions per worker with two: ${report.split.join(' + ')}`);
	if (report.faults) console.log(`faults: ${JSON.stringify(report.faults)}`);
	if (report.kill) console.log(`worker killed: ${JSON.stringify(report.kill)}`);
	if (report.liveness) console.log(`liveness sessions: ${JSON.stringify(report.liveness)}`);
	if (skipped.length) console.log(`QUEUE_ONLY=${ONLY}: ${skipped.length} checks left out`);
	console.log(
		`queue mode: ${results.passed} passed, ${results.failed} failed in ${Math.round((Date.now() - started) / 1000)} s`,
	);
	if (process.env.QUEUE_REPORT)
		fs.writeFileSync(process.env.QUEUE_REPORT, JSON.stringify({ ...results, table, report }));
	process.exitCode = results.failed === 0 ? 0 : 1;
}

main().catch((error) => {
	// a failure to set up says all in its message; anything else shows where it came from
	console.error(error instanceof host.SetupError ? `queue mode: ${error.message}` : error);
	if (process.env.QUEUE_REPORT)
		fs.writeFileSync(
			process.env.QUEUE_REPORT,
			JSON.stringify({ passed: results.passed, failed: results.failed + 1 }),
		);
	process.exit(1);
});
