/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	setupFiles: ['<rootDir>/test/engine/setupEnv.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
		// n8n-core (through LangChain) requires two ESM-only packages.
		'/node_modules/(p-retry|is-network-error)/.+\\.js$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }],
	},
	transformIgnorePatterns: ['/node_modules/(?!(p-retry|is-network-error)/)'],
	testTimeout: 60_000,
	// n8n-core leaves keep-alive sockets and timers of its own behind after a workflow run.
	forceExit: true,
};
