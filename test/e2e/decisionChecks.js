'use strict';
/**
 * End-to-end checks of version 2's decisions routed without an IF node (Route by Decision), on
 * one host: each item on the output of its decision (Match, Review, Mismatch), paired with its
 * input item and in input order within each output, and reaching the step wired to that output;
 * failed items on Review with "Continue", on n8n's error output (the fourth) with "Continue
 * (using error output)"; a routed node with "Always Output Data" refused before any comparison.
 */
const assert = require('node:assert/strict');

const { makePng } = require('../fixtures/images');
const host = require('./n8nHost');
const dw = require('./decisionWorkflows');

const HTML_PAGE = Buffer.from('<!DOCTYPE html><html>Not found</html>').toString('base64');
const png = (person, seed) => makePng(person, { seed }).toString('base64');
/** The same person on both photos: the emulator gives 0.80 to 0.95. */
const same = (person, t) => ({ person, t, selfie: png(person, 'ds'), document: png(person, 'dd') });
/** Two people: the emulator gives 0.05 to 0.35. */
const other = (person, t) => ({ ...same(person, t), document: png(`${person}-other`, 'dd') });
/** A document that is an HTML page: the node refuses it before any request. */
const broken = (person, t) => ({ ...same(person, t), document: HTML_PAGE });

/**
 * Review band from 0.5 (the node's Review Threshold) up to each item's Match Threshold `t`:
 * t 0.99 puts a same-person pair in the band, t 0.4 is below the band's edge (the item's error).
 */
const ROWS = [
	same('ann', 0.5), // match
	other('bob', 0.75), // mismatch
	same('cat', 0.99), // review
	same('dan', 0.75), // match
	broken('eve', 0.75), // error: an HTML page
	same('fay', 0.99), // review
	other('gus', 0.75), // mismatch
	same('hal', 0.6), // match
	same('ivy', 0.4), // error: Review Threshold above Match Threshold
];
const COMPARED = ROWS.filter((r) => !['eve', 'ivy'].includes(r.person)).length;
const FAILED = ['eve', 'ivy'];
const EXPECTED = {
	continue: {
		Match: ['ann', 'dan', 'hal'],
		Review: ['cat', 'eve', 'fay', 'ivy'],
		Mismatch: ['bob', 'gus'],
	},
	errorOutput: {
		Match: ['ann', 'dan', 'hal'],
		Review: ['cat', 'fay'],
		Mismatch: ['bob', 'gus'],
		Error: FAILED,
	},
};
/** The step wired to each output (decisionWorkflows.BRANCHES). */
const STEP = { Match: 'Approve', Review: 'Manual Review', Mismatch: 'Reject', Error: 'Failed' };

const noRun = (res) => `stdout: ${res.stdout.slice(0, 1500)}\nstderr: ${res.stderr.slice(-1500)}`;
const index = (person) => ROWS.findIndex((r) => r.person === person);

/** A routed success: its decision, and the similarity on the right side of the two thresholds. */
function assertDecided(output, item) {
	const { decision, similarity, threshold, reviewThreshold, isMatch } = item.json;
	const expected = { Match: 'match', Review: 'review', Mismatch: 'mismatch' }[output];
	assert.equal(
		decision,
		expected,
		`${item.json.person} on ${output}: ${JSON.stringify(item.json)}`,
	);
	assert.equal(Object.keys(item.json)[0], 'decision', 'decision is the first column');
	assert.equal(isMatch, decision === 'match');
	assert.ok(!('error' in item.json), `a success has no error key: ${JSON.stringify(item.json)}`);
	assert.deepEqual([threshold, reviewThreshold], [ROWS[index(item.json.person)].t, 0.5]);
	if (decision === 'match') assert.ok(similarity >= threshold, `${similarity} >= ${threshold}`);
	if (decision === 'review')
		assert.ok(
			similarity >= reviewThreshold && similarity < threshold,
			`${similarity} in [${reviewThreshold}, ${threshold})`,
		);
	if (decision === 'mismatch')
		assert.ok(similarity < reviewThreshold, `${similarity} < ${reviewThreshold}`);
}

