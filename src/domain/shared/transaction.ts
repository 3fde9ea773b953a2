import { createHash } from 'node:crypto';
import { type EntityManager, QueryFailedError } from 'typeorm';
import { entities, IdempotencyKey } from '../../entities';
import { changedCitizensOf, forgetChangedCitizens, writeChangeAudit } from '../../audit/access-log';
import { refreshContactCourseStatus } from '../contact-course/contact-course.status';
import { citeOperation } from '../../auth/policy';
import { actorLabel } from './actor';
import { type Failure, type Result, RollbackWith, fail } from './result';
import type { Scope } from './scope';
import { IDEMPOTENCY_KEY_LENGTH_MESSAGE, IDEMPOTENCY_KEY_MAX } from './idempotency-key';

/** Maps a unique/exclusion violation (by constraint name) to the user error the pre-check would give. */
export type ConstraintMap = Record<string, Failure>;

function constraintOf(err: unknown): string | undefined {
  if (err instanceof QueryFailedError) {
    const d = err.driverError as { code?: string; constraint?: string };
    if (d.code === '23505' || d.code === '23P01') return d.constraint;
  }
  return undefined;
}

export function isSerializationFailure(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const code = (err.driverError as { code?: string }).code;
  return code === '40001' || code === '40P01';
}

const IDEMPOTENCY_PK = 'idempotency_key_pkey';

/**
 * The one way to run an operation: `fn` runs in one transaction (the domain command owns the boundary), handed a scope
 * whose `db` is the transaction. A failure returned by `fn` or thrown as RollbackWith rolls everything back. A unique
 * violation whose constraint is in `constraints` becomes that user error: a lost race answers like the pre-check,
 * never as an internal error.
 *
 * Nested use: when `scope.db` is already a transaction (an operation called inside another one's `fn`, as the CZ-9
 * import calls changeTargetGroup for a row), the operation runs in a savepoint of it: its failure rolls back only its
 * own writes (and forgets the citizens it marked), and the caller decides what follows. The once-per-transaction work
 * — the stored contact-course status of the citizens locked, the access log's CHANGE rows, the serialization retry —
 * is the outermost call's, at its commit, so a row of the import refreshes and logs each citizen once.
 *
 * With an idempotency key, the first successful result is stored with a hash of the input in the same
 * transaction; a retry with the same key returns it (re-read) and changes nothing, and the same key with
 * other input is refused (IDEMPOTENCY_KEY_REUSED).
 */
export async function runInTransaction<T extends object, C extends string>(
  scope: Scope,
  opts: { operation: string; idempotencyKey?: string | null; input?: unknown; constraints?: ConstraintMap },
  fn: (scope: Scope) => Promise<Result<T, C>>,
): Promise<Result<T, C | 'IDEMPOTENCY_KEY_REUSED' | 'INVALID_INPUT'>> {
  const key = opts.idempotencyKey ?? undefined;
  const actor = actorLabel(scope.actor);
  const hash = key ? hashInput(opts.operation, opts.input) : '';
  if (key !== undefined && (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX)) {
    return fail('INVALID_INPUT', IDEMPOTENCY_KEY_LENGTH_MESSAGE, ['input', 'idempotencyKey']);
  }
  const nested = scope.db.queryRunner?.isTransactionActive === true;
  for (let attempt = 0; ; attempt++) {
    const marked = nested ? new Set(changedCitizensOf(scope.db)) : undefined;
    try {
      if (key) {
        const replay = await replayIfKnown<T>(scope.db, actor, key, opts.operation, hash);
        if (replay) return replay as Result<T, C | 'IDEMPOTENCY_KEY_REUSED'>;
      }
      return await scope.db.transaction(async (em) => {
        const tx: Scope = { ...scope, db: em };
        const result = await fn(tx);
        if (!result.ok) throw new RollbackWith(result);
        if (!nested) {
          // Issue 16 (2): the stored contact-course status of every citizen the operation locked, in its transaction.
          await refreshContactCourseStatus(em, changedCitizensOf(em), scope.clock.today());
          // Access log: a CHANGE entry per citizen the operation locked, committed with the change itself.
          await writeChangeAudit(tx, opts.operation);
        }
        if (key) {
          await em.insert(IdempotencyKey, {
            actor, key, operation: opts.operation, requestHash: hash, response: serializeValue(result.value) as never,
          });
        }
        return result;
      });
    } catch (err) {
      // A nested operation rolled back to its savepoint: the citizens it alone locked were not changed.
      if (marked) forgetChangedCitizens(scope.db, marked);
      const constraint = constraintOf(err);
      if (!nested && constraint === IDEMPOTENCY_PK && key && attempt < 3) continue; // a concurrent twin committed first: replay it
      const failure = err instanceof RollbackWith ? err.failure : constraint ? opts.constraints?.[constraint] : undefined;
      if (failure) {
        // SL-3: a retry that ran while its twin (same key, same input) committed fails because of the twin's
        // effects (slot taken, deadline booked); it answers with the twin's result instead.
        if (key && !nested) {
          const replay = await replayIfKnown<T>(scope.db, actor, key, opts.operation, hash);
          if (replay?.ok) return replay;
        }
        return failure as Failure<C>;
      }
      // A serialization failure aborts the whole transaction: only the outermost call may run it again.
      if (!nested && isSerializationFailure(err) && attempt < 3) continue;
      throw err;
    }
  }
}

