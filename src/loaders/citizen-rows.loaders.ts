import DataLoader from 'dataloader';
import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral, ValueTransformer } from 'typeorm';
import {
  CitizenMessage, ContactCourseStatus, Deadline, Holiday, Meeting, RegistrationPeriod, SelfBookingDecision,
} from '../entities';
import { ACTIVE_DEADLINE_STATUSES } from '../domain/shared/enums';
import { instant, plainDate } from '../entities/transformers';

/**
 * The rows that hang off a citizen (active deadline, deadlines, meetings, planned meetings, registration
 * periods, holidays, decisions, messages), for many citizens, in ONE SQL statement per batch however many of
 * these kinds a request asks for.
 *
 * Why: a citizen's obligations need the active deadline, the planned meetings, all meetings and the
 * registration periods (contact course), and a caseworker's list needs the same for 50 citizens. One DataLoader
 * per kind already avoids N+1, but still costs one statement per kind (4 round trips, each through TypeORM's
 * query builder). Here every kind's loader feeds one shared batch: the kinds requested in the same tick become
 * the branches of one `UNION ALL`, each branch an index scan by citizen_id, each row as one JSON array of its
 * columns (in TypeORM's column order: positional, so a page of 700 rows carries no repeated column names — half
 * the bytes of `row_to_json`). Rows are hydrated into the same entity classes through TypeORM's column metadata
 * (names, transformers), exactly as `em.find` would (test/integration/sql-batching.test.ts compares both).
 *
 * The public loaders keep the names, key types and orders of src/loaders/index.ts, so resolvers and services do
 * not change. `driverRowHydrator` takes rows as the pg driver returns them (Dates, strings), for `byIdLoader`.
 */

interface Kind<T> {
  entity: EntityTarget<T>;
  /** SQL of the branch: rows of `t` for the citizens in `$n`, with `ord` (the order within a citizen). */
  branch(param: string): string;
}

const ACTIVE = ACTIVE_DEADLINE_STATUSES.map((s) => `'${s}'`).join(', ');

/** A kind of many rows per citizen: the rows of `table` (and `filter`) for the citizens in the parameter, numbered in `order`. */
function ordered<T>(entity: EntityTarget<T>, table: string, order: string, filter = ''): Kind<T> {
  return {
    entity,
    branch: (p: string) => `SELECT t.citizen_id AS k, row_number() OVER (PARTITION BY t.citizen_id ORDER BY ${order}) AS ord, {ROW} AS r
      FROM ${table} t WHERE t.citizen_id = ANY(${p})${filter}`,
  };
}

/** Each kind: table, filter and order (as in src/loaders/index.ts). */
const KINDS = {
  activeDeadline: {
    entity: Deadline,
    branch: (p: string) => `SELECT t.citizen_id AS k, 0::bigint AS ord, {ROW} AS r FROM deadline t WHERE t.citizen_id = ANY(${p}) AND t.status IN (${ACTIVE})`,
  },
  deadlinesByCitizen: ordered(Deadline, 'deadline', 't.created_at DESC, t.id DESC'),
  meetingsByCitizen: ordered(Meeting, 'meeting', 't.starts_at DESC, t.id DESC'),
  plannedMeetingsByCitizen: ordered(Meeting, 'meeting', 't.starts_at, t.id', ` AND t.status = 'PLANNED'`),
  registrationPeriodsByCitizen: ordered(RegistrationPeriod, 'registration_period', 't.registered_from, t.id'),
  holidaysByCitizen: ordered(Holiday, 'holiday', 't.start_date, t.id'),
  decisionsByCitizen: ordered(SelfBookingDecision, 'self_booking_decision', 't.created_at, t.id'),
  messagesByCitizen: ordered(CitizenMessage, 'citizen_message', 't.at DESC, t.id'),
  // Issue 16 (2): the stored contact-course status (one row or none), read with the page's other rows.
  contactCourseStatus: {
    entity: ContactCourseStatus,
    branch: (p: string) => `SELECT t.citizen_id AS k, 0::bigint AS ord, {ROW} AS r FROM contact_course_status t WHERE t.citizen_id = ANY(${p})`,
  },
} satisfies Record<string, Kind<unknown>>;

export type KindName = keyof typeof KINDS;

/** The columns of an entity's table, in metadata order (the positions of its JSON array rows). */
function columnsOf(meta: EntityMetadata): string[] {
  return meta.columns.map((c) => c.databaseName);
}

/** `json_build_array` of an entity's columns in `columnsOf` order, from table alias `alias` (what `hydrator` reads). */
export function rowJsonSql(ds: DataSource, entity: EntityTarget<unknown>, alias: string): string {
  return `json_build_array(${columnsOf(ds.getMetadata(entity)).map((c) => `${alias}."${c}"`).join(', ')})`;
}

