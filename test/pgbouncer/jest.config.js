/**
 * `npm run test:pgbouncer`: the tests through a real PgBouncer (test/pgbouncer), with the default configuration's
 * transform and global setup (one embedded PostgreSQL, the migrated template). The default `npm test` leaves this
 * directory out: it needs the pgbouncer binary (`apt-get install pgbouncer`), which is not an npm package.
 */
const base = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  rootDir: '../..',
  roots: ['<rootDir>/test/pgbouncer'],
  testPathIgnorePatterns: ['/node_modules/'],
};