async function replayIfKnown<T>(db: EntityManager, actor: string, key: string, operation: string, hash: string): Promise<Result<T, 'IDEMPOTENCY_KEY_REUSED'> | undefined> {
  const row = await db.findOneBy(IdempotencyKey, { actor, key });
  if (!row) return undefined;
  if (row.operation !== operation || row.requestHash !== hash) {
    return fail('IDEMPOTENCY_KEY_REUSED', `${reuseRule(operation)}idempotencyKey '${key}' was already used with other input`, ['input', 'idempotencyKey']);
  }
  return { ok: true, value: (await deserializeValue(db, row.response)) as T };
}

/**
 * The rule a reused key's refusal cites: SL-3 for booking (its rule of one booking per retry), else the operation's
 * own (its access policy's rule, as its other refusals cite).
 */
function reuseRule(operation: string): string {
  return OWN_RULES[operation] ?? citeOperation(operation);
}

/** Operations of runInTransaction that are no root field of their own name. */
const OWN_RULES: Readonly<Record<string, string>> = {
  bookSlot: 'SL-3: ', rebookMeeting: 'SL-3: ', importCitizen: 'CZ-9: ', importCitizens: 'CZ-9: ', setWebhookSubscriptionActive: 'EV-2: ',
};

function hashInput(operation: string, input: unknown): string {
  return createHash('sha256').update(operation).update('\0').update(stableJson(input)).digest('hex');
}

function stableJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(v);
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => k !== 'idempotencyKey' && o[k] !== undefined).sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
}

const entityByName = new Map<string, (typeof entities)[number]>(entities.map((e) => [e.name, e]));

/** Stores entity references (class and id), so a replay returns the same objects, re-read. */
function serializeValue(value: object): unknown {
  const ref = (v: unknown): unknown => {
    if (v && typeof v === 'object' && 'id' in v && entityByName.has(v.constructor.name)) {
      return { $entity: v.constructor.name, id: (v as { id: string }).id };
    }
    if (Array.isArray(v)) return v.map(ref);
    return v ?? null;
  };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ref(v)]));
}

async function deserializeValue(em: EntityManager, stored: unknown): Promise<object> {
  const load = async (v: unknown): Promise<unknown> => {
    if (Array.isArray(v)) {
      // One after the other: `em` may be a transaction (a nested operation's replay), one connection.
      const items: unknown[] = [];
      for (const item of v) items.push(await load(item));
      return items;
    }
    if (v && typeof v === 'object' && '$entity' in v) {
      const cls = entityByName.get((v as { $entity: string }).$entity)!;
      return em.findOneBy(cls, { id: (v as unknown as { id: string }).id } as never);
    }
    return v;
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(stored as Record<string, unknown>)) out[k] = await load(v);
  return out;
}
