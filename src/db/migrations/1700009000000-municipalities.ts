import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadMunicipalityReference } from '../reference/municipalities';

/**
 * CZ-9: Denmark's 98 municipalities and one jobcenter each, as reference data in every database (the list:
 * src/db/reference/municipalities.csv). A jobcenter points at its municipality; jobcenters made otherwise (tests,
 * older demo databases) have none until they are reference rows. An older demo database's København and Aarhus
 * (same ids, codes '101'/'751') become the reference rows in place, so their citizens and slots stay.
 */
export class Municipalities1700009000000 implements MigrationInterface {
  name = 'Municipalities1700009000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE municipality (
        code text PRIMARY KEY CHECK (code ~ '^[0-9]{4}$'),
        name text NOT NULL UNIQUE
      )`);
    await q.query(`ALTER TABLE jobcenter ADD COLUMN municipality_code text NULL UNIQUE REFERENCES municipality(code)`);
    await loadMunicipalityReference((sql, params) => q.query(sql, params));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE jobcenter DROP COLUMN municipality_code`);
    await q.query(`DROP TABLE municipality`);
  }
}
