import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import { gqlPost } from '../support/http';
import { snapshotAll } from '../support/snapshot';
import type { Citizen, Jobcenter } from '../../src/entities';
import { CallInMeetingForContactCourseStatus, ExtendDeadlineForInputLimits, IssueDeadlineForDeadlinePreview, JointInterviewOptOutsForInputLimits, PublishSlotsForInputLimits, RecordSystemOutageForInputLimits, RegisterHolidayForInputLimits, SlotsForInputLimits } from '../support/operations';

/**
 * IN-1 (issue 11, item 2): every Date/DateTime input has its window, checked at once with a user error naming the
 * field and the bound, nothing written. Today is 2026-03-02, so planning days run 2025-03-02 … 2028-03-02.
 */

describe('IN-1: date windows of every kind of date input', () => {
  const t = withApp({ now: '2026-03-02T09:00:00+01:00' });
  let jc: Jobcenter;
  let cw: ReturnType<typeof as.caseworker>;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    cw = as.caseworker(jc.id);
  });

  /** Runs a refused mutation: its user error, and that nothing at all (access log included) changed. */
  async function refused(query: TypedDocumentNode<any, any>, input: Record<string, unknown>, name: string) {
    const before = await snapshotAll(t.ds);
    const r = await t.as(cw).exec(query, { input });
    expect(r.errors).toBeUndefined();
    expect(await snapshotAll(t.ds)).toEqual(before);
    const errors = r.data![name].userErrors as { code: string; message: string; field: string[] }[];
    expect(errors).toHaveLength(1);
    return errors[0]!;
  }

  it('IN-1: issueDeadline bookBy "9999-12-31" is refused at once as BAD_USER_INPUT over HTTP (it was a 500 after 17 s)', async () => {
    const url = await t.listen();
    const c = await t.fx.citizen(jc);
    const before = await snapshotAll(t.ds);
    const r = await gqlPost(url, IssueDeadlineForDeadlinePreview, { input: { citizenId: c.id, bookBy: '9999-12-31' } }, { 'x-dev-actor': `caseworker:${jc.id}` });
    expect([r.status, r.json.errors[0].extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
    expect(r.json.errors[0].message).toMatch(/^IN-1: Variable "\$input" got invalid value "9999-12-31" at "input\.bookBy"; Date cannot represent "9999-12-31": expected a year from 1900 to 2200$/);
    expect(await snapshotAll(t.ds)).toEqual(before);
  });

  it('IN-1: the Date and DateTime scalars refuse years before 1900 and after 2200 at parse time, as literals and variables', async () => {
    const c = await t.fx.citizen(jc);
    for (const bookBy of ['1899-12-31', '2201-01-01', '0000-01-01']) {
      const r = await t.as(cw).exec(IssueDeadlineForDeadlinePreview, { input: { citizenId: c.id, bookBy } });
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    // A string on purpose: the date is a literal of the document (checked while it is validated), not a variable.
    const lit = await t.gql(cw, `mutation { issueDeadline(input: { citizenId: "${c.id}", bookBy: "9999-12-31" }) { userErrors { code } } }`);
    // A literal is checked while the document is validated (graphql-js answers GRAPHQL_VALIDATION_FAILED, also a 400).
    expect(lit.errors?.[0]?.message).toMatch(/^IN-1: Argument "input" got invalid value at "input\.bookBy"; .*year from 1900 to 2200$/);
    const dt = await t.as(cw).exec(SlotsForInputLimits, { f: { jobcenterId: jc.id, from: '2201-01-01T00:00:00Z' } });
    expect(dt.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('IN-1: issueDeadline bookBy — the last planning day (today + 2 years) is accepted, the day after refused naming field and bound', async () => {
    const c = await t.fx.citizen(jc);
    const e = await refused(IssueDeadlineForDeadlinePreview, { citizenId: c.id, bookBy: '2028-03-03' }, 'issueDeadline');
    expect(e).toEqual({ code: 'INVALID_INPUT', field: ['input', 'bookBy'], message: expect.stringMatching(/^IN-1: bookBy 2028-03-03 is after 2028-03-02, the last allowed day \(1 year before to 2 years after today\)/) });
    const ok = await t.as(cw).exec(IssueDeadlineForDeadlinePreview, { input: { citizenId: c.id, bookBy: '2028-03-02' } });
    expect(ok.data!.issueDeadline.userErrors).toEqual([]);
    expect(ok.data!.issueDeadline.deadline.bookBy).toBe('2028-03-02');
  });

  it('IN-1: issueDeadline availableFrom — the day before the window is refused by IN-1, the first day reaches the domain rule', async () => {
    const c = await t.fx.citizen(jc);
    const e = await refused(IssueDeadlineForDeadlinePreview, { citizenId: c.id, availableFrom: '2025-03-01', bookBy: '2026-03-20' }, 'issueDeadline');
    expect(e).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'availableFrom'], message: expect.stringMatching(/^IN-1: availableFrom 2025-03-01 is before 2025-03-02/) });
    const onBound = await t.as(cw).exec(IssueDeadlineForDeadlinePreview, { input: { citizenId: c.id, availableFrom: '2025-03-02', bookBy: '2026-03-20' } });
    expect(onBound.data!.issueDeadline.userErrors.map((x: { code: string }) => x.code)).toEqual(['AVAILABLE_FROM_IN_PAST']);
  });

  it('IN-1: extendDeadline bookBy — on the last day accepted, the day after refused', async () => {
    const c = await t.fx.citizen(jc);
    const d = await t.fx.deadline(c, '2026-03-02', '2026-03-12');
    const e = await refused(ExtendDeadlineForInputLimits, { deadlineId: d.id, bookBy: '2028-03-03', reason: 'sick' }, 'extendDeadline');
    expect(e).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'bookBy'], message: expect.stringMatching(/^IN-1: bookBy .*2028-03-02/) });
    const ok = await t.as(cw).exec(ExtendDeadlineForInputLimits, { input: { deadlineId: d.id, bookBy: '2028-03-02', reason: 'sick' } });
    expect(ok.data!.extendDeadline.userErrors).toEqual([]);
  });

  it('IN-1: registerHoliday — window of its days, and at most 6 weeks (42 days accepted, 43 refused)', async () => {
    const c: Citizen = await t.fx.citizen(jc);
    const far = await refused(RegisterHolidayForInputLimits, { citizenId: c.id, startDate: '2028-03-01', endDate: '2028-03-03' }, 'registerHoliday');
    expect(far).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'endDate'], message: expect.stringMatching(/^IN-1: endDate 2028-03-03 is after 2028-03-02/) });
    const long = await refused(RegisterHolidayForInputLimits, { citizenId: c.id, startDate: '2026-04-01', endDate: '2026-05-13' }, 'registerHoliday');
    expect(long).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'endDate'], message: expect.stringMatching(/^IN-1: .*43 days; .*at most 42 days/) });
    const ok = await t.as(cw).exec(RegisterHolidayForInputLimits, { input: { citizenId: c.id, startDate: '2026-04-01', endDate: '2026-05-12' } });
    expect(ok.data!.registerHoliday.userErrors).toEqual([]);
    const edge = await t.as(cw).exec(RegisterHolidayForInputLimits, { input: { citizenId: c.id, startDate: '2028-02-01', endDate: '2028-03-02' } });
    expect(edge.data!.registerHoliday.userErrors).toEqual([]);
  });

  it('IN-1: publishSlots startsAt (DateTime in a list) — the last planning day accepted, the day after refused with the list path', async () => {
    const slot = (d: string) => ({ startsAt: `${d}T10:00:00+01:00`, endsAt: `${d}T10:30:00+01:00`, location: 'Room 1', caseworker: 'CW' });
    const e = await refused(PublishSlotsForInputLimits, { jobcenterId: jc.id, slots: [slot('2028-03-02'), slot('2028-03-03')] }, 'publishSlots');
    expect(e).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'slots', '1', 'startsAt'], message: expect.stringMatching(/^IN-1: startsAt 2028-03-03T09:00:00Z is after 2028-03-02/) });
    const ok = await t.as(cw).exec(PublishSlotsForInputLimits, { input: { jobcenterId: jc.id, slots: [slot('2028-03-02')] } });
    expect(ok.data!.publishSlots.userErrors).toEqual([]);
    expect(ok.data!.publishSlots.slots).toHaveLength(1);
  });

  it('IN-1: callInMeeting and recordSystemOutage — DateTimes before the window (a year ago) are refused', async () => {
    const c = await t.fx.citizen(jc);
    const e = await refused(CallInMeetingForContactCourseStatus, { citizenId: c.id, type: 'JOB_INTERVIEW', startsAt: '2025-03-01T10:00:00+01:00', endsAt: '2025-03-01T10:30:00+01:00' }, 'callInMeeting');
    expect(e).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'startsAt'], message: expect.stringMatching(/^IN-1: startsAt .* is before 2025-03-02/) });
    const o = await refused(RecordSystemOutageForInputLimits, { startsAt: '2025-03-01T10:00:00+01:00', endsAt: '2025-03-01T12:00:00+01:00', description: 'Jobnet down' }, 'recordSystemOutage');
    expect(o).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'startsAt'] });
    const ok = await t.as(cw).exec(RecordSystemOutageForInputLimits, { input: { startsAt: '2025-03-02T10:00:00+01:00', endsAt: '2025-03-02T12:00:00+01:00', description: 'Jobnet down' } });
    expect(ok.data!.recordSystemOutage.userErrors).toEqual([]);
  });

  it('IN-1: query arguments (slots filter, jointInterviewOptOuts from/to) outside the window are BAD_USER_INPUT naming the argument', async () => {
    const bad = await t.as(cw).exec(SlotsForInputLimits, { f: { jobcenterId: jc.id, to: '2028-03-03T00:00:00+01:00' } });
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'filter.to' }, message: expect.stringMatching(/^IN-1: to .* after 2028-03-02/) });
    const good = await t.as(cw).exec(SlotsForInputLimits, { f: { jobcenterId: jc.id, from: '2025-03-02T00:00:00+01:00', to: '2028-03-02T23:00:00+01:00' } });
    expect(good.errors).toBeUndefined();
    const r = await t.as(cw).exec(JointInterviewOptOutsForInputLimits, { from: '2025-03-01', to: '2025-03-10' });
    expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'from' }, message: expect.stringMatching(/^IN-1: from 2025-03-01 is before 2025-03-02/) });
    expect((await t.as(cw).exec(JointInterviewOptOutsForInputLimits, { from: '2025-03-02', to: '2025-03-10' })).errors).toBeUndefined();
  });
});
