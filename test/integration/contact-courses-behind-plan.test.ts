import { CONTACT_COURSES_BEHIND_SQL } from '../../src/domain/contact-course/contact-course.service';
import { type TestApp, startTestApp } from '../support/harness';

interface PlanNode { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] }

function scansOf(n: PlanNode, out: string[] = []): string[] {
  if (n['Relation Name']) out.push(`${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''} on ${n['Relation Name']}`);
  for (const c of n.Plans ?? []) scansOf(c, out);
  return out;
}

/**
 * Issue 16 (item 3): contactCoursesBehind reads the stored status through its indexes, never by scanning
 * contact_course_status. A test database is small, so PostgreSQL would rightly scan it whole; with sequential scans
 * priced out the plan shows what the indexes can answer. The same statement with real ids at scale 1 is in
 * `npm run bench:explain`.
 */
describe('contactCoursesBehind: the stored status read by index (issue 16)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-03-02T09:00:00+01:00' });
  });
  afterAll(async () => t.close());

  it('CC-7: the courses behind come from contact_course_status_behind_idx, the rows to recompute from the recheck and computed indexes, none by a sequential scan', async () => {
    const jc = await t.fx.jobcenter();
    const qr = t.ds.createQueryRunner();
    try {
      await qr.startTransaction();
      await qr.query('SET LOCAL enable_seqscan = off');
      const [row] = await qr.query(`EXPLAIN (FORMAT JSON) ${CONTACT_COURSES_BEHIND_SQL}`,
        [jc.id, '', '00000000-0000-0000-0000-000000000000', '2026-03-02', 51]);
      const scans = scansOf((row['QUERY PLAN'] as { Plan: PlanNode }[])[0]!.Plan);
      expect(scans.filter((s) => s.startsWith('Seq Scan'))).toEqual([]);
      expect(scans).toEqual(expect.arrayContaining([
        expect.stringMatching(/using contact_course_status_behind_idx on contact_course_status$/),
        expect.stringMatching(/using contact_course_status_recheck_idx on contact_course_status$/),
        expect.stringMatching(/using contact_course_status_computed_idx on contact_course_status$/),
      ]));
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  });
});
