/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // test/pgbouncer needs the pgbouncer binary, test/browser Chromium (not npm packages): `npm run test:pgbouncer`,
  // `npm run test:browser` run them.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/pgbouncer/', '<rootDir>/test/browser/'],
  // temporal-polyfill 1.x (and its temporal-utils) and jose 6 are ES modules: compile it to CommonJS for Jest like our own code.
  transform: { '^.+\\.(t|j)s$': ['@swc/jest'] },
  transformIgnorePatterns: ['/node_modules/(?!(temporal-polyfill|temporal-utils|temporal-spec|jose)/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
