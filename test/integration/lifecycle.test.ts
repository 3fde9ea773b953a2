import { Temporal } from 'temporal-polyfill';
import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { BookSlotForLifecycle, CitizenOverviewForLifecycle, DecideSanctionAssessmentForLifecycle, FollowUpListForLifecycle, IssueDeadlineForLifecycle, RecordSystemOutageForLifecycle, ReregisterForLifecycle, UnemploymentFundEventsForLifecycle } from '../support/operations';

/**
 * Whole stories driven by the clock and the daily transition run (DL-7, DL-8, DL-11, RG-1 … RG-7, LP-1, LP-2,
 * SA-1 … SA-3, EV-1, EV-2, ST-2). The run is called as the scheduler and the command call it
 * (LifecycleService.runDailyTransitions); everything else goes through GraphQL.
 */

const START = '2026-03-02';

describe('lifecycle: the daily transitions through whole stories', () => {
  const t = withApp({ now: `${START}T09:00:00+01:00`, resetClock: START });
  let jc: Jobcenter;
  let fund: UnemploymentFund;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    fund = await t.fx.fund();
  });

  const day = (d: string, time = '09:00') => t.clock.set(Temporal.PlainDate.from(d).toZonedDateTime({ timeZone: 'Europe/Copenhagen', plainTime: time }).toInstant());
  const run = (d: string) => t.app.contextFor(as.anonymous()).services.lifecycle.runDailyTransitions({ date: Temporal.PlainDate.from(d), clock: t.clock });
  const read = async (c: Citizen) => (await t.as.caseworker(c.jobcenterId).run(CitizenOverviewForLifecycle, { id: c.id })).citizen;
  const events = (c: Citizen) => t.ds.query(`SELECT type, payload FROM domain_event WHERE citizen_id = $1 ORDER BY seq`, [c.id]) as Promise<{ type: string; payload: any }[]>;

  /** A registered citizen (registration period from `since`) with a deadline issued through the API on START. */
  async function withDeadline(over: Partial<Citizen> = {}, bookBy = '2026-03-10', j: Jobcenter = jc, since = '2026-02-20') {
    const c = await t.fx.citizen(j, { unemploymentFundId: fund.id, unemployedSince: Temporal.PlainDate.from(since), ...over });
    await t.ds.query(`INSERT INTO registration_period (citizen_id, registered_from, registered_via) VALUES ($1, $2, 'INITIAL')`, [c.id, since]);
    day(START);
    const r = await t.as.caseworker(j.id).run(IssueDeadlineForLifecycle, { input: { citizenId: c.id, bookBy } });
    expect(r.issueDeadline.userErrors).toEqual([]);
    return { c, deadlineId: r.issueDeadline.deadline.id as string };
  }

  async function fundFeed(after: string | null = null) {
    return (await t.as.fund(fund.id).run(UnemploymentFundEventsForLifecycle, { after, first: 500 })).unemploymentFundEvents;
  }

  /**
   * The a-kasse's events about `ids` after `after`, once at least `n` have come. EV-2 holds events back while any older
   * transaction in the cluster runs (other test files run beside this one), so a read may need a moment.
   */
  async function fundEventsOf(ids: string[], after: string | null, n: number): Promise<any[]> {
    for (let i = 0; ; i++) {
      const mine = (await fundFeed(after)).nodes.filter((e: any) => ids.includes(e.citizen.id));
      if (mine.length >= n || i >= 200) return mine;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * The cursor just after the first `n` events of `ids` (e.g. the DEREGISTERED events of a run), once the feed shows
   * them. Taking `endCursor` right after the run is not enough: EV-2 holds a committed event back while an older
   * transaction anywhere in the cluster still runs, and it then arrives after that cursor.
   */
  async function cursorAfterEvents(ids: string[], n: number): Promise<string> {
    const seen = await fundEventsOf(ids, null, n);
    expect(seen.length).toBeGreaterThanOrEqual(n);
    return seen[seen.length - 1].cursor as string;
  }

  describe('INSURED_UNEMPLOYED misses the deadline', () => {
    it('RG-1/RG-2/DL-7/EV-2: reads EXPIRED and deregistered from the day after bookBy before the run; the run deregisters, writes the letter, and the a-kasse sees DEREGISTERED', async () => {
      const { c, deadlineId } = await withDeadline();
      const feedStart = (await fundFeed()).pageInfo.endCursor;

      day('2026-03-10');
      await run('2026-03-10');
      let v = await read(c);
      expect(v.activeDeadline).toMatchObject({ id: deadlineId, status: 'OPEN' });
      expect(v.registration).toMatchObject({ registered: true, pendingDeregistration: false });

      // The day after bookBy, before the run: the deadline reads EXPIRED and the deregistration is due.
      day('2026-03-11', '00:05');
      v = await read(c);
      expect(v.activeDeadline).toMatchObject({ id: deadlineId, status: 'EXPIRED' });
      expect(v.registration).toMatchObject({
        registered: false, pendingDeregistration: true, deregisteredFrom: '2026-03-11', deregistrationReason: 'MISSED_DEADLINE',
        immediateBookingRequired: true, immediateBookingRequiredAtReregistration: true,
      });
      expect((await fundFeed(feedStart)).nodes.filter((e: any) => e.citizen.id === c.id)).toEqual([]);

      const counts = await run('2026-03-11');
      expect(counts.deregistrations).toBeGreaterThanOrEqual(1);
      v = await read(c);
      expect(v.registered).toBe(false);
      expect(v.registration).toMatchObject({ registered: false, pendingDeregistration: false, deregisteredFrom: '2026-03-11', deregistrationReason: 'MISSED_DEADLINE', systemOutage: false });
      expect(v.registrationPeriods).toEqual([expect.objectContaining({
        registeredFrom: '2026-02-20', deregisteredFrom: '2026-03-11', deregistrationReason: 'MISSED_DEADLINE', deregisteredVia: 'SYSTEM',
        systemOutage: false, missedDeadline: { id: deadlineId },
      })]);
      const d = v.deadlines.find((x: any) => x.id === deadlineId)!;
      expect(d.status).toBe('EXPIRED');
      expect(d.history).toContainEqual(expect.objectContaining({ action: 'EXPIRED', fromStatus: 'OPEN', toStatus: 'EXPIRED', actor: 'system:daily-transitions' }));
      // SA-3: the jobcenter does not assess INSURED_UNEMPLOYED; the a-kasse decides.
      expect(v.sanctionAssessments).toEqual([]);

      const ev = await events(c);
      const letter = ev.find((e) => e.type === 'LETTER_DEREGISTRATION')!;
      expect(letter.payload).toMatchObject({
        deadlineId, bookBy: '2026-03-10', deregisteredFrom: '2026-03-11', reason: 'MISSED_DEADLINE',
        statesDeregistered: true, canReregister: true, benefitsMayBeAffected: true,
      });
      expect(letter.payload.text).toMatch(/afmeldt.*2026-03-11.*2026-03-10.*tilmelde dig igen.*dagpenge/s);
      expect(ev.filter((e) => e.type === 'DEREGISTERED')).toHaveLength(1);

      const mine = await fundEventsOf([c.id], feedStart, 1);
      expect(mine).toEqual([expect.objectContaining({ type: 'DEREGISTERED', deregisteredFrom: '2026-03-11', systemOutage: false })]);
      expect(JSON.parse(mine[0].payload)).toMatchObject({ reason: 'MISSED_DEADLINE', bookBy: '2026-03-10', via: 'SYSTEM' });
    });

    it('RG-1: running the transitions again for the same date changes nothing (idempotent)', async () => {
      await withDeadline();
      day('2026-03-11');
      await run('2026-03-11');
      const before = await t.fx.snapshot();
      const again = await run('2026-03-11');
      expect(again).toMatchObject({ deadlinesExpired: 0, deregistrations: 0, sanctionAssessmentsOpened: 0, deadlinesClosedOnMeetingDay: 0, deadlinesLapsed: 0, remindersSent: 0 });
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('RG-5/RG-4/EV-2: re-registering on Jobnet two weeks later completes only with an immediate booking from the near days; the a-kasse sees REREGISTERED with 14 gap days', async () => {
      const { c, deadlineId } = await withDeadline();
      day('2026-03-11');
      await run('2026-03-11');
      const cursor = await cursorAfterEvents([c.id], 1); // after the DEREGISTERED of the run

      day('2026-03-25');
      const near = await t.fx.slot(jc, '2026-03-27', '10:00');
      const far = await t.fx.slot(jc, '2026-04-02', '10:00');
      let v = await read(c);
      expect(v.registration).toMatchObject({
        registered: false, immediateBookingRequiredAtReregistration: true, deadlineLapsesAtReregistration: false,
        immediateBookingWindowFrom: '2026-03-25', immediateBookingWindowTo: '2026-03-30', benefitGapDaysIfReregisteredToday: 14,
      });
      expect(v.registration.offeredSlots.map((s: any) => s.id)).toContain(near.id);
      expect(v.registration.offeredSlots.map((s: any) => s.id)).not.toContain(far.id);

      // Without a booking, nothing happens: the re-registration does not take effect.
      const before = await t.fx.snapshot();
      const refused = await t.as.citizen(c.id).run(ReregisterForLifecycle, { input: {} });
      expect(refused.reregister.userErrors).toEqual([expect.objectContaining({ code: 'IMMEDIATE_BOOKING_REQUIRED', field: ['input', 'slotId'] })]);
      expect(refused.reregister.userErrors[0].message).toMatch(/^RG-5/);
      const outside = await t.as.citizen(c.id).run(ReregisterForLifecycle, { input: { slotId: far.id } });
      expect(outside.reregister.userErrors).toEqual([expect.objectContaining({ code: 'SLOT_OUTSIDE_DEADLINE' })]);
      expect(await t.fx.snapshot()).toEqual(before);

      const r = await t.as.citizen(c.id).run(ReregisterForLifecycle, { input: { slotId: near.id } });
      expect(r.reregister.userErrors).toEqual([]);
      expect(r.reregister).toMatchObject({
        citizen: { registered: true }, registrationPeriod: { registeredFrom: '2026-03-25', registeredVia: 'JOBNET', benefitGapDays: 14 },
        benefitGapDays: 14, meeting: { startsAt: '2026-03-27T10:00:00+01:00', type: 'JOB_INTERVIEW', origin: 'SELF_BOOKED', status: 'PLANNED' },
        lapsedDeadline: null, immediateBookingRequired: false,
      });
      v = await read(c);
      expect(v.activeDeadline).toMatchObject({ id: deadlineId, status: 'BOOKED' });
      expect(v.registration).toMatchObject({ registered: true, immediateBookingRequired: false });

      const mine = await fundEventsOf([c.id], cursor, 1);
      expect(mine).toEqual([expect.objectContaining({ type: 'REREGISTERED', benefitGapDays: 14 })]);
      expect(JSON.parse(mine[0].payload)).toMatchObject({ via: 'JOBNET', deregisteredFrom: '2026-03-11', reregisteredOn: '2026-03-25', immediateBooking: 'BOOKED' });
    });

    it('RG-3: re-registering on the day the deregistration takes effect records benefitGapDays = 0 (also before the run has recorded the deregistration)', async () => {
      const { c } = await withDeadline();
      day('2026-03-11', '08:00');
      const slot = await t.fx.slot(jc, '2026-03-12', '11:00');
      const r = await t.as.citizen(c.id).run(ReregisterForLifecycle, { input: { slotId: slot.id } });
      expect(r.reregister.userErrors).toEqual([]);
      expect(r.reregister.benefitGapDays).toBe(0);
      const v = await read(c);
      expect(v.registrationPeriods).toEqual([
        expect.objectContaining({ registeredFrom: '2026-02-20', deregisteredFrom: '2026-03-11', deregistrationReason: 'MISSED_DEADLINE', benefitGapDays: null }),
        expect.objectContaining({ registeredFrom: '2026-03-11', registeredVia: 'JOBNET', deregisteredFrom: null, benefitGapDays: 0 }),
      ]);
      // The later run does not deregister again.
      await run('2026-03-11');
      expect((await read(c)).registration.registered).toBe(true);
      expect((await events(c)).filter((e) => e.type === 'DEREGISTERED')).toHaveLength(1);
    });

    it('LP-1: re-registering 3 months after the deregistration lapses the deadline — no immediate booking, on the follow-up list; a day earlier it would not', async () => {
      const { c, deadlineId } = await withDeadline();
      const other = (await withDeadline()).c;
      day('2026-03-11');
      await run('2026-03-11');

      day('2026-06-10');
      expect((await read(c)).registration).toMatchObject({ immediateBookingRequiredAtReregistration: true, deadlineLapsesAtReregistration: false });
      await run('2026-06-10');
      expect((await read(other)).activeDeadline).toMatchObject({ status: 'EXPIRED' });

      day('2026-06-11');
      // LP-1: the run lapses the deadline today, so the read before it says so already (issue 15 item 10).
      expect((await read(c)).registration).toMatchObject({ immediateBookingRequiredAtReregistration: false, deadlineLapsesAtReregistration: false, offeredSlots: [] });
      const r = await t.as.citizen(c.id).run(ReregisterForLifecycle, { input: {} });
      expect(r.reregister.userErrors).toEqual([]);
      expect(r.reregister).toMatchObject({ lapsedDeadline: { id: deadlineId, status: 'LAPSED' }, immediateBookingRequired: false, benefitGapDays: 92, meeting: null });
      const v = await read(c);
      expect(v.immediateBookingRequired).toBe(false);
      expect(v.registration).toMatchObject({ registered: true, immediateBookingRequired: false });
      expect(v.activeDeadline).toBeNull();
      expect(v.deadlines[0].history).toContainEqual(expect.objectContaining({ action: 'LAPSED', toStatus: 'LAPSED', reason: expect.stringMatching(/^LP-1/) }));

      const list = await t.as.caseworker(jc.id).run(FollowUpListForLifecycle, { jc: jc.id, kind: 'NO_DEADLINE_OR_INTERVIEW', first: 200 });
      expect(list.followUpList.nodes).toContainEqual(expect.objectContaining({ citizen: expect.objectContaining({ id: c.id }), reason: 'DEADLINE_LAPSED', deadline: { id: deadlineId, status: 'LAPSED' } }));
      // Still deregistered: not on the list of registered citizens.
      expect(list.followUpList.nodes.map((n: any) => n.citizen.id)).not.toContain(other.id);

      // LP-1 by the run: the other citizen, still deregistered after 3 months, has the deadline lapsed too.
      await run('2026-06-11');
      const o = await read(other);
      expect(o.activeDeadline).toBeNull();
      expect(o.deadlines[0]).toMatchObject({ status: 'LAPSED' });
      expect(o.deadlines[0].history).toContainEqual(expect.objectContaining({ action: 'LAPSED', actor: 'system:daily-transitions' }));
    });
  });

  describe('other duty groups miss the deadline', () => {
    it('RG-7/SA-1/SA-2/RG-4: a JOB_READY_CASH_BENEFIT citizen is not deregistered, must book at once, books 3 days later, and the assessment counts 3 days', async () => {
      const { c, deadlineId } = await withDeadline({ targetGroup: 'JOB_READY_CASH_BENEFIT', unemploymentFundId: null });
      day('2026-03-11');
      const counts = await run('2026-03-11');
      expect(counts.sanctionAssessmentsOpened).toBeGreaterThanOrEqual(1);
      let v = await read(c);
      expect(v.registered).toBe(true);
      expect(v.registrationPeriods).toEqual([expect.objectContaining({ deregisteredFrom: null })]);
      expect(v.registration).toMatchObject({ registered: true, immediateBookingRequired: true, immediateBookingWindowTo: '2026-03-16' });
      expect(v.immediateBookingRequired).toBe(true);
      expect(v.sanctionAssessments).toEqual([expect.objectContaining({ status: 'OPEN', bookBy: '2026-03-10', contactOn: null, deductedDays: null, deadline: { id: deadlineId } })]);
      expect((await events(c)).map((e) => e.type)).toEqual(expect.arrayContaining(['SANCTION_ASSESSMENT_OPENED']));
      expect((await events(c)).map((e) => e.type)).not.toContain('DEREGISTERED');

      day('2026-03-13', '10:00');
      const slot = await t.fx.slot(jc, '2026-03-16', '09:00');
      const booked = await t.as.citizen(c.id).run(BookSlotForLifecycle, { input: { slotId: slot.id } });
      expect(booked.bookSlot.userErrors).toEqual([]);
      v = await read(c);
      const a = v.sanctionAssessments[0];
      expect(a).toMatchObject({ status: 'OPEN', contactOn: '2026-03-13', deductedDays: 3 });

      const decided = await t.as.caseworker(jc.id).run(DecideSanctionAssessmentForLifecycle, { input: { assessmentId: a.id, outcome: 'DEDUCTION' } });
      expect(decided.decideSanctionAssessment).toMatchObject({ userErrors: [], assessment: { status: 'DECIDED', outcome: 'DEDUCTION', contactOn: '2026-03-13', deductedDays: 3 } });
      expect((await events(c)).find((e) => e.type === 'LETTER_DECISION')?.payload).toMatchObject({ kind: 'SANCTION_DEDUCTION', deductedDays: 3 });
      const again = await t.as.caseworker(jc.id).run(DecideSanctionAssessmentForLifecycle, { input: { assessmentId: a.id, outcome: 'REASONABLE_CAUSE', reasonableCause: 'SICKNESS' } });
      expect(again.decideSanctionAssessment.userErrors).toEqual([expect.objectContaining({ code: 'ALREADY_DECIDED' })]);
    });

    it('SA-2: booking the day after bookBy deducts 1 day (the bookBy day counts); without contact a deduction cannot be decided yet; a reasonable cause deducts nothing', async () => {
      const a1 = await withDeadline({ targetGroup: 'EDUCATION_READY_EDUCATION_BENEFIT', unemploymentFundId: null });
      const a2 = await withDeadline({ targetGroup: 'JOB_READY_TRANSITION_BENEFIT', unemploymentFundId: null });
      day('2026-03-11', '08:00');
      await run('2026-03-11');
      const slot = await t.fx.slot(jc, '2026-03-12', '13:00');
      expect((await t.as.citizen(a1.c.id).run(BookSlotForLifecycle, { input: { slotId: slot.id } })).bookSlot.userErrors).toEqual([]);
      const s1 = (await read(a1.c)).sanctionAssessments[0];
      expect(s1).toMatchObject({ contactOn: '2026-03-11', deductedDays: 1 });

      const s2 = (await read(a2.c)).sanctionAssessments[0];
      const before = await t.fx.snapshot();
      const noContact = await t.as.caseworker(jc.id).run(DecideSanctionAssessmentForLifecycle, { input: { assessmentId: s2.id, outcome: 'DEDUCTION' } });
      expect(noContact.decideSanctionAssessment.userErrors).toEqual([expect.objectContaining({ code: 'CONTACT_NOT_RESTORED', field: ['input', 'contactOn'] })]);
      const tooEarly = await t.as.caseworker(jc.id).run(DecideSanctionAssessmentForLifecycle, { input: { assessmentId: s2.id, outcome: 'DEDUCTION', contactOn: '2026-03-10' } });
      expect(tooEarly.decideSanctionAssessment.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'contactOn'] })]);
      expect(await t.fx.snapshot()).toEqual(before);
      const cause = await t.as.caseworker(jc.id).run(DecideSanctionAssessmentForLifecycle, { input: { assessmentId: s2.id, outcome: 'REASONABLE_CAUSE', reasonableCause: 'SICKNESS' } });
      expect(cause.decideSanctionAssessment).toMatchObject({ userErrors: [], assessment: { outcome: 'REASONABLE_CAUSE', reasonableCause: 'SICKNESS', deductedDays: 0 } });
      // Another jobcenter cannot see or decide it.
      const other = await t.fx.jobcenter();
      const foreign = await t.as.caseworker(other.id).run(DecideSanctionAssessmentForLifecycle, { input: { assessmentId: s1.id, outcome: 'DEDUCTION' } });
      expect(foreign.decideSanctionAssessment.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
    });

    it('TG-4/SA-1: JOB_CLARIFICATION is never deregistered for a missed deadline, and gets a sanction assessment; TG-2: a voluntary self-booker gets neither', async () => {
      const jcl = await withDeadline({ targetGroup: 'JOB_CLARIFICATION', unemploymentFundId: null });
      const vol = await withDeadline({ targetGroup: 'OTHER', voluntarySelfBooking: true, unemploymentFundId: null });
      day('2026-03-11');
      await run('2026-03-11');
      const v = await read(jcl.c);
      expect(v.registered).toBe(true);
      expect(v.sanctionAssessments).toHaveLength(1);
      expect(v.registration.immediateBookingRequired).toBe(true);
      const w = await read(vol.c);
      expect(w.activeDeadline).toMatchObject({ status: 'EXPIRED' });
      expect(w.sanctionAssessments).toEqual([]);
      expect(w.registration.immediateBookingRequired).toBe(false);
      const list = await t.as.caseworker(jc.id).run(FollowUpListForLifecycle, { jc: jc.id, kind: 'NO_DEADLINE_OR_INTERVIEW', first: 200 });
      expect(list.followUpList.nodes).toContainEqual(expect.objectContaining({ citizen: expect.objectContaining({ id: vol.c.id }), reason: 'DEADLINE_EXPIRED' }));
    });

    it('LP-2: the expired deadline of another group lapses after the end of the month after bookBy — read so before the run, stored by the run', async () => {
      const { c, deadlineId } = await withDeadline({ targetGroup: 'JOB_READY_CASH_BENEFIT', unemploymentFundId: null });
      day('2026-03-11');
      await run('2026-03-11');
      day('2026-04-30');
      await run('2026-04-30');
      let v = await read(c);
      expect(v.activeDeadline).toMatchObject({ id: deadlineId, status: 'EXPIRED' });
      expect(v.registration.immediateBookingRequired).toBe(true);

      day('2026-05-01');
      v = await read(c);
      expect(v.registration.immediateBookingRequired).toBe(false);
      expect(v.immediateBookingRequired).toBe(false);
      const counts = await run('2026-05-01');
      expect(counts.deadlinesLapsed).toBeGreaterThanOrEqual(1);
      v = await read(c);
      expect(v.activeDeadline).toBeNull();
      expect(v.deadlines[0]).toMatchObject({ id: deadlineId, status: 'LAPSED' });
      expect(v.deadlines[0].history).toContainEqual(expect.objectContaining({ action: 'LAPSED', fromStatus: 'EXPIRED', reason: expect.stringMatching(/^LP-2/) }));
      const list = await t.as.caseworker(jc.id).run(FollowUpListForLifecycle, { jc: jc.id, kind: 'NO_DEADLINE_OR_INTERVIEW', first: 200 });
      expect(list.followUpList.nodes).toContainEqual(expect.objectContaining({ citizen: expect.objectContaining({ id: c.id }), reason: 'DEADLINE_LAPSED' }));
    });
  });

  describe('DL-8 and DL-11', () => {
    it('DL-8: a booked deadline closes (MEETING_DAY_REACHED) when the interview day arrives, not the day before; no immediate booking the day after', async () => {
      const { c, deadlineId } = await withDeadline();
      const slot = await t.fx.slot(jc, '2026-03-12', '14:00');
      day('2026-03-05');
      expect((await t.as.citizen(c.id).run(BookSlotForLifecycle, { input: { slotId: slot.id } })).bookSlot.userErrors).toEqual([]);
      day('2026-03-11');
      await run('2026-03-11');
      expect((await read(c)).activeDeadline).toMatchObject({ id: deadlineId, status: 'BOOKED' });
      day('2026-03-12', '07:00');
      const counts = await run('2026-03-12');
      expect(counts.deadlinesClosedOnMeetingDay).toBeGreaterThanOrEqual(1);
      let v = await read(c);
      expect(v.activeDeadline).toBeNull();
      expect(v.deadlines[0]).toMatchObject({ id: deadlineId, status: 'CLOSED', closeReason: 'MEETING_DAY_REACHED' });
      expect(v.deadlines[0].history).toContainEqual(expect.objectContaining({ action: 'CLOSED', fromStatus: 'BOOKED', reason: expect.stringMatching(/^MEETING_DAY_REACHED: DL-8/) }));
      // On the interview day the planned interview keeps the citizen off the follow-up list; the day after they are on it.
      let list = await t.as.caseworker(jc.id).run(FollowUpListForLifecycle, { jc: jc.id, kind: 'NO_DEADLINE_OR_INTERVIEW', first: 200 });
      expect(list.followUpList.nodes.map((n: any) => n.citizen.id)).not.toContain(c.id);
      day('2026-03-13');
      await run('2026-03-13');
      v = await read(c);
      expect(v.registration).toMatchObject({ registered: true, immediateBookingRequired: false });
      expect(v.immediateBookingRequired).toBe(false);
      list = await t.as.caseworker(jc.id).run(FollowUpListForLifecycle, { jc: jc.id, kind: 'NO_DEADLINE_OR_INTERVIEW', first: 200 });
      expect(list.followUpList.nodes).toContainEqual(expect.objectContaining({ citizen: expect.objectContaining({ id: c.id }), reason: 'NO_DEADLINE' }));
    });

    it('DL-11: subscribers get an SMS and an e-mail reminder 3 days before and on bookBy, once each; not after booking, not without subscription', async () => {
      const sub = await withDeadline({ notifySms: true, notifyEmail: true });
      const smsOnly = await withDeadline({ notifySms: true });
      const none = await withDeadline();
      const reminders = async (c: Citizen) => (await events(c)).filter((e) => e.payload.kind === 'DEADLINE_REMINDER').map((e) => `${e.type}:${e.payload.remindOn}`);

      day('2026-03-06');
      await run('2026-03-06');
      expect(await reminders(sub.c)).toEqual([]);
      day('2026-03-07');
      await run('2026-03-07');
      await run('2026-03-07');
      expect((await reminders(sub.c)).sort()).toEqual(['NOTIFICATION_EMAIL:2026-03-07', 'NOTIFICATION_SMS:2026-03-07']);
      expect(await reminders(smsOnly.c)).toEqual(['NOTIFICATION_SMS:2026-03-07']);
      expect(await reminders(none.c)).toEqual([]);

      // smsOnly books: no reminder on bookBy.
      const slot = await t.fx.slot(jc, '2026-03-16', '12:00');
      expect((await t.as.citizen(smsOnly.c.id).run(BookSlotForLifecycle, { input: { slotId: slot.id } })).bookSlot.userErrors).toEqual([]);
      day('2026-03-09');
      await run('2026-03-09');
      expect(await reminders(sub.c)).toHaveLength(2);
      day('2026-03-10');
      await run('2026-03-10');
      await run('2026-03-10');
      expect((await reminders(sub.c)).sort()).toEqual([
        'NOTIFICATION_EMAIL:2026-03-07', 'NOTIFICATION_EMAIL:2026-03-10', 'NOTIFICATION_SMS:2026-03-07', 'NOTIFICATION_SMS:2026-03-10',
      ]);
      expect(await reminders(smsOnly.c)).toEqual(['NOTIFICATION_SMS:2026-03-07']);
      const text = (await events(sub.c)).find((e) => e.payload.remindOn === '2026-03-10')!.payload.text;
      expect(text).toMatch(/I dag \(2026-03-10\) er sidste dag/);
    });
  });

  describe('RG-1: system outages', () => {
    it('RG-1: a deregistration for a bookBy covered by a recorded outage is flagged; the letter mentions the dispensation and the a-kasse sees the flag', async () => {
      const j = await t.fx.jobcenter();
      const { c } = await withDeadline({}, '2026-03-10', j);
      day('2026-03-10', '16:00');
      const r = await t.as.caseworker(j.id).run(RecordSystemOutageForLifecycle, { input: { startsAt: '2026-03-10T14:00:00+01:00', endsAt: '2026-03-10T18:00:00+01:00', description: 'Jobnet booking down' } });
      expect(r.recordSystemOutage.userErrors).toEqual([]);
      day('2026-03-11');
      await run('2026-03-11');
      const v = await read(c);
      expect(v.registration).toMatchObject({ registered: false, systemOutage: true });
      expect(v.registrationPeriods[0]).toMatchObject({ deregistrationReason: 'MISSED_DEADLINE', systemOutage: true });
      const ev = await events(c);
      expect(ev.find((e) => e.type === 'DEREGISTERED')!.payload.systemOutage).toBe(true);
      expect(ev.find((e) => e.type === 'LETTER_DEREGISTRATION')!.payload.text).toMatch(/dispensation/);
    });

    it('RG-1: an outage recorded after the run flags the deregistrations it covers (DEREGISTRATION_OUTAGE_FLAGGED for the a-kasse); the day before bookBy does not', async () => {
      const j = await t.fx.jobcenter();
      const covered = await withDeadline({}, '2026-03-10', j);
      const notCovered = await withDeadline({}, '2026-03-11', j);
      day('2026-03-12');
      await run('2026-03-12');
      const cursor = await cursorAfterEvents([covered.c.id, notCovered.c.id], 2); // after both DEREGISTERED of the run
      const r = await t.as.caseworker(j.id).run(RecordSystemOutageForLifecycle, { input: { startsAt: '2026-03-10T23:00:00+01:00', endsAt: '2026-03-11T00:00:00+01:00', description: 'Jobnet down before midnight' } });
      expect(r.recordSystemOutage.flaggedDeregistrations).toEqual([expect.objectContaining({ deregisteredFrom: '2026-03-11', systemOutage: true })]);
      // The access log: the flag changed the covered citizen's registration data, and nobody else's.
      const changes = (id: string) => t.ds.query(`SELECT access FROM access_log WHERE citizen_id = $1 AND operation = 'Mutation.recordSystemOutage'`, [id]);
      expect(await changes(covered.c.id)).toEqual([{ access: 'CHANGE' }]);
      expect(await changes(notCovered.c.id)).toEqual([]);
      expect((await read(covered.c)).registrationPeriods[0].systemOutage).toBe(true);
      expect((await read(notCovered.c)).registrationPeriods[0].systemOutage).toBe(false);
      const feed = await fundEventsOf([covered.c.id, notCovered.c.id], cursor, 1);
      expect(feed).toEqual([expect.objectContaining({ type: 'DEREGISTRATION_OUTAGE_FLAGGED', deregisteredFrom: '2026-03-11', citizen: { id: covered.c.id } })]);
      // Recording it again flags nothing more.
      const again = await t.as.caseworker(j.id).run(RecordSystemOutageForLifecycle, { input: { startsAt: '2026-03-10T23:00:00+01:00', endsAt: '2026-03-11T00:00:00+01:00', description: 'same' } });
      expect(again.recordSystemOutage.flaggedDeregistrations).toEqual([]);
    });

    it('RG-1: on the DST day (29 March 2026, 23 hours) an outage in its last half hour covers bookBy; one from local midnight on 30 March does not', async () => {
      const j1 = await t.fx.jobcenter();
      const j2 = await t.fx.jobcenter();
      day('2026-03-20');
      const a = await t.fx.citizen(j1, { unemploymentFundId: fund.id });
      const b = await t.fx.citizen(j2, { unemploymentFundId: fund.id });
      for (const [c, j] of [[a, j1], [b, j2]] as const) {
        expect((await t.as.caseworker(j.id).run(IssueDeadlineForLifecycle, { input: { citizenId: c.id, bookBy: '2026-03-29' } })).issueDeadline.userErrors).toEqual([]);
      }
      day('2026-03-30', '09:00');
      await t.as.caseworker(j1.id).run(RecordSystemOutageForLifecycle, { input: { startsAt: '2026-03-29T23:30:00+02:00', endsAt: '2026-03-30T01:00:00+02:00', description: 'late outage' } });
      await t.as.caseworker(j2.id).run(RecordSystemOutageForLifecycle, { input: { startsAt: '2026-03-30T00:00:00+02:00', endsAt: '2026-03-30T01:00:00+02:00', description: 'after midnight' } });
      await run('2026-03-30');
      expect((await read(a)).registrationPeriods).toEqual([expect.objectContaining({ deregisteredFrom: '2026-03-30', systemOutage: true })]);
      expect((await read(b)).registrationPeriods).toEqual([expect.objectContaining({ deregisteredFrom: '2026-03-30', systemOutage: false })]);
    });

    it('RG-1: recording an outage is for jobcenter staff; the window must be sensible, and a refused one changes nothing', async () => {
      const before = await t.fx.snapshot(['system_outage']);
      const bad = await t.as.caseworker(jc.id).run(RecordSystemOutageForLifecycle, { input: { startsAt: '2026-03-10T14:00:00+01:00', endsAt: '2026-03-10T14:00:00+01:00', description: 'x' } });
      expect(bad.recordSystemOutage.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'endsAt'] })]);
      const long = await t.as.caseworker(jc.id).run(RecordSystemOutageForLifecycle, { input: { startsAt: '2026-03-01T00:00:00+01:00', endsAt: '2026-03-20T00:00:00+01:00', description: 'x' } });
      expect(long.recordSystemOutage.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT' })]);
      expect(await t.fx.snapshot(['system_outage'])).toEqual(before);
      const c = await t.fx.citizen(jc);
      const forbidden = await t.as.citizen(c.id).exec(RecordSystemOutageForLifecycle, { input: { startsAt: '2026-03-10T14:00:00+01:00', endsAt: '2026-03-10T15:00:00+01:00', description: 'x' } });
      expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('ST-2: follow-up lists', () => {
    it('ST-2: lists registered citizens with neither an active deadline nor a planned interview, by name and paginated; not other jobcenters', async () => {
      const j = await t.fx.jobcenter();
      day(START);
      const none = await t.fx.citizen(j, { name: 'A none', targetGroup: 'JOB_READY_CASH_BENEFIT' });
      const withOpen = await t.fx.citizen(j, { name: 'B open' });
      await t.fx.deadline(withOpen, START, '2026-03-10');
      const withInterview = await t.fx.citizen(j, { name: 'C interview' });
      await t.fx.meeting(withInterview, '2026-03-05');
      const deregistered = await t.fx.citizen(j, { name: 'D deregistered', registered: false });
      const noDuty = await t.fx.citizen(j, { name: 'E no duty', targetGroup: 'OTHER' });
      const lessIntensive = await t.fx.citizen(j, { name: 'F less intensive', lessIntensiveEffort: true });
      const second = await t.fx.citizen(j, { name: 'G none' });
      const first = await t.as.caseworker(j.id).run(FollowUpListForLifecycle, { jc: j.id, kind: 'NO_DEADLINE_OR_INTERVIEW', first: 1 });
      expect(first.followUpList.nodes).toEqual([expect.objectContaining({ citizen: { id: none.id, name: 'A none' }, reason: 'NO_DEADLINE', deadline: null })]);
      expect(first.followUpList.pageInfo.hasNextPage).toBe(true);
      const rest = await t.as.caseworker(j.id).run(FollowUpListForLifecycle, { jc: j.id, kind: 'NO_DEADLINE_OR_INTERVIEW', first: 10, after: first.followUpList.pageInfo.endCursor });
      expect(rest.followUpList.nodes.map((n: any) => n.citizen.id)).toEqual([second.id]);
      expect(rest.followUpList.pageInfo.hasNextPage).toBe(false);
      for (const c of [withOpen, withInterview, deregistered, noDuty, lessIntensive]) {
        expect([...first.followUpList.nodes, ...rest.followUpList.nodes].map((n: any) => n.citizen.id)).not.toContain(c.id);
      }
      const foreign = await t.as.caseworker(jc.id).exec(FollowUpListForLifecycle, { jc: j.id, kind: 'NO_DEADLINE_OR_INTERVIEW' });
      expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });
});
