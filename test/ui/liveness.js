'use strict';
/**
 * The browser suite's MostQi Liveness checks (names start with "liveness:"):
 * - the builder: the node found by "liveness" (and "kyc"), its three operations, the fields of
 *   each, the operation as the canvas subtitle;
 * - the person: examples/onboarding-liveness.json, active, played end to end in Chromium: the
 *   form (name, email, a document photo), MostQi's hosted page (the emulator's), "Start
 *   capture", back to the workflow's own page; then the execution, read through n8n's REST API
 *   and shown in the editor's executions view, took Approve.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const { makePng } = require('../fixtures/images');
const { ENDS } = require('../e2e/livenessWorkflows');
const { offline } = require('./browser');

const FLATTED = path.join(__dirname, '..', 'e2e', 'hosts', 'n8n-2.41', 'node_modules', 'flatted');
const OPERATIONS = ['Detect Liveness', 'Get Session Result', 'Start Session'];
/** The same operations as the node creator lists them (their `action`). */
const ACTIONS = [
	'Detect liveness in a photo or video',
	'Get the result of a liveness session',
	'Start a hosted liveness session',
];

async function livenessChecks(ctx) {
	const { check, page, helpers } = ctx;
	const { until, openCanvas, fieldText, inputValue, choose } = helpers;

	/** Whether the open NDV shows parameter `name`. */
	const shown = async (name) => (await page.getByTestId(`parameter-input-${name}`).count()) > 0;
	const assertShown = async (names, absent) => {
		for (const name of names) assert.ok(await shown(name), `${name} shown`);
		for (const name of absent) assert.ok(!(await shown(name)), `${name} not shown`);
	};

	await check(
		'liveness: "liveness" finds MostQi Liveness ("kyc" both MostQi nodes); its three operations, the fields of each, the operation as canvas subtitle',
		async () => {
			await openCanvas(page, '/workflow/new');
			await page.getByTestId('canvas-plus-button').click();
			const search = page.getByTestId('node-creator-search-bar');
			const names = page.getByTestId('node-creator-item-name');
			const listed = async () => (await names.allInnerTexts()).map((t) => t.trim()).sort();
			// the list updates as the search is typed: read it until it answers this search
			await search.fill('liveness');
			await until(async () => {
				const found = await listed();
				return found.includes('MostQi Liveness') && !found.includes('MostQi Face Compare');
			}, 'MostQi Liveness (and not Face Compare) for "liveness"');
			await search.fill('kyc');
			await until(
				async () => (await listed()).join(', ') === 'MostQi Face Compare, MostQi Liveness',
				'the two MostQi nodes for "kyc"',
			);
			await search.fill('liveness');
			await until(
				async () => !(await listed()).includes('MostQi Face Compare'),
				'the list for "liveness" again',
			);
			await names.filter({ hasText: /^MostQi Liveness$/ }).click();
			// a node with actions: n8n lists them (each operation's action) in the node's details
			const creator = page.getByTestId('node-creator');
			await creator.getByText('Actions (3)').waitFor();
			for (const action of ACTIONS) await creator.getByText(action, { exact: true }).waitFor();
			await creator.getByText(ACTIONS[0], { exact: true }).click();
			const ndv = page.getByTestId('ndv');
			await ndv.waitFor();

			// the Operation dropdown: the three operations
			assert.equal(await inputValue(page, 'operation'), 'Detect Liveness');
			const items = page.locator('[data-test-id=parameter-input-item]:visible');
			await page.getByTestId('parameter-input-operation').click();
			await items.first().waitFor();
			const operations = (await items.allInnerTexts()).map((t) => t.split('\n')[0].trim());
			// n8n adds its own "Custom API Call" below a node's operations when the node's
			// credential can sign HTTP Request calls (MostQi's has `authenticate`)
			assert.deepEqual(operations.slice(0, 3), OPERATIONS);
			assert.ok(
				['', 'Custom API Call'].includes(operations.slice(3).join(', ')),
				`only n8n's own choice after the three: ${operations.join(', ')}`,
			);
			await page.keyboard.press('Escape');
			await items.first().waitFor({ state: 'hidden' });

			// Detect Liveness (the default): a selfie from the binary field, movements, threshold
			assert.equal(await inputValue(page, 'source'), 'Binary File');
			assert.match(await fieldText(page, 'source'), /^Selfie Source/);
			assert.match(await fieldText(page, 'binaryProperty'), /^Selfie Binary Field/);
			assert.match(await fieldText(page, 'movements'), /^Movements/);
			assert.match(await fieldText(page, 'threshold'), /^Liveness Threshold/);
			assert.equal(await inputValue(page, 'threshold'), '0.500');
			assert.match(
				await fieldText(page, 'frontalImageBinaryProperty'),
				/^Put Frontal Face in Field/,
			);
			assert.equal(await inputValue(page, 'frontalImageBinaryProperty'), 'frontalImage');
			await assertShown(
				['source', 'binaryProperty', 'movements', 'threshold', 'frontalImageBinaryProperty'],
				['webhookUrl', 'redirectUrl', 'processId'],
			);

			// Start Session: where MostQi calls ($execution.resumeUrl), where the person goes next
			await choose(page, page, 'operation', 'Start Session');
			await page.getByTestId('parameter-input-webhookUrl').waitFor();
			await assertShown(
				['webhookUrl', 'redirectUrl'],
				['source', 'movements', 'threshold', 'frontalImageBinaryProperty', 'processId'],
			);
			const webhook = await fieldText(page, 'webhookUrl');
			assert.match(webhook, /^Webhook URL/);
			assert.match(webhook, /With a Wait node after this one: \{\{ \$execution\.resumeUrl \}\}/);
			const webhookInput = page
				.getByTestId('parameter-input-webhookUrl')
				.locator('input, textarea')
				.first();
			assert.match(
				(await webhookInput.getAttribute('placeholder')) ?? '',
				/\$execution\.resumeUrl/,
			);
			assert.match(await fieldText(page, 'redirectUrl'), /^Redirect URL/);
			const parameters = (await page.getByTestId('node-parameters').innerText()).replace(
				/\s+/g,
				' ',
			);
			for (const label of ['Webhook Headers', 'Webhook Query Parameters', 'Page Options'])
				assert.ok(parameters.includes(label), `${label} in: ${parameters.slice(0, 600)}`);
			await ctx.shot(ndv, 'liveness-parameters');
			// what Page Options offers: how MostQi's page looks
			await ndv
				.getByPlaceholder('Add Page Option')
				.or(ndv.getByText('Add Page Option'))
				.first()
				.click();
			const pageOptions = page.locator('[data-test-id=collection-parameter-option]:visible');
			await pageOptions.first().waitFor();
			assert.deepEqual((await pageOptions.allInnerTexts()).map((t) => t.trim()).sort(), [
				'Failure Message',
				'Language',
				'Primary Color',
				'Success Message',
				'Theme',
				'Welcome Message',
			]);
			await page.keyboard.press('Escape');
			await pageOptions.first().waitFor({ state: 'hidden' });

			// Get Session Result: the processId Start Session returned, and the same threshold
			await choose(page, page, 'operation', 'Get Session Result');
			await page.getByTestId('parameter-input-processId').waitFor();
			assert.match(await fieldText(page, 'processId'), /^Process ID/);
			await assertShown(
				['processId', 'threshold', 'frontalImageBinaryProperty'],
				['webhookUrl', 'redirectUrl', 'source', 'movements'],
			);
			await page.getByTestId('ndv-close-button').click();
			await ndv.waitFor({ state: 'hidden' });
			const node = page.getByTestId('canvas-node').filter({ hasText: 'MostQi Liveness' });
			await until(
				async () => /Get Session Result/.test(await node.innerText()),
				'the subtitle "Get Session Result" on the canvas',
			);
		},
	);

	await check(
		'liveness: a person in Chromium through examples/onboarding-liveness.json (form with a document photo → MostQi page → Start capture → back to the workflow); the execution took Approve: DONE, isLive true, the face matches',
		async () => {
			const { browser, baseURL, emulator, rest, workflow } = ctx;
			const flatted = require(FLATTED);
			emulator.reset();
			emulator.liveness.nextOutcome({ outcome: 'live', person: 'ana' });

			/** The execution as n8n's REST API gives it, its run data parsed. */
			const execution = async (id) => {
				const got = await rest('GET', `/rest/executions/${id}`);
				const data = got.json?.data;
				return {
					status: data?.status,
					data: typeof data?.data === 'string' ? flatted.parse(data.data) : undefined,
				};
			};
			const lastNode = (e) => e.data?.resultData?.lastNodeExecuted;

			// the person: a browser of their own (no n8n sign-in), a phone-sized window
			const person = await browser.newContext({
				baseURL,
				viewport: { width: 520, height: 320 },
				colorScheme: 'light',
			});
			person.setDefaultTimeout(60_000);
			await offline(person, ctx.pkg, ctx.outside);
			const tab = await person.newPage();
			const visited = [];
			tab.on('framenavigated', (frame) => {
				if (frame === tab.mainFrame()) visited.push(frame.url());
			});
			try {
				const trigger = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.formTrigger');
				await tab.goto(`/form/${trigger.webhookId}`);
				await tab.getByText('Verify your identity').first().waitFor();
				await tab.getByLabel('Full name').fill('Ana Souza');
				await tab.getByLabel('Email').fill('ana@example.com');
				await tab.locator('input[type=file]').setInputFiles({
					name: 'ana-id.png',
					mimeType: 'image/png',
					buffer: makePng('ana', { seed: 'ui-document' }),
				});
				await tab.getByRole('button', { name: 'Submit' }).click();

				// n8n's form-waiting page, then the Form Ending sends the person to MostQi's page
				await tab.waitForURL((url) => url.href.startsWith(`${emulator.url}/liveness/session/`), {
					timeout: 120_000,
				});
				const executionId = visited
					.map((url) => /\/form-waiting\/([^/?#]+)/.exec(url)?.[1])
					.find(Boolean);
				assert.ok(executionId, `n8n's form-waiting page among ${visited.join(' → ')}`);
				const [session] = emulator.liveness.sessions();
				assert.equal(emulator.liveness.sessions().length, 1, 'one session');
				assert.equal(tab.url(), session.sessionUrl);

				// MostQi's page in the language the example set, with its welcome message
				await tab.locator('#start-capture').waitFor();
				assert.equal((await tab.locator('#start-capture').innerText()).trim(), 'Start capture');
				assert.equal(
					(await tab.locator('#welcome').innerText()).trim(),
					'Hello! Look at the camera: we check that you are there in person.',
				);
				assert.ok(await tab.locator('#photosensitivity').isVisible(), 'the flashing warning');
				fs.mkdirSync(ctx.shotsDir, { recursive: true });
				await tab.screenshot({
					path: path.join(ctx.shotsDir, 'liveness-hosted-page-light.png'),
					fullPage: true,
					animations: 'disabled',
				});

				// MostQi calls the Wait node's resume URL when the check ends: the execution must wait
				// there first (a person takes longer than the emulator's one second)
				await until(
					async () => {
						const e = await execution(executionId);
						return e.status === 'waiting' && lastNode(e) === 'Wait for MostQi';
					},
					`execution ${executionId} waiting at "Wait for MostQi"`,
					60_000,
				);
				await tab.locator('#start-capture').click();
				// "Capture in progress…" reloads until the check ended, then MostQi's page sends the
				// person to the Redirect URL: the example's own "Back from MostQi" page
				await tab.waitForURL((url) => url.pathname === '/webhook/mostqi-liveness-done', {
					timeout: 60_000,
				});
				await tab.getByRole('heading', { name: 'Thank you' }).waitFor();

				// the execution goes on from MostQi's call to its end
				let finished;
				await until(
					async () => {
						finished = await execution(executionId);
						return ['success', 'error', 'crashed', 'canceled'].includes(finished.status);
					},
					`execution ${executionId} finished`,
					90_000,
				);
				const resultData = finished.data.resultData;
				assert.equal(
					finished.status,
					'success',
					JSON.stringify(resultData.error ?? {}).slice(0, 1000),
				);
				const runData = resultData.runData;
				const item = (name) => runData[name]?.[0]?.data?.main?.find((o) => o?.length)?.[0];
				assert.deepEqual(
					ENDS.filter((step) => runData[step]),
					['Approve'],
					'the one end step reached',
				);
				const result = item('Get Liveness Result');
				assert.equal(result?.json?.status, 'DONE', JSON.stringify(result?.json).slice(0, 500));
				assert.equal(result.json.isLive, true);
				assert.equal(result.json.processId, session.processId);
				assert.ok(result.binary?.frontalImage, 'the frontal face as a file');
				assert.equal(item('MostQi Face Compare')?.json?.decision, 'match');
				const approved = item('Approve').json;
				assert.deepEqual(
					[approved.applicant, approved.email, approved.outcome],
					['Ana Souza', 'ana@example.com', 'approved'],
				);
				// what MostQi saw: one session, ended DONE, its webhook answered by n8n
				assert.equal(emulator.liveness.session(session.processId).status, 'DONE');
				await emulator.liveness.idle();
				assert.deepEqual(
					emulator.liveness.webhookCalls.map((c) => [c.sessionStatus, c.httpStatus]),
					[['DONE', 200]],
				);
				assert.deepEqual(
					emulator.compares().map((c) => (c.faces ? `${c.faces.A}/${c.faces.B}` : 'not compared')),
					['ana/ana'],
					'the frontal face compared with the document photo',
				);

				// the same page with the Theme option set to dark (a session of its own)
				const ui = { ...emulator.liveness.session(session.processId).ui, theme: 'dark' };
				const dark = await startSession(emulator.url, ctx.clientKey, { uiCustomization: ui });
				await tab.goto(dark.sessionUrl);
				await tab.locator('#start-capture').waitFor();
				assert.equal(await tab.locator('html').getAttribute('data-theme'), 'dark');
				await tab.screenshot({
					path: path.join(ctx.shotsDir, 'liveness-hosted-page-dark.png'),
					fullPage: true,
					animations: 'disabled',
				});

				// the editor: the execution in the workflow's executions, drawn on its canvas
				await page.goto(`/workflow/${workflow.id}/executions/${executionId}`);
				const preview = page.getByTestId('execution-preview-host');
				await preview.waitFor({ timeout: 90_000 });
				assert.match(
					await page.getByTestId('execution-preview-label').innerText(),
					/^Succeeded/,
					"the editor's word for the execution",
				);
				const edges = preview.locator(
					'[data-test-id=edge-label][data-source-node-name="MostQi Face Compare"]',
				);
				// read until the canvas drew every edge's count (drawn a moment after the nodes)
				let reached = {};
				await until(
					async () => {
						reached = {};
						for (const edge of await edges.all())
							reached[await edge.getAttribute('data-target-node-name')] = (
								await edge.innerText()
							).trim();
						return Object.keys(reached).length === 3 && reached.Approve === '1 item';
					},
					'the executed canvas: 1 item from MostQi Face Compare to Approve',
					30_000,
				).catch((error) => {
					error.message += ` (edges read: ${JSON.stringify(reached)})`;
					throw error;
				});
				assert.deepEqual(reached, { Approve: '1 item', 'Manual Review': '', Reject: '' });
				// a published workflow's Production Checklist opens over the canvas: closed
				const checklist = page.getByTestId('suggested-actions-close');
				if (await checklist.isVisible()) await checklist.click();
				await checklist.waitFor({ state: 'hidden' });
				await page.waitForTimeout(500);
				// the whole editor: the workflow's executions beside the executed canvas
				await ctx.shot(page, 'liveness-flow');
			} finally {
				await person.close();
			}
		},
	);
}

/** A hosted session asked of MostQi directly (a token, then the session): its sessionUrl. */
async function startSession(base, clientKey, body) {
	const auth = await fetch(`${base}/user/authenticate`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ token: clientKey }),
	});
	const { token } = await auth.json();
	const created = await fetch(`${base}/liveness/streaming/async`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
		body: JSON.stringify(body),
	});
	const answer = await created.json();
	assert.equal(created.status, 200, JSON.stringify(answer));
	return answer.result;
}

module.exports = { livenessChecks };
