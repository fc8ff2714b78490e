#!/usr/bin/env node
// Starts the MostQi emulator: `npm run emulator -- --port 8787 --client-key my-dev-key`.
// Faults for trying a workflow's error handling, as JSON (see FaultMix in server.js):
//   npm run emulator -- --faults '{"compare": {"e100": 0.2, "hang": 0.05}, "jitterMs": 200}'
// Liveness (see liveness.js): limits in ms and switches as JSON, each flag also read from the
// environment variable beside it (flags win), so a test can shorten MostQi's 1 hour / 3 minutes:
//   --liveness-link-ttl-ms        MOSTQI_EMULATOR_LIVENESS_LINK_TTL_MS       (default 3600000)
//   --liveness-capture-ttl-ms     MOSTQI_EMULATOR_LIVENESS_CAPTURE_TTL_MS    (default 180000)
//   --liveness-complete-after-ms  MOSTQI_EMULATOR_LIVENESS_COMPLETE_AFTER_MS (default 1000)
//   --liveness '{"ptKey": "pt-BR", "resultList": "detect"}'   MOSTQI_EMULATOR_LIVENESS
'use strict';

const path = require('node:path');
const fs = require('node:fs');
const { startEmulator } = require('./server');

function arg(name, fallback) {
	const at = process.argv.indexOf(`--${name}`);
	return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

/** A flag, else its environment variable, else undefined. */
function setting(name) {
	const env = `MOSTQI_EMULATOR_${name.toUpperCase().replace(/-/g, '_')}`;
	return arg(name, process.env[env] || undefined);
}

function livenessOptions() {
	const limits = {};
	for (const [flag, key] of [
		['liveness-link-ttl-ms', 'linkTtlMs'],
		['liveness-capture-ttl-ms', 'captureTtlMs'],
		['liveness-complete-after-ms', 'completeAfterMs'],
	]) {
		const value = setting(flag);
		if (value !== undefined) limits[key] = Number(value);
	}
	const switches = setting('liveness');
	return { limits, switches: switches ? JSON.parse(switches) : undefined };
}

async function main() {
	const samples = path.join(__dirname, '..', '..', 'examples', 'images');
	const files = {};
	if (fs.existsSync(samples)) {
		for (const name of fs.readdirSync(samples))
			files[name] = fs.readFileSync(path.join(samples, name));
	}
	const emulator = await startEmulator({
		port: Number(arg('port', '8787')),
		clientKeys: [arg('client-key', 'emulator-client-key')],
		latencyMs: Number(arg('latency-ms', '0')),
		files,
		liveness: livenessOptions(),
	});
	const faults = arg('faults', '');
	if (faults) emulator.setFaults(JSON.parse(faults));
	console.log(
		`MostQi emulator listening on ${emulator.url}${faults ? ` with faults ${faults}` : ''}`,
	);
	console.log(
		`Credential: Base URL "Custom URL", Custom Base URL ${emulator.url}, Client Key ${arg('client-key', 'emulator-client-key')}`,
	);
	console.log(
		`Sample images: ${
			Object.keys(files)
				.map((f) => `${emulator.url}/files/${f}`)
				.join(', ') || 'none'
		}`,
	);
	console.log(
		`Liveness: control routes under ${emulator.url}/__emulator/liveness/ (see test/emulator/liveness.js)`,
	);
	const stop = () => emulator.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
