import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createDataSource, migrate } from '../../src/db/data-source';
import { startEmbeddedPostgres } from '../../src/db/embedded';

export const TEMPLATE_DB = 'selvbook_test_template';

/**
 * Starts one embedded PostgreSQL for the whole run (or uses DATABASE_URL), and migrates a template
 * database. Each test file then gets its own database copied from the template (test/support/harness.ts).
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), 'selvbook-test-'));
    const pg = await startEmbeddedPostgres({ dataDir: dir, ephemeral: true });
    (globalThis as Record<string, unknown>).__EMBEDDED_PG__ = { pg, dir };
    adminUrl = pg.url;
  }
  process.env.TEST_PG_ADMIN_URL = adminUrl;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const ds = createDataSource(withDatabase(adminUrl, TEMPLATE_DB));
  await ds.initialize();
  await migrate(ds);
  await ds.destroy();
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
