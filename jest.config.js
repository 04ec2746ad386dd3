/** ts-jest transpiles only (tsconfig isolatedModules); `npm run typecheck` checks types. Two projects so unit tests (no I/O) can run alone: `npm run test:unit`. */
const transform = { '^.+\\.ts$': ['ts-jest', {}] };

/** @type {import('jest').Config} */
module.exports = {
  // Integration tests start servers and spawn processes; per-project testTimeout is ignored by jest.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/e2e/**/*.test.ts'],
    },
  ],
};
