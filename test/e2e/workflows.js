'use strict';
/**
 * The workflows the end-to-end suite imports into a real n8n, built from n8n's own nodes and
 * this package's node, as a user would build them in the editor.
 */

const crypto = require('node:crypto');

const NODE = 'n8n-nodes-mostqi.mostQiFaceCompare';
const CREDENTIAL = { mostQiApi: { id: 'mostqi-e2e-cred', name: 'MostQi (emulator)' } };

function node(name, type, typeVersion, parameters, x, extra = {}) {
	return {
		id: name.replace(/\W+/g, '-').toLowerCase(),
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
		...extra,
	};
}

/** A stable UUID per workflow id (n8n 2 refuses to import a workflow without a versionId). */
function versionId(id) {
	const h = crypto.createHash('sha256').update(id).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function chain(id, nodes) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		id,
		name: `MostQi e2e ${id}`,
		active: false,
		versionId: versionId(id),
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

const trigger = () => node('Start', 'n8n-nodes-base.manualTrigger', 1, {}, 0);
const code = (jsCode) => node('Make Items', 'n8n-nodes-base.code', 2, { jsCode }, 200);
const compare = (parameters, extra) =>
	node('MostQi Face Compare', NODE, 1, parameters, 600, { credentials: CREDENTIAL, ...extra });

/** Faces as binary made by a Code node (both sides). */
function codeBinary(id, pairs, options = {}) {
	return chain(id, [
		trigger(),
		code(`const pairs = ${JSON.stringify(pairs)};
return pairs.map((p, i) => ({
  json: { i, person: p.person },
  binary: {
    selfie: { data: p.selfie, mimeType: 'image/png', fileName: 'selfie.png' },
    document: { data: p.document, mimeType: 'image/png', fileName: 'document.png' },
  },
}));`),
		compare({ options: { keepInputFields: true, ...options } }),
	]);
}

/** Face A read from disk by "Read/Write Files from Disk", face B a URL. */
function diskBinary(id, selfiePath, documentUrl) {
	return chain(id, [
		trigger(),
		node(
			'Read Selfie',
			'n8n-nodes-base.readWriteFile',
			1,
			{ operation: 'read', fileSelector: selfiePath, options: { dataPropertyName: 'selfie' } },
			200,
		),
		compare({ faceBSource: 'url', faceBUrl: documentUrl }),
	]);
}

/** Face A downloaded by an HTTP Request node, face B a URL. */
function httpBinary(id, selfieUrl, documentUrl) {
	return chain(id, [
		trigger(),
		node(
			'Download Selfie',
			'n8n-nodes-base.httpRequest',
			4.2,
			{
				url: selfieUrl,
				options: {
					response: { response: { responseFormat: 'file', outputPropertyName: 'selfie' } },
				},
			},
			200,
		),
		compare({ faceBSource: 'url', faceBUrl: documentUrl }),
	]);
}

/** Many items: face A a URL, face B base64 from the item's JSON. */
function urlAndBase64(id, rows) {
	return chain(id, [
		trigger(),
		code(`return ${JSON.stringify(rows)}.map((r, i) => ({ json: { i, ...r } }));`),
		compare({
			faceASource: 'url',
			faceAUrl: '={{ $json.selfieUrl }}',
			faceBSource: 'base64',
			faceBBase64: '={{ $json.documentBase64 }}',
			options: { keepInputFields: true, concurrency: 8 },
		}),
	]);
}

/** A bad input on item 1 (an HTML page as face B), with or without Continue On Fail. */
function badInput(id, pairs, continueOnFail) {
	const wf = codeBinary(id, pairs, { retries: 0 });
	if (continueOnFail) wf.nodes[2].onError = 'continueRegularOutput';
	return wf;
}

/** Many binary pairs under the emulator's faults, with retries and Continue On Fail. */
function faultMix(id, pairs) {
	const wf = codeBinary(id, pairs, { retries: 2, retryDelay: 20, timeout: 3000, concurrency: 8 });
	wf.nodes[2].onError = 'continueRegularOutput';
	return wf;
}

/** The bad-input batch with "Continue (using error output)": failures go to the second output. */
function errorOutput(id, pairs) {
	const wf = codeBinary(id, pairs, { retries: 0 });
	wf.nodes[2].onError = 'continueErrorOutput';
	return wf;
}

/**
 * One batch that mixes sources: each item says by expression where its selfie comes from (an
 * upload, a link or base64 text) and which threshold applies to it.
 */
function perItemSources(id, rows) {
	return chain(id, [
		trigger(),
		code(`const rows = ${JSON.stringify(rows)};
return rows.map((r, i) => ({
  json: { i, person: r.person, kind: r.kind, selfieUrl: r.selfieUrl, selfie64: r.selfie64, t: r.t },
  binary: {
    ...(r.kind === 'binary' ? { selfie: { data: r.selfie, mimeType: 'image/png', fileName: 'selfie.png' } } : {}),
    document: { data: r.document, mimeType: 'image/png', fileName: 'document.png' },
  },
}));`),
		compare(
			{
				faceASource: '={{ $json.kind }}',
				faceABinaryProperty: 'selfie',
				faceAUrl: '={{ $json.selfieUrl }}',
				faceABase64: '={{ $json.selfie64 }}',
				options: { threshold: '={{ $json.t }}', keepInputFields: true },
			},
			{ onError: 'continueRegularOutput' },
		),
	]);
}

/**
 * Node version 2 with "Continue": the threshold is the node's own parameter (by expression, one
 * item without it), the input fields stay without setting anything, a failed row has every column.
 */
function version2(id, pairs) {
	const wf = codeBinary(id, pairs);
	wf.nodes[1].parameters.jsCode = wf.nodes[1].parameters.jsCode.replace(
		'json: { i, person: p.person }',
		'json: { i, person: p.person, t: p.t }',
	);
	wf.nodes[2] = node('MostQi Face Compare', NODE, 2, { threshold: '={{ $json.t }}' }, 600, {
		credentials: CREDENTIAL,
		onError: 'continueRegularOutput',
	});
	return wf;
}

module.exports = {
	NODE,
	version2,
	codeBinary,
	errorOutput,
	perItemSources,
	diskBinary,
	httpBinary,
	urlAndBase64,
	badInput,
	faultMix,
	versionId,
	chain,
	node,
	CREDENTIAL,
};
