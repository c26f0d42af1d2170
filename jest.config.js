/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		// With isolatedModules (tsconfig.json) ts-jest only transpiles; `tsc --noEmit` in `npm test` type-checks.
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	globalSetup: '<rootDir>/test/support/jestGlobalSetup.ts',
	globalTeardown: '<rootDir>/test/support/jestGlobalTeardown.ts',
	testTimeout: 60_000,
	// Console output of the code under test stays out of a passing run; n8n's own logger is captured
	// by the engine harness (test/support/n8nEngine.ts).
	silent: true,
};
