import DataLoader from 'dataloader';
import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral, ValueTransformer } from 'typeorm';
import {
  CitizenMessage, Deadline, Holiday, Meeting, RegistrationPeriod, SelfBookingDecision,
} from '../entities';
import { ACTIVE_DEADLINE_STATUSES } from '../domain/shared/enums';
import { instant } from '../entities/transformers';

/**
 * The rows that hang off a citizen (active deadline, deadlines, meetings, planned meetings, registration
 * periods, holidays, decisions, messages), for many citizens, in ONE SQL statement per batch however many of
 * these kinds a request asks for.
 *
 * Why: a citizen's obligations need the active deadline, the planned meetings, all meetings and the
 * registration periods (contact course), and a caseworker's list needs the same for 50 citizens. One DataLoader
 * per kind already avoids N+1, but still costs one statement per kind (4 round trips, each through TypeORM's
 * query builder). Here every kind's loader feeds one shared batch: the kinds requested in the same tick become
 * the branches of one `UNION ALL`, each branch an index scan by citizen_id, each row as `row_to_json`. Rows are
 * hydrated into the same entity classes through TypeORM's column metadata (names, transformers), exactly as
 * `em.find` would (test/integration/sql-batching.test.ts compares both).
 *
 * The public loaders keep the names, key types and orders of src/loaders/index.ts, so resolvers and services do
 * not change. `hydrator` also takes rows as the pg driver returns them (Dates, strings), for `byIdLoader`.
 */

interface Kind<T> {
  entity: EntityTarget<T>;
  /** SQL of the branch: rows of `t` for the citizens in `$n`, with `ord` (the order within a citizen). */
  branch(param: string): string;
}

const ACTIVE = ACTIVE_DEADLINE_STATUSES.map((s) => `'${s}'`).join(', ');

/** Each kind: table, filter and order (as in src/loaders/index.ts). */
const KINDS = {
  activeDeadline: {
    entity: Deadline,
    branch: (p: string) => `SELECT t.citizen_id AS k, 0::bigint AS ord, row_to_json(t) AS r FROM deadline t WHERE t.citizen_id = ANY(${p}) AND t.status IN (${ACTIVE})`,
  },
  deadlinesByCitizen: {
    entity: Deadline,
    branch: (p: string) => `SELECT t.citizen_id AS k, row_number() OVER (PARTITION BY t.citizen_id ORDER BY t.created_at DESC, t.id DESC) AS ord, row_to_json(t) AS r
      FROM deadline t WHERE t.citizen_id = ANY(${p})`,
  },
  meetingsByCitizen: {
    entity: Meeting,
    branch: (p: string) => `SELECT t.citizen_id AS k, row_number() OVER (PARTITION BY t.citizen_id ORDER BY t.starts_at DESC, t.id DESC) AS ord, row_to_json(t) AS r
      FROM meeting t WHERE t.citizen_id = ANY(${p})`,
  },
  plannedMeetingsByCitizen: {
    entity: Meeting,
    branch: (p: string) => `SELECT t.citizen_id AS k, row_number() OVER (PARTITION BY t.citizen_id ORDER BY t.starts_at, t.id) AS ord, row_to_json(t) AS r
      FROM meeting t WHERE t.citizen_id = ANY(${p}) AND t.status = 'PLANNED'`,
  },
  registrationPeriodsByCitizen: {
    entity: RegistrationPeriod,
    branch: (p: string) => `SELECT t.citizen_id AS k, row_number() OVER (PARTITION BY t.citizen_id ORDER BY t.registered_from, t.id) AS ord, row_to_json(t) AS r
      FROM registration_period t WHERE t.citizen_id = ANY(${p})`,
  },
  holidaysByCitizen: {
    entity: Holiday,
    branch: (p: string) => `SELECT t.citizen_id AS k, row_number() OVER (PARTITION BY t.citizen_id ORDER BY t.start_date, t.id) AS ord, row_to_json(t) AS r
      FROM holiday t WHERE t.citizen_id = ANY(${p})`,
  },
  decisionsByCitizen: {
    entity: SelfBookingDecision,
    branch: (p: string) => `SELECT t.citizen_id AS k, row_number() OVER (PARTITION BY t.citizen_id ORDER BY t.created_at, t.id) AS ord, row_to_json(t) AS r
      FROM self_booking_decision t WHERE t.citizen_id = ANY(${p})`,
  },
  messagesByCitizen: {
    entity: CitizenMessage,
    branch: (p: string) => `SELECT t.citizen_id AS k, row_number() OVER (PARTITION BY t.citizen_id ORDER BY t.at DESC, t.id) AS ord, row_to_json(t) AS r
      FROM citizen_message t WHERE t.citizen_id = ANY(${p})`,
  },
} satisfies Record<string, Kind<unknown>>;

export type KindName = keyof typeof KINDS;

/** The one statement for these kinds: parameter n (uuid[]) holds the citizens of the n-th kind. */
export function citizenRowsSql(kinds: KindName[]): string {
  const names = Object.keys(KINDS) as KindName[];
  return `${kinds.map((k, n) => `SELECT ${names.indexOf(k)} AS kind, b.* FROM (${KINDS[k].branch(`$${n + 1}::uuid[]`)}) b`).join('\nUNION ALL\n')}\nORDER BY kind, ord`;
}
type Row = { k: string; kind: number; r: Record<string, unknown> };

