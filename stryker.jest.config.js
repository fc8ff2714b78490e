// The jest run StrykerJS uses: the unit and engine tests in n8n's filesystem binary mode, without
// the pack test (it builds and packs, nothing a mutant changes) and the 200-item fault mixes
// (the same code paths as the retry and error tests, at 20 times their cost per mutant).
// TypeScript is only transpiled here: a mutant that would not type-check still runs, and counts
// as killed only when a test fails on what it does, never on a compile error.
const { projects } = require('./jest.config');

const [filesystem] = projects;
const transpileOnly = { tsconfig: 'tsconfig.json', isolatedModules: true };
module.exports = {
	...filesystem,
	transform: Object.fromEntries(
		Object.keys(filesystem.transform).map((pattern) => [pattern, ['ts-jest', transpileOnly]]),
	),
	testPathIgnorePatterns: [
		...filesystem.testPathIgnorePatterns,
		'/test/unit/pack.test.ts',
		'/test/engine/faults.test.ts',
	],
	// STRYKER_TESTS=unit: only the unit tests, for the modules they cover (npm run test:mutation:unit).
	// Their fakes (test/support), fixtures and the emulator some of them start are in the roots
	// too, so that jest (and Stryker's copy of the tree) has them; only test/unit holds tests.
	...(process.env.STRYKER_TESTS === 'unit'
		? {
				roots: ['unit', 'support', 'fixtures', 'emulator'].map((dir) => `<rootDir>/test/${dir}`),
				testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			}
		: {}),
};
