'use strict';
/**
 * The workflows the browser suite opens in n8n's editor: the onboarding check a builder would
 * make (three applicants: a match, a mismatch, a document link that is gone), with On Error
 * Continue and with Stop, an AI Agent to which the node is offered as a tool, and the routed
 * onboarding example (examples/onboarding-demo.json) as a builder imports it.
 */
const fs = require('node:fs');
const path = require('node:path');

const { ROOT } = require('../e2e/n8nHost');
const { NODE, chain, node, versionId } = require('../e2e/workflows');

const CREDENTIAL = { mostQiApi: { id: 'mostqi-ui-cred', name: 'MostQi (emulator)' } };

/** Applicants whose images the emulator serves at `files` (examples/images). */
const APPLICANTS = [
	{ name: 'Ana Souza', selfie: 'ana-selfie.png', document: 'ana-id.png' },
	{ name: 'Carla Dias', selfie: 'carla-selfie.png', document: 'dan-id.png' },
	{ name: 'Eva Rocha', selfie: 'bruno-selfie.png', document: 'eva-id.png' },
];

function onboarding(id, files, onError) {
	const applicants = `const files = ${JSON.stringify(files)};
return ${JSON.stringify(APPLICANTS)}.map((a) => ({
  json: { name: a.name, selfieUrl: \`\${files}/\${a.selfie}\`, documentUrl: \`\${files}/\${a.document}\` },
}));`;
	return chain(id, [
		node('Start', 'n8n-nodes-base.manualTrigger', 1, {}, 0),
		node('Applicants', 'n8n-nodes-base.code', 2, { jsCode: applicants }, 220),
		node(
			'MostQi Face Compare',
			NODE,
			2,
			{
				faceASource: 'url',
				faceAUrl: '={{ $json.selfieUrl }}',
				faceBSource: 'url',
				faceBUrl: '={{ $json.documentUrl }}',
				threshold: 0.75,
			},
			440,
			{ credentials: CREDENTIAL, ...(onError ? { onError } : {}) },
		),
	]);
}

/** A chat-triggered AI Agent with no tools yet (and no model: the editor does not need one). */
function agent(id) {
	return chain(id, [
		node('When chat message received', '@n8n/n8n-nodes-langchain.chatTrigger', 1.1, {}, 0, {
			webhookId: versionId(`${id}-chat`),
		}),
		node('AI Agent', '@n8n/n8n-nodes-langchain.agent', 3.1, { options: {} }, 300),
	]);
}

/**
 * A workflow of examples/ as a builder imports it: its images at the emulator's address (the
 * example expects the emulator at 127.0.0.1:8787) and this suite's credential.
 */
function example(file, emulatorUrl) {
	const text = fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8');
	const workflow = JSON.parse(text.replaceAll('http://127.0.0.1:8787', emulatorUrl));
	for (const n of workflow.nodes)
		if (n.credentials?.mostQiApi) n.credentials.mostQiApi = CREDENTIAL.mostQiApi;
	return workflow;
}

module.exports = { CREDENTIAL, APPLICANTS, onboarding, agent, example };
