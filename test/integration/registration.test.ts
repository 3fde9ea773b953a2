import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import { Citizen as CitizenEntity, type Citizen, type Jobcenter, type UnemploymentFund } from '../../src/entities';
import { immediateBookingWindowOf } from '../../src/domain/registration/registration.service';
import { CitizenContactCourseForRegistration, CitizenRegisteredRegistrationPeriods, CitizenRegistration, CitizenRegistrationPeriods, CitizenStatus, DeregisterCitizenForRegistration, FollowUpListForRegistration, IssueDeadlineForLifecycleBooking, ReportRecoveryForRegistration, ReportSicknessForRegistration, ReregisterForRegistration, SetWageSubsidy } from '../support/operations';

/** Re-registration (RG-3 … RG-6, RG-9, LP-1, LP-2/CC-8), sickness and recovery (RG-8), manual deregistration. */

const START = '2026-03-02';

describe('registration: re-registration, sickness and recovery', () => {
  const t = withApp({ now: `${START}T09:00:00+01:00`, resetClock: START });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });

  const day = (d: string, time = '09:00') => t.clock.set(Temporal.PlainDate.from(d).toZonedDateTime({ timeZone: 'Europe/Copenhagen', plainTime: time }).toInstant());
  const run = (d: string) => t.app.contextFor(as.anonymous()).services.lifecycle.runDailyTransitions({ date: Temporal.PlainDate.from(d), clock: t.clock });
  const status = async (c: Citizen) => (await t.as.caseworker(c.jobcenterId).run(CitizenStatus, { id: c.id })).citizen;

  async function citizen(over: Partial<Citizen> = {}, j: Jobcenter = jc, since = '2026-02-20') {
    const c = await t.fx.citizen(j, { unemploymentFundId: fund.id, unemployedSince: Temporal.PlainDate.from(since), ...over });
    await t.ds.query(`INSERT INTO registration_period (citizen_id, registered_from, registered_via) VALUES ($1, $2, 'INITIAL')`, [c.id, since]);
    return c;
  }

  async function issue(c: Citizen, bookBy = '2026-03-10') {
    day(START);
    const r = await t.as.caseworker(c.jobcenterId).run(IssueDeadlineForLifecycleBooking, { input: { citizenId: c.id, bookBy } });
    expect(r.issueDeadline.userErrors).toEqual([]);
    return r.issueDeadline.deadline.id as string;
  }

  /** An INSURED_UNEMPLOYED member deregistered from 2026-03-11 for the deadline with bookBy 2026-03-10. */
  async function deregisteredInsured(j: Jobcenter = jc, over: Partial<Citizen> = {}, since = '2026-02-20') {
    const c = await citizen(over, j, since);
    const deadlineId = await issue(c);
    day('2026-03-11');
    await run('2026-03-11');
    return { c, deadlineId };
  }

  describe('RG-5, RG-6: re-registration and the immediate booking', () => {
    it('RG-5: with no free slot in the near days the citizen is registered without a booking and asked at the next login, from slots within 10 days', async () => {
      const j = await t.fx.jobcenter();
      const { c } = await deregisteredInsured(j);
      day('2026-03-20');
      const inTenDays = await t.fx.slot(j, '2026-03-28', '10:00');
      const r = await t.as.citizen(c.id).run(ReregisterForRegistration, { input: {} });
      expect(r.reregister).toMatchObject({ userErrors: [], citizen: { registered: true }, meeting: null, immediateBookingRequired: true, benefitGapDays: 9 });
      const s = await status(c);
      expect(s.immediateBookingRequired).toBe(true);
      expect(s.registration).toMatchObject({ registered: true, immediateBookingRequired: true, immediateBookingWindowTo: '2026-03-30' });
      expect(s.registration.offeredSlots).toEqual([{ id: inTenDays.id }]);
      // The window the booking service can take from the lifecycle, so the offered slot is bookable (RG-5: 10 days).
      const w = await immediateBookingWindowOf(t.ds.manager, (await t.ds.manager.findOneByOrFail(CitizenEntity, { id: c.id })), Temporal.PlainDate.from('2026-03-20'));
      expect(w && { from: w.from.toString(), to: w.to.toString(), immediate: w.immediate }).toEqual({ from: '2026-03-20', to: '2026-03-30', immediate: true });
      // The later run leaves the re-registered citizen registered.
      await run('2026-03-20');
      expect((await status(c)).registered).toBe(true);
    });

    it('RG-6: when the jobcenter re-registers, the immediate booking is demanded at the next login (10 days); the jobcenter cannot book for the citizen here', async () => {
      const { c } = await deregisteredInsured();
      day('2026-03-16');
      await t.fx.slot(jc, '2026-03-17', '10:00');
      const before = await t.fx.snapshot();
      const withSlot = await t.as.caseworker(jc.id).run(ReregisterForRegistration, { input: { citizenId: c.id, slotId: '00000000-0000-4000-8000-000000000001' } });
      expect(withSlot.reregister.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'slotId'] })]);
      const noId = await t.as.caseworker(jc.id).run(ReregisterForRegistration, { input: {} });
      expect(noId.reregister.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'citizenId'] })]);
      expect(await t.fx.snapshot()).toEqual(before);

      const r = await t.as.caseworker(jc.id).run(ReregisterForRegistration, { input: { citizenId: c.id } });
      expect(r.reregister).toMatchObject({ userErrors: [], registrationPeriod: { registeredFrom: '2026-03-16', registeredVia: 'JOBCENTER', benefitGapDays: 5 }, immediateBookingRequired: true });
      expect((await status(c)).registration).toMatchObject({ immediateBookingRequired: true, immediateBookingWindowTo: '2026-03-26' });
    });

    it('RG-6: the a-kasse re-registers its own member (not another fund\'s); the citizen re-registers only themselves; re-registering a registered citizen is refused', async () => {
      const { c } = await deregisteredInsured();
      const other = await deregisteredInsured(jc, { unemploymentFundId: (await t.fx.fund()).id });
      day('2026-03-12');
      const foreign = await t.as.fund(fund.id).run(ReregisterForRegistration, { input: { citizenId: other.c.id } });
      expect(foreign.reregister.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
      const notSelf = await t.as.citizen(c.id).run(ReregisterForRegistration, { input: { citizenId: other.c.id } });
      expect(notSelf.reregister.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
      const r = await t.as.fund(fund.id).run(ReregisterForRegistration, { input: { citizenId: c.id, idempotencyKey: 'ak-rereg-1' } });
      expect(r.reregister).toMatchObject({ userErrors: [], registrationPeriod: { registeredVia: 'UNEMPLOYMENT_FUND', benefitGapDays: 1 }, immediateBookingRequired: true });
      // A retry with the same key returns the first result; without it the citizen is already registered.
      const retry = await t.as.fund(fund.id).run(ReregisterForRegistration, { input: { citizenId: c.id, idempotencyKey: 'ak-rereg-1' } });
      expect(retry.reregister).toMatchObject({ userErrors: [], registrationPeriod: { registeredVia: 'UNEMPLOYMENT_FUND' } });
      const again = await t.as.fund(fund.id).run(ReregisterForRegistration, { input: { citizenId: c.id } });
      expect(again.reregister.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_REGISTERED' })]);
      const forbidden = await t.as.statistics().exec(ReregisterForRegistration, { input: { citizenId: c.id } });
      expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('RG-9 and LP-2/CC-8 at re-registration', () => {
    it('RG-9: re-registered when the next interview is a joint interview — no deadline becomes active, no immediate booking, and the citizen is on the call-in list', async () => {
      const j = await t.fx.jobcenter();
      const c = await citizen({}, j, '2026-01-05');
      await t.fx.meeting(c, '2026-02-03', '10:00', { status: 'HELD' });
      await t.fx.meeting(c, '2026-03-03', '10:00', { status: 'HELD' });
      const deadlineId = await issue(c);
      day('2026-03-11');
      await run('2026-03-11');
      day('2026-03-20');
      await t.fx.slot(j, '2026-03-21', '10:00');
      const r = await t.as.citizen(c.id).run(ReregisterForRegistration, { input: {} });
      expect(r.reregister).toMatchObject({
        userErrors: [], jointInterviewCallIn: true, immediateBookingRequired: false, meeting: null,
        closedDeadline: { id: deadlineId, status: 'CLOSED', closeReason: 'CALLED_IN_INSTEAD' },
      });
      const s = await status(c);
      expect(s.activeDeadline).toBeNull();
      expect(s.registration.immediateBookingRequired).toBe(false);
      const list = await t.as.caseworker(j.id).run(FollowUpListForRegistration, { jc: j.id, kind: 'JOINT_INTERVIEW_CALL_IN' });
      expect(list.followUpList.nodes).toContainEqual({ citizen: { id: c.id }, reason: 'JOINT_INTERVIEW_DUE' });
      // Once the jobcenter calls in to the joint interview, the citizen leaves the call-in list.
      await t.fx.meeting(c, '2026-03-30', '10:00', { type: 'JOINT_INTERVIEW' });
      const after = await t.as.caseworker(j.id).run(FollowUpListForRegistration, { jc: j.id, kind: 'JOINT_INTERVIEW_CALL_IN' });
      expect(after.followUpList.nodes.map((n: any) => n.citizen.id)).not.toContain(c.id);
    });

    it('LP-2/CC-8: another group re-registering 1 month or more after deregistration is not met with its expired deadline; before a month it must book', async () => {
      const late = await citizen({ targetGroup: 'JOB_READY_CASH_BENEFIT', unemploymentFundId: null });
      const early = await citizen({ targetGroup: 'JOB_READY_CASH_BENEFIT', unemploymentFundId: null });
      const lateDeadline = await issue(late, '2026-03-20');
      await issue(early, '2026-03-20');
      day('2026-03-05');
      // Deregistered for sickness (RG-8), which leaves the deadline running; a deregistration for employment would
      // close it (CZ-6), leaving nothing to lapse or to book at re-registration.
      for (const c of [late, early]) {
        expect((await t.as.caseworker(jc.id).run(ReportSicknessForRegistration, { input: { citizenId: c.id } })).reportSickness.userErrors).toEqual([]);
      }
      day('2026-04-04');
      const e = await t.as.citizen(early.id).run(ReportRecoveryForRegistration, { input: {} });
      expect(e.reportRecovery).toMatchObject({ userErrors: [], lapsedDeadline: null, immediateBookingRequired: true });
      day('2026-04-05');
      const l = await t.as.citizen(late.id).run(ReportRecoveryForRegistration, { input: {} });
      expect(l.reportRecovery).toMatchObject({ userErrors: [], lapsedDeadline: { id: lateDeadline }, immediateBookingRequired: false });
      expect((await status(late)).registration.immediateBookingRequired).toBe(false);
    });
  });

  it('TG-3/CC-8: after re-registration INSURED_UNEMPLOYED resume their contact course where they left off; another group deregistered 1 month or more starts over', async () => {
    const { c } = await deregisteredInsured();
    day('2026-03-25');
    const slot = await t.fx.slot(jc, '2026-03-26', '15:00');
    expect((await t.as.citizen(c.id).run(ReregisterForRegistration, { input: { slotId: slot.id } })).reregister.userErrors).toEqual([]);
    // Registered 2026-02-20 … 2026-03-10 (19 days), deregistered 2026-03-11 … 2026-03-24: those days do not count.
    expect((await t.as.caseworker(jc.id).run(CitizenContactCourseForRegistration, { id: c.id })).citizen.contactCourse).toEqual({ measure: 'CUMULATIVE', unemployedSince: '2026-02-20', unemploymentDays: 19 });

    const cash = await citizen({ targetGroup: 'JOB_READY_CASH_BENEFIT', unemploymentFundId: null });
    day('2026-03-05');
    expect((await t.as.caseworker(jc.id).run(DeregisterCitizenForRegistration, { input: { citizenId: cash.id, reason: 'EMPLOYMENT' } })).deregisterCitizen.userErrors).toEqual([]);
    day('2026-04-06');
    expect((await t.as.citizen(cash.id).run(ReregisterForRegistration, { input: {} })).reregister.userErrors).toEqual([]);
    expect((await t.as.caseworker(jc.id).run(CitizenContactCourseForRegistration, { id: cash.id })).citizen.contactCourse).toEqual({ measure: 'CONTINUOUS', unemployedSince: '2026-04-06', unemploymentDays: 0 });
  });

  it('RG-1/actors: the a-kasse reads its member\'s registration and periods (with the outage flag), not sanctions (SA-3) or the wage-subsidy flag', async () => {
    const { c } = await deregisteredInsured();
    const periods = await t.as.fund(fund.id).run(CitizenRegisteredRegistrationPeriods, { id: c.id });
    expect(periods.citizen).toEqual({ registered: false, registrationPeriods: [{ deregisteredFrom: '2026-03-11', deregistrationReason: 'MISSED_DEADLINE', systemOutage: false }] });
    const reg = await t.as.fund(fund.id).run(CitizenRegistration, { id: c.id });
    expect(reg.citizen.registration).toEqual({ registered: false, deregistrationReason: 'MISSED_DEADLINE', systemOutage: false });
    for (const field of ['sanctionAssessments { id }', 'wageSubsidy']) {
      // A string on purpose: one document per guarded field (a probe of each field's guard).
      const r = await t.gql(as.fund(fund.id), `query($id: ID!) { citizen(id: $id) { ${field} } }`, { id: c.id });
      expect([field, r.errors?.[0]?.extensions?.code]).toEqual([field, 'FORBIDDEN']);
    }
    const stranger = await t.as.fund((await t.fx.fund()).id).exec(CitizenRegistrationPeriods, { id: c.id });
    expect(stranger.data?.citizen ?? null).toBeNull();
  });

  describe('RG-8: sickness and recovery', () => {
    it('RG-8: a sickness report deregisters for sickness (a-kasse informed); re-registration is by recovery report, and an expired deadline then demands an immediate booking', async () => {
      const c = await citizen();
      await issue(c, '2026-03-12');
      day('2026-03-05');
      const s = await t.as.citizen(c.id).run(ReportSicknessForRegistration, { input: {} });
      expect(s.reportSickness).toMatchObject({ userErrors: [], citizen: { registered: false }, registrationPeriod: { deregisteredFrom: '2026-03-05', deregistrationReason: 'SICKNESS', deregisteredVia: 'JOBNET' } });
      const ev = await t.ds.query(`SELECT type, payload FROM domain_event WHERE citizen_id = $1 AND type = 'DEREGISTERED'`, [c.id]);
      expect(ev).toEqual([expect.objectContaining({ payload: expect.objectContaining({ reason: 'SICKNESS', via: 'JOBNET' }) })]);

      // The deadline expires during the sickness: no second deregistration (RG-1 applies to registered citizens only).
      day('2026-03-13');
      await run('2026-03-13');
      expect((await status(c)).registrationPeriods).toHaveLength(1);
      // While sick the booking waits for the recovery report (RG-8); it is then a condition of re-registering (RG-5).
      expect((await status(c)).registration).toMatchObject({ immediateBookingRequired: false, immediateBookingRequiredAtReregistration: true });
      const refused = await t.as.citizen(c.id).run(ReregisterForRegistration, { input: {} });
      expect(refused.reregister.userErrors).toEqual([expect.objectContaining({ code: 'DEREGISTERED_FOR_SICKNESS' })]);

      day('2026-03-16');
      const slot = await t.fx.slot(jc, '2026-03-18', '10:00');
      const noBooking = await t.as.citizen(c.id).run(ReportRecoveryForRegistration, { input: {} });
      expect(noBooking.reportRecovery.userErrors).toEqual([expect.objectContaining({ code: 'IMMEDIATE_BOOKING_REQUIRED' })]);
      // Issue 15 item 10: the rule that applies after sickness is RG-8, not RG-5.
      expect(noBooking.reportRecovery.userErrors[0].message).toMatch(/^RG-8: the deadline with bookBy 2026-03-12 expired during the sickness/);
      const r = await t.as.citizen(c.id).run(ReportRecoveryForRegistration, { input: { slotId: slot.id } });
      expect(r.reportRecovery).toMatchObject({
        userErrors: [], citizen: { registered: true }, registrationPeriod: { registeredVia: 'JOBNET', recoveryReport: true, benefitGapDays: 11 },
        meeting: { id: expect.any(String) }, immediateBookingRequired: false,
      });
      expect((await status(c)).activeDeadline).toMatchObject({ status: 'BOOKED' });
    });

    it('RG-8: the a-kasse registers recovery for an INSURED_UNEMPLOYED member (booking at next login), not for other groups; the jobcenter may for anyone', async () => {
      const insured = await citizen();
      const cash = await citizen({ targetGroup: 'JOB_READY_CASH_BENEFIT' });
      await issue(insured, '2026-03-10');
      day('2026-03-04');
      for (const c of [insured, cash]) expect((await t.as.caseworker(jc.id).run(ReportSicknessForRegistration, { input: { citizenId: c.id } })).reportSickness.userErrors).toEqual([]);
      day('2026-03-20');
      await run('2026-03-20');
      const r = await t.as.fund(fund.id).run(ReportRecoveryForRegistration, { input: { citizenId: insured.id } });
      expect(r.reportRecovery).toMatchObject({ userErrors: [], registrationPeriod: { registeredVia: 'UNEMPLOYMENT_FUND', recoveryReport: true }, immediateBookingRequired: true });
      expect((await status(insured)).registration).toMatchObject({ immediateBookingRequired: true, immediateBookingWindowTo: '2026-03-30' });
      const notAllowed = await t.as.fund(fund.id).run(ReportRecoveryForRegistration, { input: { citizenId: cash.id } });
      expect(notAllowed.reportRecovery.userErrors).toEqual([expect.objectContaining({ code: 'NOT_ALLOWED' })]);
      const byJobcenter = await t.as.caseworker(jc.id).run(ReportRecoveryForRegistration, { input: { citizenId: cash.id } });
      expect(byJobcenter.reportRecovery).toMatchObject({ userErrors: [], registrationPeriod: { registeredVia: 'JOBCENTER', recoveryReport: true } });
      const notSick = await t.as.caseworker(jc.id).run(ReportRecoveryForRegistration, { input: { citizenId: cash.id } });
      expect(notSick.reportRecovery.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_REGISTERED', message: expect.stringMatching(/^RG-8: /) })]);
    });

    it('RG-8/TG-4: JOB_CLARIFICATION and persons employed with wage subsidy are not deregistered for sickness; the a-kasse cannot report sickness', async () => {
      const jcl = await citizen({ targetGroup: 'JOB_CLARIFICATION' });
      const wage = await citizen();
      expect((await t.as.caseworker(jc.id).run(SetWageSubsidy, { input: { citizenId: wage.id, wageSubsidy: true } })).setWageSubsidy).toMatchObject({ userErrors: [], citizen: { wageSubsidy: true } });
      const before = await t.fx.snapshot();
      for (const c of [jcl, wage]) {
        const r = await t.as.citizen(c.id).run(ReportSicknessForRegistration, { input: {} });
        expect(r.reportSickness.userErrors).toEqual([expect.objectContaining({ code: 'SICKNESS_DOES_NOT_DEREGISTER' })]);
        expect(r.reportSickness.userErrors[0].message).toMatch(/^RG-8/);
      }
      expect(await t.fx.snapshot()).toEqual(before);
      const fundSick = await t.as.fund(fund.id).exec(ReportSicknessForRegistration, { input: { citizenId: wage.id } });
      expect(fundSick.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const recover = await t.as.citizen(wage.id).run(ReportRecoveryForRegistration, { input: {} });
      expect(recover.reportRecovery.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_REGISTERED' })]);
    });
  });

  describe('deregistration by the jobcenter', () => {
    it('CZ-6: the jobcenter deregisters for employment or another reason (with a note); not JOB_CLARIFICATION (TG-4); not twice', async () => {
      const c = await citizen();
      const jcl = await citizen({ targetGroup: 'JOB_CLARIFICATION' });
      day('2026-03-05');
      const noNote = await t.as.caseworker(jc.id).run(DeregisterCitizenForRegistration, { input: { citizenId: c.id, reason: 'OTHER' } });
      expect(noNote.deregisterCitizen.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'note'], message: expect.stringMatching(/^CZ-6: /) })]);
      const r = await t.as.caseworker(jc.id).run(DeregisterCitizenForRegistration, { input: { citizenId: c.id, reason: 'OTHER', note: 'moved abroad' } });
      expect(r.deregisterCitizen).toMatchObject({ userErrors: [], registrationPeriod: { deregisteredFrom: '2026-03-05', deregistrationReason: 'OTHER', deregisteredVia: 'JOBCENTER', deregistrationNote: 'moved abroad' } });
      const twice = await t.as.caseworker(jc.id).run(DeregisterCitizenForRegistration, { input: { citizenId: c.id, reason: 'EMPLOYMENT' } });
      expect(twice.deregisterCitizen.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_DEREGISTERED', message: expect.stringMatching(/^CZ-6: /) })]);
      const clar = await t.as.caseworker(jc.id).run(DeregisterCitizenForRegistration, { input: { citizenId: jcl.id, reason: 'EMPLOYMENT' } });
      expect(clar.deregisterCitizen.userErrors).toEqual([expect.objectContaining({ code: 'NOT_A_JOB_SEEKER' })]);
      const asCitizen = await t.as.citizen(c.id).exec(DeregisterCitizenForRegistration, { input: { citizenId: c.id, reason: 'EMPLOYMENT' } });
      expect(asCitizen.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      // RG-3 on the periods: re-registered 3 days later.
      day('2026-03-08');
      await t.as.citizen(c.id).run(ReregisterForRegistration, { input: {} });
      expect((await status(c)).registrationPeriods.map((p: any) => p.benefitGapDays)).toEqual([null, 3]);
    });
  });
});
