import { type BenchDb, connect } from './db';
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
    return { ...db, marker: m };
  } finally {
    await c.end().catch(() => undefined);
  }
}
