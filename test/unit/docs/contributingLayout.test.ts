/** CONTRIBUTING.md's Layout stays true: the paths it names exist, and tests mirror the source. */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const contributing = fs.readFileSync(path.join(ROOT, 'CONTRIBUTING.md'), 'utf8');

/** The Layout section: from its heading to the next second-level heading. */
function layoutSection(): string {
	const start = contributing.indexOf('\n## Layout\n');
	expect(start).toBeGreaterThan(-1);
	const end = contributing.indexOf('\n## ', start + 1);
	return contributing.slice(start, end === -1 ? undefined : end);
}

/** Every `code` span that names a file or folder of the repository. */
function namedPaths(section: string): string[] {
	const spans = [...section.matchAll(/`([^`\s]+)`/g)].map((match) => match[1]);
	return spans.filter((span) =>
		/^(lib|nodes|credentials|test|bench|scripts|examples|docs)\//.test(span),
	);
}

/** Product modules: what the package is built from, JSON and icons aside. */
function productModules(dir = ''): string[] {
	return ['lib', 'nodes', 'credentials'].flatMap((top) => walk(path.join(dir, top)));
}

function walk(relative: string): string[] {
	return fs.readdirSync(path.join(ROOT, relative), { withFileTypes: true }).flatMap((entry) => {
		const child = path.join(relative, entry.name);
		if (entry.isDirectory()) return walk(child);
		return entry.name.endsWith('.ts') ? [child.split(path.sep).join('/')] : [];
	});
}

test('every path the Layout section names exists', () => {
	const paths = namedPaths(layoutSection());
	expect(paths.length).toBeGreaterThan(40);
	const missing = paths.filter((named) => !fs.existsSync(path.join(ROOT, named)));
	expect(missing).toEqual([]);
});

test('the Layout section names every product module', () => {
	const named = new Set(namedPaths(layoutSection()));
	expect(productModules().filter((module) => !named.has(module))).toEqual([]);
});

test('every product module has its unit test at the same path under test/unit/', () => {
	const untested = productModules().filter(
		(module) => !fs.existsSync(path.join(ROOT, 'test/unit', module.replace(/\.ts$/, '.test.ts'))),
	);
	expect(untested).toEqual([]);
});
