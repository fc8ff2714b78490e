/**
 * What `npm pack` ships: only the built package and its documents, with every path of the
 * package.json "n8n" section in it, and nothing n8n's community rules forbid.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
let files: string[] = [];

beforeAll(() => {
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	files = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0].files
		.map((f) => f.path)
		.sort();
}, 120_000);

test('ships only dist/, README.md, LICENSE and package.json', () => {
	const outside = files.filter(
		(f) => !f.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(f),
	);
	expect(outside).toEqual([]);
	expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
});

test('no source maps, type declarations, TypeScript sources or tests in the tarball', () => {
	expect(files.filter((f) => /\.map$|\.d\.ts$|(?<!\.d)\.ts$|test|\.tgz$/.test(f))).toEqual([]);
});

test('every path of the "n8n" section is in the tarball, with its icons and codex file', () => {
	const paths: string[] = [...manifest.n8n.credentials, ...manifest.n8n.nodes];
	expect(manifest.n8n.credentials).toEqual(['dist/credentials/MostQiApi.credentials.js']);
	expect(manifest.n8n.nodes).toEqual([
		'dist/nodes/MostQiFaceCompare/MostQiFaceCompare.node.js',
		'dist/nodes/MostQiLiveness/MostQiLiveness.node.js',
	]);
	for (const p of paths) expect(files).toContain(p);
	for (const dir of paths.map((p) => path.dirname(p))) {
		expect(files).toEqual(expect.arrayContaining([`${dir}/mostqi.svg`, `${dir}/mostqi.dark.svg`]));
	}
	for (const node of manifest.n8n.nodes as string[]) {
		expect(files).toContain(node.replace(/\.js$/, '.json'));
	}
});

test('the manifest follows the community package rules', () => {
	expect(manifest.name).toBe('n8n-nodes-mostqi');
	expect(manifest.keywords).toContain('n8n-community-node-package');
	expect(manifest.dependencies ?? {}).toEqual({});
	expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(manifest.license).toBe('MIT');
});