async function decisionChecks({ target, folder, emulator, check }) {
	const name = target.name;
	const workflows = {
		continue: dw.routed('routed-continue', ROWS, { mode: 'continue' }),
		errorOutput: dw.routed('routed-error-output', ROWS, { mode: 'errorOutput' }),
		always: dw.routed('routed-always-output', ROWS.slice(0, 2), {
			mode: 'stop',
			alwaysOutputData: true,
		}),
	};
	await check(`${name} [decisions]: the routed workflows import`, async () => {
		await host.importWorkflow(target, folder, Object.values(workflows));
	});

	/** The node's outputs by name, what the step wired to each received, and the run's counts line. */
	const runRouted = async (workflow, names) => {
		emulator.reset();
		const { run, task, res } = await host.execute(target, folder, workflow.id);
		assert.ok(task, `no run; ${noRun(res)}`);
		assert.equal(res.status, 0, noRun(res));
		assert.equal(
			task.data.main.length,
			names.length,
			`the node's outputs: ${task.data.main.length}`,
		);
		const outputs = Object.fromEntries(names.map((output, i) => [output, task.data.main[i] ?? []]));
		const reached = Object.fromEntries(
			names.map((output) => [output, host.nodeResult(run, STEP[output]).items ?? []]),
		);
		const counts = names.map((output) => `${output} ${outputs[output].length}`).join(', ');
		console.log(`      ${workflow.id}: ${counts} (${emulator.compares().length} comparisons)`);
		return { outputs, reached };
	};
	/** Each output holds these persons, in input order, each paired with its input item; the step after it got them. */
	const assertRouted = (outputs, reached, expected) => {
		for (const [output, persons] of Object.entries(expected)) {
			assert.deepEqual(
				outputs[output].map((it) => it.json.person),
				persons,
				`${output} output`,
			);
			assert.deepEqual(
				outputs[output].map((it) => it.pairedItem),
				persons.map((p) => ({ item: index(p) })),
				`${output} paired`,
			);
			assert.deepEqual(
				reached[output].map((it) => it.json.person),
				persons,
				`what ${STEP[output]} received`,
			);
		}
		// every input item comes out once
		assert.deepEqual(
			Object.values(outputs)
				.flat()
				.map((it) => it.json.person)
				.sort(),
			ROWS.map((r) => r.person).sort(),
		);
		assert.equal(
			emulator.compares().length,
			COMPARED,
			'one comparison per item that could be compared',
		);
	};

	await check(
		`${name} [decisions]: Route by Decision, On Error continue: Match, Review (band and failed items), Mismatch, in input order, paired`,
		async () => {
			const { outputs, reached } = await runRouted(workflows.continue, [
				'Match',
				'Review',
				'Mismatch',
			]);
			assertRouted(outputs, reached, EXPECTED.continue);
			for (const output of ['Match', 'Mismatch'])
				outputs[output].forEach((it) => assertDecided(output, it));
			const [eve, ivy] = FAILED.map((p) => outputs.Review.find((it) => it.json.person === p).json);
			outputs.Review.filter((it) => !FAILED.includes(it.json.person)).forEach((it) =>
				assertDecided('Review', it),
			);
			for (const failed of [eve, ivy]) {
				assert.equal(failed.decision, 'error');
				assert.equal(failed.errorCode, 'INVALID_INPUT');
				assert.deepEqual([failed.similarity, failed.isMatch], [null, null]);
			}
			assert.match(eve.error, /Face B: binary field "document" is an HTML page/);
			assert.match(ivy.error, /"Review Threshold" \(0\.5\) is above "Match Threshold" \(0\.4\)/);
		},
	);
	await check(
		`${name} [decisions]: Route by Decision, On Error continueErrorOutput: failed items on the 4th output (error), after Match, Review, Mismatch`,
		async () => {
			const { outputs, reached } = await runRouted(workflows.errorOutput, [
				'Match',
				'Review',
				'Mismatch',
				'Error',
			]);
			assertRouted(outputs, reached, EXPECTED.errorOutput);
			for (const output of ['Match', 'Review', 'Mismatch'])
				outputs[output].forEach((it) => assertDecided(output, it));
			const [eve, ivy] = outputs.Error.map((it) => it.json);
			// n8n's shape on the error output: the failure inside `error`, the input's fields beside it
			assert.equal(eve.error.errorCode, 'INVALID_INPUT');
			assert.match(eve.error.message, /HTML page/);
			assert.match(
				ivy.error.message,
				/"Review Threshold" \(0\.5\) is above "Match Threshold" \(0\.4\)/,
			);
			assert.ok(!('decision' in eve), `the error output keeps n8n's shape: ${JSON.stringify(eve)}`);
		},
	);
	await check(
		`${name} [decisions]: Route by Decision with Always Output Data: refused before any comparison, nothing reaches Approve`,
		async () => {
			emulator.reset();
			const { run, error, res } = await host.execute(target, folder, workflows.always.id);
			const text = JSON.stringify(error ?? {}) + res.stdout + res.stderr;
			assert.match(text, /Route by Decision cannot be used with \\?"Always Output Data\\?"/);
			assert.notEqual(res.status, 0);
			assert.equal(emulator.compares().length, 0);
			assert.equal(run?.data?.resultData?.runData?.Approve, undefined, 'Approve did not run');
		},
	);
}

module.exports = { decisionChecks };
