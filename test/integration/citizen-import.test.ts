import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { as, startTestApp, type TestApp } from '../support/harness';
import { withApp } from '../support/app';
import { Jobcenter, type UnemploymentFund } from '../../src/entities';
import { CitizenImportService } from '../../src/domain/citizen/import/citizen-import.service';
import type { RowError } from '../../src/domain/citizen/import/import-row';
import { csvRecords } from '../../scripts/import';
import { DEMO, seedDemo } from '../../src/db/seed-demo';
import { CitizenImportedForCitizenImport } from '../support/operations';

const HEADER = 'cpr,name,targetGroup,unemployedSince,jobcenter,unemploymentFund,phone,email,benefitPeriodStart';

/** CZ-9 through the command, as an operator runs it (not a terminal: one JSON line). */
describe('npm run import -- citizens <file.csv> (CZ-9)', () => {
  const t = withApp();
  let url: string;
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  const dir = mkdtempSync(join(tmpdir(), 'cz9-'));
  beforeAll(async () => {
    url = (t.ds.options as PostgresDataSourceOptions).url!;
    // CZ-9: Aarhus (0751) is reference data in every database.
    jc = await t.ds.manager.findOneByOrFail(Jobcenter, { code: '0751' });
    fund = await t.fx.fund({ code: 'AK-FOA' });
  });

  const run = (lines: string[], name: string) => {
    const file = join(dir, name);
    writeFileSync(file, `${[HEADER, ...lines].join('\n')}\n`);
    const r = spawnSync(join(process.cwd(), 'node_modules/.bin/tsx'), ['scripts/import.ts', 'citizens', file], {
      env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8', timeout: 60_000,
    });
    const out = r.stdout.trim().split('\n');
    expect(out).toHaveLength(1);
    return { status: r.status, summary: JSON.parse(out[0]!), stderr: r.stderr };
  };

  const GOOD = [
    `0103901234,Ole Jensen,INSURED_UNEMPLOYED,2026-02-02,0751,AK-FOA,+45 20 30 40 50,ole@example.dk,2026-01-20`,
    `1506851122,Mette Holm,JOB_READY_CASH_BENEFIT,2026-01-12,0751,,,,`,
  ];
  const BAD = [
    `3102901234,Bad Cpr,JOB_READY_CASH_BENEFIT,2026-01-12,0751,,,,`,
    `0203901234,Unknown Jobcenter,JOB_READY_CASH_BENEFIT,2026-01-12,9999,,,,`,
    `0303901234,No Akasse,INSURED_UNEMPLOYED,2026-01-12,0751,,,,`,
    `0403901234,Too Early,JOB_READY_CASH_BENEFIT,1949-12-31,0751,,,,`,
    `0103901234,Ole Jensen Again,INSURED_UNEMPLOYED,2026-02-02,0751,AK-FOA,,,`,
  ];

  it('CZ-9: valid rows load and each refused row is reported with its line and the reason; a re-run changes nothing; a changed row goes through the operations', async () => {
    const first = run([...GOOD, ...BAD], 'caseload.csv');
    expect(first.status).toBe(2);
    expect(first.summary).toMatchObject({ rows: 7, registered: 2, updated: 0, unchanged: 0, refused: 5, errorsOmitted: 0 });
    expect(first.summary.errors.map((e: { line: number; code: string; field: string }) => [e.line, e.code, e.field])).toEqual([
      [4, 'INVALID_CPR', 'cpr'], [5, 'UNKNOWN_JOBCENTER', 'jobcenter'], [6, 'UNEMPLOYMENT_FUND_REQUIRED', 'unemploymentFund'],
      [7, 'DATE_OUT_OF_RANGE', 'unemployedSince'], [8, 'DUPLICATE_CPR', 'cpr'],
    ]);
    expect(first.summary.errors[4].message).toBe('CZ-9: the CPR number repeats line 2; a citizen is one row');
    for (const e of first.summary.errors) expect(e.message).not.toMatch(/\d{10}/); // CZ-10: never a CPR number
    // What registerJobSeeker writes: the citizen, the INITIAL period, the history, REGISTERED for the member's a-kasse, the access log.
    const [ole] = await t.ds.query(`SELECT id, jobcenter_id, unemployment_fund_id, target_group, unemployed_since::text, benefit_period_start::text, phone, email FROM citizen WHERE cpr = '0103901234'`);
    expect(ole).toMatchObject({ jobcenter_id: jc.id, unemployment_fund_id: fund.id, target_group: 'INSURED_UNEMPLOYED', unemployed_since: '2026-02-02', benefit_period_start: '2026-01-20', phone: '20304050', email: 'ole@example.dk' });
    expect(await t.ds.query(`SELECT registered_from::text, registered_via FROM registration_period WHERE citizen_id = $1`, [ole.id])).toEqual([{ registered_from: '2026-02-02', registered_via: 'INITIAL' }]);
    expect(await t.ds.query(`SELECT kind, to_value, actor FROM citizen_change WHERE citizen_id = $1 ORDER BY kind DESC`, [ole.id])).toEqual([
      { kind: 'REGISTERED', to_value: 'INSURED_UNEMPLOYED', actor: `integration:${jc.id}:import` },
      { kind: 'BENEFIT_PERIOD_START', to_value: '2026-01-20', actor: `integration:${jc.id}:import` },
    ]);
    const [ev] = await t.ds.query(`SELECT type, unemployment_fund_id, payload FROM domain_event WHERE citizen_id = $1`, [ole.id]);
    expect(ev).toMatchObject({ type: 'REGISTERED', unemployment_fund_id: fund.id, payload: { targetGroup: 'INSURED_UNEMPLOYED', unemployedSince: '2026-02-02' } });
    expect(JSON.stringify(ev.payload)).not.toContain('0103901234');
    expect(await t.ds.query(`SELECT access, operation, actor_kind FROM access_log WHERE citizen_id = $1`, [ole.id])).toEqual([{ access: 'CHANGE', operation: 'Mutation.registerJobSeeker', actor_kind: 'INTEGRATION' }]);
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM citizen`)).toEqual([{ n: 2 }]);

    // Idempotent: the same file again writes nothing.
    const before = await t.fx.snapshot([...Object.keys(await t.fx.snapshot()), 'access_log', 'citizen_change']);
    const again = run([...GOOD, ...BAD], 'caseload.csv');
    expect(again.summary).toMatchObject({ rows: 7, registered: 0, updated: 0, unchanged: 2, refused: 5 });
    expect(await t.fx.snapshot([...Object.keys(before)])).toEqual(before);

    // A changed row: Mette now INSURED_UNEMPLOYED with an a-kasse — changeUnemploymentFund then changeTargetGroup, together.
    const changed = run([GOOD[0]!, `1506851122,Mette Holm,INSURED_UNEMPLOYED,2026-01-12,0751,AK-FOA,,,`], 'changed.csv');
    expect(changed).toMatchObject({ status: 0, summary: { rows: 2, registered: 0, updated: 1, unchanged: 1, refused: 0 } });
    const [mette] = await t.ds.query(`SELECT id, target_group, unemployment_fund_id FROM citizen WHERE cpr = '1506851122'`);
    expect(mette).toMatchObject({ target_group: 'INSURED_UNEMPLOYED', unemployment_fund_id: fund.id });
    const events = await t.ds.query(`SELECT type FROM domain_event WHERE citizen_id = $1 ORDER BY seq`, [mette.id]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['REGISTERED', 'MEMBERSHIP_STARTED', 'TARGET_GROUP_CHANGED']);
    // Other differences are refused as registerJobSeeker refuses them, and nothing of that row is applied.
    const renamed = run([`1506851122,Mette Holm-Berg,JOB_READY_CASH_BENEFIT,2026-01-12,0751,,,,`], 'renamed.csv');
    expect(renamed.summary.errors).toEqual([expect.objectContaining({ line: 2, code: 'REGISTERED_WITH_OTHER_DATA', field: 'name' })]);
    const [still] = await t.ds.query(`SELECT target_group FROM citizen WHERE id = $1`, [mette.id]);
    expect(still.target_group).toBe('INSURED_UNEMPLOYED');
  });

  it('CZ-9: a file without a required column is refused as a whole (exit 1), naming the column; the example file in the repository loads', async () => {
    const file = join(dir, 'nohead.csv');
    writeFileSync(file, 'cpr,name\n0103901234,Ole\n');
    const r = spawnSync(join(process.cwd(), 'node_modules/.bin/tsx'), ['scripts/import.ts', 'citizens', file], { env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('CZ-9: the header lacks the column(s) targetGroup, unemployedSince, jobcenter (line 1)');
    // København (0101) is CZ-9 reference data already; the example's a-kasse is not.
    await t.fx.fund({ code: 'METAL' });
    const ex = spawnSync(join(process.cwd(), 'node_modules/.bin/tsx'), ['scripts/import.ts', 'citizens', 'docs/examples/citizens.csv'], { env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8', timeout: 60_000 });
    const summary = JSON.parse(ex.stdout);
    expect(summary).toMatchObject({ rows: 3, registered: 3, refused: 0, errors: [] });
  });
});

/**
 * CZ-9's optional columns — target-group history (CZ-2), benefit period start (CZ-3) and the active deadline (DL-*) —
 * on a generated file, through the importer in-process with the test clock (today 2026-03-02), so the rules'
 * boundaries are exact days.
 */
describe('CZ-9 import: targetGroupHistory, benefitPeriodStart and the active deadline', () => {
  let t: TestApp;
  let jc: Jobcenter;
  const dir = mkdtempSync(join(tmpdir(), 'cz9-opt-'));
  const COLUMNS = 'cpr,name,targetGroup,unemployedSince,jobcenter,unemploymentFund,benefitPeriodStart,targetGroupHistory,deadlineBookBy,deadlineAvailableFrom';
  beforeAll(async () => {
    t = await startTestApp();
    jc = await t.ds.manager.findOneByOrFail(Jobcenter, { code: '0751' });
    await t.fx.fund({ code: 'AK-OPT' });
  });
  afterAll(() => t.close());

  const load = async (lines: string[], name: string) => {
    const file = join(dir, name);
    writeFileSync(file, `${[COLUMNS, ...lines].join('\n')}\n`);
    const skipped: RowError[] = [];
    return new CitizenImportService(t.ds).run(csvRecords(file, skipped, () => undefined), { clock: t.clock, skipped: () => skipped.splice(0) });
  };
  const citizenBy = async (cpr: string) => (await t.ds.query(`SELECT id, target_group, benefit_period_start::text FROM citizen WHERE cpr = $1`, [cpr]))[0];
  const groupChanges = (id: string) => t.ds.query(`SELECT kind, effective_from::text AS "from", to_value AS "to" FROM citizen_change WHERE citizen_id = $1 AND kind IN ('REGISTERED', 'TARGET_GROUP') ORDER BY id`, [id]);
  const eventTypes = async (id: string) => (await t.ds.query(`SELECT type FROM domain_event WHERE citizen_id = $1 ORDER BY seq`, [id])).map((e: { type: string }) => e.type);

  // Today is 2026-03-02 (the test clock).
  const GOOD = [
    // CZ-2: cash benefit from unemployedSince, insured from 2026-02-16; CZ-3 benefit start; a deadline issued 5 days ago, bookBy in 3 days.
    `0101801111,Historie Hansen,INSURED_UNEMPLOYED,2026-01-05,0751,AK-OPT,2026-02-16,JOB_READY_CASH_BENEFIT@2026-01-05;INSURED_UNEMPLOYED@2026-02-16,2026-03-05,2026-02-25`,
    // A change on today's date, the last day allowed (CZ-2: no future changes).
    `0201801111,Idag Iversen,EDUCATION_READY_EDUCATION_BENEFIT,2026-01-05,0751,,,JOB_READY_CASH_BENEFIT@2026-01-05;EDUCATION_READY_EDUCATION_BENEFIT@2026-03-02,,`,
    // DL-2 boundary: available today, bookBy exactly 8 days later — issued by issueDeadline's own function.
    `0301801111,Otte Olsen,JOB_READY_CASH_BENEFIT,2026-01-05,0751,,,,2026-03-10,`,
    // DL-7 boundary: an imported deadline issued earlier whose bookBy is today is still active.
    `0401801111,Sidste Dag,JOB_READY_CASH_BENEFIT,2026-01-05,0751,,,,2026-03-02,2026-02-20`,
  ];
  const BAD = [
    `3102801111,Bad Cpr,JOB_READY_CASH_BENEFIT,2026-01-05,0751,,,,,`,
    `0501801111,Unknown Jobcenter,JOB_READY_CASH_BENEFIT,2026-01-05,9999,,,,,`,
    `0601801111,No Akasse,INSURED_UNEMPLOYED,2026-01-05,0751,,,,,`,
    `0701801111,Too Early,JOB_READY_CASH_BENEFIT,1949-12-31,0751,,,,,`,
    `0101801111,Historie Again,JOB_READY_CASH_BENEFIT,2026-01-05,0751,,,,,`,
    // CZ-2: a change tomorrow (the day after the last allowed).
    `0801801111,Imorgen,EDUCATION_READY_EDUCATION_BENEFIT,2026-01-05,0751,,,JOB_READY_CASH_BENEFIT@2026-01-05;EDUCATION_READY_EDUCATION_BENEFIT@2026-03-03,,`,
    // CZ-2: the history must start on unemployedSince, end with targetGroup, and change the group.
    `0901801111,Forkert Start,EDUCATION_READY_EDUCATION_BENEFIT,2026-01-05,0751,,,JOB_READY_CASH_BENEFIT@2026-01-06;EDUCATION_READY_EDUCATION_BENEFIT@2026-02-01,,`,
    `1001801111,Forkert Slut,EDUCATION_READY_EDUCATION_BENEFIT,2026-01-05,0751,,,EDUCATION_READY_EDUCATION_BENEFIT@2026-01-05;JOB_READY_CASH_BENEFIT@2026-02-01,,`,
    `1101801111,Ingen Skift,JOB_READY_CASH_BENEFIT,2026-01-05,0751,,,JOB_READY_CASH_BENEFIT@2026-01-05;JOB_READY_CASH_BENEFIT@2026-02-01,,`,
    `1201801111,Bad Format,JOB_READY_CASH_BENEFIT,2026-01-05,0751,,,JOB_READY_CASH_BENEFIT 2026-01-05,,`,
    // CZ-1/CZ-2: an INSURED_UNEMPLOYED spell in the history needs the a-kasse.
    `1301801111,Ingen Kasse,JOB_READY_CASH_BENEFIT,2026-01-05,0751,,,INSURED_UNEMPLOYED@2026-01-05;JOB_READY_CASH_BENEFIT@2026-02-01,,`,
    // DL-2: available today, bookBy 7 days later (the day before the earliest valid).
    `1401801111,Syv Dage,JOB_READY_CASH_BENEFIT,2026-01-05,0751,,,,2026-03-09,`,
    // DL-7 Decision: an imported deadline whose bookBy was yesterday is not active.
    `1501801111,Forpasset,JOB_READY_CASH_BENEFIT,2026-01-05,0751,,,,2026-03-01,2026-02-20`,
    // DL-5: no deadline for a group without the duty (OTHER, not volunteering) — and nothing of the row is applied.
    `1601801111,Uden Pligt,OTHER,2026-01-05,0751,,,,2026-03-12,`,
    // IN-1: bookBy more than 2 years ahead; CZ-3: benefitPeriodStart tomorrow.
    `1701801111,Langt Ude,JOB_READY_CASH_BENEFIT,2026-01-05,0751,,,,2028-03-03,`,
    `1801801111,Fremtid,INSURED_UNEMPLOYED,2026-01-05,0751,AK-OPT,2026-03-03,,,`,
    `1901801111,Ingen Frist,JOB_READY_CASH_BENEFIT,2026-01-05,0751,,,,,2026-03-01`,
  ];
  // A history of one entry (the group since unemployedSince): a plain registration, and unchanged on a re-run.
  const ONE = [`2001801111,Enkelt Historie,JOB_READY_CASH_BENEFIT,2026-01-05,0751,,,JOB_READY_CASH_BENEFIT@2026-01-05,,`];

  it('CZ-9, CZ-2, CZ-3, DL-2, DL-5, DL-7: the optional columns go through the operations; bad values are refused per row with line, column and rule, nothing half-applied', async () => {
    const first = await load([...GOOD, ...BAD, ...ONE], 'optional.csv');
    expect(first).toMatchObject({ rows: 22, registered: 5, updated: 0, unchanged: 0, refused: 17, errorsOmitted: 0 });
    expect(first.errors.map((e) => [e.line, e.code, e.field])).toEqual([
      [6, 'INVALID_CPR', 'cpr'], [7, 'UNKNOWN_JOBCENTER', 'jobcenter'], [8, 'UNEMPLOYMENT_FUND_REQUIRED', 'unemploymentFund'],
      [9, 'DATE_OUT_OF_RANGE', 'unemployedSince'], [10, 'DUPLICATE_CPR', 'cpr'],
      [11, 'DATE_OUT_OF_RANGE', 'targetGroupHistory'], [12, 'INVALID_INPUT', 'targetGroupHistory'], [13, 'INVALID_INPUT', 'targetGroupHistory'],
      [14, 'SAME_TARGET_GROUP', 'targetGroupHistory'], [15, 'INVALID_INPUT', 'targetGroupHistory'], [16, 'UNEMPLOYMENT_FUND_REQUIRED', 'targetGroupHistory'],
      [17, 'BOOKING_PERIOD_TOO_SHORT', 'deadlineBookBy'], [18, 'DATE_OUT_OF_RANGE', 'deadlineBookBy'], [19, 'NO_SELF_BOOKING_DUTY', 'deadlineBookBy'],
      [20, 'DATE_OUT_OF_RANGE', 'deadlineBookBy'], [21, 'DATE_OUT_OF_RANGE', 'benefitPeriodStart'], [22, 'INVALID_INPUT', 'deadlineAvailableFrom'],
    ]);
    for (const e of first.errors) expect(e.message).toMatch(/^(CZ|DL|IN|TG)-\d+/);
    expect(first.errors.find((e) => e.line === 17)!.message).toContain('The earliest valid bookBy is 2026-03-10');
    // Nothing of a refused row is left: no citizen for the rows refused by a rule of the stored citizen (DL-2, DL-5, DL-7).
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM citizen WHERE cpr IN ('1401801111', '1501801111', '1601801111')`)).toEqual([{ n: 0 }]);

    // CZ-2: registered with the first group, each change from its day with history and TARGET_GROUP_CHANGED; CZ-3; the deadline (DL-1, DL-3).
    const h = await citizenBy('0101801111');
    expect(h).toMatchObject({ target_group: 'INSURED_UNEMPLOYED', benefit_period_start: '2026-02-16' });
    expect(await groupChanges(h.id)).toEqual([
      { kind: 'REGISTERED', from: '2026-01-05', to: 'JOB_READY_CASH_BENEFIT' }, { kind: 'TARGET_GROUP', from: '2026-02-16', to: 'INSURED_UNEMPLOYED' },
    ]);
    expect(await eventTypes(h.id)).toEqual(['REGISTERED', 'TARGET_GROUP_CHANGED', 'DEADLINE_ISSUED']);
    const jcActor = as.caseworker(jc.id);
    const read = await t.as(jcActor).run(CitizenImportedForCitizenImport, { id: h.id });
    expect(read.citizen).toMatchObject({
      targetGroup: 'INSURED_UNEMPLOYED', benefitPeriodStart: '2026-02-16',
      activeDeadline: { availableFrom: '2026-02-25', bookBy: '2026-03-05', latestInterviewDate: '2026-03-12', status: 'OPEN', channel: 'JOBNET' },
    });
    const [hist] = await t.ds.query(`SELECT h.action, h.details FROM deadline_history h JOIN deadline d ON d.id = h.deadline_id WHERE d.citizen_id = $1`, [h.id]);
    expect(hist).toMatchObject({ action: 'ISSUED', details: { imported: true } });
    const idag = await citizenBy('0201801111');
    expect(await groupChanges(idag.id)).toEqual([
      { kind: 'REGISTERED', from: '2026-01-05', to: 'JOB_READY_CASH_BENEFIT' }, { kind: 'TARGET_GROUP', from: '2026-03-02', to: 'EDUCATION_READY_EDUCATION_BENEFIT' },
    ]);
    // DL-2's boundary through issueDeadline's own path (DL-11 notices included); DL-7's last day.
    const otte = await citizenBy('0301801111');
    expect(await t.ds.query(`SELECT available_from::text, book_by::text, status FROM deadline WHERE citizen_id = $1`, [otte.id])).toEqual([{ available_from: '2026-03-02', book_by: '2026-03-10', status: 'OPEN' }]);
    const sidste = await citizenBy('0401801111');
    expect(await t.ds.query(`SELECT book_by::text, status FROM deadline WHERE citizen_id = $1`, [sidste.id])).toEqual([{ book_by: '2026-03-02', status: 'OPEN' }]);

    // Idempotent: the same file again writes nothing (no new history, events or deadlines).
    const tables = ['citizen', 'citizen_change', 'domain_event', 'deadline', 'deadline_history', 'registration_period', 'access_log'];
    const before = await t.fx.snapshot(tables);
    const again = await load([...GOOD, ...BAD, ...ONE], 'optional.csv');
    expect(again).toMatchObject({ rows: 22, registered: 0, updated: 0, unchanged: 5, refused: 17 });
    expect(await t.fx.snapshot(tables)).toEqual(before);

    // A changed row updates through the same rules: a further history entry (CZ-2) and a new deadline superseding the old (DL-4).
    t.clock.set('2026-03-04T09:00:00+01:00');
    const changed = await load([
      `0301801111,Otte Olsen,EDUCATION_READY_EDUCATION_BENEFIT,2026-01-05,0751,,,JOB_READY_CASH_BENEFIT@2026-01-05;EDUCATION_READY_EDUCATION_BENEFIT@2026-03-03,2026-03-16,2026-03-04`,
      // A history that tells another past than the recorded one is refused, not rewritten.
      `0101801111,Historie Hansen,INSURED_UNEMPLOYED,2026-01-05,0751,AK-OPT,2026-02-16,JOB_READY_TRANSITION_BENEFIT@2026-01-05;INSURED_UNEMPLOYED@2026-02-16,2026-03-05,2026-02-25`,
    ], 'changed.csv');
    expect(changed).toMatchObject({ registered: 0, updated: 1, unchanged: 0, refused: 1 });
    expect(changed.errors).toEqual([expect.objectContaining({ line: 3, code: 'REGISTERED_WITH_OTHER_DATA', field: 'targetGroupHistory' })]);
    expect(await groupChanges(otte.id)).toEqual([
      { kind: 'REGISTERED', from: '2026-01-05', to: 'JOB_READY_CASH_BENEFIT' }, { kind: 'TARGET_GROUP', from: '2026-03-03', to: 'EDUCATION_READY_EDUCATION_BENEFIT' },
    ]);
    expect(await t.ds.query(`SELECT book_by::text, status, close_reason FROM deadline WHERE citizen_id = $1 ORDER BY created_at`, [otte.id])).toEqual([
      { book_by: '2026-03-10', status: 'CLOSED', close_reason: 'SUPERSEDED' }, { book_by: '2026-03-16', status: 'OPEN', close_reason: null },
    ]);
    expect(await eventTypes(otte.id)).toEqual(['REGISTERED', 'DEADLINE_ISSUED', 'TARGET_GROUP_CHANGED', 'DEADLINE_ISSUED']);
  });
});

