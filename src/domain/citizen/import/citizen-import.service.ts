import type { DataSource, EntityManager } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { Citizen as CitizenEntity, type Citizen, Jobcenter, UnemploymentFund } from '../../../entities';
import { insertAccessLog } from '../../../audit/access-log';
import { type Actor, actorLabel } from '../../shared/actor';
import { lockCitizenFor } from '../../shared/citizen-access';
import type { Clock } from '../../shared/clock';
import { cmpDate } from '../../shared/dates';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { refreshContactCourseStatus } from '../../contact-course/contact-course.status';
import { changeTargetGroup } from '../commands/change-target-group';
import { changeUnemploymentFund } from '../commands/change-unemployment-fund';
import { setBenefitPeriodStart } from '../commands/set-benefit-period-start';
import { differingFields } from '../citizen.rules';
import type { TargetGroup } from '../../../generated/enums';
import { importDeadline } from './import-deadline';
import { type ImportRow, type Lookups, type RowError, parseImportRow } from './import-row';

export interface ImportRecord {
  /** The line of the file the row ends on (1 = the header). */
  line: number;
  fields: Record<string, string | undefined>;
  /** A fixed id for a new citizen — the demo seed's only; a file has no such column. */
  id?: string;
}

export interface ImportSummary {
  rows: number;
  registered: number;
  updated: number;
  unchanged: number;
  refused: number;
  /** The refused rows, by line (at most `maxErrors`; `errorsOmitted` counts the rest). */
  errors: RowError[];
  errorsOmitted: number;
}

/** What the master data of an existing citizen may be changed to by a row, through the operations' rules. */
const CHANGEABLE = new Set(['targetGroup', 'unemploymentFundId']);

/**
 * CZ-9: a jobcenter's caseload loaded in bulk, row by row with the checks of CZ-1 … CZ-4, as the jobcenter's
 * case-management integration (`integration:<jobcenter>:import`).
 * - New citizens go in batches: one statement per table for the whole batch (citizen, registration period, history,
 *   REGISTERED events, access log), in one transaction; a CPR registered meanwhile by the API falls to the row path.
 * - A known citizen with the same data is left alone: a re-run of the same file writes nothing.
 * - A known citizen with another group, a-kasse or benefit period start is changed through the operations
 *   (changeUnemploymentFund, changeTargetGroup, setBenefitPeriodStart: history, events, access log), all of a row in one
 *   transaction: nothing is half-applied. Other differences (name, contact details, unemployedSince) are refused as
 *   registerJobSeeker refuses them (REGISTERED_WITH_OTHER_DATA): no operation changes them yet.
 * - The optional columns: a target-group history (CZ-2, each entry a changeTargetGroup from its day) and the active
 *   deadline (issueDeadline's checks, import-deadline.ts). A new citizen with either is registered and changed in one
 *   transaction of its own; a known one gets only the entries and the deadline it does not have yet.
 * Decision: the file's CPR numbers are remembered for the run to refuse a duplicate row (a number per row).
 * Every transaction is a runInTransaction: a row's operations are the public commands (changeTargetGroup, …), called
 * with the row's scope — the jobcenter's import integration, so their own access checks apply — and each runs in a
 * savepoint of the row's transaction, which refreshes the stored contact-course status and writes the access log once.
 * The import is a job, not a request: it keeps its DataSource as the job's handle and builds its scopes from it.
 */
export class CitizenImportService {
  constructor(private readonly ds: DataSource) {}

