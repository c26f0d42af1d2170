/**
 * Two projects: every suite against the n8n 2.x packages this repository builds with, and the suites
 * that run the node inside n8n-core's engine again against n8n 1.x (n8n-core 1.122, the core of n8n
 * 1.123, and its own n8n-workflow), so a behaviour that differs between the lines fails a test.
 * @type {import('jest').Config}
 */
const shared = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	transform: {
		// With isolatedModules (tsconfig.json) ts-jest only transpiles; `tsc --noEmit` in `npm test` type-checks.
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
};

const n8nCoreV1 = '<rootDir>/node_modules/n8n-core-v1';

module.exports = {
	globalSetup: '<rootDir>/test/support/jestGlobalSetup.ts',
	globalTeardown: '<rootDir>/test/support/jestGlobalTeardown.ts',
	testTimeout: 60_000,
	// Console output of the code under test stays out of a passing run; n8n's own logger is captured
	// by the engine harness (test/support/n8nEngine.ts).
	silent: true,
	projects: [
		{ ...shared, displayName: 'n8n 2.x', testMatch: ['**/*.test.ts'] },
		{
			...shared,
			displayName: 'n8n 1.x',
			// The engine suites: the node, its credentials and the cross-cutting suites. Unit tests of
			// pure modules and of the scripts import no n8n engine and would only run twice.
			testMatch: [
				'<rootDir>/test/nodes/**/*.test.ts',
				'<rootDir>/test/credentials/**/*.test.ts',
				'<rootDir>/test/*.test.ts',
			],
			testPathIgnorePatterns: ['/test/nodes/ZoomUserToken/transport/'],
			moduleNameMapper: {
				'^n8n-core$': n8nCoreV1,
				'^n8n-workflow$': `${n8nCoreV1}/node_modules/n8n-workflow`,
				'^@n8n/di$': `${n8nCoreV1}/node_modules/@n8n/di`,
				'^@n8n/backend-common$': `${n8nCoreV1}/node_modules/@n8n/backend-common`,
			},
			setupFilesAfterEnv: ['<rootDir>/test/support/n8nLine1.ts'],
		},
	],
};
