'use strict';
/**
 * `npm run demo -- --queue`: the onboarding webhook in n8n's queue mode on this machine:
 * PostgreSQL 17 and Redis, n8n 2.41 main and two workers (each with the package in its own user
 * folder), binary data in the database. Applicants' selfie and document photos are posted to the
 * webhook; the table shows each answer and which worker ran it.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { startEmulator } = require('../test/emulator/server');
const { startCluster, executionsStartedBy } = require('../test/queue/cluster');
const {
	onboardingWorkflow,
	credentialFor,
	submit,
	bounded,
	WEBHOOK_PATH,
} = require('../test/queue/onboarding');
const { markdownTable } = require('./markdownTable');

const IMAGES = path.join(__dirname, '..', 'examples', 'images');
const CLIENT_KEY = 'demo-client-key';
const APPLICANTS = [
	{ name: 'Ana Souza', selfie: 'ana-selfie.png', document: 'ana-id.png' },
	{ name: 'Bruno Lima', selfie: 'bruno-selfie.png', document: 'bruno-id.png' },
	{ name: 'Carla Dias', selfie: 'carla-selfie.png', document: 'dan-id.png' },
];
const ROUNDS = 4;

async function runQueueDemo() {
	const started = Date.now();
	execFileSync('bash', [path.join(__dirname, '..', 'test', 'queue', 'install.sh')], {
		stdio: 'inherit',
	});
	const read = (name) => fs.readFileSync(path.join(IMAGES, name));
	const emulator = await startEmulator({ clientKeys: [CLIENT_KEY], latencyMs: 150 });
	console.log(
		'Starting PostgreSQL 17, Redis, n8n main and two workers (the first run installs n8n, a few minutes)…',
	);
	const cluster = await startCluster({
		workers: 2,
		credential: credentialFor(emulator.url, CLIENT_KEY),
		workflow: onboardingWorkflow(),
	});
	try {
		console.log(
			`n8n ${cluster.version} in queue mode, up in ${Math.round(cluster.startMs / 1000)} s. Posting ${ROUNDS} rounds of applicants to ${cluster.main.url}/webhook/${WEBHOOK_PATH}…\n`,
		);
		const calls = APPLICANTS.flatMap((a) => Array.from({ length: ROUNDS }, () => a));
		const answers = await bounded(calls.length, 6, async (i) => ({
			applicant: calls[i],
			...(await submit(cluster.main.url, read(calls[i].selfie), read(calls[i].document))),
		}));
		// which worker ran each call: its execution holds the answer's request ID
		const executions = await cluster.pg.query(
			'SELECT e.id::text AS id, d.data FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id',
		);
		const workerOf = (requestId) => {
			const execution = executions.find((e) => e.data.includes(`"${requestId}"`));
			return (
				cluster.workers.find((w) => execution && executionsStartedBy(w).includes(execution.id))
					?.name ?? '-'
			);
		};
		const rows = answers.map((a) => ({
			applicant: a.applicant.name,
			similarity: typeof a.json?.similarity === 'number' ? a.json.similarity.toFixed(4) : '-',
			match: a.json?.isMatch === true ? 'yes' : a.json?.isMatch === false ? 'no' : '-',
			HTTP: a.status,
			ms: Math.round(a.ms),
			worker: a.json?.requestId ? workerOf(a.json.requestId) : '-',
		}));
		console.log(markdownTable(['applicant', 'similarity', 'match', 'HTTP', 'ms', 'worker'], rows));
		const perWorker = cluster.workers
			.map((w) => `${w.name}: ${rows.filter((r) => r.worker === w.name).length}`)
			.join(', ');
		const stored = (await cluster.pg.query('SELECT count(*)::int AS n FROM binary_data'))[0].n;
		console.log(
			`\nExecutions per worker: ${perWorker}. Faces stored in PostgreSQL (binary data mode "database"): ${stored}. Done in ${Math.round((Date.now() - started) / 1000)} s.`,
		);
		if (rows.some((r) => r.similarity === '-'))
			throw new Error('some calls got no similarity (see above)');
	} finally {
		await cluster.stop();
		await emulator.close();
	}
}

module.exports = { runQueueDemo };
