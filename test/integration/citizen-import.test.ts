import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { withApp } from '../support/app';
import { Jobcenter, type UnemploymentFund } from '../../src/entities';

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
