import { BadInputError } from './errors';

/** An opaque cursor for keyset pagination: the sort key parts of the last row, base64url JSON. */
export function encodeCursor(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string): string[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string')) return v;
  } catch {
    /* fall through */
  }
  throw new BadInputError('after: not a cursor returned by this API', 'after');
}

/** A page from `limit + 1` rows read in key order: the first `limit`, whether more follow, and the cursor after the last. */
export function keysetPage<T>(rows: T[], limit: number, cursorOf: (last: T) => string[]) {
  const nodes = rows.slice(0, limit);
  const last = nodes[nodes.length - 1];
  return { nodes, pageInfo: { hasNextPage: rows.length > limit, endCursor: last ? encodeCursor(cursorOf(last)) : null } };
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
