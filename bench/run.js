#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: the node against the HTTP Request alternative, inside a real n8n (the
 * newest end-to-end host), against the local MostQi emulator. Not a test: it prints tables.
 *
 *   1. throughput: 200 pairs of small images, 100 ms emulated latency on both routes;
 *      the node at its default concurrency and at 32, the alternative (Extract from File +
 *      HTTP Request for the token + HTTP Request for the comparison) at its defaults and with
 *      batching of 4 items per 100 ms. Time = the nodes' own execution time from n8n's run data.
 *   2. memory and CPU: 40 pairs of 8 MB images read from disk (filesystem binary mode), the node
 *      against the same workflow with a No-Op in its place: peak RSS of the n8n process, CPU time,
 *      and the bytes the node adds to the saved execution data per item.
 *
 * BENCH_HOST picks the n8n (default n8n-2.41); BENCH_SKIP=throughput|memory skips a part;
 * BENCH_PAIRS / BENCH_BIG_PAIRS change the sizes.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startEmulator } = require('../test/emulator/server');
const { makeLargePng, makePng } = require('../test/fixtures/images');
const { markdownTable } = require('../scripts/markdownTable');
const host = require('../test/e2e/n8nHost');
const { chain, node, CREDENTIAL } = require('../test/e2e/workflows');

const CLIENT_KEY = 'ck_bench_0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const PAIRS = Number(process.env.BENCH_PAIRS ?? 200);
const LATENCY_MS = 100;
const BIG_PAIRS = Number(process.env.BENCH_BIG_PAIRS ?? 40);
const BIG_BYTES = 8 * 1000 * 1000;
const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));

const NODE = 'n8n-nodes-mostqi.mostQiFaceCompare';
// a run that takes longer is killed and reported as such (the alternative on 8 MB images can)
process.env.E2E_N8N_TIMEOUT_MS ??= String(10 * 60_000);
const trigger = () => node('Start', 'n8n-nodes-base.manualTrigger', 1, {}, 0);
const makeItems = (pairs) =>
	node(
		'Make Items',
		'n8n-nodes-base.code',
		2,
		{
			jsCode: `const pairs = ${JSON.stringify(pairs)};
return pairs.map((p, i) => ({
  json: { i },
  binary: {
    selfie: { data: p.selfie, mimeType: 'image/png', fileName: 'selfie.png' },
    document: { data: p.document, mimeType: 'image/png', fileName: 'document.png' },
  },
}));`,
		},
		200,
	);

function nodeWorkflow(id, pairs, concurrency) {
	return chain(id, [
		trigger(),
		makeItems(pairs),
		node('MostQi Face Compare', NODE, 2, { options: { concurrency } }, 400, {
			credentials: CREDENTIAL,
		}),
	]);
}

/** What a builder does without this node: base64 fields, a token request, a compare request. */
function alternativeWorkflow(id, pairs, baseUrl, batching) {
	return chain(id, [trigger(), makeItems(pairs), ...alternativeNodes(baseUrl, batching)]);
}

function alternativeNodes(baseUrl, batching) {
	const options = batching ? { batching: { batch: { batchSize: 4, batchInterval: 100 } } } : {};
	const extract = (name, field, x) =>
		node(
			name,
			'n8n-nodes-base.extractFromFile',
			1,
			{
				operation: 'binaryToPropery',
				binaryPropertyName: field,
				destinationKey: `${field}Base64`,
				options: { keepSource: 'both' },
			},
			x,
		);
	return [
		extract('Extract Selfie', 'selfie', 400),
		extract('Extract Document', 'document', 600),
		node(
			'Get Token',
			'n8n-nodes-base.httpRequest',
			4.2,
			{
				method: 'POST',
				url: `${baseUrl}/user/authenticate`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: JSON.stringify({ token: CLIENT_KEY }),
				options,
			},
			800,
		),
		node(
			'Compare Faces',
			'n8n-nodes-base.httpRequest',
			4.2,
			{
				method: 'POST',
				url: `${baseUrl}/process-image/biometrics/face-compare`,
				sendHeaders: true,
				headerParameters: {
					parameters: [{ name: 'Authorization', value: '=Bearer {{ $json.token }}' }],
				},
				sendBody: true,
				specifyBody: 'json',
				jsonBody:
					"={{ { faceFileBase64A: $('Extract Document').item.json.selfieBase64, faceFileBase64B: $('Extract Document').item.json.documentBase64 } }}",
				options,
			},
			1000,
		),
	];
}

