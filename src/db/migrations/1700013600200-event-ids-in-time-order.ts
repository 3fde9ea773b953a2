import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16 (4), the daily run: domain_event.id (unique; letters, webhook deliveries) was gen_random_uuid(), so each
 * event's entry in domain_event_id_key went to a random leaf of a 2.6-million-entry index — one page read and dirtied
 * per event, 27,000 on the 10,000-expiry day (most of the blocks the run read). A UUID of version 7 (RFC 9562: 48 bits
 * of Unix time in milliseconds, then 74 random bits) is as unique and as hard to guess, but new ids sort after
 * each other, so new entries fill the same few leaf pages. Measured: inserting 4,000 of the run's events read ~0
 * index pages instead of 1,900–5,000, and took 50–70 ms instead of 100–210 ms (bench/results/nightly-2026-12-01b.md).
 * The existing ids stay as they are; id stays opaque to clients (an id is still only compared for equality).
 *
 * PostgreSQL 18 has uuidv7(); older servers (docker-compose runs postgres:16) get the same layout from
 * gen_random_uuid() with its first 48 bits replaced by the time and its version nibble set to 7.
 */
export class EventIdsInTimeOrder1700013600200 implements MigrationInterface {
  name = 'EventIdsInTimeOrder1700013600200';

  async up(q: QueryRunner): Promise<void> {
    const [{ v }] = (await q.query(`SELECT current_setting('server_version_num')::int AS v`)) as { v: number }[];
    const body = v >= 180000
      ? `SELECT uuidv7()`
      : `SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
           PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid`;
    await q.query(`CREATE FUNCTION domain_event_new_id() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$ ${body} $$`);
    await q.query(`ALTER TABLE domain_event ALTER COLUMN id SET DEFAULT domain_event_new_id()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE domain_event ALTER COLUMN id SET DEFAULT gen_random_uuid()`);
    await q.query(`DROP FUNCTION IF EXISTS domain_event_new_id()`);
  }
}
