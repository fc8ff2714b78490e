#!/usr/bin/env node
// Starts the MostQi emulator: `npm run emulator -- --port 8787 --client-key my-dev-key`.
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
		for (const name of fs.readdirSync(samples)) files[name] = fs.readFileSync(path.join(samples, name));
	}
	const emulator = await startEmulator({
		port: Number(arg('port', '8787')),
		clientKeys: [arg('client-key', 'emulator-client-key')],
		latencyMs: Number(arg('latency-ms', '0')),
		files,
	});
	console.log(`MostQi emulator listening on ${emulator.url}`);
	console.log(`Credential: Base URL ${emulator.url}, Client Key ${arg('client-key', 'emulator-client-key')}`);
	console.log(`Sample images: ${Object.keys(files).map((f) => `${emulator.url}/files/${f}`).join(', ') || 'none'}`);
	const stop = () => emulator.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