/**
 * The one statement for these kinds: parameter n (uuid[]) holds the citizens of the n-th kind. Each row is
 * `json_build_array` of the table's columns in `columnsOf` order.
 *
 * `oneCitizen`: every kind is asked for the same single citizen (a citizen's own obligations, one citizen's page),
 * and the statement takes that citizen as its one parameter `$1::uuid` (each branch `t.citizen_id = ANY(ARRAY[$1])`).
 * Issue 16 (1): PostgreSQL estimates an array parameter at a default length in the generic plan, so for
 * `= ANY($n::uuid[])` it costs the generic plan above the custom ones and plans again on every execution (0.6–0.7 ms
 * for the obligations' five branches at scale 1); for a scalar citizen the generic plan costs the same as the custom
 * ones and, from the sixth execution of the named statement on, is reused (0.01–0.03 ms planning, the same index
 * scans, execution no slower: bench/results/reads-2026-12-01.md). No session setting (`plan_cache_mode`) is changed,
 * so the other statements keep their custom plans.
 */
export function citizenRowsSql(ds: DataSource, kinds: KindName[], oneCitizen = false): string {
  const names = Object.keys(KINDS) as KindName[];
  return `${kinds.map((k, n) => {
    const row = `json_build_array(${columnsOf(ds.getMetadata(KINDS[k].entity)).map((c) => `t."${c}"`).join(', ')})`;
    const param = oneCitizen ? 'ARRAY[$1::uuid]' : `$${n + 1}::uuid[]`;
    return `SELECT ${names.indexOf(k)} AS kind, b.* FROM (${KINDS[k].branch(param).replace('{ROW}', row)}) b`;
  }).join('\nUNION ALL\n')}\nORDER BY kind, ord`;
}
type Row = { k: string; kind: number; r: unknown[] };

interface ColumnReader {
  prop: string;
  db: string;
  /** JSON renders what the pg driver would parse differently: timestamps as text, bigint and numeric as numbers. */
  fromJson: ((v: unknown) => unknown) | undefined;
  transformers: ValueTransformer[];
}

function columnReaders(meta: EntityMetadata, json: boolean): ColumnReader[] {
  return meta.columns.map((c) => {
    const type = String(c.type);
    const ts = c.transformer === undefined ? [] : Array.isArray(c.transformer) ? [...c.transformer].reverse() : [c.transformer as ValueTransformer];
    const fromJson: ((v: unknown) => unknown) | undefined = !json ? undefined
      // The Instant transformer reads the timestamp text itself (no Date in between).
      : ts.length === 1 && ts[0] === instant ? undefined
        : type === 'timestamptz' || type === 'timestamp with time zone' || type === 'timestamp' ? (v) => new Date(v as string)
          : type === 'bigint' || type === 'int8' || type === 'numeric' || type === 'decimal' ? (v) => String(v)
            : undefined;
    return { prop: c.propertyName, db: c.databaseName, fromJson, transformers: ts };
  });
}

/**
 * Where a lazily converted entity keeps the row it was read from and the values converted so far (non-enumerable:
 * invisible to spreads, JSON, equality).
 */
const SOURCE = Symbol('selvbook.sourceRow');

interface LazySource {
  /** The row as read (a JSON array or the driver's row). */
  row: Record<string | number, unknown>;
  /** Converted or assigned values by lazy column (UNSET: `undefined` was assigned). */
  done: unknown[];
  /** The lazy columns' places in `done`, by property (one object per entity class). */
  slots: Readonly<Record<string, number>>;
}
const UNSET = Symbol('selvbook.unset');

/**
 * Issue 16 (3): the Temporal columns (TypeORM's `instant` and `plainDate` transformers) are converted on first read,
 * not when the row is read: a list of 50 citizens reads ~700 rows with 5–6 dates and instants each, and most requests
 * read two or three of them (the caseworker list never reads `createdAt` or `statusChangedAt`). Each such column
 * is an own, enumerable accessor of the entity whose getter converts the raw value kept with the entity once and
 * keeps the result beside the row (the second read returns it); assigning keeps the assigned value likewise. The
 * accessor stays in place: redefining it as a data property on first read (as before) changed the object's hidden
 * class per entity and read — 4.8 % of the obligations' busy time in `npm run bench:profile`. The entity API is
 * unchanged: the same class, the same own enumerable properties (spread, `Object.keys`, JSON and TypeORM's `save`
 * read them through the getter), the same values.
 */
/**
 * Whether an entity's property holds its value yet (`converted`: a plain column, or a Temporal column read or assigned
 * since the row was loaded), is still the raw value (`not yet`), or is not set (`absent`). For tests and debugging.
 */
