#!/usr/bin/env node
/**
 * `npm run lint` (after the build): n8n's own two checks, as n8n runs them.
 *
 * 1. `n8n-node lint` (@n8n/node-cli), the check n8n Cloud asks for, with its default
 *    eslint.config.mjs (the package sets `"strict": true`, so the CLI refuses any other).
 *    That config lints every .ts file under the folder it runs in, and its rules forbid what
 *    tests need (process, timers, node:fs, sample secrets), so it runs on a copy of what the
 *    package is built from: package.json, eslint.config.mjs, tsconfig.json, nodes/,
 *    credentials/ and lib/ (node_modules linked), never on test/.
 * 2. The community package scanner (@n8n/scan-community-package), through its own exported
 *    analyzePackage: its source leg (package.json, nodes/, credentials/) on this folder and its
 *    tarball leg (every .js and package.json) on the packed package, with inline eslint-disable
 *    comments ignored, as the scanner does.
 * Zero errors in all three, or the exit code says which failed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = [
	'package.json',
	'eslint.config.mjs',
	'tsconfig.json',
	'nodes',
	'credentials',
	'lib',
];

function stage() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mostqi-lint-'));
	for (const entry of SOURCES)
		fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
	return dir;
}

function nodeCliLint() {
	const dir = stage();
	try {
		const bin = path.join(ROOT, 'node_modules', '.bin', 'n8n-node');
		const res = spawnSync(bin, ['lint'], {
			cwd: dir,
			encoding: 'utf8',
			env: { ...process.env, FORCE_COLOR: '0', CI: 'true' },
		});
		const out = `${res.stdout}${res.stderr}`.replaceAll(dir, '.');
		process.stdout.write(out);
		return res.status === 0; // eslint's: 1 on any error, 0 with warnings only
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

async function scanner() {
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(
		'@n8n/scan-community-package/scanner/scanner.mjs'
	);
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mostqi-scan-'));
	try {
		execFileSync('npm', ['pack', '--quiet', '--pack-destination', packDir], {
			cwd: ROOT,
			stdio: ['ignore', 'ignore', 'inherit'],
		});
		const tarball = fs.readdirSync(packDir).find((f) => f.endsWith('.tgz'));
		execFileSync('tar', ['xzf', tarball], { cwd: packDir });
		const legs = [
			[
				'source (package.json, nodes/, credentials/)',
				await analyzePackage(ROOT, SOURCE_FILE_PATTERNS),
			],
			[
				'packed package (.js, package.json)',
				await analyzePackage(path.join(packDir, 'package'), ['**/*.js', 'package.json']),
			],
		];
		let ok = true;
		for (const [name, result] of legs) {
			console.log(`scanner, ${name}: ${result.passed ? 'passed' : result.message}`);
			if (result.details) console.log(result.details);
			ok &&= result.passed;
		}
		return ok;
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}
}

const cli = nodeCliLint();
console.log(`n8n-node lint: ${cli ? 'passed' : 'FAILED'}`);
const scan = await scanner();
process.exit(cli && scan ? 0 : 1);
