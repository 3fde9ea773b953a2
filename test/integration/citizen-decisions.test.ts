import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter } from '../../src/entities';
import { BookSlotForCitizenDecisions, CitizenOverviewForCitizenDecisions, ExemptFromSelfBookingForCitizenDecisions, IssueDeadlineForCitizenDecisions, JobcenterRebookingCutoffHours, RegisterHoliday, RevokeSelfBookingRightForCitizenDecisions, type RevokeSelfBookingRightInput, SetLessIntensiveEffort, SetRebookingCutoff } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00';

const FORMAL = { justification: 'Books by phone against the agreement, 3 times since January', complaintGuidance: 'You may complain to Ankestyrelsen within 4 weeks' };

describe('citizen decisions: exemption, revocation, holidays, less intensive effort; jobcenter rebooking cutoff', () => {
  const t = withApp({ now: NOW, resetClock: true });
  let jc: Jobcenter;
  let cw: ReturnType<typeof as.caseworker>;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    cw = as.caseworker(jc.id);
  });

  const citizen = (over: Partial<Citizen> = {}) => t.fx.citizen(jc, over);
  const issue = async (c: Citizen, bookBy = '2026-03-10') => (await t.as(cw).run(IssueDeadlineForCitizenDecisions, { input: { citizenId: c.id, bookBy } })).issueDeadline;
  const events = async (citizenId: string) =>
    (await t.ds.query(`SELECT type, payload FROM domain_event WHERE citizen_id = $1 ORDER BY seq`, [citizenId])) as { type: string; payload: Record<string, unknown> }[];

  /** DL-5 and SL-7, through GraphQL: no deadline can be issued and the citizen cannot book. */
  async function expectNoSelfBooking(c: Citizen, code: 'CITIZEN_EXEMPTED' | 'CITIZEN_REVOKED') {
    const issued = await issue(c, '2026-03-12');
    expect(issued.deadline).toBeNull();
    expect(issued.userErrors).toEqual([expect.objectContaining({ code, message: expect.stringMatching(/^DL-5/) })]);
    const slot = await t.fx.slot(jc, '2026-03-06', '13:00');
    const booked = await t.as.citizen(c.id).run(BookSlotForCitizenDecisions, { input: { slotId: slot.id } });
    expect(booked.bookSlot.meeting).toBeNull();
    expect(booked.bookSlot.userErrors).toEqual([expect.objectContaining({ code, message: expect.stringMatching(/^SL-7/) })]);
  }

  describe('exemptFromSelfBooking', () => {
    it('EX-1/EX-4: records the exemption and its reason without a formal decision, and closes the active deadline (EXEMPTED)', async () => {
      const c = await citizen();
      const d = (await issue(c)).deadline;
      const r = (await t.as(cw).run(ExemptFromSelfBookingForCitizenDecisions, { input: { citizenId: c.id, reason: 'POOR_IT_SKILLS', note: 'Has never used a computer' } })).exemptFromSelfBooking;
      expect(r.userErrors).toEqual([]);
      expect(r.decision).toMatchObject({
        kind: 'EXEMPTION', reason: 'POOR_IT_SKILLS: Has never used a computer', justification: null, complaintGuidance: null,
        formalDecision: false, decidedOn: '2026-03-02',
      });
      expect(r.citizen).toEqual({ id: c.id, selfBookingRight: 'EXEMPTED' });
      expect(r.closedDeadline).toMatchObject({ id: d.id, status: 'CLOSED', closeReason: 'EXEMPTED' });
      expect(r.closedDeadline.history[1]).toEqual({
        actor: `caseworker:${jc.id}:cw-1`, action: 'CLOSED', fromStatus: 'OPEN', toStatus: 'CLOSED',
        reason: 'EXEMPTED: EX-4: exempted from self-booking (POOR_IT_SKILLS)',
      });
      const seen = (await t.as(cw).run(CitizenOverviewForCitizenDecisions, { id: c.id })).citizen;
      expect(seen).toMatchObject({ selfBookingRight: 'EXEMPTED', activeDeadline: null, selfBookingDecisions: [{ kind: 'EXEMPTION', formalDecision: false }] });
      const types = (await events(c.id)).map((e) => e.type);
      expect(types).toContain('SELF_BOOKING_EXEMPTED');
      expect(types).not.toContain('LETTER_DECISION');
    });

    it('EX-1/DL-5/SL-7: after an exemption, issueDeadline and bookSlot are refused', async () => {
      const c = await citizen();
      await issue(c);
      expect((await t.as(cw).run(ExemptFromSelfBookingForCitizenDecisions, { input: { citizenId: c.id, reason: 'LANGUAGE_BARRIER' } })).exemptFromSelfBooking.userErrors).toEqual([]);
      await expectNoSelfBooking(c, 'CITIZEN_EXEMPTED');
    });

    it('EX-2: when the citizen disagrees, a formal decision needs a justification and complaint guidance; without them nothing changes', async () => {
      const c = await citizen();
      await issue(c);
      const before = await t.fx.snapshot();
      const noJust = (await t.as(cw).run(ExemptFromSelfBookingForCitizenDecisions, { input: { citizenId: c.id, reason: 'DISABILITY', citizenDisagrees: true, complaintGuidance: FORMAL.complaintGuidance } })).exemptFromSelfBooking;
      expect(noJust.userErrors).toEqual([{ code: 'FORMAL_DECISION_REQUIRED', message: expect.stringMatching(/^EX-2: .*justification/), field: ['input', 'justification'] }]);
      const noGuide = (await t.as(cw).run(ExemptFromSelfBookingForCitizenDecisions, { input: { citizenId: c.id, reason: 'DISABILITY', citizenDisagrees: true, justification: FORMAL.justification, complaintGuidance: ' ' } })).exemptFromSelfBooking;
      expect(noGuide.userErrors).toEqual([{ code: 'FORMAL_DECISION_REQUIRED', message: expect.stringMatching(/^EX-2: .*complaint guidance/), field: ['input', 'complaintGuidance'] }]);
      expect(await t.fx.snapshot()).toEqual(before);

      const r = (await t.as(cw).run(ExemptFromSelfBookingForCitizenDecisions, { input: { citizenId: c.id, reason: 'DISABILITY', citizenDisagrees: true, ...FORMAL } })).exemptFromSelfBooking;
      expect(r.userErrors).toEqual([]);
      expect(r.decision).toMatchObject({ kind: 'EXEMPTION', formalDecision: true, ...FORMAL });
      expect(r.closedDeadline.closeReason).toBe('EXEMPTED');
      const letter = (await events(c.id)).find((e) => e.type === 'LETTER_DECISION');
      expect(letter?.payload).toMatchObject({ decisionId: r.decision.id, kind: 'EXEMPTION', ...FORMAL });
    });

    it('EX-4: an exemption with a booked interview closes the deadline; the planned interview stays (the citizen attends it)', async () => {
      const c = await citizen();
      const d = (await issue(c)).deadline;
      const slot = await t.fx.slot(jc, '2026-03-09', '09:30');
      const booked = await t.as.citizen(c.id).run(BookSlotForCitizenDecisions, { input: { slotId: slot.id } });
      const r = (await t.as(cw).run(ExemptFromSelfBookingForCitizenDecisions, { input: { citizenId: c.id, reason: 'SPECIAL_PREMISES' } })).exemptFromSelfBooking;
      expect(r.closedDeadline).toMatchObject({ id: d.id, closeReason: 'EXEMPTED' });
      expect(r.closedDeadline.history[2]).toMatchObject({ fromStatus: 'BOOKED', toStatus: 'CLOSED' });
      expect((await t.as(cw).run(CitizenOverviewForCitizenDecisions, { id: c.id })).citizen.plannedMeetings).toEqual([{ id: booked.bookSlot.meeting.id, status: 'PLANNED' }]);
    });

    it('EX-1: without an active deadline nothing is closed; exempting twice is ALREADY_EXEMPTED; a revoked citizen is ALREADY_REVOKED', async () => {
      const c = await citizen();
      const r = (await t.as(cw).run(ExemptFromSelfBookingForCitizenDecisions, { input: { citizenId: c.id, reason: 'INTERPRETER' } })).exemptFromSelfBooking;
      expect(r.closedDeadline).toBeNull();
      const revoked = await citizen({ selfBookingRight: 'REVOKED' });
      const before = await t.fx.snapshot();
      const twice = (await t.as(cw).run(ExemptFromSelfBookingForCitizenDecisions, { input: { citizenId: c.id, reason: 'INTERPRETER' } })).exemptFromSelfBooking;
      expect(twice.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_EXEMPTED', message: expect.stringMatching(/^EX-1/) })]);
      const onRevoked = (await t.as(cw).run(ExemptFromSelfBookingForCitizenDecisions, { input: { citizenId: revoked.id, reason: 'INTERPRETER' } })).exemptFromSelfBooking;
      expect(onRevoked.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_REVOKED' })]);
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('EX-1: only the citizen\'s own jobcenter may exempt (NOT_FOUND elsewhere; FORBIDDEN for citizens and a-kasser)', async () => {
      const fund = await t.fx.fund();
      const c = await citizen({ unemploymentFundId: fund.id });
      const before = await t.fx.snapshot();
      const other = await t.as.caseworker((await t.fx.jobcenter()).id).run(ExemptFromSelfBookingForCitizenDecisions, { input: { citizenId: c.id, reason: 'POOR_IT_SKILLS' } });
      expect(other.exemptFromSelfBooking.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'citizenId'] })]);
      for (const actor of [as.citizen(c.id), as.fund(fund.id)]) {
        const r = await t.as(actor).exec(ExemptFromSelfBookingForCitizenDecisions, { input: { citizenId: c.id, reason: 'POOR_IT_SKILLS' } });
        expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      expect(await t.fx.snapshot()).toEqual(before);
    });
  });

  describe('revokeSelfBookingRight', () => {
    it('EX-3/EX-4: always a formal decision with a letter; closes the active deadline (REVOKED); then issueDeadline and bookSlot are refused', async () => {
      const c = await citizen();
      const d = (await issue(c)).deadline;
      const r = (await t.as(cw).run(RevokeSelfBookingRightForCitizenDecisions, { input: { citizenId: c.id, reason: 'Repeated booking in other ways than agreed', ...FORMAL } })).revokeSelfBookingRight;
      expect(r.userErrors).toEqual([]);
      expect(r.decision).toMatchObject({ kind: 'REVOCATION', reason: 'Repeated booking in other ways than agreed', formalDecision: true, ...FORMAL });
      expect(r.citizen.selfBookingRight).toBe('REVOKED');
      expect(r.closedDeadline).toMatchObject({ id: d.id, status: 'CLOSED', closeReason: 'REVOKED' });
      const ev = await events(c.id);
      expect(ev.find((e) => e.type === 'SELF_BOOKING_REVOKED')?.payload).toMatchObject({ decisionId: r.decision.id, closedDeadlineId: d.id });
      expect(ev.find((e) => e.type === 'LETTER_DECISION')?.payload).toMatchObject({ kind: 'REVOCATION', ...FORMAL });
      await expectNoSelfBooking(c, 'CITIZEN_REVOKED');
    });

    it('EX-3: a blank justification or complaint guidance is FORMAL_DECISION_REQUIRED, a blank reason INVALID_INPUT; nothing changes', async () => {
      const c = await citizen();
      await issue(c);
      const before = await t.fx.snapshot();
      const cases: [Omit<RevokeSelfBookingRightInput, 'citizenId'>, string, string][] = [
        [{ reason: 'Police must attend', justification: ' ', complaintGuidance: FORMAL.complaintGuidance }, 'FORMAL_DECISION_REQUIRED', 'justification'],
        [{ reason: 'Police must attend', justification: FORMAL.justification, complaintGuidance: '' }, 'FORMAL_DECISION_REQUIRED', 'complaintGuidance'],
        [{ reason: '  ', ...FORMAL }, 'INVALID_INPUT', 'reason'],
      ];
      for (const [input, code, field] of cases) {
        const r = (await t.as(cw).run(RevokeSelfBookingRightForCitizenDecisions, { input: { citizenId: c.id, ...input } })).revokeSelfBookingRight;
        expect(r.userErrors).toEqual([{ code, message: expect.stringMatching(/^EX-3/), field: ['input', field] }]);
      }
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('EX-3: an exempted citizen may be revoked (the formal decision replaces the exemption); revoking twice is ALREADY_REVOKED', async () => {
      const c = await citizen({ selfBookingRight: 'EXEMPTED' });
      const r = (await t.as(cw).run(RevokeSelfBookingRightForCitizenDecisions, { input: { citizenId: c.id, reason: 'Ban on attendance', ...FORMAL } })).revokeSelfBookingRight;
      expect(r.citizen.selfBookingRight).toBe('REVOKED');
      expect(r.closedDeadline).toBeNull();
      const again = (await t.as(cw).run(RevokeSelfBookingRightForCitizenDecisions, { input: { citizenId: c.id, reason: 'Ban on attendance', ...FORMAL } })).revokeSelfBookingRight;
      expect(again.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_REVOKED' })]);
    });

    it('EX-3: a retry with the same idempotency key returns the first decision and records no second one', async () => {
      const c = await citizen();
      const input = { citizenId: c.id, reason: 'Ban on attendance', ...FORMAL, idempotencyKey: 'rev-1' };
      const first = (await t.as(cw).run(RevokeSelfBookingRightForCitizenDecisions, { input })).revokeSelfBookingRight;
      const retry = (await t.as(cw).run(RevokeSelfBookingRightForCitizenDecisions, { input })).revokeSelfBookingRight;
      expect(retry.userErrors).toEqual([]);
      expect(retry.decision.id).toBe(first.decision.id);
      expect((await t.as(cw).run(CitizenOverviewForCitizenDecisions, { id: c.id })).citizen.selfBookingDecisions).toHaveLength(1);
    });
  });

  describe('registerHoliday', () => {
    it('DL-6: counts when notified (today, by default) exactly 14 days before it starts; not 13 days before', async () => {
      const c = await citizen();
      const h14 = (await t.as(cw).run(RegisterHoliday, { input: { citizenId: c.id, startDate: '2026-03-16', endDate: '2026-03-20' } })).registerHoliday;
      expect(h14.userErrors).toEqual([]);
      expect(h14.holiday).toMatchObject({ kind: 'HOLIDAY', startDate: '2026-03-16', endDate: '2026-03-20', notifiedOn: '2026-03-02', counts: true });
      const h13 = (await t.as(cw).run(RegisterHoliday, { input: { citizenId: c.id, startDate: '2026-03-15', endDate: '2026-03-15' } })).registerHoliday;
      expect(h13.holiday).toMatchObject({ startDate: '2026-03-15', endDate: '2026-03-15', counts: false });
      expect((await t.as(cw).run(CitizenOverviewForCitizenDecisions, { id: c.id })).citizen.holidays).toEqual([
        { startDate: '2026-03-15', endDate: '2026-03-15', counts: false },
        { startDate: '2026-03-16', endDate: '2026-03-20', counts: true },
      ]);
    });

    it('DL-6: endDate before startDate, or a notice dated after today, is INVALID_INPUT and changes nothing', async () => {
      const c = await citizen();
      const before = await t.fx.snapshot();
      const back = (await t.as(cw).run(RegisterHoliday, { input: { citizenId: c.id, startDate: '2026-03-20', endDate: '2026-03-19' } })).registerHoliday;
      expect(back.userErrors).toEqual([{ code: 'INVALID_INPUT', message: expect.stringMatching(/^DL-6: endDate 2026-03-19 is before startDate 2026-03-20/), field: ['input', 'endDate'] }]);
      const future = (await t.as(cw).run(RegisterHoliday, { input: { citizenId: c.id, startDate: '2026-04-20', endDate: '2026-04-24', notifiedOn: '2026-03-03' } })).registerHoliday;
      expect(future.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'notifiedOn'] })]);
      const other = await t.as.caseworker((await t.fx.jobcenter()).id).run(RegisterHoliday, { input: { citizenId: c.id, startDate: '2026-04-20', endDate: '2026-04-24' } });
      expect(other.registerHoliday.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('DL-6: a holiday across 29 February notified on 15 February (14 days before 29 February) counts', async () => {
      t.clock.set('2028-02-20T09:00:00+01:00');
      const c = await citizen();
      const h = (await t.as(cw).run(RegisterHoliday, { input: { citizenId: c.id, startDate: '2028-02-29', endDate: '2028-03-03', notifiedOn: '2028-02-15' } })).registerHoliday;
      expect(h.holiday.counts).toBe(true);
      const late = (await t.as(cw).run(RegisterHoliday, { input: { citizenId: c.id, startDate: '2028-02-29', endDate: '2028-03-03', notifiedOn: '2028-02-16' } })).registerHoliday;
      expect(late.holiday.counts).toBe(false);
    });
  });

  describe('setLessIntensiveEffort', () => {
    it('TG-5: without an override the active deadline is closed (LESS_INTENSIVE_EFFORT) and no new deadline may be issued', async () => {
      const c = await citizen();
      const d = (await issue(c)).deadline;
      const r = (await t.as(cw).run(SetLessIntensiveEffort, { input: { citizenId: c.id, lessIntensive: true } })).setLessIntensiveEffort;
      expect(r.userErrors).toEqual([]);
      expect(r.citizen).toEqual({ id: c.id, lessIntensiveEffort: true, lessIntensiveOverrideJustification: null, activeDeadline: null });
      expect(r.closedDeadline).toMatchObject({ id: d.id, status: 'CLOSED', closeReason: 'LESS_INTENSIVE_EFFORT' });
      expect(r.closedDeadline.history[1].reason).toMatch(/^LESS_INTENSIVE_EFFORT: TG-5/);
      const refused = await issue(c, '2026-03-12');
      expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'LESS_INTENSIVE_EFFORT' })]);
    });

    it('TG-5: with a § 106(3) justification the duty stays: the deadline is kept and new ones may be issued', async () => {
      const c = await citizen();
      const d = (await issue(c)).deadline;
      const justification = 'Continued interviews benefit the person (§ 106(3))';
      const r = (await t.as(cw).run(SetLessIntensiveEffort, { input: { citizenId: c.id, lessIntensive: true, overrideJustification: justification } })).setLessIntensiveEffort;
      expect(r.userErrors).toEqual([]);
      expect(r.citizen).toEqual({ id: c.id, lessIntensiveEffort: true, lessIntensiveOverrideJustification: justification, activeDeadline: { id: d.id } });
      expect(r.closedDeadline).toBeNull();
      expect((await issue(c, '2026-03-12')).userErrors).toEqual([]);
    });

    it('TG-5: dropping the override later closes the active deadline', async () => {
      const c = await citizen({ lessIntensiveEffort: true, lessIntensiveOverrideJustification: 'benefits the person' });
      const d = (await issue(c)).deadline;
      const r = (await t.as(cw).run(SetLessIntensiveEffort, { input: { citizenId: c.id, lessIntensive: true } })).setLessIntensiveEffort;
      expect(r.closedDeadline).toMatchObject({ id: d.id, closeReason: 'LESS_INTENSIVE_EFFORT' });
      expect(r.citizen.lessIntensiveOverrideJustification).toBeNull();
    });

    it('TG-5: refused with INTERVIEW_PLANNED while a job interview is planned today or later, saying to cancel it first; nothing changes', async () => {
      const c = await citizen();
      await issue(c);
      const slot = await t.fx.slot(jc, '2026-03-05', '10:00');
      expect((await t.as.citizen(c.id).run(BookSlotForCitizenDecisions, { input: { slotId: slot.id } })).bookSlot.userErrors).toEqual([]);
      const joint = await citizen();
      await t.fx.meeting(joint, '2026-03-02', '15:00', { type: 'JOINT_INTERVIEW' });

      const before = await t.fx.snapshot();
      const r = (await t.as(cw).run(SetLessIntensiveEffort, { input: { citizenId: c.id, lessIntensive: true } })).setLessIntensiveEffort;
      expect(r.citizen).toBeNull();
      expect(r.userErrors).toEqual([{
        code: 'INTERVIEW_PLANNED', field: ['input', 'lessIntensive'],
        message: expect.stringMatching(/^TG-5: the citizen has a job interview planned on 2026-03-05; .*Cancel the meeting first/),
      }]);
      const j = (await t.as(cw).run(SetLessIntensiveEffort, { input: { citizenId: joint.id, lessIntensive: true } })).setLessIntensiveEffort;
      expect(j.userErrors).toEqual([expect.objectContaining({ code: 'INTERVIEW_PLANNED', message: expect.stringMatching(/joint interview planned on 2026-03-02/) })]);
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('TG-5: a planned follow-up, or an interview on a past day awaiting its outcome, does not block', async () => {
      const a = await citizen();
      await t.fx.meeting(a, '2026-03-04', '10:00', { type: 'FOLLOW_UP' });
      expect((await t.as(cw).run(SetLessIntensiveEffort, { input: { citizenId: a.id, lessIntensive: true } })).setLessIntensiveEffort.userErrors).toEqual([]);
      const b = await citizen();
      await t.fx.meeting(b, '2026-03-01', '10:00', { type: 'JOB_INTERVIEW' });
      expect((await t.as(cw).run(SetLessIntensiveEffort, { input: { citizenId: b.id, lessIntensive: true } })).setLessIntensiveEffort.userErrors).toEqual([]);
    });

    it('TG-5: an override needs real text and applies only under less intensive effort; clearing removes it', async () => {
      const c = await citizen({ lessIntensiveEffort: true, lessIntensiveOverrideJustification: 'old' });
      const before = await t.fx.snapshot();
      const blank = (await t.as(cw).run(SetLessIntensiveEffort, { input: { citizenId: c.id, lessIntensive: true, overrideJustification: '  ' } })).setLessIntensiveEffort;
      expect(blank.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'overrideJustification'] })]);
      const stray = (await t.as(cw).run(SetLessIntensiveEffort, { input: { citizenId: c.id, lessIntensive: false, overrideJustification: 'x' } })).setLessIntensiveEffort;
      expect(stray.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/^TG-5/) })]);
      expect(await t.fx.snapshot()).toEqual(before);
      const cleared = (await t.as(cw).run(SetLessIntensiveEffort, { input: { citizenId: c.id, lessIntensive: false } })).setLessIntensiveEffort;
      expect(cleared.citizen).toMatchObject({ lessIntensiveEffort: false, lessIntensiveOverrideJustification: null });
      expect((await issue(c)).userErrors).toEqual([]);
    });
  });

  describe('setRebookingCutoff', () => {
    const jobcenterRow = async (id: string) => (await t.ds.query(`SELECT rebooking_cutoff_hours FROM jobcenter WHERE id = $1`, [id]))[0].rebooking_cutoff_hours;

    it('SL-4: staff of the jobcenter set 0–336 hours, or null to remove the cutoff', async () => {
      const own = await t.fx.jobcenter();
      for (const hours of [24, 0, 336, null]) {
        const r = (await t.as.integration(own.id).run(SetRebookingCutoff, { input: { jobcenterId: own.id, hours } })).setRebookingCutoff;
        expect(r).toEqual({ jobcenter: { id: own.id, rebookingCutoffHours: hours }, userErrors: [] });
        expect(await jobcenterRow(own.id)).toBe(hours);
      }
      const seen = await t.as.caseworker(own.id).run(JobcenterRebookingCutoffHours, { id: own.id });
      expect(seen.jobcenter.rebookingCutoffHours).toBeNull();
    });

    it('SL-4: -1 and 337 hours are INVALID_INPUT and change nothing', async () => {
      const own = await t.fx.jobcenter({ rebookingCutoffHours: 48 });
      for (const hours of [-1, 337]) {
        const r = (await t.as.caseworker(own.id).run(SetRebookingCutoff, { input: { jobcenterId: own.id, hours } })).setRebookingCutoff;
        expect(r).toEqual({ jobcenter: null, userErrors: [{ code: 'INVALID_INPUT', message: expect.stringMatching(/^SL-4: .*0–336 hours/), field: ['input', 'hours'] }] });
      }
      expect(await jobcenterRow(own.id)).toBe(48);
    });

    it('SL-4: staff of another jobcenter, citizens and a-kasser are FORBIDDEN; nothing changes', async () => {
      const own = await t.fx.jobcenter({ rebookingCutoffHours: 12 });
      const c = await t.fx.citizen(own);
      const fund = await t.fx.fund();
      for (const actor of [as.caseworker(jc.id), as.citizen(c.id), as.fund(fund.id), as.statistics()]) {
        const r = await t.as(actor).exec(SetRebookingCutoff, { input: { jobcenterId: own.id, hours: 1 } });
        expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      expect((await t.as.anonymous().exec(SetRebookingCutoff, { input: { jobcenterId: own.id, hours: 1 } })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(await jobcenterRow(own.id)).toBe(12);
    });
  });
});
