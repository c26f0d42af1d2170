/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		// With isolatedModules (tsconfig.json) ts-jest only transpiles; `tsc --noEmit` in `npm test` type-checks.
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	testTimeout: 60_000,
	// n8n's logger reports every failing item; the tests assert on errors themselves (and the secrets
	// test still sees every log line through its spies).
	silent: true,
};
