#!/usr/bin/env node
'use strict';
/**
 * `npm run demo`: the product at work in a real n8n, with nothing but this clone.
 * Builds and packs the package, installs it into a fresh n8n user folder (n8n itself comes from
 * the end-to-end suite's cached hosts), starts the local MostQi emulator with the sample images
 * of examples/images, runs examples/onboarding-demo.json headlessly and prints each applicant's
 * liveness score, similarity, decision and the branch it took (Reject: Not Live before any
 * comparison; then Approve, Manual Review, Reject: Face Compare's three outputs).
 *
 * DEMO_HOST picks the n8n (default: the newest, n8n-2.41); DEMO_KEEP=1 keeps the user folder.
 * `npm run demo -- --queue` runs the onboarding webhook in queue mode instead (scripts/demoQueue.js).
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { DETECT_PATH, startEmulator } = require('../test/emulator/server');
const host = require('../test/e2e/n8nHost');
const { markdownTable } = require('./markdownTable');

const EXAMPLES = path.join(__dirname, '..', 'examples');
const CLIENT_KEY = 'demo-client-key';
const EXAMPLE_PORT = 8787; // the address examples/onboarding-demo.json expects the emulator at

function portIsFree(port) {
	return new Promise((resolve) => {
		const probe = net.createServer();
		probe.once('error', () => resolve(false));
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
	});
}

async function main() {
	const started = Date.now();
	const target = host.HOSTS.find((h) => h.name === (process.env.DEMO_HOST ?? 'n8n-2.41'));
	if (!target)
		throw new Error(`unknown DEMO_HOST; one of ${host.HOSTS.map((h) => h.name).join(', ')}`);
	console.log(`Preparing n8n (${target.name}; the first run installs it from npm, a few minutes)…`);
	host.installHosts([target.name]);
	const folder = host.userFolder(host.pack());

	const files = {};
	for (const name of fs.readdirSync(path.join(EXAMPLES, 'images'))) {
		if (name.endsWith('.png')) files[name] = fs.readFileSync(path.join(EXAMPLES, 'images', name));
	}
	const port = (await portIsFree(EXAMPLE_PORT)) ? EXAMPLE_PORT : 0;
	const emulator = await startEmulator({ port, clientKeys: [CLIENT_KEY], files, latencyMs: 150 });
	try {
		// The example points at the emulator's usual address; follow it if that port was taken.
		const workflow = JSON.parse(
			fs
				.readFileSync(path.join(EXAMPLES, 'onboarding-demo.json'), 'utf8')
				.replaceAll(`http://127.0.0.1:${EXAMPLE_PORT}`, emulator.url),
		);
		const credential = workflow.nodes.find((n) => n.credentials?.mostQiApi).credentials.mostQiApi;
		await host.importCredentials(target, folder, [
			{
				...credential,
				type: 'mostQiApi',
				data: { authType: 'clientKey', clientKey: CLIENT_KEY, baseUrl: emulator.url },
			},
		]);
		await host.importWorkflow(target, folder, workflow);
		console.log(
			`Running "${workflow.name}" in n8n ${host.hostVersion(target)} against the MostQi emulator at ${emulator.url}…\n`,
		);
		const { run, res } = await host.execute(target, folder, workflow.id, {
			N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		});
		if (!run)
			throw new Error(
				`n8n printed no run data:\n${res.stdout.slice(-2000)}\n${res.stderr.slice(-2000)}`,
			);
		if (run.data.resultData.error)
			throw new Error(`the workflow failed: ${run.data.resultData.error.message}`);

		// not live: rejected before any comparison; then Face Compare's three outputs (Route by
		// Decision), each wired to the step that acts on it
		const branches = {
			Approve: ['match'],
			'Manual Review': ['review', 'error'],
			Reject: ['mismatch'],
			'Reject: Not Live': ['not live'],
		};
		const applicants = host.nodeResult(run, 'Applicants').items.map((item) => item.json.name);
		const rows = Object.keys(branches)
			.flatMap((branch) =>
				(host.nodeResult(run, branch).items ?? []).map((item) => ({ branch, json: item.json })),
			)
			.map(({ branch, json }) => ({
				applicant: json.applicant,
				liveness: typeof json.livenessScore === 'number' ? json.livenessScore.toFixed(4) : '-',
				similarity: typeof json.similarity === 'number' ? json.similarity.toFixed(4) : '-',
				decision: json.decision,
				branch,
				note: String(json.note).replace(/ \(row \d+ of \d+, item \d+ counting from 0\)[^]*$/, ''),
			}))
			.sort((a, b) => applicants.indexOf(a.applicant) - applicants.indexOf(b.applicant));
		console.log(
			markdownTable(['applicant', 'liveness', 'similarity', 'decision', 'branch', 'note'], rows),
		);

		const compare = workflow.nodes.find((n) => n.name === 'MostQi Face Compare').parameters;
		const liveness = workflow.nodes.find((n) => n.name === 'MostQi Liveness').parameters;
		const compares = emulator.compares();
		const detects = emulator.liveness.requests(DETECT_PATH);
		const live = rows.filter((r) => r.branch !== 'Reject: Not Live');
		const tokens = new Set([...compares, ...detects].map((c) => c.token?.jti));
		const keyOnlyToTokenRoute = emulator.log.every(
			(e) => !e.clientKeyInRequest || e.path === '/user/authenticate',
		);
		const perBranch = Object.keys(branches).map(
			(branch) => `${rows.filter((r) => r.branch === branch).length} ${branch}`,
		);
		console.log(
			`\n${rows.length} applicants: ${perBranch.join(', ')}, Face Compare routing by decision (no IF node after it). ` +
				`${detects.length} liveness checks, ${compares.length} comparisons (live applicants only), ` +
				`${tokens.size} single-use tokens (one per request), ` +
				`client key sent only to /user/authenticate: ${keyOnlyToTokenRoute ? 'yes' : 'NO'}. ` +
				`Liveness Threshold ${liveness.threshold}, Match Threshold ${compare.threshold}, ` +
				`review band from ${compare.options.reviewThreshold}, ` +
				`emulated MostQi latency 150 ms. Done in ${Math.round((Date.now() - started) / 1000)} s.`,
		);
		const problems = [];
		if (
			rows.length !== applicants.length ||
			new Set(rows.map((r) => r.applicant)).size !== applicants.length
		) {
			problems.push(`${rows.length} decided rows for ${applicants.length} applicants`);
		}
		for (const row of rows) {
			if (!branches[row.branch].includes(row.decision))
				problems.push(`${row.applicant}: decision ${row.decision} on ${row.branch}`);
		}
		for (const branch of Object.keys(branches)) {
			if (!rows.some((r) => r.branch === branch)) problems.push(`no applicant on ${branch}`);
		}
		// every applicant's selfie is checked; every live applicant is compared (Eva's broken link
		// too: MostQi is asked, and fails to download it); a spoof is never compared
		if (detects.length !== applicants.length)
			problems.push(`${detects.length} liveness checks for ${applicants.length} applicants`);
		if (compares.length !== live.length)
			problems.push(`${compares.length} comparisons for ${live.length} live applicants`);
		if (tokens.size !== compares.length + detects.length) problems.push('a token was used twice');
		if (!keyOnlyToTokenRoute) problems.push('the client key went beyond /user/authenticate');
		if (problems.length > 0)
			throw new Error(`the demo did not come out as expected: ${problems.join('; ')}`);
		console.log(
			`\nTry it in the editor: import examples/onboarding-demo.json and run "npm run emulator".`,
		);
	} finally {
		await emulator.close();
		if (process.env.DEMO_KEEP) console.log(`kept ${folder}`);
		else fs.rmSync(folder, { recursive: true, force: true });
	}
}

const run = process.argv.includes('--queue') ? require('./demoQueue').runQueueDemo : main;
run().catch((error) => {
	console.error(`demo failed: ${error.message}`);
	process.exit(1);
});
