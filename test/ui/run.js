#!/usr/bin/env node
'use strict';
/**
 * Browser suite: n8n's editor as a builder meets the node. One n8n 2.41 server with the packed
 * package and the MostQi emulator; Debian's Chromium driven by playwright-core. Searching
 * "face" and "kyc", adding the node, the fields of each source, the credential and its test,
 * a run from the editor read in the output table, the error shown with Stop, Route by Decision's
 * outputs on the canvas and the routed onboarding example run from the editor, and the node
 * offered to an AI Agent as a tool. MostQi Liveness (./liveness.js): found, its operations and
 * fields, and the hosted check of examples/onboarding-liveness.json played by a person.
 *
 * UI_SCREENSHOTS=<dir> saves light and dark screenshots there (`npm run screenshots` writes
 * the README's, docs/screenshots). UI_REPORT=<file> writes the counts for CI. UI_ONLY=<text>
 * runs only the checks whose name contains it (e.g. UI_ONLY=liveness:), to develop quickly.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startEmulator } = require('../emulator/server');
const host = require('../e2e/n8nHost');
const { checkRunner } = require('../support/checks');
const { openEditor, choose, openedBy, screenshots } = require('./browser');
const ui = require('./workflows');
const { livenessChecks } = require('./liveness');

const CLIENT_KEY = 'ck_ui_3f0a9d2c7b6e4d1a8c5b2e9f7a6d3c0b';
const WRONG_KEY = 'ck_ui_wrong_999999999999999999999999';
const PKG = JSON.parse(fs.readFileSync(path.join(host.ROOT, 'package.json'), 'utf8'));
const DOCS = 'https://github.com/n8n-nodes-mostqi/n8n-nodes-mostqi/blob/main/README.md';
// taken on every run (so that `npm run screenshots` keeps working); kept where UI_SCREENSHOTS says
const SHOTS = path.resolve(
	process.env.UI_SCREENSHOTS ?? path.join(os.tmpdir(), 'mostqi-ui-screenshots'),
);

/** The browser page, once open: a failed check saves what it showed. */
let currentPage;
const runner = checkRunner({
	async onFailure() {
		const file = path.join(os.tmpdir(), `mostqi-ui-failed-${results.failed}.png`);
		if (!currentPage) return undefined;
		await currentPage.screenshot({ path: file });
		return `screen: ${file}`;
	},
});
const { results } = runner;
const ONLY = process.env.UI_ONLY;
let skipped = 0;
/** A named check, unless UI_ONLY names others. */
async function check(name, fn) {
	if (ONLY && !name.includes(ONLY)) {
		skipped += 1;
		return;
	}
	await runner.check(name, fn);
}

