'use strict';
/**
 * Workflows for the end-to-end checks of n8n's node Settings (Retry On Fail under each On
 * Error mode, Always Output Data, Execute Once, pinned input data) and of the ways n8n runs a
 * node more than once or from elsewhere (Loop Over Items, a sub-workflow): each a chain a
 * builder would make in the editor, with node version 2 (version 1 where said).
 */
const wf = require('./workflows');

/** What a builder picks under Settings → On Error; 'stop' is the default (no property saved). */
const ON_ERROR = {
	stop: undefined,
	continue: 'continueRegularOutput',
	errorOutput: 'continueErrorOutput',
};

/** The node's Settings for Retry On Fail: few, short tries so that the suite stays fast. */
const RETRY = { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 };

const trigger = () => wf.node('Start', 'n8n-nodes-base.manualTrigger', 1, {}, 0);

/** Items with both faces as binary: a Code node named "Make Items" makes them. */
const makeItems = (pairs) => wf.codeBinary('unused', pairs).nodes[1];

/** The MostQi node at `version`, its own retries off (only n8n's Retry On Fail retries here). */
function compare(settings = {}, { version = 2, options = {} } = {}) {
	const extra = { credentials: wf.CREDENTIAL, ...settings };
	for (const key of Object.keys(extra)) if (extra[key] === undefined) delete extra[key];
	return wf.node(
		'MostQi Face Compare',
		wf.NODE,
		version,
		{ options: { retries: 0, ...options } },
		600,
		extra,
	);
}

/**
 * Retry On Fail under an On Error mode. `concurrency: 1` when the first item must be the first
 * comparison MostQi sees (the check scripts that one to fail).
 */
function retryOnFail(id, pairs, mode, { version = 2, concurrency } = {}) {
	const options = concurrency === undefined ? {} : { concurrency };
	return wf.chain(id, [
		trigger(),
		makeItems(pairs),
		compare({ ...RETRY, onError: ON_ERROR[mode] }, { version, options }),
	]);
}

/** A Code node that outputs no items, then the node with Always Output Data, then a No Op. */
function alwaysOutputNoInput(id) {
	return wf.chain(id, [
		trigger(),
		wf.node('Make Items', 'n8n-nodes-base.code', 2, { jsCode: 'return [];' }, 200),
		compare({ alwaysOutputData: true, onError: ON_ERROR.continue }),
		wf.node('After', 'n8n-nodes-base.noOp', 1, {}, 800),
	]);
}

/** Several items in, Settings → Execute Once on. */
function executeOnce(id, pairs) {
	return wf.chain(id, [trigger(), makeItems(pairs), compare({ executeOnce: true })]);
}

/**
 * Input data pinned on the node before the MostQi node (JSON only: n8n does not pin binary
 * data), faces as a URL and as base64 from the item. The Code node itself would fail: if it
 * runs, the pinned data was not used.
 */
function pinnedInput(id, rows) {
	const workflow = wf.chain(id, [
		trigger(),
		wf.node(
			'Make Items',
			'n8n-nodes-base.code',
			2,
			{ jsCode: "throw new Error('the pinned data was not used');" },
			200,
		),
		wf.node(
			'MostQi Face Compare',
			wf.NODE,
			2,
			{
				faceASource: 'url',
				faceAUrl: '={{ $json.selfieUrl }}',
				faceBSource: 'base64',
				faceBBase64: '={{ $json.documentBase64 }}',
				options: { retries: 0 },
			},
			600,
			{ credentials: wf.CREDENTIAL },
		),
	]);
	workflow.pinData = { 'Make Items': rows.map((json) => ({ json })) };
	return workflow;
}

/**
 * Loop Over Items (Split in Batches 3) in batches of `batchSize`: its "loop" output into the
 * node and the node back into it, so the node runs once per batch in one execution; its "done"
 * output into a No Op.
 */
function loopOverItems(id, pairs, batchSize) {
	const workflow = wf.chain(id, [
		trigger(),
		makeItems(pairs),
		wf.node('Loop Over Items', 'n8n-nodes-base.splitInBatches', 3, { batchSize, options: {} }, 400),
	]);
	const node = compare();
	const done = wf.node('Done', 'n8n-nodes-base.noOp', 1, {}, 800);
	workflow.nodes.push(node, done);
	workflow.connections['Loop Over Items'] = {
		main: [
			[{ node: 'Done', type: 'main', index: 0 }],
			[{ node: node.name, type: 'main', index: 0 }],
		],
	};
	workflow.connections[node.name] = {
		main: [[{ node: 'Loop Over Items', type: 'main', index: 0 }]],
	};
	return workflow;
}

/**
 * A sub-workflow that holds the node (started by "When Executed by Another Workflow", taking
 * all the caller's data), and the workflow that calls it with Execute Workflow (once for all
 * items) and its items.
 */
function subWorkflow(id, pairs) {
	const sub = wf.chain(`${id}-sub`, [
		wf.node(
			'When Called',
			'n8n-nodes-base.executeWorkflowTrigger',
			1.1,
			{ inputSource: 'passthrough' },
			0,
		),
		compare(),
	]);
	const caller = wf.chain(id, [
		trigger(),
		makeItems(pairs),
		wf.node(
			'Call Sub-workflow',
			'n8n-nodes-base.executeWorkflow',
			1.2,
			{
				source: 'database',
				workflowId: { __rl: true, value: sub.id, mode: 'id' },
				mode: 'once',
				options: { waitForSubWorkflow: true },
			},
			400,
		),
	]);
	return { sub, caller };
}

module.exports = {
	ON_ERROR,
	RETRY,
	retryOnFail,
	alwaysOutputNoInput,
	executeOnce,
	pinnedInput,
	loopOverItems,
	subWorkflow,
};