/** 40 items of file paths; each side read from disk, merged by position, then the `tail` nodes. */
function diskWorkflow(id, rows, tail) {
	const read = (name, field, y) =>
		node(
			name,
			'n8n-nodes-base.readWriteFile',
			1,
			{
				operation: 'read',
				fileSelector: `={{ $json.${field}Path }}`,
				options: { dataPropertyName: field },
			},
			400,
			{ position: [400, y] },
		);
	const nodes = [
		trigger(),
		node(
			'Paths',
			'n8n-nodes-base.code',
			2,
			{ jsCode: `return ${JSON.stringify(rows)}.map((json) => ({ json }));` },
			200,
		),
		read('Read Selfie', 'selfie', -100),
		read('Read Document', 'document', 100),
		node(
			'Merge',
			'n8n-nodes-base.merge',
			3,
			{ mode: 'combine', combineBy: 'combineByPosition', options: {} },
			600,
		),
		...tail,
	];
	const wf = chain(id, []);
	wf.nodes = nodes;
	wf.connections = {
		Start: { main: [[{ node: 'Paths', type: 'main', index: 0 }]] },
		Paths: {
			main: [
				[
					{ node: 'Read Selfie', type: 'main', index: 0 },
					{ node: 'Read Document', type: 'main', index: 0 },
				],
			],
		},
		'Read Selfie': { main: [[{ node: 'Merge', type: 'main', index: 0 }]] },
		'Read Document': { main: [[{ node: 'Merge', type: 'main', index: 1 }]] },
		Merge: { main: [[{ node: tail[0].name, type: 'main', index: 0 }]] },
	};
	for (let i = 0; i < tail.length - 1; i++) {
		wf.connections[tail[i].name] = { main: [[{ node: tail[i + 1].name, type: 'main', index: 0 }]] };
	}
	return wf;
}

/** The last line of n8n's output that says what went wrong (for a run that left no run data). */
function lastErrorLine(res) {
	const lines = `${res.stdout}\n${res.stderr}`
		.split('\n')
		.filter((l) => /error|invalid|heap|memory/i.test(l));
	if (res.signal === 'SIGKILL')
		return `still running after ${Math.round(res.wallMs / 1000)} s, stopped by the benchmark`;
	return lines.at(-1)?.trim() ?? `exit ${res.status} ${res.signal ?? ''}`;
}

function executionMs(run, names) {
	return names.reduce(
		(sum, name) => sum + (run.data.resultData.runData[name]?.[0]?.executionTime ?? NaN),
		0,
	);
}

function table(title, columns, rows) {
	console.log(`\n${title}\n${markdownTable(columns, rows)}`);
}