/** Polls `condition` (the editor updates lists as it renders) until it holds or time runs out. */
async function until(condition, what, timeoutMs = 10_000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`not seen within ${timeoutMs / 1000} s: ${what}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

/** n8n's editor, with the canvas of `route` loaded (the first load compiles nothing, but is slow). */
async function openCanvas(page, route) {
	await page.goto(route);
	await page.getByTestId('canvas-wrapper').waitFor({ timeout: 90_000 });
	// a saved workflow: its nodes are drawn after the canvas (a click before would miss them)
	if (route !== '/workflow/new') await page.getByTestId('canvas-node').first().waitFor();
}

/** Opens the node's details (NDV) by double-clicking it on the canvas. */
async function openNode(page, name) {
	await page.getByTestId('canvas-node').filter({ hasText: name }).first().dblclick();
	await page.getByTestId('ndv').waitFor();
}

/** The visible text of a parameter's field (value, placeholder and hint below it). */
async function fieldText(page, name) {
	// parameter items nest (the credential slot holds the rest): the innermost is the field's
	const item = page
		.getByTestId('node-parameters')
		.locator('[data-test-id=parameter-item]', { has: page.getByTestId(`parameter-input-${name}`) })
		.last();
	return (await item.innerText()).replace(/\s+/g, ' ');
}

async function inputValue(page, name) {
	return await page
		.getByTestId(`parameter-input-${name}`)
		.locator('input, textarea')
		.first()
		.inputValue();
}

/** The output table of the open NDV: header cells and rows of cell texts. */
async function outputTable(page) {
	const output = page.getByTestId('output-panel');
	await output.getByTestId('radio-button-table').click();
	const table = output.locator('table').first();
	await table.waitFor();
	const header = (await table.locator('thead th').allInnerTexts()).map((t) => t.trim());
	const rows = [];
	for (const row of await table.locator('tbody tr').all()) {
		rows.push((await row.locator('td').allInnerTexts()).map((t) => t.trim()));
	}
	return { header, rows };
}

/** The labels of a canvas node's output handles, in order (Match, Review, Mismatch when routed). */
async function outputLabels(page, name) {
	const handles = page.locator(
		`[data-test-id=canvas-node-output-handle][data-node-name="${name}"]`,
	);
	await handles.first().waitFor();
	return (await handles.allInnerTexts()).map((t) => t.trim());
}

async function main() {
	const started = Date.now();
	host.installHosts(['n8n-2.41']);
	const target = host.HOSTS.find((h) => h.name === 'n8n-2.41');
	const tarball = host.pack();
	const emulator = await startEmulator({ clientKeys: [CLIENT_KEY] });
	const images = path.join(host.ROOT, 'examples', 'images');
	for (const file of fs.readdirSync(images))
		emulator.addFile(file, fs.readFileSync(path.join(images, file)));
	const files = `${emulator.url}/files`;

	const folder = host.userFolder(tarball);
	const credential = {
		...ui.CREDENTIAL.mostQiApi,
		type: 'mostQiApi',
		data: { authType: 'clientKey', clientKey: CLIENT_KEY, baseUrl: emulator.url },
	};
	await host.importCredentials(target, folder, [credential]);
	const workflows = {
		continues: ui.onboarding('ui-onboarding-continue', files, 'continueRegularOutput'),
		stops: ui.onboarding('ui-onboarding-stop', files),
		agent: ui.agent('ui-agent'),
		routed: ui.example('onboarding-demo.json', emulator.url),
		liveness: ui.example('onboarding-liveness.json', emulator.url),
	};
	for (const workflow of Object.values(workflows))
		await host.importWorkflow(target, folder, workflow);
	// the hosted check's form must be live (active): published before the start, or through the
	// REST API once n8n runs when this n8n's import keeps no version to publish
	const published = await host.activateWorkflow(target, folder, workflows.liveness.id);

	// N8N_HOST: the form's pages and $execution.resumeUrl name 127.0.0.1, where the browser goes
	const server = await host.startServer(target, folder, { N8N_HOST: '127.0.0.1' });
	if (!published) await host.activateThroughRest(server.rest, workflows.liveness);
	const baseURL = `http://127.0.0.1:${server.port}`;
	const { browser, context, page, outside } = await openEditor(baseURL, PKG);
	currentPage = page;
	console.log(
		`n8n ${host.hostVersion(target)} and Chromium ${browser.version()} ready in ${Math.round((Date.now() - started) / 1000)} s`,
	);
	try {
		await suite({ page, context, emulator, workflows });
		await livenessChecks({
			check,
			page,
			browser,
			baseURL,
			rest: server.rest,
			emulator,
			clientKey: CLIENT_KEY,
			pkg: PKG,
			outside,
			shotsDir: SHOTS,
			workflow: workflows.liveness,
			shot: (target, name, p = page) => screenshots(p, target, SHOTS, name),
			helpers: { until, openCanvas, openNode, fieldText, inputValue, choose },
		});
	} finally {
		await browser.close();
		await server.stop();
		await emulator.close();
	}
	const log = fs.readFileSync(server.logFile, 'utf8');
	// always run: it reads what every check before it did
	await runner.check(
		"no client key in n8n's log or in what the editor asked of the outside world",
		() => {
			for (const secret of [CLIENT_KEY, WRONG_KEY]) {
				assert.ok(!log.includes(secret), 'a client key reached the log');
				assert.ok(!outside.some((url) => url.includes(secret)), 'a client key left the machine');
			}
		},
	);
	if (process.env.UI_KEEP) console.log(`  kept ${folder}`);
	else fs.rmSync(folder, { recursive: true, force: true });

	console.log(`screenshots (light and dark) in ${SHOTS}`);
	console.log(
		`browser: ${results.passed} passed, ${results.failed} failed${ONLY ? `, ${skipped} skipped (UI_ONLY=${ONLY})` : ''} in ${Math.round((Date.now() - started) / 1000)} s`,
	);
	if (process.env.UI_REPORT) fs.writeFileSync(process.env.UI_REPORT, JSON.stringify(results));
	process.exitCode = results.failed === 0 ? 0 : 1;
}

