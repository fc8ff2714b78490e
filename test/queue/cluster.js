'use strict';
/**
 * n8n in queue mode on one machine, as an operator runs it on several: a main process (editor,
 * webhooks, the queue's producer) and `n8n worker` processes that run the executions, sharing
 * PostgreSQL and Redis, with binary data in the database. Every process gets its own user folder
 * with this package installed the way n8n installs community packages, as each host of a real
 * cluster has its own disk.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const host = require('../e2e/n8nHost');
const { startPostgres, startRedis, stopper } = require('./services');

const HOST = host.HOSTS.find((h) => h.name === 'n8n-2.41');

/**
 * What every process of the cluster shares. The worker lock and stalled-job check are shorter
 * than n8n's defaults (60 s lock, 30 s checks), so that a killed worker's jobs are declared
 * failed within the suite's time; they change when, not what, n8n does.
 */
function clusterEnv(pg, redis, extra) {
	return {
		...pg.env,
		...redis.env,
		EXECUTIONS_MODE: 'queue',
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		QUEUE_WORKER_LOCK_DURATION: '10000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '3000',
		QUEUE_WORKER_STALLED_INTERVAL: '5000',
		N8N_LOG_LEVEL: 'info',
		...extra,
	};
}

/** Waits until `pattern` shows in the log file, or the process ends, or `ms` pass. */
async function waitForLog(logFile, pattern, child, ms, what) {
	const deadline = Date.now() + ms;
	for (;;) {
		const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
		if (pattern.test(text)) return;
		if (child.exitCode !== null || child.signalCode !== null)
			throw new Error(`${what} exited: ${text.slice(-2000)}`);
		if (Date.now() > deadline)
			throw new Error(`${what} not ready within ${ms} ms: ${text.slice(-2000)}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/**
 * Starts PostgreSQL, Redis, imports the workflow and credential (through the CLI, as an operator
 * would), publishes the workflow (and `workflows`, more of them), starts main and `workers`
 * workers. Returns the cluster.
 *
 * The URLs n8n hands out (a Wait node's `$execution.resumeUrl`, a form's next page) must lead to
 * the main, which takes every webhook call. The main builds them on N8N_HOST and its own port. A
 * worker runs the node that reads `$execution.resumeUrl` (a liveness session's webhook), and
 * without WEBHOOK_URL builds it on N8N_HOST:N8N_PORT, http://localhost:5678/, where nothing
 * listens: each worker gets WEBHOOK_URL, the main's URL, as an operator sets the URL of the
 * cluster's webhook entry on every process.
 * @param {{ workers: number, workerConcurrency?: number, credential: object, workflow: object, workflows?: object[], env?: object }} options
 */
async function startCluster(options) {
	const started = Date.now();
	host.installHosts([HOST.name]);
	// built and checked before anything starts: a tarball n8n cannot load is refused here
	const tarball = host.pack();
	const pg = await startPostgres();
	const redis = await startRedis();
	const env = clusterEnv(pg, redis, options.env);
	const processes = [];
	const cluster = {
		pg,
		redis,
		host: HOST,
		version: host.hostVersion(HOST),
		main: undefined,
		/** @type {Array<{name: string, folder: string, logFile: string, child: import('node:child_process').ChildProcess, stop: () => Promise<void>}>} */
		workers: [],
		addWorker: async () => await addWorker(),
		stop: async () => {
			for (const p of processes.reverse()) await p.stop().catch(() => undefined);
			await redis.stop().catch(() => undefined);
			await pg.stop().catch(() => undefined);
		},
	};
	async function addWorker() {
		const name = `worker-${cluster.workers.length + 1}`;
		const folder = host.userFolder(tarball);
		const logFile = path.join(folder, `${name}.log`);
		const log = fs.openSync(logFile, 'w');
		const args = [
			path.join(host.ROOT, 'test', 'e2e', 'hosts', HOST.name, 'node_modules', 'n8n', 'bin', 'n8n'),
			'worker',
			`--concurrency=${options.workerConcurrency ?? 10}`,
		];
		const child = spawn(HOST.node, args, {
			stdio: ['ignore', log, log],
			env: {
				PATH: `${path.dirname(HOST.node)}:${process.env.PATH}`,
				HOME: folder,
				N8N_USER_FOLDER: folder,
				N8N_ENCRYPTION_KEY: 'mostqi-e2e-fixed-encryption-key',
				N8N_DIAGNOSTICS_ENABLED: 'false',
				N8N_RUNNERS_MODE: 'internal',
				N8N_RUNNERS_BROKER_PORT: String(await host.freePort()),
				N8N_RESTRICT_FILE_ACCESS_TO: folder,
				WEBHOOK_URL: `${cluster.main.url}/`,
				...env,
			},
		});
		fs.closeSync(log);
		const worker = { name, folder, logFile, child, stop: stopper(child) };
		processes.push(worker);
		await waitForLog(logFile, /n8n worker is now ready/, child, 120_000, name);
		cluster.workers.push(worker);
		return worker;
	}

	try {
		const mainFolder = host.userFolder(tarball);
		await host.importCredentials(HOST, mainFolder, [options.credential], env);
		for (const workflow of [options.workflow, ...(options.workflows ?? [])]) {
			await host.importWorkflow(HOST, mainFolder, workflow, env);
			if (!(await host.activateWorkflow(HOST, mainFolder, workflow.id, env)))
				throw new Error(`n8n 2.41 could not publish the workflow ${workflow.id}`);
		}
		const server = await host.startServer(HOST, mainFolder, { ...env, N8N_HOST: '127.0.0.1' });
		cluster.main = { ...server, folder: mainFolder, url: `http://127.0.0.1:${server.port}` };
		processes.push(server);

		for (let i = 0; i < options.workers; i++) await addWorker();
		cluster.startMs = Date.now() - started;
		return cluster;
	} catch (error) {
		await cluster.stop();
		throw error;
	}
}

const logText = (logFile) => fs.readFileSync(logFile, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');

/** The executions each worker says it started: `Worker started execution <id> (job <id>)`. */
function executionsStartedBy(worker) {
	return [...logText(worker.logFile).matchAll(/Worker started execution (\d+) \(job (\d+)\)/g)].map(
		(m) => m[1],
	);
}

/**
 * What a process's log says of the queue's jobs, in order: the main's `Enqueued execution <id>
 * (job <id>)` and `Execution <id> (job <id>) finished`, a worker's `Worker started|finished
 * execution <id> (job <id>)`. `from`: a length of the log (logLength) to read on from.
 * @returns {Array<{event: 'enqueued' | 'started' | 'finished', executionId: string, job: string}>}
 */
function jobEvents(logFile, from = 0) {
	const text = logText(logFile).slice(from);
	const events = [];
	const line =
		/Enqueued execution (\d+) \(job (\d+)\)|Worker (started|finished) execution (\d+) \(job (\d+)\)|Execution (\d+) \(job (\d+)\) finished/g;
	for (const m of text.matchAll(line)) {
		if (m[1]) events.push({ event: 'enqueued', executionId: m[1], job: m[2] });
		else if (m[3]) events.push({ event: m[3], executionId: m[4], job: m[5] });
		else events.push({ event: 'finished', executionId: m[6], job: m[7] });
	}
	return events;
}

/** How much of the log there is now (without colour codes), for jobEvents' `from`. */
function logLength(logFile) {
	return logText(logFile).length;
}

module.exports = { HOST, startCluster, executionsStartedBy, jobEvents, logLength };