async function throughput(target, folder, emulator) {
	const pairs = Array.from({ length: PAIRS }, (_, i) => ({
		selfie: makePng(`t${i}`, { seed: 's' }).toString('base64'),
		document: makePng(`t${i}`, { seed: 'd' }).toString('base64'),
	}));
	const runs = [
		{
			name: 'node, default concurrency 4',
			wf: nodeWorkflow('bench-node-4', pairs, 4),
			nodes: ['MostQi Face Compare'],
			concurrency: 4,
		},
		{
			name: 'node, concurrency 32',
			wf: nodeWorkflow('bench-node-32', pairs, 32),
			nodes: ['MostQi Face Compare'],
			concurrency: 32,
		},
		{
			name: 'HTTP Request alternative, defaults',
			wf: alternativeWorkflow('bench-alt', pairs, emulator.url, false),
			nodes: ['Extract Selfie', 'Extract Document', 'Get Token', 'Compare Faces'],
		},
		{
			name: 'HTTP Request alternative, batching 4 per 100 ms',
			wf: alternativeWorkflow('bench-alt-batch', pairs, emulator.url, true),
			nodes: ['Extract Selfie', 'Extract Document', 'Get Token', 'Compare Faces'],
		},
	];
	const rows = [];
	for (const r of runs) {
		await host.importWorkflow(target, folder, r.wf);
		emulator.reset();
		emulator.state.maxInFlight = 0;
		const { run, res } = await host.execute(target, folder, r.wf.id);
		if (!run)
			throw new Error(
				`${r.name}: no run data\n${res.stdout.slice(-1500)}\n${res.stderr.slice(-1500)}`,
			);
		const last = host.nodeResult(run, r.nodes.at(-1));
		const items = last.items ?? [];
		const ok = items.filter(
			(it) => typeof (it.json.similarity ?? it.json.result?.similarity) === 'number',
		).length;
		const ms = executionMs(run, r.nodes);
		const ideal = r.concurrency ? (PAIRS * 2 * LATENCY_MS) / r.concurrency : undefined;
		rows.push({
			run: r.name,
			'wall ms': Math.round(ms),
			'ideal ms': ideal ?? '-',
			'÷ ideal': ideal ? (ms / ideal).toFixed(2) : '-',
			'results ok': `${ok}/${PAIRS}`,
			'max in flight': emulator.state.maxInFlight,
			error: last.error ? String(last.error.message).slice(0, 60) : '',
		});
	}
	table(
		`Throughput: ${PAIRS} pairs of small images, ${LATENCY_MS} ms emulated latency per request (token and compare), n8n ${host.hostVersion(target)}, ${os.cpus().length} cores`,
		['run', 'wall ms', 'ideal ms', '÷ ideal', 'results ok', 'max in flight', 'error'],
		rows,
	);
	const byName = (prefix) => rows.find((r) => r.run.startsWith(prefix));
	const alt = byName('HTTP Request alternative, defaults');
	const n32 = byName('node, concurrency 32');
	if (alt && n32)
		console.log(
			`node at 32 vs alternative at defaults: ${(alt['wall ms'] / n32['wall ms']).toFixed(2)}× (higher is better for the node)`,
		);
	return rows;
}

