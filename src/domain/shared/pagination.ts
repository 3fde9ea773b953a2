import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { BadInputError } from './errors';

/**
 * IN-2: opaque cursors. A connection's cursor holds the sort key of the last row it returned (for the citizens
 * list that is a name — personal data), so the key position is encrypted and authenticated (AES-256-GCM) with a
 * server key, bound to its connection by name: the caller learns nothing from it, a changed byte or a cursor of
 * another list is refused as BAD_USER_INPUT, and the position stays exact across pages (no second lookup that a
 * rename or deletion between pages could move). docs/input-limits.md describes the format.
 *
 * The key: HKDF of CURSOR_SECRET (config.ts) when set, so cursors survive restarts and work across processes and
 * hosts; else a random key per process tree (cluster.ts passes one secret to its workers). Decision: without
 * CURSOR_SECRET a restart invalidates the cursors handed out (a client pages again from the start), which is
 * safer than a default secret anyone could read in this repository.
 */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
let cursorKey: Buffer = randomBytes(32);

/** Sets the key cursors are sealed with (main.ts, from config.cursorSecret); undefined → a random key. */
export function configureCursors(secret: string | undefined): void {
  cursorKey = secret ? Buffer.from(hkdfSync('sha256', secret, 'selvbook', 'cursor v1', 32)) : randomBytes(32);
}

/** An opaque cursor of `connection` (e.g. 'Query.citizens') for the sort key parts of the last row. */
export function encodeCursor(connection: string, parts: string[]): string {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv('aes-256-gcm', cursorKey, iv);
  c.setAAD(Buffer.from(connection));
  const body = Buffer.concat([c.update(JSON.stringify(parts), 'utf8'), c.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, c.getAuthTag(), body]).toString('base64url');
}

/** The sort key parts of a cursor this server handed out for `connection`; BAD_USER_INPUT for anything else. */
export function decodeCursor(connection: string, cursor: string): string[] {
  try {
    const raw = Buffer.from(cursor, 'base64url');
    if (raw.length > 1 + IV_BYTES + TAG_BYTES && raw[0] === VERSION && raw.length <= 2048) {
      const d = createDecipheriv('aes-256-gcm', cursorKey, raw.subarray(1, 1 + IV_BYTES));
      d.setAAD(Buffer.from(connection));
      d.setAuthTag(raw.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
      const text = Buffer.concat([d.update(raw.subarray(1 + IV_BYTES + TAG_BYTES)), d.final()]).toString('utf8');
      const v = JSON.parse(text);
      if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string')) return v;
    }
  } catch {
    /* fall through */
  }
  throw new BadInputError(`IN-2: after is not a cursor returned by ${connection} (cursors are opaque; page again from the start)`, 'after');
}

/** A page from `limit + 1` rows read in key order: the first `limit`, whether more follow, and the cursor after the last. */
export function keysetPage<T>(connection: string, rows: T[], limit: number, cursorOf: (last: T) => string[]) {
  const nodes = rows.slice(0, limit);
  const last = nodes[nodes.length - 1];
  return { nodes, pageInfo: { hasNextPage: rows.length > limit, endCursor: last ? encodeCursor(connection, cursorOf(last)) : null } };
}

/** Rows grouped by their citizen, in the order read. */
export function groupByCitizen<T extends { citizenId: string }>(rows: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(r.citizenId);
    if (list) list.push(r);
    else m.set(r.citizenId, [r]);
  }
  return m;
}