export function conversionState(entity: object, prop: string): 'absent' | 'converted' | 'not yet' {
  const d = Object.getOwnPropertyDescriptor(entity, prop);
  if (d === undefined) return 'absent';
  if ('value' in d) return 'converted';
  const src = (entity as Record<symbol, LazySource | undefined>)[SOURCE];
  const slot = src?.slots[prop];
  return slot === undefined || src!.done[slot] !== undefined ? 'converted' : 'not yet';
}

function lazyDescriptor(slot: number, at: string | number, convert: (raw: unknown) => unknown): PropertyDescriptor {
  return {
    enumerable: true, configurable: true,
    get(this: Record<symbol, LazySource>) {
      const src = this[SOURCE]!;
      const v = src.done[slot];
      if (v !== undefined) return v === UNSET ? undefined : v;
      const value = convert(src.row[at]);
      src.done[slot] = value;
      return value;
    },
    set(this: Record<symbol, LazySource>, value: unknown) {
      this[SOURCE]!.done[slot] = value === undefined ? UNSET : value;
    },
  };
}

/** Whether a column's only transformer is one of the Temporal ones (pure, so its conversion may wait). */
function isTemporal(c: ColumnReader): boolean {
  return c.transformers.length === 1 && (c.transformers[0] === instant || c.transformers[0] === plainDate);
}

/**
 * A hydrator compiled for one entity: straight-line code that assigns every property in the same order (one
 * hidden class, no loop over columns), reading `source[i]` (a JSON array row in `columnsOf` order) or
 * `source["db_name"]` (a row as the pg driver returns it). What each value goes through is TypeORM's own
 * column metadata: JSON conversion where the text differs from the driver's, then the column's transformers —
 * for the Temporal columns on first read (lazyDescriptor).
 */
function compile<T>(meta: EntityMetadata, by: 'position' | 'name'): (source: unknown) => T {
  const cols = columnReaders(meta, by === 'position');
  const fns: ((v: unknown) => unknown)[] = [];
  const descriptors: PropertyDescriptor[] = [];
  const slots: Record<string, number> = {};
  const ref = (f: (v: unknown) => unknown) => `f[${fns.push(f) - 1}]`;
  let lazy = false;
  const body = cols.map((c, i) => {
    const key = by === 'position' ? i : c.db;
    const at = by === 'position' ? `s[${i}]` : `s[${JSON.stringify(c.db)}]`;
    if (isTemporal(c)) {
      lazy = true;
      const t = c.transformers[0]!;
      const fromJson = c.fromJson;
      slots[c.prop] = descriptors.length;
      const d = descriptors.push(lazyDescriptor(descriptors.length, key, fromJson ? (v) => t.from(fromJson(v)) : (v) => t.from(v))) - 1;
      // null is null whatever the transformer (plainDate/instant map null to null): no accessor needed.
      return `v = ${at}; if (v !== undefined) { if (v === null) e[${JSON.stringify(c.prop)}] = null; else defineProperty(e, ${JSON.stringify(c.prop)}, d[${d}]); }`;
    }
    const froms = c.transformers.map((t) => ref((v) => t.from(v)));
    const transformed = (x: string) => froms.reduce((acc, f) => `${f}(${acc})`, x);
    // As TypeORM: a column absent from the row stays unset; the transformers see null too, the JSON conversion not.
    const value = transformed(c.fromJson ? `${ref(c.fromJson)}(v)` : 'v');
    return `v = ${at}; if (v !== undefined) e[${JSON.stringify(c.prop)}] = v === null ? ${transformed('null')} : ${value};`;
  }).join('\n');
  const keep = lazy ? `defineProperty(e, SOURCE, { value: { row: s, done: [], slots } });\n` : '';
  // Generated from entity metadata only (property names are quoted), never from input.
  const make = new Function('f', 'd', 'create', 'defineProperty', 'SOURCE', 'slots', `return function hydrate(s) { const e = create(); let v;\n${keep}${body}\nreturn e; };`) as
    (f: ((v: unknown) => unknown)[], d: PropertyDescriptor[], create: () => unknown, defineProperty: typeof Object.defineProperty, source: symbol, slots: Record<string, number>) => (s: unknown) => T;
  return make(fns, descriptors, () => meta.create(), Object.defineProperty, SOURCE, slots);
}

/** Turns a row (a JSON array in `columnsOf` order) into an entity, as TypeORM's hydration of a find() result would. */
export function hydrator<T extends ObjectLiteral>(meta: EntityMetadata): (row: unknown[]) => T {
  return compile<T>(meta, 'position') as (row: unknown[]) => T;
}

/** The same for rows as the pg driver returns them (`SELECT *`: Dates, strings, keyed by column name). */
export function driverRowHydrator<T extends ObjectLiteral>(meta: EntityMetadata): (row: Record<string, unknown>) => T {
  return compile<T>(meta, 'name') as (row: Record<string, unknown>) => T;
}

