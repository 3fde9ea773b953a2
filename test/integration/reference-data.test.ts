import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { startTestApp } from '../support/harness';
import { withApp } from '../support/app';
import { Temporal } from 'temporal-polyfill';
import { DEMO, seedDemo } from '../../src/db/seed-demo';
import { JobcenterMunicipalityCode, JobcenterNameMunicipalityCode, JobcenterOverview, JobcentersForReferenceData } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00';

/** The shipped list, read independently of the code under test. */
const CSV: { code: string; name: string }[] = parse(readFileSync(join(__dirname, '../../src/db/reference/municipalities.csv')), { columns: true, skip_empty_lines: true });

describe('CZ-9: municipalities and their jobcenters are reference data in every database', () => {
  const t = withApp({ now: NOW });

  it('CZ-9: the shipped list is the 98 municipalities with four-digit codes', () => {
    expect(CSV).toHaveLength(98);
    expect(CSV.every((m) => /^\d{4}$/.test(m.code))).toBe(true);
    expect(CSV).toContainEqual({ code: '0101', name: 'København' });
    expect(CSV).toContainEqual({ code: '0751', name: 'Aarhus' });
  });

  it('CZ-9: after migration the database holds all 98 municipalities, codes and names as in the CSV', async () => {
    const rows: { code: string; name: string }[] = await t.ds.query(`SELECT code, name FROM municipality ORDER BY code`);
    expect(rows).toEqual([...CSV].sort((a, b) => a.code.localeCompare(b.code)));
  });

  it('CZ-9: each municipality has its jobcenter ("Jobcenter <name>", code = municipality code), listed by `jobcenters` to anyone logged in', async () => {
    const r = await t.as.anonymous().run(JobcentersForReferenceData).catch(() => undefined);
    expect(r).toBeUndefined(); // not public to the anonymous (authenticated only, as before)
    const fresh = await t.fx.fund();
    const { jobcenters } = await t.as.fund(fresh.id).run(JobcentersForReferenceData);
    const reference = (jobcenters as { id: string; code: string; name: string; municipalityCode: string | null }[]).filter((j) => j.municipalityCode);
    expect(reference).toHaveLength(98);
    for (const m of CSV) {
      expect(reference).toContainEqual(expect.objectContaining({ code: m.code, name: `Jobcenter ${m.name}`, municipalityCode: m.code }));
    }
  });

  it('CZ-9: København (0101) and Aarhus (0751) are the demo\'s jobcenters, with the ids they always had', async () => {
    const kbh = await t.as.caseworker(DEMO.jobcenterKbh).run(JobcenterOverview, { id: DEMO.jobcenterKbh });
    expect(kbh.jobcenter).toEqual({ id: '00000000-0000-4000-8000-00000000a001', code: '0101', name: 'Jobcenter København', municipalityCode: '0101' });
    const aar = await t.as.caseworker(DEMO.jobcenterAarhus).run(JobcenterNameMunicipalityCode, { id: DEMO.jobcenterAarhus });
    expect(aar.jobcenter).toEqual({ id: '00000000-0000-4000-8000-00000000a002', name: 'Jobcenter Aarhus', municipalityCode: '0751' });
  });

  it('CZ-9: the demo seed puts its citizens in the reference København and Aarhus (no jobcenters of its own), once', async () => {
    const fresh = await startTestApp({ now: NOW }); // an empty database (this file's has test data)
    try {
      const count = () => fresh.ds.query(`SELECT count(*)::text AS n FROM jobcenter`);
      const before = await count();
      await seedDemo(fresh.ds, Temporal.PlainDate.from('2026-03-02'));
      await seedDemo(fresh.ds, Temporal.PlainDate.from('2026-03-02')); // a second start changes nothing
      expect(await count()).toEqual(before);
      const rows: { code: string; cutoff: number | null; citizens: string }[] = await fresh.ds.query(
        `SELECT j.code, j.rebooking_cutoff_hours AS cutoff, count(c.id)::text AS citizens FROM jobcenter j JOIN citizen c ON c.jobcenter_id = j.id
          GROUP BY j.code, j.rebooking_cutoff_hours ORDER BY j.code`);
      expect(rows.map((r) => [r.code, r.cutoff])).toEqual([['0101', 24], ['0751', null]]);
      expect(Number(rows[0]!.citizens) + Number(rows[1]!.citizens)).toBe(13);
    } finally {
      await fresh.close();
    }
  });

  it('CZ-9: a jobcenter outside the reference data has no municipality code', async () => {
    const jc = await t.fx.jobcenter();
    const r = await t.as.caseworker(jc.id).run(JobcenterMunicipalityCode, { id: jc.id });
    expect(r.jobcenter).toEqual({ municipalityCode: null });
  });
});