async function memory(target, folder, emulator) {
	const dir = fs.mkdtempSync(path.join(folder, 'big-'));
	const rows = [];
	for (let i = 0; i < BIG_PAIRS; i++) {
		const selfiePath = path.join(dir, `s${i}.png`);
		const documentPath = path.join(dir, `d${i}.png`);
		fs.writeFileSync(selfiePath, makeLargePng(`big${i}`, BIG_BYTES));
		fs.writeFileSync(documentPath, makeLargePng(`big${i}`, BIG_BYTES));
		rows.push({ selfiePath, documentPath });
	}
	const imageBytes = rows.reduce(
		(n, r) => n + fs.statSync(r.selfiePath).size + fs.statSync(r.documentPath).size,
		0,
	);
	const concurrency = 4;
	const variants = [
		{
			name: 'No-Op in place of the node',
			tail: [node('Compare', 'n8n-nodes-base.noOp', 1, {}, 800)],
			last: 'Compare',
		},
		{
			name: `MostQi node, concurrency ${concurrency}`,
			tail: [
				node('Compare', NODE, 2, { options: { concurrency } }, 800, { credentials: CREDENTIAL }),
			],
			last: 'Compare',
		},
	];
	if (!skip.has('alternative-memory')) {
		variants.push({
			name: 'HTTP Request alternative, defaults',
			tail: alternativeNodes(emulator.url, false),
			last: 'Compare Faces',
			mayFail: true,
		});
	}
	const results = [];
	const failures = [];
	for (const v of variants) {
		const wf = diskWorkflow(`bench-mem-${results.length + failures.length}`, rows, v.tail);
		await host.importWorkflow(target, folder, wf);
		emulator.reset();
		const nodeArgs = process.env.BENCH_PROFILE
			? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
			: [];
		const { run, res } = await host.execute(
			target,
			folder,
			wf.id,
			{ N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' },
			{ measure: true, nodeArgs },
		);
		const out = host.nodeResult(run, v.last);
		if (!run || out.error || run.data.resultData.error) {
			const why = out.error?.message ?? run?.data.resultData.error?.message ?? lastErrorLine(res);
			if (!v.mayFail) throw new Error(`${v.name}: ${why}`);
			failures.push(
				`${v.name}: failed after ${Math.round(res.wallMs / 1000)} s with peak RSS ${(res.peakRssKb / 1024).toFixed(0)} MB: ${String(why).slice(0, 160)}`,
			);
			continue;
		}
		results.push({
			name: v.name,
			peakRssMb: res.peakRssKb / 1024,
			cpuMs: res.cpuMs,
			cpuSysMs: res.cpuSysMs,
			items: out.items.length,
			outputBytes: Buffer.byteLength(JSON.stringify(out.items)),
			nodeMs: executionMs(
				run,
				v.tail.map((n) => n.name),
			),
			ok: out.items.filter(
				(it) => typeof (it.json.similarity ?? it.json.result?.similarity) === 'number',
			).length,
		});
	}
	fs.rmSync(dir, { recursive: true, force: true });
	const [noop, ours] = results;
	const alternative = results[2];
	const inFlightMb = (concurrency * 2 * imageBytes) / (BIG_PAIRS * 2) / 1e6;
	const growthMb = ours.peakRssMb - noop.peakRssMb;
	const imageMb = imageBytes / 1e6;
	table(
		`Memory and CPU: ${BIG_PAIRS} pairs of ${BIG_BYTES / 1e6} MB images read from disk (filesystem binary mode), ${imageMb.toFixed(0)} MB in all`,
		['run', 'peak RSS MB', 'CPU ms', 'of it kernel', 'node ms', 'results ok', 'output bytes'],
		results.map((r) => ({
			run: r.name,
			'peak RSS MB': r.peakRssMb.toFixed(0),
			'CPU ms': Math.round(r.cpuMs),
			'of it kernel': Math.round(r.cpuSysMs),
			'node ms': Math.round(r.nodeMs),
			'results ok': `${r.ok}/${r.items}`,
			'output bytes': r.outputBytes,
		})),
	);
	console.log(
		[
			`peak RSS growth over the No-Op run: ${growthMb.toFixed(0)} MB for ${inFlightMb.toFixed(0)} MB of images in flight (${concurrency} pairs) = ${(growthMb / inFlightMb).toFixed(2)}× (target ≤ 3×)`,
			`saved execution data the node adds per item: ${Math.round((ours.outputBytes - noop.outputBytes) / BIG_PAIRS)} bytes (target < 512)`,
			`CPU of the n8n process beyond the No-Op run: ${Math.round(ours.cpuMs - noop.cpuMs)} ms for ${imageMb.toFixed(0)} MB = ${((ours.cpuMs - noop.cpuMs) / imageMb).toFixed(2)} ms per MB (target < 10)`,
			...(alternative
				? [
						`the alternative's peak RSS growth: ${(alternative.peakRssMb - noop.peakRssMb).toFixed(0)} MB = ${((alternative.peakRssMb - noop.peakRssMb) / inFlightMb).toFixed(2)}× the node's images in flight`,
					]
				: []),
			...failures,
		].join('\n'),
	);
}

async function main() {
	const target = host.HOSTS.find((h) => h.name === (process.env.BENCH_HOST ?? 'n8n-2.41'));
	host.installHosts([target.name]);
	const folder = host.userFolder(host.pack());
	const emulator = await startEmulator({ clientKeys: [CLIENT_KEY], latencyMs: LATENCY_MS });
	try {
		await host.importCredentials(target, folder, [
			{
				...CREDENTIAL.mostQiApi,
				type: 'mostQiApi',
				data: { authType: 'clientKey', clientKey: CLIENT_KEY, baseUrl: emulator.url },
			},
		]);
		console.log(
			`n8n ${host.hostVersion(target)} on ${os.cpus().length} cores (${os.cpus()[0].model}), Node ${process.version} for the runner`,
		);
		if (!skip.has('throughput')) await throughput(target, folder, emulator);
		emulator.state.latencyMs = 0;
		if (!skip.has('memory')) await memory(target, folder, emulator);
	} finally {
		await emulator.close();
		fs.rmSync(folder, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