async function suite({ page, context, emulator, workflows }) {
	const shot = (target, name) => screenshots(page, target, SHOTS, name);

	await check(
		'the node is found by searching "face" and "kyc"; its Report issue opens the issues page',
		async () => {
			await openCanvas(page, '/workflow/new');
			await page.getByTestId('canvas-plus-button').click();
			const search = page.getByTestId('node-creator-search-bar');
			const names = page.getByTestId('node-creator-item-name');
			await search.fill('face');
			await names.filter({ hasText: 'MostQi Face Compare' }).waitFor();
			await search.fill('kyc');
			// only the package's two nodes answer "kyc" (their codex alias); the list updates as
			// the search is typed
			await until(
				async () =>
					(await names.allInnerTexts()).sort().join(', ') ===
					'MostQi Face Compare, MostQi Liveness',
				'the two results for "kyc"',
			);
			await names.filter({ hasText: 'MostQi Face Compare' }).click();
			// a community node not yet added: n8n shows its details, "Report issue" opens the
			// package's bugs.url (read from npm's registry; without it n8n opened the registry's JSON)
			const reported = await openedBy(context, () => page.getByText('Report Issue').click());
			assert.equal(reported, PKG.bugs.url);
			await page.getByRole('button', { name: 'Add to workflow' }).click();
			await page.getByTestId('ndv').waitFor();
		},
	);

	await check(
		'a new node (version 2): binary sources named selfie and document, the Match Threshold on top, Docs without #fragment',
		async () => {
			await page.getByTestId('tab-settings').click();
			assert.match(
				await page.getByTestId('node-version').innerText(),
				/node version 2 \(Latest\)/i,
			);
			await page.getByTestId('tab-params').click();
			assert.equal(await inputValue(page, 'faceASource'), 'Binary File');
			assert.match(
				await fieldText(page, 'faceABinaryProperty'),
				/Face A Binary Field .*e\.g\. selfie/,
			);
			assert.equal(await inputValue(page, 'faceABinaryProperty'), 'selfie');
			assert.match(
				await fieldText(page, 'faceBBinaryProperty'),
				/Face B Binary Field .*e\.g\. document/,
			);
			assert.equal(await inputValue(page, 'faceBBinaryProperty'), 'document');
			assert.match(await fieldText(page, 'threshold'), /^Match Threshold/);
			assert.equal(await inputValue(page, 'threshold'), '0.700');
			// Route by Decision in view, off: one output until a builder asks for three
			const route = page
				.getByTestId('parameter-input-routeByDecision')
				.locator('input[role=switch]');
			assert.equal(await route.getAttribute('aria-checked'), 'false');
			await shot(page.getByTestId('ndv'), 'node-parameters');
			const docs = await openedBy(context, () => page.getByTestId('ndv').getByText('Docs').click());
			// n8n appends its own query (utm_…) to the documentation URL
			assert.equal(docs.split('?')[0], DOCS);
			assert.ok(!docs.includes('#'), docs);
		},
	);

	await check(
		'fields follow each source; options name their units; the canvas subtitle reads as labels',
		async () => {
			await choose(page, page, 'faceASource', 'URL');
			await page.getByTestId('parameter-input-faceAUrl').waitFor();
			assert.equal(
				await page.getByTestId('parameter-input-faceABinaryProperty').count(),
				0,
				'no binary field for a URL',
			);
			assert.match(await fieldText(page, 'faceAUrl'), /Face A URL/);
			await choose(page, page, 'faceBSource', 'Base64');
			const base64 = page.getByTestId('parameter-input-faceBBase64').locator('textarea');
			assert.equal(await base64.getAttribute('placeholder'), 'e.g. {{ $json.photoBase64 }}');
			await page.getByTestId('collection-parameter-add').click();
			const options = page.locator('[data-test-id=collection-parameter-option]:visible');
			await options.first().waitFor();
			const optionNames = (await options.allInnerTexts()).map((t) => t.trim());
			for (const option of [
				'Retry Delay (Milliseconds)',
				'Timeout (Milliseconds)',
				'Retries',
				'Keep Input Fields',
				'Concurrency',
				'Review Threshold',
			]) {
				assert.ok(optionNames.includes(option), `option ${option} in ${optionNames.join(', ')}`);
			}
			assert.ok(
				!optionNames.includes('Match Threshold'),
				'the threshold is no longer an option in version 2',
			);
			await page.keyboard.press('Escape');
			await page.getByTestId('ndv-close-button').click();
			const node = page.getByTestId('canvas-node').filter({ hasText: 'MostQi Face Compare' });
			assert.match((await node.innerText()).replace(/\s+/g, ' '), /Face A: URL ↔ Face B: Base64/);
		},
	);

	await check(
		'Route by Decision on: the canvas draws the outputs Match, Review, Mismatch; Options → Add Option → Review Threshold',
		async () => {
			assert.deepEqual(
				await outputLabels(page, 'MostQi Face Compare'),
				[''],
				'one output, no label, before',
			);
			await openNode(page, 'MostQi Face Compare');
			const route = page.getByTestId('parameter-input-routeByDecision');
			assert.match(await fieldText(page, 'routeByDecision'), /^Route by Decision/);
			await route.locator('.el-switch').click();
			assert.equal(await route.locator('input[role=switch]').getAttribute('aria-checked'), 'true');
			await page.getByTestId('collection-parameter-add').click();
			await page
				.locator('[data-test-id=collection-parameter-option]:visible')
				.filter({ hasText: /^Review Threshold$/ })
				.click();
			const review = page.getByTestId('parameter-input-reviewThreshold');
			await review.waitFor();
			assert.match(await fieldText(page, 'reviewThreshold'), /^Review Threshold/);
			assert.equal(await inputValue(page, 'reviewThreshold'), '0.600', 'the default offered');
			await review.locator('input').fill('0.5');
			await review.locator('input').blur();
			assert.equal(await inputValue(page, 'reviewThreshold'), '0.500');
			await page.getByTestId('ndv-close-button').click();
			assert.deepEqual(await outputLabels(page, 'MostQi Face Compare'), [
				'Match',
				'Review',
				'Mismatch',
			]);
		},
	);

	await check(
		'the credential: Base URL choices; Test refuses a wrong key with what to check, passes the right one',
		async () => {
			emulator.reset();
			await openNode(page, 'MostQi Face Compare');
			// the imported credential is already picked (n8n picks the only one): add a new one
			await page.getByTestId('node-credentials-select').click();
			await page.getByTestId('node-credentials-select-item-new').click();
			const modal = page.getByTestId('editCredential-modal');
			await modal.getByTestId('parameter-input-baseUrl').click();
			const choiceItems = page.locator('[data-test-id=parameter-input-item]:visible');
			await choiceItems.first().waitFor();
			const choices = (await choiceItems.allInnerTexts()).map((t) => t.split('\n')[0].trim());
			assert.deepEqual(choices, [
				'MostQi (mostqiapi.com)',
				'MostQi for Whitelisted Servers (production-mostqiapi.com)',
				'Custom URL',
			]);
			await page.keyboard.press('Escape');
			await choose(modal, page, 'baseUrl', 'Custom URL');
			await modal.getByTestId('parameter-input-customBaseUrl').locator('input').fill(emulator.url);
			await modal.getByTestId('parameter-input-clientKey').locator('input').fill(WRONG_KEY);
			await modal.getByTestId('credential-save-button').click();
			await modal.getByText('Couldn’t connect with these settings').waitFor();
			await modal.getByText('More details').click();
			const refusal = (await modal.innerText()).replace(/\s+/g, ' ');
			assert.match(refusal, /R117 Invalid authorization data \(HTTP 401\)/);
			assert.match(refusal, /Check/);
			assert.ok(!refusal.includes(WRONG_KEY), 'the key is not shown back');
			await shot(modal, 'credential-test-failed');
			await modal.getByTestId('parameter-input-clientKey').locator('input').fill(CLIENT_KEY);
			await modal.getByTestId('credential-save-button').click();
			await modal.waitFor({ state: 'hidden' });
			assert.deepEqual(
				emulator.log.filter((e) => e.path === '/user/authenticate').map((e) => e.status),
				[401, 200],
				'one refused token request, then one issued',
			);
			assert.equal(emulator.compares().length, 0, 'a credential test compares nothing');
			await page.getByTestId('ndv-close-button').click();
		},
	);

	await check(
		'a run from the editor (On Error: Continue): the output table shows a match, a mismatch and a failed row that reads at a glance',
		async () => {
			emulator.reset();
			await openCanvas(page, `/workflow/${workflows.continues.id}`);
			await page.getByTestId('execute-workflow-button').click();
			await page.getByText('Workflow executed successfully').waitFor({ timeout: 60_000 });
			await openNode(page, 'MostQi Face Compare');
			const { header, rows } = await outputTable(page);
			// the decision first; the failed row adds error, errorCode, httpCode after those columns
			assert.deepEqual(header.slice(0, 8), [
				'decision',
				'similarity',
				'isMatch',
				'threshold',
				'reviewThreshold',
				'requestId',
				'elapsedMilliseconds',
				'attempts',
			]);
			const errorColumns = ['error', 'errorCode', 'httpCode'].map((column) =>
				header.indexOf(column),
			);
			assert.ok(
				errorColumns[0] >= 8 &&
					errorColumns[1] > errorColumns[0] &&
					errorColumns[2] > errorColumns[1],
				`error columns after the others: ${header.join(', ')}`,
			);
			assert.ok(header.includes('name'), `input fields kept: ${header.join(', ')}`);
			const col = (row, name) => row[header.indexOf(name)];
			const [ana, carla, eva] = rows;
			assert.equal(rows.length, 3);
			assert.deepEqual([col(ana, 'decision'), col(ana, 'isMatch')], ['match', 'true']);
			assert.equal(col(ana, 'name'), 'Ana Souza');
			assert.deepEqual([col(carla, 'decision'), col(carla, 'isMatch')], ['mismatch', 'false']);
			assert.equal(col(eva, 'decision'), 'error');
			assert.match(
				col(eva, 'error'),
				/^Face B URL: the file at 127\.0\.0\.1:\d+\/files\/eva-id\.png was not found \(404\) when MostQi downloaded it \(row 3 of 3, item 2 counting from 0\)/,
			);
			assert.equal(col(eva, 'errorCode'), 'R101');
			for (const empty of ['similarity', 'isMatch'])
				assert.equal(col(eva, empty), 'null', `${empty} of the failed row`);
			assert.equal(col(eva, 'threshold'), '0.75');
			// MostQi's answers are what the table shows
			assert.equal(emulator.compares().length, 3);
			for (const row of [ana, carla]) {
				const answered = emulator.compares().find((c) => c.requestId === col(row, 'requestId'));
				assert.ok(answered, `MostQi answered ${col(row, 'requestId')}`);
				assert.equal(Number(col(row, 'similarity')), answered.similarity);
			}
			// more room for the output table: the middle panel dragged to the left, as a builder would
			const handle = await page.getByTestId('panel-drag-button').boundingBox();
			await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
			await page.mouse.down();
			await page.mouse.move(handle.x - 320, handle.y + handle.height / 2, { steps: 10 });
			await page.mouse.up();
			await shot(page.getByTestId('ndv'), 'output-table');
			await page.getByTestId('ndv-close-button').click();
		},
	);

	await check(
		"with On Error: Stop, the editor shows the failed item's message in the node's labels",
		async () => {
			await openCanvas(page, `/workflow/${workflows.stops.id}`);
			await page.getByTestId('execute-workflow-button').click();
			await page
				.getByText('Problem in node ‘MostQi Face Compare‘')
				.or(page.getByText(/Problem in node/))
				.first()
				.waitFor({ timeout: 60_000 });
			await openNode(page, 'MostQi Face Compare');
			const output = page.getByTestId('output-panel');
			await output
				.getByText(/Face B URL: the file at/)
				.first()
				.waitFor();
			const text = (await output.innerText()).replace(/\s+/g, ' ');
			assert.match(
				text,
				/Face B URL: the file at 127\.0\.0\.1:\d+\/files\/eva-id\.png was not found \(404\) when MostQi downloaded it \(row 3 of 3, item 2 counting from 0\)/,
			);
			assert.ok(!/faceFileUrlB/.test(text), "MostQi's field name stays out");
			// the message already names n8n's index, so the editor adds no "[item 2]" of its own
			assert.ok(!/\[item \d+\]/.test(text), `no second item number: ${text.slice(0, 300)}`);
			await shot(page.getByTestId('ndv'), 'error-stop');
			await page.getByTestId('ndv-close-button').click();
		},
	);

	await check(
		'the routed onboarding example (examples/onboarding-demo.json) run from the editor: Ana on Match, Bruno (the band) and Eva (a broken link) on Review, Carla on Mismatch',
		async () => {
			emulator.reset();
			await openCanvas(page, `/workflow/${workflows.routed.id}`);
			assert.deepEqual(await outputLabels(page, 'MostQi Face Compare'), [
				'Match',
				'Review',
				'Mismatch',
			]);
			assert.equal(
				await page
					.getByTestId('canvas-node')
					.filter({ hasText: /^If$|Same Person/ })
					.count(),
				0,
				'no IF node',
			);
			await page.getByTestId('execute-workflow-button').click();
			await page.getByText('Workflow executed successfully').waitFor({ timeout: 60_000 });
			// the items each output sent to the step wired to it, as the canvas labels the edges
			// (read until every edge has its count: the canvas draws them a moment after the toast; a
			// clean-clone run once read them all empty)
			const edges = page.locator(
				'[data-test-id=edge-label][data-source-node-name="MostQi Face Compare"]',
			);
			let reached = {};
			for (const end = Date.now() + 15_000; Date.now() < end; await page.waitForTimeout(250)) {
				reached = {};
				for (const edge of await edges.all())
					reached[await edge.getAttribute('data-target-node-name')] = (
						await edge.innerText()
					).trim();
				if (
					Object.keys(reached).length === 3 &&
					Object.values(reached).every((label) => label !== '')
				)
					break;
			}
			assert.deepEqual(reached, {
				Approve: '1 item',
				'Manual Review': '2 items',
				Reject: '1 item',
			});
			// the whole flow with room around it (the canvas's own buttons float over its edges)
			await page.getByTestId('zoom-to-fit').click();
			await page.getByTestId('zoom-out-button').click();
			await page.waitForTimeout(500);
			await shot(page.getByTestId('canvas-wrapper'), 'routed-flow');
			// each output's items in the node's output panel, one branch at a time, checked against MostQi's answers
			await openNode(page, 'MostQi Face Compare');
			const branches = page.getByTestId('output-panel').getByTestId('branches');
			const tabs = (await branches.getByRole('tab').allInnerTexts()).map((t) => t.trim());
			assert.deepEqual(tabs, [
				'Match Branch (1 item)',
				'Review Branch (2 items)',
				'Mismatch Branch (1 item)',
			]);
			const faces = new Map(
				emulator
					.compares()
					.map((c) => [c.requestId, c.faces ? `${c.faces.A}/${c.faces.B}` : 'not compared']),
			);
			const branch = async (index) => {
				await branches.getByTestId(`tab-${index}`).click();
				const { header, rows } = await outputTable(page);
				const col = (row, name) => row[header.indexOf(name)];
				return rows.map((row) => [
					col(row, 'decision'),
					faces.get(col(row, 'requestId')),
					col(row, 'error') ?? '',
				]);
			};
			assert.deepEqual(await branch(0), [['match', 'ana/ana', '']]);
			const [bruno, eva] = await branch(1);
			assert.deepEqual(bruno.slice(0, 2), ['review', 'bruno/bruno']);
			assert.equal(eva[0], 'error');
			assert.match(
				eva[2],
				/^Face B URL: the file at 127\.0\.0\.1:\d+\/files\/missing-id\.png was not found \(404\)/,
			);
			assert.deepEqual(await branch(2), [['mismatch', 'carla/dan', '']]);
			await page.getByTestId('ndv-close-button').click();
		},
	);

	await check(
		'offered to an AI Agent as a tool: the tool-mode notice on screen, URL sources the model fills in',
		async () => {
			await openCanvas(page, `/workflow/${workflows.agent.id}`);
			// the agent's Tool input: the + under it opens the node creator on its Tools list (a
			// click while the canvas still settles can miss the handle: then try again)
			const header = page.getByTestId('nodes-list-header').first();
			const onTools = async () =>
				(await header.isVisible()) && (await header.innerText()).trim() === 'Tools';
			await page.getByTestId('canvas-node').filter({ hasText: 'AI Agent' }).waitFor();
			await until(
				async () => {
					if (await onTools()) return true;
					await page.keyboard.press('Escape');
					await page
						.locator(
							'[data-node-name="AI Agent"][data-connection-type=ai_tool] [data-test-id=canvas-handle-plus]',
						)
						.click();
					await page.waitForTimeout(1000);
					return await onTools();
				},
				"the node creator on the AI Agent's Tools",
				30_000,
			);
			await page.getByTestId('node-creator-search-bar').fill('face');
			// offered as a tool: its Tool variant, listed among the tools
			await page
				.getByTestId('node-creator-item-name')
				.filter({ hasText: /^MostQi Face Compare Tool$/ })
				.click();
			// a community node not added before shows its details first, then the NDV opens
			const add = page.getByRole('button', { name: 'Add to workflow' });
			const ndv = page.getByTestId('ndv');
			await add.or(ndv).first().waitFor();
			if (await add.isVisible()) await add.click();
			await ndv.waitFor();
			await ndv.getByText('As a tool of an AI Agent, the model can only pass text').waitFor();
			// a tool has no outputs of its own: the decision is in what it returns
			assert.equal(
				await page.getByTestId('parameter-input-routeByDecision').count(),
				0,
				'Route by Decision is not offered to a tool',
			);
			assert.equal(await inputValue(page, 'faceASource'), 'URL');
			assert.equal(await inputValue(page, 'faceBSource'), 'URL');
			// n8n shows the default expression: the model fills in both URLs
			assert.match(await fieldText(page, 'faceAUrl'), /\{\{ \$fromAI\('faceAUrl', /);
			assert.match(await fieldText(page, 'faceBUrl'), /\{\{ \$fromAI\('faceBUrl', /);
			// n8n checks each expression as it shows it: both must parse
			for (const side of ['A', 'B'])
				assert.ok(
					!(await fieldText(page, `face${side}Url`)).includes('[ERROR'),
					`Face ${side} URL's expression has an error`,
				);
			await shot(ndv, 'ai-tool');
		},
	);
}

main().catch((error) => {
	console.error(error);
	if (process.env.UI_REPORT)
		fs.writeFileSync(
			process.env.UI_REPORT,
			JSON.stringify({ passed: results.passed, failed: results.failed + 1 }),
		);
	process.exit(1);
});