describe('CZ-9: the demo seed goes through the import', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t.close());

  it('CZ-9, CZ-1, DL-1: the demo citizens are registered by the import (fixed demo ids, history, REGISTERED), their open deadlines issued by issueDeadline, the rest as before', async () => {
    const today = t.clock.today();
    await seedDemo(t.ds, today);
    const citizens = await t.ds.query(`SELECT c.id, ch.actor FROM citizen c JOIN citizen_change ch ON ch.citizen_id = c.id AND ch.kind = 'REGISTERED' ORDER BY c.id`);
    expect(citizens.map((c: { id: string }) => c.id)).toEqual(Array.from({ length: 13 }, (_, i) => DEMO.citizen(i + 1)));
    expect(citizens[0].actor).toBe(`integration:${DEMO.jobcenterKbh}:import`);
    expect(await t.ds.query(`SELECT type, count(*)::int AS n FROM domain_event WHERE type IN ('REGISTERED', 'DEADLINE_ISSUED') GROUP BY type ORDER BY type`)).toEqual([
      { type: 'DEADLINE_ISSUED', n: 4 }, { type: 'REGISTERED', n: 13 },
    ]);
    // The demo's deadlines as README and tests know them: four open from today (through issueDeadline), two expired, one booked.
    const deadlines = await t.ds.query(`SELECT citizen_id, available_from::text, book_by::text, status, (SELECT count(*)::int FROM deadline_history h WHERE h.deadline_id = d.id) AS history
      FROM deadline d ORDER BY citizen_id`);
    expect(deadlines.map((d: { citizen_id: string; book_by: string; status: string; history: number }) => [d.citizen_id, d.book_by, d.status, d.history])).toEqual([
      [DEMO.citizen(1), today.add({ days: 10 }).toString(), 'OPEN', 1], [DEMO.citizen(2), today.add({ days: 6 }).toString(), 'BOOKED', 0],
      [DEMO.citizen(3), today.add({ days: 8 }).toString(), 'OPEN', 1], [DEMO.citizen(5), today.subtract({ days: 2 }).toString(), 'OPEN', 0],
      [DEMO.citizen(9), today.add({ days: 14 }).toString(), 'OPEN', 1], [DEMO.citizen(11), today.add({ days: 9 }).toString(), 'OPEN', 1],
      [DEMO.citizen(13), today.subtract({ days: 2 }).toString(), 'OPEN', 0],
    ]);
    const [gitte] = await t.ds.query(`SELECT target_group, unemployment_fund_id, exempt_from_active_job_seeking, voluntary_self_booking FROM citizen WHERE id = $1`, [DEMO.citizen(7)]);
    expect(gitte).toEqual({ target_group: 'INSURED_UNEMPLOYED', unemployment_fund_id: DEMO.fundMetal, exempt_from_active_job_seeking: true, voluntary_self_booking: false });
    expect((await t.ds.query(`SELECT voluntary_self_booking FROM citizen WHERE id = $1`, [DEMO.citizen(11)]))[0].voluntary_self_booking).toBe(true);
  });
});
