'use strict';
/**
 * Workflows for the end-to-end checks of the MostQi Liveness node: Detect Liveness on photos and
 * videos from each source, its frontal face handed to MostQi Face Compare, and the test variant
 * of examples/onboarding-liveness.json (the hosted session flow).
 */
const wf = require('./workflows');

const NODE = 'n8n-nodes-mostqi.mostQiLiveness';
/** The steps after Face Compare's Route by Decision outputs, as in the examples. */
const BRANCHES = ['Approve', 'Manual Review', 'Reject'];
/** The steps of examples/onboarding-liveness.json that end a flow, each one a person reads. */
const ENDS = [
	...BRANCHES,
	'Reject: Not Live',
	'Review: Session Expired',
	'Review: Liveness Error',
	'Review: No Answer in Time',
];

/**
 * Items made by a Code node from rows `{person, ..., selfie?, document?}`: `selfie` and
 * `document` (base64) become binary fields of those names with their `mime` type, every other
 * field stays in the JSON (url, b64, movements, source).
 */
function makeItems(rows) {
	return wf.node(
		'Make Items',
		'n8n-nodes-base.code',
		2,
		{
			jsCode: `const rows = ${JSON.stringify(rows)};
return rows.map((r, i) => {
  const { selfie, document, mime, ...json } = r;
  const binary = {};
  if (selfie) binary.selfie = { data: selfie, mimeType: mime ?? 'image/png', fileName: 'selfie' };
  if (document) binary.document = { data: document, mimeType: 'image/png', fileName: 'document.png' };
  return { json: { i, ...json }, binary };
});`,
		},
		200,
	);
}

function liveness(parameters, extra = {}) {
	return wf.node('MostQi Liveness', NODE, 1, parameters, 400, {
		credentials: wf.CREDENTIAL,
		...extra,
	});
}

/**
 * Start → Make Items → MostQi Liveness (Detect Liveness), the source, the file and the movements
 * of each item chosen by expression. `onError`: n8n's On Error setting (none = stop).
 */
function detect(id, rows, { onError } = {}) {
	return wf.chain(id, [
		wf.node('Start', 'n8n-nodes-base.manualTrigger', 1, {}, 0),
		makeItems(rows),
		liveness(
			{
				operation: 'detect',
				source: '={{ $json.source }}',
				binaryProperty: 'selfie',
				url: '={{ $json.url }}',
				base64: '={{ $json.b64 }}',
				movements: '={{ $json.movements ?? [] }}',
				threshold: 0.5,
				frontalImageBinaryProperty: 'frontalImage',
				options: {},
			},
			onError ? { onError } : {},
		),
	]);
}

/**
 * Start → Make Items (a selfie photo and a document photo as binary) → MostQi Liveness (passive
 * detect, frontal face in `frontalImage`) → MostQi Face Compare version 2 (frontalImage against
 * document, routed) → Approve / Manual Review / Reject.
 */
function detectThenCompare(id, rows) {
	const workflow = detect(id, rows);
	workflow.nodes.push(
		wf.node(
			'MostQi Face Compare',
			wf.NODE,
			2,
			{
				faceASource: 'binary',
				faceABinaryProperty: 'frontalImage',
				faceBSource: 'binary',
				faceBBinaryProperty: 'document',
				threshold: 0.75,
				routeByDecision: true,
				options: { reviewThreshold: 0.5, retries: 0 },
			},
			650,
			{ credentials: wf.CREDENTIAL },
		),
		...BRANCHES.map((name, i) => ({
			...wf.node(name, 'n8n-nodes-base.noOp', 1, {}, 900),
			position: [900, i * 160 - 160],
		})),
	);
	workflow.connections['MostQi Liveness'] = {
		main: [[{ node: 'MostQi Face Compare', type: 'main', index: 0 }]],
	};
	workflow.connections['MostQi Face Compare'] = {
		main: BRANCHES.map((name) => [{ node: name, type: 'main', index: 0 }]),
	};
	return workflow;
}

/** The Wait node's time limit in the test variant (the example waits 65 minutes). */
const TEST_WAIT = { resumeAmount: 20, resumeUnit: 'seconds' };

/**
 * The test variant of examples/onboarding-liveness.json: the example itself with the e2e
 * credential and a short Wait time limit, and nothing else changed (sessionVariantDiff says so).
 */
function sessionVariant(example) {
	const variant = structuredClone(example);
	variant.id = `${example.id}-e2e`;
	variant.name = `${example.name} (e2e)`;
	variant.versionId = wf.versionId(variant.id);
	for (const node of variant.nodes) {
		if (node.credentials?.mostQiApi) node.credentials.mostQiApi = wf.CREDENTIAL.mostQiApi;
		if (node.type === 'n8n-nodes-base.wait') Object.assign(node.parameters, TEST_WAIT);
	}
	return variant;
}

/** Every path (node name / key path) where the variant differs from the example. */
function sessionVariantDiff(example, variant) {
	const out = [];
	const walk = (a, b, where) => {
		if (JSON.stringify(a) === JSON.stringify(b)) return;
		if (a && b && typeof a === 'object' && typeof b === 'object') {
			for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
				walk(a[key], b[key], `${where}.${key}`);
			return;
		}
		out.push(where);
	};
	const byName = (w) => Object.fromEntries(w.nodes.map((n) => [n.name, n]));
	walk(byName(example), byName(variant), 'nodes');
	walk(example.connections, variant.connections, 'connections');
	walk(example.settings, variant.settings, 'settings');
	return out;
}

module.exports = {
	NODE,
	BRANCHES,
	ENDS,
	TEST_WAIT,
	detect,
	detectThenCompare,
	sessionVariant,
	sessionVariantDiff,
};
