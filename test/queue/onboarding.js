'use strict';
/**
 * The onboarding webhook of the queue suite and the queue demo: an applicant's selfie and
 * document arrive as a multipart POST, the Webhook node turns them into binary fields, the node
 * compares them, and the caller gets the node's first item as the answer.
 */
const wf = require('../e2e/workflows');

const WEBHOOK_PATH = 'mostqi-onboarding';
const CREDENTIAL = { id: 'mostqi-queue-cred', name: 'MostQi (emulator)' };

function onboardingWorkflow() {
	const workflow = {
		id: 'mostqi-queue-onboarding',
		name: 'MostQi onboarding webhook (queue mode)',
		active: false,
		versionId: wf.versionId('mostqi-queue-onboarding'),
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: 'all',
			saveDataErrorExecution: 'all',
		},
		pinData: {},
		nodes: [
			{
				id: 'onboarding-webhook',
				name: 'Onboarding Request',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: '6f1f4a52-3c1b-4c55-9b7e-5a7b3e0c2d11',
				parameters: {
					httpMethod: 'POST',
					path: WEBHOOK_PATH,
					responseMode: 'lastNode',
					responseData: 'firstEntryJson',
					options: {},
				},
			},
			{
				id: 'onboarding-compare',
				name: 'MostQi Face Compare',
				type: 'n8n-nodes-mostqi.mostQiFaceCompare',
				typeVersion: 1,
				position: [240, 0],
				// a failed comparison answers the caller with its error and code, not a bare 500
				onError: 'continueRegularOutput',
				credentials: { mostQiApi: CREDENTIAL },
				parameters: {
					faceASource: 'binary',
					faceABinaryProperty: 'selfie',
					faceBSource: 'binary',
					faceBBinaryProperty: 'document',
					options: { retryDelay: 200 },
				},
			},
		],
		connections: {
			'Onboarding Request': { main: [[{ node: 'MostQi Face Compare', type: 'main', index: 0 }]] },
		},
	};
	return workflow;
}

function credentialFor(emulatorUrl, clientKey) {
	return {
		...CREDENTIAL,
		type: 'mostQiApi',
		data: { authType: 'clientKey', clientKey, baseUrl: emulatorUrl },
	};
}

/**
 * Posts one applicant's two images to the webhook. Resolves with the HTTP status, the JSON
 * answer (or the text) and the latency; never rejects (a refused or timed-out call is status 0).
 */
async function submit(baseUrl, selfie, document, timeoutMs = 300_000) {
	const form = new FormData();
	form.append('selfie', new Blob([selfie], { type: 'image/png' }), 'selfie.png');
	form.append('document', new Blob([document], { type: 'image/png' }), 'document.png');
	const started = performance.now();
	try {
		const res = await fetch(`${baseUrl}/webhook/${WEBHOOK_PATH}`, {
			method: 'POST',
			body: form,
			signal: AbortSignal.timeout(timeoutMs),
		});
		const text = await res.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: res.status, json, text, ms: performance.now() - started };
	} catch (error) {
		return {
			status: 0,
			json: undefined,
			text: String(error.cause?.code ?? error.name ?? error),
			ms: performance.now() - started,
		};
	}
}

/** Runs `count` tasks with at most `limit` at once; resolves with their results in order. */
async function bounded(count, limit, task) {
	const results = new Array(count);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(limit, count) }, async () => {
			while (next < count) {
				const i = next++;
				results[i] = await task(i);
			}
		}),
	);
	return results;
}

function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length === 0
		? NaN
		: sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

module.exports = { onboardingWorkflow, credentialFor, submit, bounded, percentile, WEBHOOK_PATH };
