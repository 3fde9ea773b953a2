import { Temporal } from 'temporal-polyfill';
import { type BenchDb, connect } from './db';
import { refreshStaleContactCourseStatuses } from '../../src/domain/contact-course/contact-course.status';
import { SEED_VERSION, type SeedMarker, copenhagenToday, hasForeignData, readMarker, seed, wipe } from '../seed';

/**
 * Seeds the benchmark database unless it already holds this scale's data seeded today by this seeder
 * version (the data is anchored on today's date, since the API reads the real clock). Returns the database
 * (a new handle when the embedded database was recreated).
 */
export async function ensureSeeded(
  db: BenchDb, scale: number,
  opts: { force?: boolean; log: (m: string) => void; recreate: (db: BenchDb, scale: number) => Promise<BenchDb> },
): Promise<BenchDb & { marker: SeedMarker }> {
  let c = await connect(db.url);
  try {
    const marker = await readMarker(c);
    const today = copenhagenToday().toString();
    if (!opts.force && marker && marker.scale === scale && marker.version === SEED_VERSION && marker.anchor === today) {
      opts.log(`reusing the data seeded at scale ${scale} today (${marker.counts.citizen} citizens, ${marker.counts.meeting} meetings, ${marker.counts.slot} slots)`);
      await storeCourseStatuses(db, marker.anchor, opts.log);
      return { ...db, marker };
    }
    if (marker) opts.log(`data in ${db.embedded ? 'the bench database' : 'DATABASE_URL'} is ${marker.scale === scale ? `from ${marker.anchor}` : `of scale ${marker.scale}`} — seeding anew`);
    if (db.embedded) {
      await c.end();
      db = await opts.recreate(db, scale);
      c = await connect(db.url);
    } else {
      if (await hasForeignData(c)) {
        throw new Error('DATABASE_URL holds data the benchmark did not seed; refusing to wipe it. Point DATABASE_URL at an empty database.');
      }
      await wipe(c);
    }
    const m = await seed(c, scale, opts.log, db.ds);
    await storeCourseStatuses(db, m.anchor, opts.log);
    return { ...db, marker: m };
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * Issue 16 (2): the seed writes citizens, meetings and periods in bulk (its triggers leave every status row stale);
 * the stored contact-course statuses are computed as the daily run would, so the measurements read them as in service.
 */
async function storeCourseStatuses(db: BenchDb, anchor: string, log: (m: string) => void): Promise<void> {
  const started = performance.now();
  const n = await refreshStaleContactCourseStatuses((fn) => db.ds.transaction(fn), Temporal.PlainDate.from(anchor));
  if (n > 0) log(`stored contact-course statuses: ${n} computed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
