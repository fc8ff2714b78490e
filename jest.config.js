/** @type {import('jest').Config} */
const common = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
		// n8n-core (through LangChain) requires two ESM-only packages.
		'/node_modules/(p-retry|is-network-error)/.+\\.js$': [
			'ts-jest',
			{ tsconfig: 'tsconfig.json', isolatedModules: true },
		],
	},
	transformIgnorePatterns: ['/node_modules/(?!(p-retry|is-network-error)/)'],
};

module.exports = {
	testTimeout: 60_000,
	projects: [
		// everything, with n8n's filesystem binary data mode
		{
			...common,
			displayName: 'filesystem',
			testMatch: ['**/*.test.ts'],
			setupFiles: ['<rootDir>/test/engine/setupEnv.ts'],
		},
		// the engine's binary paths again, with n8n's default (in-memory) binary data mode
		{
			...common,
			displayName: 'default-binary',
			testMatch: ['**/engine/binaryModes.test.ts', '**/engine/paths.test.ts'],
			setupFiles: ['<rootDir>/test/engine/setupDefaultBinary.ts'],
		},
	],
};