  async run(
    records: AsyncIterable<ImportRecord>,
    opts: {
      clock: Clock; batchSize?: number; maxErrors?: number; onBatch?: (s: ImportSummary) => void; skipped?: () => RowError[];
      /** Batches loaded at the same time (each on its own connection; their CPR numbers are disjoint). */
      concurrency?: number;
    },
  ): Promise<ImportSummary> {
    const batchSize = opts.batchSize ?? 1000;
    const concurrency = Math.max(1, opts.concurrency ?? 1);
    const inFlight = new Set<Promise<void>>();
    const maxErrors = opts.maxErrors ?? 1000;
    const summary: ImportSummary = { rows: 0, registered: 0, updated: 0, unchanged: 0, refused: 0, errors: [], errorsOmitted: 0 };
    const refuse = (e: RowError) => {
      summary.refused++;
      if (summary.errors.length < maxErrors) summary.errors.push(e);
      else summary.errorsOmitted++;
    };
    const lookups = await this.lookups();
    // The file's CPR numbers as numbers (10 digits fit a double exactly): a few bytes per row instead of a string each.
    const seen = new Map<number, number>();
    const today = opts.clock.today();
    let batch: ImportRow[] = [];
    const flush = async () => {
      for (const e of opts.skipped?.() ?? []) {
        summary.rows++;
        refuse(e);
      }
      if (batch.length > 0) {
        // Parsing the next batch overlaps with loading this one; at most `concurrency` batches load at a time.
        const loading = this.loadBatch(batch, opts.clock, summary, refuse).then(() => {
          inFlight.delete(loading);
          opts.onBatch?.(summary);
        });
        inFlight.add(loading);
        if (inFlight.size >= concurrency) await Promise.race(inFlight);
      }
      batch = [];
    };
    for await (const { line, fields, id } of records) {
      summary.rows++;
      const row = parseImportRow(line, fields, lookups, today, id ?? null);
      if (!row.ok) {
        refuse({ line, code: row.code, field: row.field?.[0] ?? null, message: row.message });
        continue;
      }
      const key = Number(row.value.cpr);
      const first = seen.get(key);
      if (first !== undefined) {
        refuse({ line, code: 'DUPLICATE_CPR', field: 'cpr', message: `CZ-9: the CPR number repeats line ${first}; a citizen is one row` });
        continue;
      }
      seen.set(key, line);
      batch.push(row.value);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    await Promise.all(inFlight);
    opts.onBatch?.(summary);
    summary.errors.sort((a, b) => a.line - b.line);
    return summary;
  }

  private async lookups(): Promise<Lookups> {
    const jobcenters = await this.ds.manager.find(Jobcenter, { select: { id: true, code: true } });
    const funds = await this.ds.manager.find(UnemploymentFund, { select: { id: true, code: true } });
    return { jobcenterByCode: new Map(jobcenters.map((j) => [j.code, j.id])), fundByCode: new Map(funds.map((f) => [f.code, f.id])) };
  }

  private async loadBatch(rows: ImportRow[], clock: Clock, summary: ImportSummary, refuse: (e: RowError) => void): Promise<void> {
    const existing = await this.ds.manager.createQueryBuilder(CitizenEntity, 'c').where('c.cpr = ANY(:cprs)', { cprs: rows.map((r) => r.cpr) }).getMany();
    const byCpr = new Map(existing.map((c) => [c.cpr, c]));
    const fresh = rows.filter((r) => !byCpr.has(r.cpr));
    // A new citizen with a history or a deadline is registered and changed in one transaction of its own (all or nothing).
    const plain = fresh.filter((r) => !needsOperations(r));
    const raced = plain.length > 0 ? await this.insertBatch(plain, clock) : [];
    summary.registered += plain.length - raced.length;
    const known = await this.knownState(existing.filter((c) => rows.some((r) => r.cpr === c.cpr && hasOptionalState(r))).map((c) => c.id));
    const apply = async (r: ImportRow) => {
      const c = byCpr.get(r.cpr);
      if (!c && !raced.includes(r)) {
        if (!needsOperations(r)) return;
        const created = await this.registerWithOperations(r, clock);
        if (created !== 'RACED') {
          if (!created.ok) refuse({ line: r.line, code: created.code, field: created.field?.[0] ?? 'cpr', message: created.message });
          else summary.registered++;
          return;
        }
      }
      const result = await this.applyToExisting(r, c ?? null, c ? known.get(c.id) : undefined, clock);
      if (!result.ok) refuse({ line: r.line, code: result.code, field: result.field?.[0] ?? 'cpr', message: result.message });
      else if (result.value === 'UPDATED') summary.updated++;
      else summary.unchanged++;
    };
    // The rows of a batch are distinct citizens (DUPLICATE_CPR), so their transactions may run side by side: each is
    // a few short statements, and waiting for one commit at a time left the database idle.
    let next = 0;
    await Promise.all(Array.from({ length: ROW_CONCURRENCY }, async () => {
      while (next < rows.length) await apply(rows[next++]!);
    }));
  }

  /** What the file's optional columns are compared with: the recorded groups (CZ-2) and the deadlines' days (DL-1), per citizen. */
  private async knownState(ids: string[], em: EntityManager = this.ds.manager): Promise<Map<string, KnownState>> {
    const out = new Map<string, KnownState>(ids.map((id) => [id, { history: [], deadlines: [] }]));
    if (ids.length === 0) return out;
    const changes: { citizen_id: string; effective_from: string; to_value: string }[] = await em.query(
      `SELECT citizen_id, effective_from::text, to_value FROM citizen_change
        WHERE citizen_id = ANY($1) AND kind IN ('REGISTERED', 'TARGET_GROUP') ORDER BY citizen_id, id`, [ids]);
    for (const c of changes) out.get(c.citizen_id)!.history.push({ group: c.to_value, from: c.effective_from });
    const deadlines: { citizen_id: string; available_from: string; book_by: string }[] = await em.query(
      `SELECT citizen_id, available_from::text, book_by::text FROM deadline WHERE citizen_id = ANY($1)`, [ids]);
    for (const d of deadlines) out.get(d.citizen_id)!.deadlines.push({ availableFrom: d.available_from, bookBy: d.book_by });
    return out;
  }

  /**
   * A new citizen whose row has a history or a deadline: registered as the batch registers (with the history's first
   * group), then changed through the operations, all in one transaction — a refused change leaves no citizen behind.
   */
  private async registerWithOperations(r: ImportRow, clock: Clock): Promise<Result<object, string> | 'RACED'> {
    const scope: Scope = { actor: importActor(r.jobcenterId), clock, db: this.ds.manager };
    const raced = fail('RACED', 'CZ-9: registered meanwhile');
    const result = await runInTransaction(scope, { operation: 'importCitizen' }, async (tx) => {
      if ((await insertNew(tx, [r])).length > 0) return raced;
      const [c] = await tx.db.query(`SELECT id FROM citizen WHERE cpr = $1`, [r.cpr]);
      const known: KnownState = { history: [{ group: r.registration.targetGroup, from: r.registration.unemployedSince.toString() }], deadlines: [] };
      return applyRowChanges(tx, c.id, r, known);
    });
    return !result.ok && result.code === 'RACED' ? 'RACED' : result.ok ? ok({}) : fail(result.code, result.message, result.field?.slice(1));
  }

  /**
   * The batch's new citizens without history or deadline, in one transaction. Its scope's actor is the import
   * integration of the batch's first row's jobcenter and only owns the transaction: insertNew writes each row with its
   * own jobcenter's import actor (history, events, access log) and marks no citizen, so runInTransaction logs nothing
   * under the scope's actor. Returns the rows lost to a race.
   */
  private async insertBatch(rows: ImportRow[], clock: Clock): Promise<ImportRow[]> {
    const scope: Scope = { actor: importActor(rows[0]!.jobcenterId), clock, db: this.ds.manager };
    const res = await runInTransaction(scope, { operation: 'importCitizens' }, async (tx) => ok({ raced: await insertNew(tx, rows) }));
    if (!res.ok) throw new Error(`CZ-9: the batch insert failed: ${res.message}`);
    return res.value.raced;
  }

  /** A row of a citizen already known: unchanged, changed through the operations (one transaction), or refused as CZ-1 refuses it. */
  private async applyToExisting(r: ImportRow, known: Citizen | null, state: KnownState | undefined, clock: Clock): Promise<Result<'UPDATED' | 'UNCHANGED', string>> {
    const scope: Scope = { actor: importActor(r.jobcenterId), clock, db: this.ds.manager };
    const peek = known ?? await this.ds.manager.findOne(CitizenEntity, { where: { cpr: r.cpr } });
    if (!peek) return fail('NOT_FOUND', 'CZ-9: the citizen vanished during the import; run the file again');
    const recorded = state ?? (hasOptionalState(r) ? (await this.knownState([peek.id])).get(peek.id)! : { history: [], deadlines: [] });
    const verdict = compare(peek, r, recorded);
    if (!verdict.ok) return verdict;
    if (verdict.value.length === 0) return ok('UNCHANGED');
    const result = await runInTransaction(scope, { operation: 'importCitizen' }, async (tx) => applyRowChanges(tx, peek.id, r, recorded));
    return result.ok ? ok('UPDATED') : fail(result.code, result.message, result.field?.slice(1));
  }
}

/** Row transactions of one batch at a time (the import's pool has 4 connections; batches load up to 3 at once). */
const ROW_CONCURRENCY = 4;

const IMPORT_PURPOSE = 'Import af sagsbehandlingssystemets borgere (CZ-9 caseload import)';

function importActor(jobcenterId: string): Extract<Actor, { kind: 'INTEGRATION' }> {
  return { kind: 'INTEGRATION', jobcenterId, clientId: 'import' };
}

/** What a known citizen's recorded data is, for the file's optional columns (knownState). */
interface KnownState {
  /** CZ-2: the group registered with, then each change's, oldest first (citizen_change). */
  history: { group: string; from: string }[];
  /** DL-1: every deadline of the citizen, in any status (an imported one that was booked and held is still "there"). */
  deadlines: { availableFrom: string; bookBy: string }[];
}

/** Rows whose history or deadline column is filled: a known citizen's recorded state is compared with them. */
function hasOptionalState(r: ImportRow): boolean {
  return r.history !== null || r.deadline !== null;
}

/** New citizens that are more than a registration: a change of group or a deadline (they go through the operations). */
function needsOperations(r: ImportRow): boolean {
  return (r.history !== null && r.history.length > 1) || r.deadline !== null;
}

/** CZ-2: the history's entries not yet recorded, or a failure when the file tells another past than the one recorded. */
function pendingHistory(r: ImportRow, recorded: KnownState): Result<{ group: TargetGroup; from: Temporal.PlainDate }[], string> {
  if (!r.history) return ok([]);
  for (const [i, h] of recorded.history.entries()) {
    const f = r.history[i];
    if (!f || f.group !== h.group || f.from.toString() !== h.from) {
      return fail('REGISTERED_WITH_OTHER_DATA',
        `CZ-2: targetGroupHistory differs from the recorded history at entry ${i + 1} (recorded ${h.group}@${h.from}); a recorded history is not rewritten — record a new change with changeTargetGroup`,
        ['targetGroupHistory']);
    }
  }
  return ok(r.history.slice(recorded.history.length));
}

/** DL-1: whether the row's deadline is one the citizen has (in any status): then the row asks nothing of it. */
function hasDeadline(r: ImportRow, recorded: KnownState): boolean {
  const d = r.deadline;
  return d === null || recorded.deadlines.some((x) => x.bookBy === d.bookBy.toString() && (!d.availableFrom || x.availableFrom === d.availableFrom.toString()));
}

/** CZ-1's answers for a known citizen, and the changeable fields that differ (empty: the same data). */
function compare(c: Citizen, r: ImportRow, recorded: KnownState): Result<string[], string> {
  if (c.jobcenterId !== r.jobcenterId) return fail('REGISTERED_AT_OTHER_JOBCENTER', 'CZ-1/CZ-5: this CPR number belongs to a citizen of another jobcenter; if they moved here, record the move with moveCitizen', ['cpr']);
  if (!c.registered) return fail('DEREGISTERED_USE_REREGISTER', `CZ-1: citizen ${c.id} is known and deregistered; re-register them with reregister so the RG rules apply`, ['cpr']);
  const differs = differingFields(c, r.data);
  const fixed = differs.filter((f) => !CHANGEABLE.has(f));
  if (fixed.length > 0) {
    return fail('REGISTERED_WITH_OTHER_DATA', `CZ-1: citizen ${c.id} is already registered with other ${fixed.join(', ')}; no operation changes them from a file`, [fixed[0]!]);
  }
  if (r.benefitPeriodStart && !(c.benefitPeriodStart && cmpDate(c.benefitPeriodStart, r.benefitPeriodStart) === 0)) differs.push('benefitPeriodStart');
  const history = pendingHistory(r, recorded);
  if (!history.ok) return history;
  if (history.value.length > 0) differs.push('targetGroupHistory');
  if (!hasDeadline(r, recorded)) differs.push('deadline');
  return ok(differs);
}

/** A failure of an operation, reported on the file's column (`field`) it came from. */
function onColumn<T>(res: Result<T, string>, field: string): Result<T, string> {
  return res.ok ? res : fail(res.code, res.message, ['input', field]);
}

/**
 * The row's changes through the operations themselves, in an order each one's rules allow; `scope` is the row's
 * transaction, so each operation runs in a savepoint of it and a refused one leaves the whole row undone.
 */
async function applyRowChanges(scope: Scope, citizenId: string, r: ImportRow, recorded: KnownState): Promise<Result<object, string>> {
  const today = scope.clock.today();
  const c = await lockCitizenFor(scope, citizenId);
  if (!c) return fail('NOT_FOUND', 'CZ-9: the citizen is no longer of this jobcenter');
  const fund = r.data.unemploymentFundId;
  const history = pendingHistory(r, recorded);
  if (!history.ok) return history;
  // CZ-2: each change of the history from its own day (history and events as changeTargetGroup writes them); without a
  // history column, a different group is a change from today.
  const last = history.value.length - 1;
  const groupSteps = history.value.length > 0
    ? history.value.map((h, i) => () => changeTargetGroup(scope, {
      citizenId, targetGroup: h.group, effectiveFrom: h.from, volunteers: i === last && r.data.voluntarySelfBooking, reason: 'CZ-9: import (targetGroupHistory)',
    }).then((res) => onColumn(res, 'targetGroupHistory')))
    : c.targetGroup !== r.data.targetGroup
      ? [() => changeTargetGroup(scope, { citizenId, targetGroup: r.data.targetGroup, volunteers: r.data.voluntarySelfBooking, reason: 'CZ-9: import' })]
      : [];
  const changeFund = c.unemploymentFundId !== fund && (() => changeUnemploymentFund(scope, { citizenId, unemploymentFundId: fund, effectiveFrom: today }));
  // INSURED_UNEMPLOYED needs the a-kasse first; leaving it, the group changes first.
  const steps = r.data.targetGroup === 'INSURED_UNEMPLOYED' || history.value.some((h) => h.group === 'INSURED_UNEMPLOYED') ? [changeFund, ...groupSteps] : [...groupSteps, changeFund];
  for (const step of steps) {
    if (!step) continue;
    const res = await step();
    if (!res.ok) return res;
  }
  if (r.benefitPeriodStart && !(c.benefitPeriodStart && cmpDate(c.benefitPeriodStart, r.benefitPeriodStart) === 0)) {
    const res = await setBenefitPeriodStart(scope, { citizenId, benefitPeriodStart: r.benefitPeriodStart });
    if (!res.ok) return res;
  }
  if (r.deadline && !hasDeadline(r, recorded)) {
    const res = await importDeadline(scope, citizenId, r.deadline);
    if (!res.ok) return res;
  }
  return ok({});
}

/**
 * CZ-1 for new citizens, in the transaction of `scope`: what registerJobSeeker writes, one statement per table for
 * the whole batch (with the history's first group: the later ones are changes). Returns the rows lost to a race.
 */
async function insertNew(scope: Scope, rows: ImportRow[]): Promise<ImportRow[]> {
  const { db: em, clock } = scope;
  const now = clock.now();
  const ins: { id: string; cpr: string }[] = await em.query(
    `INSERT INTO citizen (id, cpr, name, jobcenter_id, unemployment_fund_id, target_group, voluntary_self_booking, unemployed_since, benefit_period_start, phone, email)
     SELECT coalesce(u.id, gen_random_uuid()), u.cpr, u.name, u.jc, u.fund, u.tg, u.vol, u.since, u.bps, u.phone, u.email
       FROM unnest($11::uuid[], $1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::boolean[], $7::date[], $8::date[], $9::text[], $10::text[])
            AS u(id, cpr, name, jc, fund, tg, vol, since, bps, phone, email)
     ON CONFLICT (cpr) DO NOTHING RETURNING id, cpr`,
    [rows.map((r) => r.cpr), rows.map((r) => r.data.name), rows.map((r) => r.jobcenterId), rows.map((r) => r.data.unemploymentFundId),
      rows.map((r) => r.registration.targetGroup), rows.map((r) => r.registration.voluntarySelfBooking), rows.map((r) => r.data.unemployedSince.toString()),
      rows.map((r) => r.benefitPeriodStart?.toString() ?? null), rows.map((r) => r.data.phone), rows.map((r) => r.data.email), rows.map((r) => r.id)]);
  const idOf = new Map(ins.map((x) => [x.cpr, x.id]));
  const done = rows.filter((r) => idOf.has(r.cpr));
  const ids = done.map((r) => idOf.get(r.cpr)!);
  const actors = done.map((r) => importActor(r.jobcenterId));
  // Decision (as registerJobSeeker): the period opens on unemployedSince.
  const periods: { id: string; citizen_id: string }[] = await em.query(
    `INSERT INTO registration_period (citizen_id, registered_from, registered_via)
     SELECT * FROM unnest($1::uuid[], $2::date[], $3::text[]) RETURNING id, citizen_id`,
    [ids, done.map((r) => r.data.unemployedSince.toString()), done.map(() => 'INITIAL')]);
  const periodOf = new Map(periods.map((p) => [p.citizen_id, p.id]));
  const at = new Date(now.epochMilliseconds);
  const bps = done.filter((r) => r.benefitPeriodStart);
  await em.query(
    `INSERT INTO citizen_change (citizen_id, at, actor, kind, effective_from, from_value, to_value)
     SELECT u.citizen_id, $1, u.actor, u.kind, u.effective_from, NULL, u.to_value
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::date[], $6::text[]) AS u(citizen_id, actor, kind, effective_from, to_value)`,
    [at, [...ids, ...bps.map((r) => idOf.get(r.cpr)!)], [...actors, ...bps.map((r) => importActor(r.jobcenterId))].map(actorLabel),
      [...done.map(() => 'REGISTERED'), ...bps.map(() => 'BENEFIT_PERIOD_START')],
      [...done.map((r) => r.data.unemployedSince.toString()), ...bps.map((r) => r.benefitPeriodStart!.toString())],
      [...done.map((r) => r.registration.targetGroup), ...bps.map((r) => r.benefitPeriodStart!.toString())]]);
  // EV-1/EV-2: REGISTERED for the a-kasse of a member, as registerJobSeeker writes it (no CPR).
  await em.query(
    `INSERT INTO domain_event (occurred_at, type, citizen_id, jobcenter_id, unemployment_fund_id, payload)
     SELECT $1, 'REGISTERED', u.citizen_id, u.jobcenter_id, u.fund_id,
            jsonb_build_object('registrationPeriodId', u.period_id, 'targetGroup', u.target_group, 'unemployedSince', u.since, 'actor', u.actor)
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[])
            AS u(citizen_id, jobcenter_id, fund_id, period_id, target_group, since, actor)`,
    [at, ids, done.map((r) => r.jobcenterId), done.map((r) => r.data.unemploymentFundId), ids.map((id) => periodOf.get(id)!),
      done.map((r) => r.registration.targetGroup), done.map((r) => r.data.unemployedSince.toString()), actors.map(actorLabel)]);
  await insertAccessLog(em, done.map((r, i) => ({
    at: now, citizenId: ids[i]!, access: 'CHANGE' as const, operation: 'Mutation.registerJobSeeker', purpose: IMPORT_PURPOSE,
    actor: actors[i]!, requestId: `import:${process.pid}`,
  })));
  // Issue 16 (2): the new citizens' stored contact-course status, in the same transaction.
  await refreshContactCourseStatus(em, ids, clock.today());
  return rows.filter((r) => !idOf.has(r.cpr));
}
