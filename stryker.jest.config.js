// The jest run StrykerJS uses: the unit and engine tests in n8n's filesystem binary mode, without
// the pack test (it builds and packs, nothing a mutant changes) and the 200-item fault mixes
// (the same code paths as the retry and error tests, at 20 times their cost per mutant).
const { projects } = require('./jest.config');

const [filesystem] = projects;
module.exports = {
	...filesystem,
	testPathIgnorePatterns: [...filesystem.testPathIgnorePatterns, '/test/unit/pack.test.ts', '/test/engine/faults.test.ts'],
};
