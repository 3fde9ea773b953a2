import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter, Meeting, UnemploymentFund } from '../../src/entities';
import { CitizenBenefitPeriodStart, CitizenId, CitizenOverview, CitizenRegistrationForAuthMinimisation, MeMeetingsForAuthMinimisation, CitizenOverviewForAuthMinimisation, CitizensForAuthMinimisation, DeadlineCitizen, MeetingCitizen, MeetingId, MeetingOverview, Slots, UnemploymentFundEvents } from '../support/operations';

/**
 * Authorization of nested fields and lists (not only root fields), the a-kasse's data minimisation, and
 * per-request DataLoaders (RULES.md, actors and access).
 */
describe('nested authorization and data minimisation', () => {
  const t = withApp({ now: '2026-03-02T09:00:00+01:00' });
  let jcX: Jobcenter;
  let jcY: Jobcenter;
  let fundZ: UnemploymentFund;
  let a: Citizen;
  let joint: Meeting;
  let job: Meeting;

  beforeAll(async () => {
    jcX = await t.fx.jobcenter();
    jcY = await t.fx.jobcenter();
    fundZ = await t.fx.fund();
    a = await t.fx.citizen(jcX, { unemploymentFundId: fundZ.id });
    await t.fx.deadline(a, '2026-03-02', '2026-03-10');
    joint = await t.fx.meeting(a, '2026-03-20', '10:00', { type: 'JOINT_INTERVIEW', caseworker: 'Jane Caseworker', location: 'Room 2' });
    job = await t.fx.meeting(a, '2026-03-05', '10:00', { type: 'JOB_INTERVIEW' });
    await t.fx.holiday(a, '2026-04-01', '2026-04-05', '2026-03-01');
  });

  const codes = (r: { errors?: { extensions?: Record<string, unknown>; path?: (string | number)[] }[] }) =>
    (r.errors ?? []).map((e) => `${(e.path ?? []).join('.')}:${String(e.extensions?.code)}`).sort();

  it('an a-kasse reads its member\'s identity, registration and joint interviews only', async () => {
    const r = await t.as.fund(fundZ.id).run(CitizenOverview, { id: a.id });
    expect(r.citizen).toMatchObject({ id: a.id, name: a.name, registered: true, jobcenter: { id: jcX.id }, unemploymentFund: { id: fundZ.id } });
    // MT-1 for the a-kasse: the meetings *with* it (joint interviews), not the jobcenter's job interviews.
    expect(r.citizen.meetings).toEqual([{ id: joint.id, type: 'JOINT_INTERVIEW', startsAt: '2026-03-20T10:00:00+01:00', location: 'Room 2', jointInterview: { fundOptOut: false } }]);
    expect(r.citizen.plannedMeetings).toEqual([{ id: joint.id }]);
  });

  it.each([
    ['cpr', 'cpr'], ['deadlines', 'deadlines { id }'], ['activeDeadline', 'activeDeadline { id }'], ['holidays', 'holidays { id }'],
    ['messages', 'messages { id }'], ['selfBookingDecisions', 'selfBookingDecisions { id }'], ['contactCourse', 'contactCourse { phase }'],
    ['lessIntensiveOverrideJustification', 'lessIntensiveOverrideJustification'], ['immediateBookingRequired', 'immediateBookingRequired'],
    ['bookableSlots', 'bookableSlots { noSlotsAvailable }'], ['sanctionAssessments', 'sanctionAssessments { id }'],
    // CZ-1 … CZ-5: contact details, the start of unemployment and the master-data history are the jobcenter's.
    ['phone', 'phone'], ['email', 'email'], ['unemployedSince', 'unemployedSince'], ['changes', 'changes { kind }'],
  ])('data minimisation: an a-kasse may not read Citizen.%s (FORBIDDEN naming the field)', async (field, selection) => {
    // A string on purpose: one document per field of the table above (a probe of each field's guard).
    const r = await t.gql(as.fund(fundZ.id), `query($id: ID!) { citizen(id: $id) { id ${selection} } }`, { id: a.id });
    expect(codes(r)).toEqual([`citizen.${field}:FORBIDDEN`]);
    expect(r.errors![0]!.message).toMatch(new RegExp(`Citizen\\.${field} is not available to an a-kasse`));
    // The same field is there for the jobcenter.
    expect(codes(await t.gql(as.caseworker(jcX.id), `query($id: ID!) { citizen(id: $id) { id ${selection} } }`, { id: a.id }))).toEqual([]);
  });

  it('CZ-3: an a-kasse reads back its member\'s first day of the benefit period; another jobcenter reads nothing of the new fields', async () => {
    const r = await t.as.fund(fundZ.id).run(CitizenBenefitPeriodStart, { id: a.id });
    expect(r.citizen).toEqual({ id: a.id, benefitPeriodStart: null });
    const y = await t.as.caseworker(jcY.id).run(CitizenOverviewForAuthMinimisation, { id: a.id });
    expect(y.citizen).toBeNull();
  });

  it.each([
    ['immediateBookingRequired', 'immediateBookingRequired'], ['offeredSlots', 'offeredSlots { id }'],
    ['immediateBookingWindowFrom', 'immediateBookingWindowFrom'], ['immediateBookingWindowTo', 'immediateBookingWindowTo'],
  ])('data minimisation: an a-kasse reads a member\'s registration status but not RegistrationStatus.%s', async (field, selection) => {
    // A string on purpose: one document per field of the table above (a probe of each field's guard).
    const query = (extra: string) =>
      `query($id: ID!) { citizen(id: $id) { registration { registered deregistrationReason immediateBookingRequiredAtReregistration ${extra} } } }`;
    const q = query(selection);
    const r = await t.gql(as.fund(fundZ.id), q, { id: a.id });
    expect(codes(r)).toEqual([`citizen.registration.${field}:FORBIDDEN`]);
    const without = await t.as.fund(fundZ.id).run(CitizenRegistrationForAuthMinimisation, { id: a.id });
    expect(without.citizen.registration).toMatchObject({ registered: true, deregistrationReason: null });
    expect(codes(await t.gql(as.caseworker(jcX.id), q, { id: a.id }))).toEqual([]);
  });

  it('data minimisation inside a joint interview: no caseworker name, deadline, slot or history for the a-kasse', async () => {
    const ok = await t.as.fund(fundZ.id).run(MeetingOverview, { id: joint.id });
    expect(ok.meeting).toEqual({ id: joint.id, type: 'JOINT_INTERVIEW', status: 'PLANNED', citizen: { name: a.name } });
    for (const f of ['caseworker', 'deadline { id }', 'slot { id }', 'history { action }']) {
      // A string on purpose: one document per guarded field (a probe of each field's guard).
      const r = await t.gql(as.fund(fundZ.id), `query($id: ID!) { meeting(id: $id) { id ${f} } }`, { id: joint.id });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    // A job interview is not a meeting with the a-kasse: it does not exist for it.
    expect((await t.as.fund(fundZ.id).run(MeetingId, { id: job.id })).meeting).toBeNull();
  });

  it('nested values are checked too: a former member read through the a-kasse\'s event is refused, not disclosed', async () => {
    const former = await t.fx.citizen(jcY, { unemploymentFundId: fundZ.id });
    const [e] = await t.ds.query(`INSERT INTO domain_event (occurred_at, type, citizen_id, jobcenter_id, unemployment_fund_id, payload)
      VALUES ('2026-03-01T10:00:00Z', 'NO_SHOW', $1, $2, $3, '{}') RETURNING id`, [former.id, jcY.id, fundZ.id]);
    await t.fx.untilFeedMayShow(e.id); // otherwise the reads below could pass only because the event was not shown yet
    // While a member, the a-kasse sees the event with the citizen …
    expect(JSON.stringify((await t.as.fund(fundZ.id).run(UnemploymentFundEvents)).unemploymentFundEvents)).toContain(former.id);
    // … and once the citizen has left the a-kasse, neither the event's citizen nor their name reaches it.
    await t.ds.query(`UPDATE citizen SET unemployment_fund_id = NULL WHERE id = $1`, [former.id]);
    const r = await t.as.fund(fundZ.id).exec(UnemploymentFundEvents);
    expect(JSON.stringify(r.data ?? {})).not.toContain(former.name);
    expect(JSON.stringify(r.data ?? {})).not.toContain(former.id);
  });

  it('a caseworker cannot reach another jobcenter\'s citizen through a meeting, deadline or list', async () => {
    const b = await t.fx.citizen(jcY);
    const mb = await t.fx.meeting(b, '2026-03-06');
    const db = await t.fx.deadline(b, '2026-03-02', '2026-03-10');
    expect((await t.as.caseworker(jcX.id).run(MeetingCitizen, { id: mb.id })).meeting).toBeNull();
    expect((await t.as.caseworker(jcX.id).run(DeadlineCitizen, { id: db.id })).deadline).toBeNull();
    const list = await t.as.caseworker(jcX.id).run(CitizensForAuthMinimisation, { jc: jcX.id });
    expect(list.citizens.nodes.map((n: { id: string }) => n.id)).not.toContain(b.id);
  });

  it('a citizen sees the slots of their jobcenter but never who booked them', async () => {
    const other = await t.fx.citizen(jcX);
    const slot = await t.fx.slot(jcX, '2026-03-09', '11:00');
    await t.fx.meeting(other, '2026-03-09', '11:00', { slotId: slot.id, origin: 'SELF_BOOKED' });
    const r = await t.as.citizen(a.id).run(Slots, { jc: jcX.id });
    expect(JSON.stringify(r)).not.toContain(other.id);
    expect(JSON.stringify(r)).not.toContain(other.name);
  });

  it('statistics readers see no individual at all', async () => {
    for (const r of [await t.as.statistics().exec(CitizenId, { id: a.id }), await t.as.statistics().exec(MeetingId, { id: joint.id })]) {
      expect(Object.values(r.data ?? {})).toEqual([null]);
    }
  });

  it('DataLoaders are per request: concurrent requests of different actors each get only their own data', async () => {
    const b = await t.fx.citizen(jcX);
    expect(t.app.contextFor(as.citizen(a.id)).loaders).not.toBe(t.app.contextFor(as.citizen(a.id)).loaders);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => t.as.citizen(i % 2 ? a.id : b.id).run(MeMeetingsForAuthMinimisation).then((r) => [i, r] as const)));
    for (const [i, r] of results) expect(r.me.id).toBe(i % 2 ? a.id : b.id);
    const bs = results.filter(([i]) => i % 2 === 0).map(([, r]) => JSON.stringify(r));
    for (const s of bs) expect(s).not.toContain(joint.id);
  });
});
