/**
 * `npm run test:browser`: CORS (cors.browser.test.ts) and the explorer (explorer.test.ts) in a real headless browser (Debian's Chromium, driven by playwright-core), with the
 * default configuration's transform and global setup (one embedded PostgreSQL, the migrated template). The default
 * `npm test` leaves this directory out: it needs Chromium (`apt-get install chromium`), which is not an npm package.
 */
const base = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/browser'],
  testPathIgnorePatterns: ['/node_modules/'],
};
