import { as, startTestApp } from '../support/harness';
import { withApp } from '../support/app';
import { gqlPost } from '../support/http';
import type { Jobcenter, UnemploymentFund } from '../../src/entities';
import { BookSlotStatuses, DeregisterCitizen, IssueDeadline, MeBookableSlots, MeOverview, PublishSlots, type RegisterJobSeekerInput, RegisterJobSeeker, UnemploymentFundEventsForCitizenRegister } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00';


describe('registerJobSeeker (CZ-1, IN-1)', () => {
  const t = withApp({ now: NOW });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  let cw: ReturnType<typeof as.caseworker>;
  let n = 0;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
    cw = as.caseworker(jc.id);
  });

  /** A fresh valid CPR (DDMMYY of 1 March 1990, then a running number; modulus 11 not required). */
  const cpr = () => `010390${String(1000 + ++n).padStart(4, '0')}`;
  const input = (over: Record<string, unknown> = {}) => ({
    cpr: cpr(), name: 'Karen Hansen', targetGroup: 'INSURED_UNEMPLOYED', unemployedSince: '2026-02-16', unemploymentFundId: fund.id,
    phone: '+45 20 30 40 50', email: 'karen@Example.DK', ...over,
  });
  const register = async (i: Record<string, unknown>, actor = cw) => (await t.as(actor).run(RegisterJobSeeker, { input: i as RegisterJobSeekerInput })).registerJobSeeker;

  it('CZ-1: with SEED_DEMO=false on an empty database, a caseworker registers a citizen, issues a deadline, publishes a slot, and the citizen books — over HTTP', async () => {
    const empty = await startTestApp({ now: NOW });
    try {
      // Only reference data: a jobcenter and an a-kasse; no citizen, deadline or slot.
      expect(await empty.ds.query(`SELECT (SELECT count(*) FROM citizen)::int AS c, (SELECT count(*) FROM slot)::int AS s`)).toEqual([{ c: 0, s: 0 }]);
      const home = await empty.fx.jobcenter();
      const akasse = await empty.fx.fund();
      const url = await empty.listen();
      const post = async (actor: string, query: Parameters<typeof gqlPost>[1], variables: Record<string, unknown>) => {
        const r = await gqlPost(url, query, variables, { 'x-dev-actor': actor });
        expect(r.status).toBe(200);
        expect(r.json.errors).toBeUndefined();
        return r.json.data;
      };
      const caseworker = `caseworker:${home.id}`;
      const reg = (await post(caseworker, RegisterJobSeeker, { input: { cpr: '0103901234', name: 'Ole Jensen', targetGroup: 'INSURED_UNEMPLOYED', unemployedSince: '2026-03-02', unemploymentFundId: akasse.id } })).registerJobSeeker;
      expect(reg.userErrors).toEqual([]);
      const citizenId = reg.citizen.id;
      const issued = (await post(caseworker, IssueDeadline,
        { input: { citizenId, bookBy: '2026-03-10' } })).issueDeadline;
      expect(issued).toMatchObject({ deadline: { status: 'OPEN' }, userErrors: [] });
      const published = (await post(caseworker, PublishSlots,
        { input: { jobcenterId: home.id, slots: [{ startsAt: '2026-03-09T10:00:00+01:00', endsAt: '2026-03-09T10:30:00+01:00', location: 'Room 1' }] } })).publishSlots;
      expect(published.userErrors).toEqual([]);
      const slots = (await post(`citizen:${citizenId}`, MeBookableSlots, {})).me.bookableSlots.slots;
      expect(slots.map((s: { id: string }) => s.id)).toEqual([published.slots[0].id]);
      const booked = (await post(`citizen:${citizenId}`, BookSlotStatuses,
        { input: { slotId: published.slots[0].id } })).bookSlot;
      expect(booked).toEqual({ meeting: { status: 'PLANNED' }, deadline: { status: 'BOOKED' }, userErrors: [] });
    } finally {
      await empty.close();
    }
  });

  it('CZ-1: registers the citizen at the caller\'s jobcenter with an INITIAL registration period, history and normalised contact details', async () => {
    const i = input();
    const r = await register(i);
    expect(r.userErrors).toEqual([]);
    expect(r.alreadyRegistered).toBe(false);
    expect(r.citizen).toMatchObject({
      cpr: i.cpr, name: 'Karen Hansen', targetGroup: 'INSURED_UNEMPLOYED', unemployedSince: '2026-02-16', phone: '20304050',
      email: 'karen@example.dk', registered: true, unemploymentFund: { id: fund.id }, jobcenter: { id: jc.id },
      changes: [{ kind: 'REGISTERED', effectiveFrom: '2026-02-16', fromValue: null, toValue: 'INSURED_UNEMPLOYED', actor: `caseworker:${jc.id}:cw-1` }],
    });
    expect(r.registrationPeriod).toMatchObject({ registeredFrom: '2026-02-16', registeredVia: 'INITIAL' });
    // The citizen reads their own contact details and history.
    const me = (await t.as.citizen(r.citizen.id).run(MeOverview)).me;
    expect(me).toEqual({ phone: '20304050', email: 'karen@example.dk', unemployedSince: '2026-02-16', changes: [{ kind: 'REGISTERED' }] });
    // Access log: the registration is a CHANGE of the new citizen's data, by this caseworker.
    const log = await t.ds.query(`SELECT access, operation FROM access_log WHERE citizen_id = $1`, [r.citizen.id]);
    expect(log).toContainEqual({ access: 'CHANGE', operation: 'Mutation.registerJobSeeker' });
  });

  it('CZ-1/EV-2: REGISTERED goes to the member\'s a-kasse only, without the CPR number', async () => {
    const other = await t.fx.fund();
    const i = input();
    const r = await register(i);
    const [ev] = await t.ds.query(`SELECT id, payload FROM domain_event WHERE citizen_id = $1 AND type = 'REGISTERED'`, [r.citizen.id]);
    expect(JSON.stringify(ev.payload)).not.toContain(i.cpr);
    await t.fx.untilFeedMayShow(ev.id);
    const mine = (await t.as.fund(fund.id).run(UnemploymentFundEventsForCitizenRegister)).unemploymentFundEvents.nodes;
    expect(mine).toContainEqual(expect.objectContaining({ type: 'REGISTERED', citizenId: r.citizen.id, citizen: { id: r.citizen.id } }));
    expect((await t.as.fund(other.id).run(UnemploymentFundEventsForCitizenRegister)).unemploymentFundEvents.nodes).toEqual([]);
    // A non-member's registration produces no event for any a-kasse.
    const nonMember = await register(input({ targetGroup: 'JOB_READY_CASH_BENEFIT', unemploymentFundId: null }));
    const rows = await t.ds.query(`SELECT unemployment_fund_id FROM domain_event WHERE citizen_id = $1`, [nonMember.citizen.id]);
    expect(rows).toEqual([{ unemployment_fund_id: null }]);
  });

  it('CZ-1: registering the same CPR with the same data returns the citizen unchanged; other data is refused naming what differs', async () => {
    const i = input();
    const first = await register(i);
    const before = await t.fx.snapshot();
    const again = await register({ ...i, phone: '20304050', email: 'karen@example.dk' });
    expect(again).toMatchObject({ alreadyRegistered: true, userErrors: [], citizen: { id: first.citizen.id }, registrationPeriod: { id: first.registrationPeriod.id } });
    const other = await register({ ...i, name: 'Karen Hansen-Berg', targetGroup: 'JOB_READY_CASH_BENEFIT' });
    expect(other.citizen).toBeNull();
    expect(other.userErrors).toEqual([{ code: 'REGISTERED_WITH_OTHER_DATA', field: ['input', 'name'], message: expect.stringMatching(/^CZ-1: .*other name, targetGroup;/) }]);
    expect(other.userErrors[0].message).not.toContain(i.cpr);
    expect(await t.fx.snapshot()).toEqual(before);
  });

  it('CZ-1: a known deregistered citizen is refused and pointed to reregister; a CPR of another jobcenter is refused without its data', async () => {
    const i = input();
    const r = await register(i);
    await t.as(cw).run(DeregisterCitizen, { input: { citizenId: r.citizen.id, reason: 'EMPLOYMENT' } });
    const before = await t.fx.snapshot();
    const again = await register(i);
    expect(again.userErrors).toEqual([expect.objectContaining({ code: 'DEREGISTERED_USE_REREGISTER', field: ['input', 'cpr'], message: expect.stringContaining('reregister') })]);
    const elsewhere = await register(i, as.caseworker((await t.fx.jobcenter()).id));
    expect(elsewhere.userErrors).toEqual([expect.objectContaining({ code: 'REGISTERED_AT_OTHER_JOBCENTER', field: ['input', 'cpr'] })]);
    expect(elsewhere.userErrors[0].message).not.toMatch(new RegExp(`${i.cpr}|${r.citizen.id}|Karen`));
    expect(await t.fx.snapshot()).toEqual(before);
  });

  it('CZ-1: the CPR number is 10 digits whose first six are a valid DDMMYY date; modulus 11 is not required; the number is never echoed', async () => {
    const before = await t.fx.snapshot();
    for (const bad of ['010390123', '01039012345', '0103901a34', '3102901234', '2902011234', '0013901234', '0001901234', ' 0103901234']) {
      const r = await register(input({ cpr: bad }));
      expect(r.userErrors).toEqual([{ code: 'INVALID_CPR', field: ['input', 'cpr'], message: expect.stringMatching(/^CZ-1: /) }]);
      expect(r.userErrors[0].message).not.toContain(bad.trim());
    }
    expect(await t.fx.snapshot()).toEqual(before);
    // 29 February of a year divisible by 4; 31 December; a number failing modulus 11 (0101901235) is accepted.
    for (const good of ['2902001234', '3112991234', '0101901235']) {
      expect((await register(input({ cpr: good }))).userErrors).toEqual([]);
    }
  });

  it('IN-1: unemployedSince from 1950-01-01 to today; the day before and the day after are refused naming the field and the bound', async () => {
    const early = await register(input({ unemployedSince: '1949-12-31' }));
    expect(early.userErrors).toEqual([{ code: 'INVALID_INPUT', field: ['input', 'unemployedSince'], message: 'IN-1: unemployedSince 1949-12-31 is before 1950-01-01, the first allowed day (not before 1950-01-01 and not after today)' }]);
    const late = await register(input({ unemployedSince: '2026-03-03' }));
    expect(late.userErrors).toEqual([{ code: 'INVALID_INPUT', field: ['input', 'unemployedSince'], message: 'IN-1: unemployedSince 2026-03-03 is after 2026-03-02, the last allowed day (not before 1950-01-01 and not after today)' }]);
    expect((await register(input({ unemployedSince: '1950-01-01' }))).userErrors).toEqual([]);
    expect((await register(input({ unemployedSince: '2026-03-02' }))).userErrors).toEqual([]);
  });

  it('CZ-1: INSURED_UNEMPLOYED needs a known a-kasse; other groups may have one; bad contact details and TG-2 for a duty group are refused', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ unemploymentFundId: null }, 'UNEMPLOYMENT_FUND_REQUIRED', 'unemploymentFundId'],
      [{ unemploymentFundId: '00000000-0000-4000-8000-000000000000' }, 'UNKNOWN_UNEMPLOYMENT_FUND', 'unemploymentFundId'],
      [{ phone: '1234' }, 'INVALID_INPUT', 'phone'],
      [{ email: 'not an address' }, 'INVALID_INPUT', 'email'],
      [{ name: '   ' }, 'INVALID_INPUT', 'name'],
      [{ voluntarySelfBooking: true }, 'INVALID_INPUT', 'voluntarySelfBooking'],
    ];
    const before = await t.fx.snapshot();
    for (const [over, code, field] of cases) {
      const r = await register(input(over));
      expect(r.userErrors).toEqual([expect.objectContaining({ code, field: ['input', field] })]);
    }
    expect(await t.fx.snapshot()).toEqual(before);
    const sick = await register(input({ targetGroup: 'SICKNESS_BENEFIT' }));
    expect(sick.userErrors).toEqual([]);
    const other = await register(input({ targetGroup: 'OTHER', unemploymentFundId: null, voluntarySelfBooking: true, phone: null, email: null }));
    expect(other.userErrors).toEqual([]);
  });

  it('CZ-1: two identical registrations at the same moment give one citizen; a concurrent one with other data is refused', async () => {
    const i = input();
    const [a, b] = await Promise.all([register(i), register(i)]);
    expect(a.userErrors).toEqual([]);
    expect(b.userErrors).toEqual([]);
    expect(a.citizen.id).toBe(b.citizen.id);
    expect([a.alreadyRegistered, b.alreadyRegistered].sort()).toEqual([false, true]);
    const j = input();
    const [c, d] = await Promise.all([register(j), register({ ...j, name: 'Someone Else' })]);
    const codes = [c, d].map((x) => x.userErrors[0]?.code ?? 'OK').sort();
    expect(codes).toEqual(['OK', 'REGISTERED_WITH_OTHER_DATA']);
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM citizen WHERE cpr = ANY($1)`, [[i.cpr, j.cpr]])).toEqual([{ n: 2 }]);
  });

  it('CZ-1: only jobcenter staff register; a citizen, an a-kasse, a statistics reader and an anonymous caller are refused', async () => {
    const c = await t.fx.citizen(jc);
    for (const [actor, code] of [[as.citizen(c.id), 'FORBIDDEN'], [as.fund(fund.id), 'FORBIDDEN'], [as.statistics(), 'FORBIDDEN'], [as.anonymous(), 'UNAUTHENTICATED']] as const) {
      const r = await t.as(actor).exec(RegisterJobSeeker, { input: input() as RegisterJobSeekerInput });
      expect(r.errors?.[0]?.extensions?.code).toBe(code);
    }
    expect((await t.as.integration(jc.id).run(RegisterJobSeeker, { input: input() as RegisterJobSeekerInput })).registerJobSeeker.userErrors).toEqual([]);
  });
});