/** Turns a `row_to_json` object into an entity, as TypeORM's hydration of a find() result would. */
export function hydrator<T extends ObjectLiteral>(meta: EntityMetadata): (json: Record<string, unknown>) => T {
  const cols = meta.columns.map((c) => {
    const type = String(c.type);
    // JSON renders what the pg driver would parse differently: timestamps as text, bigint and numeric as numbers.
    const fromJson: ((v: unknown) => unknown) | undefined =
      type === 'timestamptz' || type === 'timestamp with time zone' || type === 'timestamp' ? (v) => new Date(v as string)
        : type === 'bigint' || type === 'int8' || type === 'numeric' || type === 'decimal' ? (v) => String(v)
          : undefined;
    const ts = c.transformer === undefined ? [] : Array.isArray(c.transformer) ? [...c.transformer].reverse() : [c.transformer as ValueTransformer];
    // The Instant transformer reads the timestamp text itself (no Date in between).
    return { prop: c.propertyName, db: c.databaseName, fromJson: ts.length === 1 && ts[0] === instant ? undefined : fromJson, ts };
  });
  return (json) => {
    const e = meta.create() as Record<string, unknown>;
    for (const c of cols) {
      let v = json[c.db];
      if (v === undefined) continue;
      if (v !== null && c.fromJson) v = c.fromJson(v);
      for (const t of c.ts) v = t.from(v);
      e[c.prop] = v;
    }
    return e as T;
  };
}

/** Hydrators are built once per DataSource (the loaders themselves are per request). */
const hydratorsOf = new WeakMap<DataSource, Map<KindName, (j: Record<string, unknown>) => ObjectLiteral>>();

export function createCitizenRowLoaders(ds: DataSource) {
  const names = Object.keys(KINDS) as KindName[];
  let hydrate = hydratorsOf.get(ds);
  if (!hydrate) {
    hydrate = new Map(names.map((n) => [n, hydrator(ds.getMetadata(KINDS[n].entity))]));
    hydratorsOf.set(ds, hydrate);
  }

  // The shared batch: keys are `<kind index>:<citizen id>`.
  const rows = new DataLoader<string, Record<string, unknown>[]>(async (keys) => {
    const byKind = new Map<number, string[]>();
    for (const key of keys) {
      const i = Number(key.slice(0, key.indexOf(':')));
      (byKind.get(i) ?? byKind.set(i, []).get(i)!).push(key.slice(key.indexOf(':') + 1));
    }
    const params = [...byKind.values()];
    const result: Row[] = await ds.query(citizenRowsSql([...byKind.keys()].map((i) => names[i]!)), params);
    const out = new Map<string, Record<string, unknown>[]>();
    for (const r of result) {
      const key = `${r.kind}:${r.k}`;
      (out.get(key) ?? out.set(key, []).get(key)!).push(r.r);
    }
    return keys.map((k) => out.get(k) ?? []);
  }, { cache: false });

  /** A loader of one kind, fed by the shared batch (all kinds at the same depth, so one tick → one statement). */
  function kindLoader<T extends ObjectLiteral, V = T[]>(name: KindName, shape: (rows: T[]) => V = (r) => r as unknown as V): DataLoader<string, V> {
    const i = names.indexOf(name);
    const h = hydrate!.get(name)! as (j: Record<string, unknown>) => T;
    return new DataLoader<string, V>(async (citizenIds) => {
      const res = await rows.loadMany(citizenIds.map((id) => `${i}:${id}`));
      return res.map((r) => (r instanceof Error ? r : shape(r.map(h))));
    });
  }

  return {
    activeDeadline: kindLoader<Deadline, Deadline | null>('activeDeadline', (r) => r[0] ?? null),
    deadlinesByCitizen: kindLoader<Deadline>('deadlinesByCitizen'),
    meetingsByCitizen: kindLoader<Meeting>('meetingsByCitizen'),
    plannedMeetingsByCitizen: kindLoader<Meeting>('plannedMeetingsByCitizen'),
    registrationPeriodsByCitizen: kindLoader<RegistrationPeriod>('registrationPeriodsByCitizen'),
    holidaysByCitizen: kindLoader<Holiday>('holidaysByCitizen'),
    decisionsByCitizen: kindLoader<SelfBookingDecision>('decisionsByCitizen'),
    messagesByCitizen: kindLoader<CitizenMessage>('messagesByCitizen'),
  };
}

/**
 * Rows by primary key, many ids in one statement, hydrated like `em.findBy(entity, { id: In(ids) })` but without
 * building the query through TypeORM on every request (the citizen behind every citizen-facing request).
 */
const byIdOf = new WeakMap<DataSource, Map<unknown, { h: (j: Record<string, unknown>) => ObjectLiteral; sql: string }>>();

export function byIdLoader<T extends ObjectLiteral & { id: string }>(ds: DataSource, entity: EntityTarget<T>): DataLoader<string, T | null> {
  const cache = byIdOf.get(ds) ?? byIdOf.set(ds, new Map()).get(ds)!;
  let prepared = cache.get(entity);
  if (!prepared) {
    const meta = ds.getMetadata(entity);
    prepared = { h: hydrator(meta), sql: `SELECT * FROM ${meta.tablePath.split('.').map((p) => `"${p}"`).join('.')} WHERE id = ANY($1::uuid[])` };
    cache.set(entity, prepared);
  }
  const h = prepared.h as (j: Record<string, unknown>) => T;
  const sql = prepared.sql;
  return new DataLoader<string, T | null>(async (ids) => {
    const rows: Record<string, unknown>[] = await ds.query(sql, [[...ids]]);
    const map = new Map(rows.map((r) => [r.id as string, h(r)]));
    return ids.map((id) => map.get(id) ?? null);
  });
}