/** Hydrators and statements are built once per DataSource (the loaders themselves are per request). */
const preparedOf = new WeakMap<DataSource, { h: Map<KindName, (row: unknown[]) => ObjectLiteral>; sql: Map<string, string> }>();

export function createCitizenRowLoaders(ds: DataSource) {
  const names = Object.keys(KINDS) as KindName[];
  let prepared = preparedOf.get(ds);
  if (!prepared) {
    prepared = { h: new Map(names.map((n) => [n, hydrator(ds.getMetadata(KINDS[n].entity))])), sql: new Map() };
    preparedOf.set(ds, prepared);
  }
  const hydrate = prepared.h;
  const sqlCache = prepared.sql;

  // The shared batch: keys are `<kind index>:<citizen id>`.
  const rows = new DataLoader<string, unknown[][]>(async (keys) => {
    const byKind = new Map<number, string[]>();
    for (const key of keys) {
      const i = Number(key.slice(0, key.indexOf(':')));
      (byKind.get(i) ?? byKind.set(i, []).get(i)!).push(key.slice(key.indexOf(':') + 1));
    }
    const lists = [...byKind.values()];
    const kinds = [...byKind.keys()];
    // One citizen for every kind (a citizen's obligations): the one-parameter form, whose plan PostgreSQL reuses.
    const only = lists[0]!.length === 1 ? lists[0]![0]! : undefined;
    const oneCitizen = only !== undefined && lists.every((l) => l.length === 1 && l[0] === only);
    const sqlKey = `${oneCitizen ? '1' : 'n'}:${kinds.join(',')}`;
    let sql = sqlCache.get(sqlKey);
    if (sql === undefined) sqlCache.set(sqlKey, (sql = citizenRowsSql(ds, kinds.map((i) => names[i]!), oneCitizen)));
    const result: Row[] = await ds.query(sql, oneCitizen ? [only] : lists);
    const out = new Map<string, unknown[][]>();
    for (const r of result) {
      const key = `${r.kind}:${r.k}`;
      (out.get(key) ?? out.set(key, []).get(key)!).push(r.r);
    }
    return keys.map((k) => out.get(k) ?? []);
  }, { cache: false });

  /** A loader of one kind, fed by the shared batch (all kinds at the same depth, so one tick → one statement). */
  function kindLoader<T extends ObjectLiteral, V = T[]>(name: KindName, shape: (rows: T[]) => V = (r) => r as unknown as V): DataLoader<string, V> {
    const i = names.indexOf(name);
    const h = hydrate.get(name)! as (row: unknown[]) => T;
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
    contactCourseStatus: kindLoader<ContactCourseStatus, ContactCourseStatus | null>('contactCourseStatus', (r) => r[0] ?? null),
  };
}

/**
 * Rows by primary key, many ids in one statement, hydrated like `em.findBy(entity, { id: In(ids) })` but without
 * building the query through TypeORM on every request (the citizen behind every citizen-facing request).
 * One id (a citizen's own request) is asked as `id = $1`, many as `id = ANY($1::uuid[])`: as with citizenRowsSql's
 * one-citizen form, PostgreSQL costs the array form's generic plan at a default array length, above the custom
 * plans, and so planned it again on every execution (0.09 ms of PostgreSQL's time per obligations request, issue 16);
 * the scalar form's generic plan is reused.
 */
const byIdOf = new WeakMap<DataSource, Map<unknown, { h: (row: Record<string, unknown>) => ObjectLiteral; sql: string; one: string }>>();

export function byIdLoader<T extends ObjectLiteral & { id: string }>(ds: DataSource, entity: EntityTarget<T>): DataLoader<string, T | null> {
  const cache = byIdOf.get(ds) ?? byIdOf.set(ds, new Map()).get(ds)!;
  let prepared = cache.get(entity);
  if (!prepared) {
    const meta = ds.getMetadata(entity);
    const table = meta.tablePath.split('.').map((p) => `"${p}"`).join('.');
    prepared = { h: driverRowHydrator(meta), sql: `SELECT * FROM ${table} WHERE id = ANY($1::uuid[])`, one: `SELECT * FROM ${table} WHERE id = $1::uuid` };
    cache.set(entity, prepared);
  }
  const h = prepared.h as (row: Record<string, unknown>) => T;
  const { sql, one } = prepared;
  return new DataLoader<string, T | null>(async (ids) => {
    const rows: Record<string, unknown>[] = ids.length === 1 ? await ds.query(one, [ids[0]]) : await ds.query(sql, [[...ids]]);
    const map = new Map(rows.map((r) => [r.id as string, h(r)]));
    return ids.map((id) => map.get(id) ?? null);
  });
}
