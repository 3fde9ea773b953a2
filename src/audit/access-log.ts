import type { EntityManager } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { type Actor, actorLabel } from '../domain/shared/actor';
import type { Clock } from '../domain/shared/clock';
import type { AccessKind } from '../generated/enums';

/**
 * The access log (GDPR art. 15; RULES.md: "every read or change of a citizen's personal data is logged
 * with actor, purpose and time"). Logged actors are those who act on someone else's data: caseworkers,
 * case-management integrations and a-kasser. Decision: a citizen's own reads and changes are not logged
 * (they are no disclosure), and statistics readers see no personal data, so they produce no entries.
 */
export type AuditedActor = Extract<Actor, { kind: 'CASEWORKER' | 'INTEGRATION' | 'UNEMPLOYMENT_FUND' }>;

export function isAudited(a: Actor): a is AuditedActor {
  return a.kind === 'CASEWORKER' || a.kind === 'INTEGRATION' || a.kind === 'UNEMPLOYMENT_FUND';
}

/**
 * Decision: the purpose comes from the `x-purpose` header (per request: the caseworker's system knows why it
 * looks), else the token's `purpose` claim (an integration's fixed purpose), else this default per role.
 */
const DEFAULT_PURPOSE: Record<AuditedActor['kind'], string> = {
  CASEWORKER: 'Jobcentrets sagsbehandling (case handling at the jobcenter)',
  INTEGRATION: 'Jobcentrets sagsbehandlingssystem (case-management integration)',
  UNEMPLOYMENT_FUND: 'A-kassens medlemsbetjening (the a-kasse serving its member)',
};

export interface AccessLogRow {
  at: Temporal.Instant;
  citizenId: string;
  access: AccessKind;
  operation: string;
  purpose: string;
  actor: AuditedActor;
  requestId: string;
}

/**
 * Writes the rows with one INSERT per group of rows that share everything but citizen and operation — in practice
 * one statement per request, however many citizens it touched. The citizens and operations travel as two array
 * parameters (unnest), so the statement stays small and quick to plan even for a page of 200 citizens.
 */
export async function insertAccessLog(db: Pick<EntityManager, 'query'>, rows: AccessLogRow[]): Promise<void> {
  const groups = new Map<string, AccessLogRow[]>();
  for (const r of rows) {
    const key = JSON.stringify([r.at.epochMilliseconds, r.access, r.purpose, actorLabel(r.actor), r.requestId]);
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  for (const g of groups.values()) {
    const { at, access, purpose, actor, requestId } = g[0]!;
    await db.query(
      `INSERT INTO access_log (at, citizen_id, operation, access, purpose, actor_kind, actor, jobcenter_id, unemployment_fund_id, request_id)
       SELECT $1, u.citizen_id, u.operation, $4, $5, $6, $7, $8, $9, $10 FROM unnest($2::uuid[], $3::text[]) AS u(citizen_id, operation)`,
      [
        new Date(at.epochMilliseconds), g.map((r) => r.citizenId), g.map((r) => r.operation), access, purpose, actor.kind, actorLabel(actor),
        actor.kind === 'UNEMPLOYMENT_FUND' ? null : actor.jobcenterId, actor.kind === 'UNEMPLOYMENT_FUND' ? actor.unemploymentFundId : null,
        requestId,
      ],
    );
  }
}

/**
 * Collects what one request disclosed, keyed by citizen and operation, and writes it once at the end of
 * the request (one INSERT). Citizens a mutation changed are logged as CHANGE inside its transaction and
 * are not logged again as READ for the same operation.
 */
export class RequestAudit {
  private readonly reads = new Map<string, Set<string>>();
  private readonly changed = new Set<string>();

  constructor(readonly actor: Actor, readonly requestId: string, private readonly purposeGiven: string | undefined) {}

  get purpose(): string {
    return this.purposeGiven ?? (isAudited(this.actor) ? DEFAULT_PURPOSE[this.actor.kind] : 'own data');
  }

  noteRead(citizenId: string, operation: string): void {
    if (!isAudited(this.actor)) return;
    let ops = this.reads.get(citizenId);
    if (!ops) this.reads.set(citizenId, (ops = new Set()));
    ops.add(operation);
  }

  noteChanged(citizenId: string, operation: string): void {
    this.changed.add(`${citizenId}|${operation}`);
  }

  /** The READ rows not yet written; clears them. */
  takeReads(at: Temporal.Instant): AccessLogRow[] {
    if (!isAudited(this.actor)) return [];
    const rows: AccessLogRow[] = [];
    for (const [citizenId, ops] of this.reads) {
      for (const operation of ops) {
        if (this.changed.has(`${citizenId}|${operation}`)) continue;
        rows.push({ at, citizenId, access: 'READ', operation, purpose: this.purpose, actor: this.actor, requestId: this.requestId });
      }
    }
    this.reads.clear();
    return rows;
  }
}

/** Citizens whose data a transaction changes, registered by lockCitizenFor (or markCitizenChanged). */
const touched = new WeakMap<object, Set<string>>();

/** Records that the transaction `db` changes this citizen's data (lockCitizenFor calls it). */
export function markCitizenChanged(db: EntityManager, citizenId: string): void {
  let s = touched.get(db);
  if (!s) touched.set(db, (s = new Set()));
  s.add(citizenId);
}

/** The citizens the transaction `em` changes so far (runInTransaction refreshes their stored contact-course status). */
export function changedCitizensOf(em: EntityManager): ReadonlySet<string> {
  return touched.get(em) ?? new Set();
}

/** Keeps only `kept` of the citizens marked on `em` (a nested operation rolled back to its savepoint: runInTransaction). */
export function forgetChangedCitizens(em: EntityManager, kept: ReadonlySet<string>): void {
  const s = touched.get(em);
  if (s) for (const id of [...s]) if (!kept.has(id)) s.delete(id);
}

/**
 * Called by runInTransaction after a successful operation, inside the same transaction: writes a CHANGE
 * entry for every citizen the operation locked, so the entry commits or rolls back with the change. `scope`: the
 * transaction's Scope (its fields named here, so that scope.ts → access-log.ts is the only import between the two).
 */
export async function writeChangeAudit(scope: { db: EntityManager; actor: Actor; clock: Clock; audit?: RequestAudit }, operation: string): Promise<void> {
  const ids = touched.get(scope.db);
  touched.delete(scope.db);
  if (!ids || ids.size === 0 || !isAudited(scope.actor)) return;
  const actor = scope.actor;
  const audit = scope.audit;
  const op = `Mutation.${operation}`;
  const at = scope.clock.now();
  await insertAccessLog(scope.db, [...ids].map((citizenId) => ({
    at, citizenId, access: 'CHANGE' as const, operation: op, purpose: audit?.purpose ?? DEFAULT_PURPOSE[actor.kind],
    actor, requestId: audit?.requestId ?? 'no-request',
  })));
  for (const id of ids) audit?.noteChanged(id, op);
}
