'use strict';
/**
 * Workflows for the end-to-end checks of version 2's decisions routed by the node itself (Route
 * by Decision): the node's three outputs Match, Review and Mismatch, each wired to a step of its
 * own as a builder wires Approve, Manual Review and Reject, and n8n's error output after them
 * with "Continue (using error output)".
 */
const wf = require('./workflows');

/** The steps after the node, in the order of its outputs (the last only on the error output). */
const BRANCHES = ['Approve', 'Manual Review', 'Reject', 'Failed'];

/** What a builder picks under Settings → On Error; 'stop' is the default (no property saved). */
const ON_ERROR = {
	stop: undefined,
	continue: 'continueRegularOutput',
	errorOutput: 'continueErrorOutput',
};

/**
 * Items with both faces as binary and each its own Match Threshold (`t`), so that the check
 * decides which item lands where whatever similarity the emulator gives a pair of the same person
 * (0.80 to 0.95) or of two people (0.05 to 0.35).
 */
function makeItems(rows) {
	return wf.node(
		'Make Items',
		'n8n-nodes-base.code',
		2,
		{
			jsCode: `const rows = ${JSON.stringify(rows)};
return rows.map((r, i) => ({
  json: { i, person: r.person, t: r.t },
  binary: {
    selfie: { data: r.selfie, mimeType: 'image/png', fileName: 'selfie.png' },
    document: { data: r.document, mimeType: 'image/png', fileName: 'document.png' },
  },
}));`,
		},
		200,
	);
}

/**
 * Start → Make Items → the node (version 2, routed, review band from `reviewThreshold`, each
 * item's threshold by expression) → Approve / Manual Review / Reject, and Failed on the error
 * output when there is one. `settings`: the node's Settings (onError, alwaysOutputData).
 */
function routed(id, rows, { mode = 'continue', reviewThreshold = 0.5, alwaysOutputData } = {}) {
	const options = { retries: 0, ...(reviewThreshold === undefined ? {} : { reviewThreshold }) };
	const extra = { credentials: wf.CREDENTIAL, onError: ON_ERROR[mode], alwaysOutputData };
	for (const key of Object.keys(extra)) if (extra[key] === undefined) delete extra[key];
	const compare = wf.node(
		'MostQi Face Compare',
		wf.NODE,
		2,
		{ threshold: '={{ $json.t }}', routeByDecision: true, options },
		400,
		extra,
	);
	const outputs = mode === 'errorOutput' ? BRANCHES : BRANCHES.slice(0, 3);
	const branches = outputs.map((name, i) => ({
		...wf.node(name, 'n8n-nodes-base.noOp', 1, {}, 650),
		position: [650, i * 160 - 240],
	}));
	const workflow = wf.chain(id, [
		wf.node('Start', 'n8n-nodes-base.manualTrigger', 1, {}, 0),
		makeItems(rows),
		compare,
	]);
	workflow.nodes.push(...branches);
	workflow.connections['MostQi Face Compare'] = {
		main: outputs.map((name) => [{ node: name, type: 'main', index: 0 }]),
	};
	return workflow;
}

module.exports = { routed, BRANCHES };
