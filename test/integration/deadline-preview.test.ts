import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter } from '../../src/entities';
import { IssueDeadlineForDeadlinePreview, PreviewDeadline } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00';

describe('previewDeadline (issue 14: DL-2, DL-3, DL-4, DL-6, DL-11, TG-6, IN-1)', () => {
  const t = withApp({ now: NOW });
  let jc: Jobcenter;
  let cw: ReturnType<typeof as.caseworker>;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    cw = as.caseworker(jc.id);
  });

  const citizen = (over: Partial<Citizen> = {}) => t.fx.citizen(jc, over);
  const preview = async (citizenId: string, bookBy?: string) =>
    (await t.as(cw).run(PreviewDeadline, { citizenId, bookBy })).previewDeadline;
  const issue = async (citizenId: string, bookBy: string) =>
    (await t.as(cw).run(IssueDeadlineForDeadlinePreview, { input: { citizenId, bookBy } })).issueDeadline;

  it('DL-2: without bookBy it answers the earliest valid bookBy (today + 8), which issueDeadline accepts', async () => {
    const c = await citizen();
    const p = await preview(c.id);
    expect(p).toEqual({
      citizenId: c.id, availableFrom: '2026-03-02', earliestBookBy: '2026-03-10', bookBy: '2026-03-10', accepted: true, userErrors: [],
      latestInterviewDate: '2026-03-17', reminderDays: ['2026-03-07', '2026-03-10'], channel: 'JOBNET', activeDeadline: null,
      onActiveDeadline: 'NONE', freeSlots: 0,
    });
    expect((await issue(c.id, p.earliestBookBy)).userErrors).toEqual([]);
  });

  it('DL-2: the earliest valid bookBy is accepted; one day less is refused with the error issueDeadline gives', async () => {
    const c = await citizen();
    expect(await preview(c.id, '2026-03-10')).toMatchObject({ accepted: true, userErrors: [], latestInterviewDate: '2026-03-17' });
    const refused = await preview(c.id, '2026-03-09');
    expect(refused).toMatchObject({ accepted: false, bookBy: '2026-03-09', earliestBookBy: '2026-03-10', latestInterviewDate: '2026-03-16' });
    const issued = await issue(c.id, '2026-03-09');
    expect(issued.deadline).toBeNull();
    // The same code and message; the field is this query's argument instead of input.bookBy.
    expect(refused.userErrors).toEqual([{ code: 'BOOKING_PERIOD_TOO_SHORT', message: issued.userErrors[0].message, field: ['bookBy'] }]);
    expect(refused.userErrors[0].message).toMatch(/^DL-2: .*The earliest valid bookBy is 2026-03-10\.$/);
  });

  it('DL-6: a counted holiday inside the period moves the earliest bookBy by its days; the day before that is refused', async () => {
    const c = await citizen();
    await t.fx.holiday(c, '2026-03-05', '2026-03-07', '2026-02-01'); // 3 counted days
    const p = await preview(c.id);
    expect(p).toMatchObject({ earliestBookBy: '2026-03-13', bookBy: '2026-03-13', accepted: true });
    const dayBefore = await preview(c.id, '2026-03-12');
    expect(dayBefore.accepted).toBe(false);
    expect(dayBefore.userErrors).toEqual([expect.objectContaining({ code: 'BOOKING_PERIOD_TOO_SHORT', field: ['bookBy'] })]);
    expect(dayBefore.userErrors[0].message).toMatch(/^DL-2: .*outside counted holidays \(DL-6\).*2026-03-13/);
    // A holiday notified too late (DL-6: under 2 weeks before it starts) does not count.
    const late = await citizen();
    await t.fx.holiday(late, '2026-03-05', '2026-03-07', '2026-03-01');
    expect((await preview(late.id)).earliestBookBy).toBe('2026-03-10');
  });

  it('DL-4: an OPEN active deadline would be superseded; a BOOKED one with an interview on a later day refuses, on its day supersedes', async () => {
    const c = await citizen();
    const open = await t.fx.deadline(c, '2026-02-20', '2026-03-05');
    expect(await preview(c.id)).toMatchObject({ accepted: true, onActiveDeadline: 'SUPERSEDE', activeDeadline: { id: open.id, status: 'OPEN' } });

    const booked = await citizen();
    const d = await t.fx.deadline(booked, '2026-02-20', '2026-03-05', { status: 'BOOKED' });
    const m = await t.fx.meeting(booked, '2026-03-04', '10:00', { origin: 'SELF_BOOKED', deadlineId: d.id });
    await t.ds.query(`UPDATE deadline SET meeting_id = $1 WHERE id = $2`, [m.id, d.id]);
    const p = await preview(booked.id);
    expect(p).toMatchObject({ accepted: false, onActiveDeadline: 'REFUSE', activeDeadline: { id: d.id, status: 'BOOKED' } });
    expect(p.userErrors).toEqual([expect.objectContaining({ code: 'INTERVIEW_ALREADY_PLANNED', field: ['citizenId'] })]);
    expect(p.userErrors[0].message).toMatch(/^DL-4: /);

    // DL-4 Decision: on the interview's own day issuing is allowed again (supersede).
    const today = await citizen();
    const d2 = await t.fx.deadline(today, '2026-02-20', '2026-03-05', { status: 'BOOKED' });
    const m2 = await t.fx.meeting(today, '2026-03-02', '15:00', { origin: 'SELF_BOOKED', deadlineId: d2.id });
    await t.ds.query(`UPDATE deadline SET meeting_id = $1 WHERE id = $2`, [m2.id, d2.id]);
    expect(await preview(today.id)).toMatchObject({ accepted: true, onActiveDeadline: 'SUPERSEDE', userErrors: [] });
  });

  it('DL-5/TG-6: every refusal issueDeadline would meet is listed; an exempted-from-job-seeking citizen gets channel LETTER', async () => {
    const c = await citizen({ selfBookingRight: 'EXEMPTED' });
    const p = await preview(c.id, '2026-03-05');
    expect(p.userErrors.map((e: { code: string }) => e.code)).toEqual(['CITIZEN_EXEMPTED', 'BOOKING_PERIOD_TOO_SHORT']);
    const issued = await issue(c.id, '2026-03-05');
    expect(issued.userErrors.map((e: { code: string }) => e.code)).toEqual(['CITIZEN_EXEMPTED']);
    const letter = await citizen({ exemptFromActiveJobSeeking: true });
    expect(await preview(letter.id)).toMatchObject({ channel: 'LETTER', accepted: true });
  });

  it('SL-2: free slots of the jobcenter from availableFrom to latestInterviewDate are counted (not booked, withdrawn or outside)', async () => {
    const other = await t.fx.jobcenter();
    const owner = await t.fx.citizen(other);
    await t.fx.slot(other, '2026-03-03'); // in the window
    await t.fx.slot(other, '2026-03-17', '15:00'); // on latestInterviewDate: in
    await t.fx.slot(other, '2026-03-18'); // after latestInterviewDate: out
    await t.fx.slot(other, '2026-03-02', '08:00'); // already begun: out
    await t.fx.slot(other, '2026-03-04', '10:00', { withdrawnAt: t.clock.now(), withdrawnReason: 'ill' }); // withdrawn: out
    const taken = await t.fx.slot(other, '2026-03-05');
    await t.fx.meeting(owner, '2026-03-05', '10:00', { slotId: taken.id, origin: 'SELF_BOOKED' }); // booked: out
    const c = await t.fx.citizen(other);
    const p = (await t.as.caseworker(other.id).run(PreviewDeadline, { citizenId: c.id })).previewDeadline;
    expect(p).toMatchObject({ latestInterviewDate: '2026-03-17', freeSlots: 2 });
  });

  it('DL-1/IN-2: a preview writes nothing but the access log of its read', async () => {
    const c = await citizen();
    await t.fx.deadline(c, '2026-02-20', '2026-03-05');
    const before = await t.fx.snapshot();
    await preview(c.id);
    await preview(c.id, '2026-03-03');
    expect(await t.fx.snapshot()).toEqual(before);
    // IN-2: the one row a preview adds is the access log's READ of the citizen it disclosed.
    const logged = await t.ds.query(`SELECT access, operation FROM access_log WHERE citizen_id = $1`, [c.id]);
    expect(logged).toContainEqual(expect.objectContaining({ access: 'READ' }));
    expect(logged.every((r: { access: string }) => r.access === 'READ')).toBe(true);
  });

  it('IN-1: staff of the jobcenter only; another jobcenter\'s citizen reads null; a bookBy outside the window is BAD_USER_INPUT', async () => {
    const c = await citizen();
    const asCitizen = await t.as.citizen(c.id).exec(PreviewDeadline, { citizenId: c.id });
    expect(asCitizen.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await t.fx.jobcenter();
    expect((await t.as.caseworker(other.id).run(PreviewDeadline, { citizenId: c.id })).previewDeadline).toBeNull();
    const far = await t.as(cw).exec(PreviewDeadline, { citizenId: c.id, bookBy: '2028-03-03' });
    expect(far.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(far.errors?.[0]?.message).toMatch(/^IN-1: bookBy/);
    const edge = await preview(c.id, '2028-03-02');
    expect(edge.accepted).toBe(true);
  });
});
