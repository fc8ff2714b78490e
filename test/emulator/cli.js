#!/usr/bin/env node
// Starts the MostQi emulator: `npm run emulator -- --port 8787 --client-key my-dev-key`.
// Faults for trying a workflow's error handling, as JSON (see FaultMix in server.js):
//   npm run emulator -- --faults '{"compare": {"e100": 0.2, "hang": 0.05}, "jitterMs": 200}'
'use strict';

const path = require('node:path');
const fs = require('node:fs');
const { startEmulator } = require('./server');

function arg(name, fallback) {
	const at = process.argv.indexOf(`--${name}`);
	return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
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
	const stop = () => emulator.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
