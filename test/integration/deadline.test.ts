import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter } from '../../src/entities';
import type { TargetGroup } from '../../src/generated/enums';
import { BookSlotForDeadline, CitizenOverviewForDeadline, DeadlineOverviewForDeadline, IssueDeadlineForDeadline, type IssueDeadlineInput, RegisterHolidayForDeadline } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00';

describe('issueDeadline (DL-1 … DL-7, DL-11, TG-1, TG-2, TG-5, TG-6)', () => {
  const t = withApp({ now: NOW, resetClock: true });
  let jc: Jobcenter;
  let cw: ReturnType<typeof as.caseworker>;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    cw = as.caseworker(jc.id);
  });

  const citizen = (over: Partial<Citizen> = {}) => t.fx.citizen(jc, over);
  const issue = async (input: IssueDeadlineInput) => (await t.as(cw).run(IssueDeadlineForDeadline, { input })).issueDeadline;
  const events = async (citizenId: string) =>
    (await t.ds.query(`SELECT type, payload FROM domain_event WHERE citizen_id = $1 ORDER BY seq`, [citizenId])) as { type: string; payload: Record<string, unknown> }[];

  describe('DL-1: a deadline and its fields', () => {
    it('DL-1: a deadline for a job interview has availableFrom, bookBy, latestInterviewDate, channel and status', async () => {
      const c = await citizen();
      const r = await issue({ citizenId: c.id, availableFrom: '2026-03-04', bookBy: '2026-03-12' });
      expect(r.userErrors).toEqual([]);
      expect(r.supersededDeadline).toBeNull();
      expect(r.deadline).toMatchObject({
        availableFrom: '2026-03-04', bookBy: '2026-03-12', latestInterviewDate: '2026-03-19', originalBookBy: '2026-03-12',
        channel: 'JOBNET', status: 'OPEN', closeReason: null, meeting: null, citizen: { id: c.id },
      });
      const seen = await t.as(cw).run(CitizenOverviewForDeadline, { id: c.id });
      expect(seen.citizen.activeDeadline).toEqual({ id: r.deadline.id, status: 'OPEN' });
    });

    it('DL-1: availableFrom defaults to today; today is allowed, yesterday is refused and changes nothing', async () => {
      const c = await citizen();
      const before = await t.fx.snapshot();
      const past = await issue({ citizenId: c.id, availableFrom: '2026-03-01', bookBy: '2026-03-12' });
      expect(past.deadline).toBeNull();
      expect(past.userErrors).toEqual([expect.objectContaining({ code: 'AVAILABLE_FROM_IN_PAST', field: ['input', 'availableFrom'] })]);
      expect(await t.fx.snapshot()).toEqual(before);
      const r = await issue({ citizenId: c.id, bookBy: '2026-03-10' });
      expect(r.deadline).toMatchObject({ availableFrom: '2026-03-02', bookBy: '2026-03-10', status: 'OPEN' });
    });

    it('DL-1: a citizen of another jobcenter is NOT_FOUND and nothing changes', async () => {
      const other = await t.fx.citizen(await t.fx.jobcenter());
      const before = await t.fx.snapshot();
      const r = await issue({ citizenId: other.id, bookBy: '2026-03-10' });
      expect(r.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'citizenId'] })]);
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('DL-1: a retry with the same idempotency key returns the first deadline; other input with that key is refused', async () => {
      const c = await citizen();
      const first = await issue({ citizenId: c.id, bookBy: '2026-03-10', idempotencyKey: 'dl1-retry' });
      const again = await issue({ citizenId: c.id, bookBy: '2026-03-10', idempotencyKey: 'dl1-retry' });
      expect(again.deadline.id).toBe(first.deadline.id);
      expect(again.supersededDeadline).toBeNull();
      const reused = await issue({ citizenId: c.id, bookBy: '2026-03-11', idempotencyKey: 'dl1-retry' });
      expect(reused.userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' })]);
      const seen = await t.as(cw).run(CitizenOverviewForDeadline, { id: c.id });
      expect(seen.citizen.deadlines).toHaveLength(1);
    });
  });

  describe('DL-4: one active deadline', () => {
    it('DL-4: issuing a new deadline closes the active one as SUPERSEDED, with history', async () => {
      const c = await citizen();
      const first = await issue({ citizenId: c.id, bookBy: '2026-03-10' });
      const second = await issue({ citizenId: c.id, bookBy: '2026-03-12' });
      expect(second.userErrors).toEqual([]);
      expect(second.supersededDeadline).toEqual({ id: first.deadline.id, status: 'CLOSED', closeReason: 'SUPERSEDED' });
      const seen = await t.as(cw).run(CitizenOverviewForDeadline, { id: c.id });
      expect(seen.citizen.activeDeadline.id).toBe(second.deadline.id);
      expect(seen.citizen.deadlines.filter((d: { status: string }) => d.status !== 'CLOSED')).toHaveLength(1);
      const old = await t.as(cw).run(DeadlineOverviewForDeadline, { id: first.deadline.id });
      expect(old.deadline.history.map((h: { action: string }) => h.action)).toEqual(['ISSUED', 'CLOSED']);
      expect(old.deadline.history[1]).toMatchObject({ fromStatus: 'OPEN', toStatus: 'CLOSED', reason: expect.stringMatching(/^SUPERSEDED: DL-4/) });
      expect(second.deadline.history[0]).toMatchObject({ action: 'ISSUED', toStatus: 'OPEN' });
    });

    it('DL-4: an EXPIRED deadline is superseded like an open one', async () => {
      const c = await citizen();
      const old = await t.fx.deadline(c, '2026-02-10', '2026-02-20');
      const r = await issue({ citizenId: c.id, bookBy: '2026-03-10' });
      expect(r.supersededDeadline).toEqual({ id: old.id, status: 'CLOSED', closeReason: 'SUPERSEDED' });
      const h = (await t.as(cw).run(DeadlineOverviewForDeadline, { id: old.id })).deadline.history;
      expect(h[h.length - 1]).toMatchObject({ fromStatus: 'EXPIRED', toStatus: 'CLOSED' });
    });

    it('DL-4: refused with INTERVIEW_ALREADY_PLANNED while the active deadline is booked with an interview on a later day; allowed on that day', async () => {
      const c = await citizen();
      const first = await issue({ citizenId: c.id, bookBy: '2026-03-10' });
      const slot = await t.fx.slot(jc, '2026-03-05', '10:00');
      const booked = await t.as.citizen(c.id).run(BookSlotForDeadline, { input: { slotId: slot.id } });
      expect(booked.bookSlot.userErrors).toEqual([]);

      // The evening before the interview (last minute of 4 March): still a later day.
      t.clock.set('2026-03-04T23:59:00+01:00');
      const before = await t.fx.snapshot();
      const refused = await issue({ citizenId: c.id, bookBy: '2026-03-13' });
      expect(refused.deadline).toBeNull();
      expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'INTERVIEW_ALREADY_PLANNED', field: ['input', 'citizenId'] })]);
      expect(refused.userErrors[0].message).toMatch(/^DL-4: .*2026-03-05/);
      expect(await t.fx.snapshot()).toEqual(before);

      // On the interview day (from midnight) the next deadline may be issued (MT-2 exception).
      t.clock.set('2026-03-05T00:00:00+01:00');
      const allowed = await issue({ citizenId: c.id, bookBy: '2026-03-13' });
      expect(allowed.userErrors).toEqual([]);
      expect(allowed.supersededDeadline).toEqual({ id: first.deadline.id, status: 'CLOSED', closeReason: 'SUPERSEDED' });
      const old = await t.as(cw).run(DeadlineOverviewForDeadline, { id: first.deadline.id });
      expect(old.deadline.history.map((h: { action: string; fromStatus: string }) => [h.action, h.fromStatus])).toEqual([['ISSUED', null], ['BOOKED', 'OPEN'], ['CLOSED', 'BOOKED']]);
    });
  });

  describe('DL-5: who may not get a deadline — each refusal changes nothing', () => {
    const cases: [string, Partial<Citizen>, string][] = [
      ['exempted from self-booking (EX-1)', { selfBookingRight: 'EXEMPTED' }, 'CITIZEN_EXEMPTED'],
      ['revoked from self-booking (EX-3)', { selfBookingRight: 'REVOKED' }, 'CITIZEN_REVOKED'],
      ['under less intensive effort without § 106(3) override (TG-5)', { lessIntensiveEffort: true }, 'LESS_INTENSIVE_EFFORT'],
      ['deregistered as job seeker (RG)', { registered: false }, 'CITIZEN_DEREGISTERED'],
      ['without duty and not offered voluntary self-booking (TG-2)', { targetGroup: 'OTHER' }, 'NO_SELF_BOOKING_DUTY'],
    ];
    it.each(cases)('DL-5: refuses a citizen %s and changes nothing (the active deadline stays)', async (_what, over, code) => {
      const c = await citizen(over);
      const active = await t.fx.deadline(c, '2026-02-27', '2026-03-09');
      const before = await t.fx.snapshot();
      const r = await issue({ citizenId: c.id, bookBy: '2026-03-10' });
      expect(r.deadline).toBeNull();
      expect(r.supersededDeadline).toBeNull();
      expect(r.userErrors).toEqual([expect.objectContaining({ code, field: ['input', 'citizenId'] })]);
      expect(r.userErrors[0].message).toMatch(/^DL-5/);
      expect(await t.fx.snapshot()).toEqual(before);
      expect((await t.as(cw).run(DeadlineOverviewForDeadline, { id: active.id })).deadline.status).toBe('OPEN');
    });

    it('TG-4/DL-5: a JOB_CLARIFICATION person, not registered as job seeker, still gets a deadline', async () => {
      const c = await citizen({ targetGroup: 'JOB_CLARIFICATION', registered: false });
      expect((await issue({ citizenId: c.id, bookBy: '2026-03-10' })).userErrors).toEqual([]);
    });
  });

  describe('TG: target groups', () => {
    const groups: TargetGroup[] = ['INSURED_UNEMPLOYED', 'JOB_READY_CASH_BENEFIT', 'JOB_READY_TRANSITION_BENEFIT',
      'EDUCATION_READY_EDUCATION_BENEFIT', 'EDUCATION_READY_TRANSITION_BENEFIT', 'JOB_CLARIFICATION', 'SICKNESS_BENEFIT'];
    it.each(groups)('TG-1: a %s citizen may get a deadline', async (targetGroup) => {
      const c = await citizen({ targetGroup });
      const r = await issue({ citizenId: c.id, bookBy: '2026-03-10' });
      expect(r.userErrors).toEqual([]);
      expect(r.deadline.status).toBe('OPEN');
    });

    it('TG-2: an OTHER citizen gets a deadline only when offered voluntary self-booking', async () => {
      const without = await citizen({ targetGroup: 'OTHER', voluntarySelfBooking: false });
      expect((await issue({ citizenId: without.id, bookBy: '2026-03-10' })).userErrors[0].code).toBe('NO_SELF_BOOKING_DUTY');
      const withOffer = await citizen({ targetGroup: 'OTHER', voluntarySelfBooking: true });
      const r = await issue({ citizenId: withOffer.id, bookBy: '2026-03-10' });
      expect(r.userErrors).toEqual([]);
      expect(r.deadline.status).toBe('OPEN');
    });

    it('TG-5: under less intensive effort a deadline is refused, but allowed with a § 106(3) override justification', async () => {
      const plain = await citizen({ lessIntensiveEffort: true });
      expect((await issue({ citizenId: plain.id, bookBy: '2026-03-10' })).userErrors[0].code).toBe('LESS_INTENSIVE_EFFORT');
      const kept = await citizen({ lessIntensiveEffort: true, lessIntensiveOverrideJustification: 'Suspected speculation in the exemption (§ 106(3))' });
      expect((await issue({ citizenId: kept.id, bookBy: '2026-03-10' })).userErrors).toEqual([]);
    });

    it('TG-6: a citizen exempted from being actively job-seeking gets a LETTER deadline and a letter event', async () => {
      const c = await citizen({ exemptFromActiveJobSeeking: true, notifySms: true });
      const r = await issue({ citizenId: c.id, bookBy: '2026-03-10' });
      expect(r.deadline.channel).toBe('LETTER');
      const ev = await events(c.id);
      expect(ev.find((e) => e.type === 'LETTER_DEADLINE')?.payload).toMatchObject({
        deadlineId: r.deadline.id, availableFrom: '2026-03-02', bookBy: '2026-03-10', latestInterviewDate: '2026-03-17',
      });
      // The SMS/e-mail service belongs to Jobnet; the written letter is how this citizen is told.
      expect(ev.map((e) => e.type)).not.toContain('NOTIFICATION_SMS');
      const jobnet = await citizen();
      expect((await issue({ citizenId: jobnet.id, bookBy: '2026-03-10' })).deadline.channel).toBe('JOBNET');
      expect((await events(jobnet.id)).map((e) => e.type)).not.toContain('LETTER_DEADLINE');
    });
  });

  describe('DL-6: holidays', () => {
    it('DL-6: a holiday notified exactly 14 days before it starts counts; one notified 13 days before does not', async () => {
      const counted = await citizen();
      const h14 = await t.as(cw).run(RegisterHolidayForDeadline, { input: { citizenId: counted.id, startDate: '2026-03-05', endDate: '2026-03-08', notifiedOn: '2026-02-19' } });
      expect(h14.registerHoliday.holiday.counts).toBe(true);
      const refused = await issue({ citizenId: counted.id, bookBy: '2026-03-10' });
      expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'BOOKING_PERIOD_TOO_SHORT', field: ['input', 'bookBy'] })]);
      expect(refused.userErrors[0].message).toMatch(/^DL-2: .*outside counted holidays \(DL-6\).*leaves 4\. The earliest valid bookBy is 2026-03-14\./);

      const late = await citizen();
      const h13 = await t.as(cw).run(RegisterHolidayForDeadline, { input: { citizenId: late.id, startDate: '2026-03-05', endDate: '2026-03-08', notifiedOn: '2026-02-20' } });
      expect(h13.registerHoliday.holiday.counts).toBe(false);
      expect((await issue({ citizenId: late.id, bookBy: '2026-03-10' })).userErrors).toEqual([]);
    });

    it('DL-6: the 8 duty days are counted outside counted holidays: the earliest valid bookBy is accepted, the day before is not', async () => {
      const c = await citizen();
      await t.fx.holiday(c, '2026-03-05', '2026-03-08', '2026-02-01');
      const before = await t.fx.snapshot();
      const r = await issue({ citizenId: c.id, bookBy: '2026-03-13' });
      expect(r.userErrors[0].message).toMatch(/leaves 7\. The earliest valid bookBy is 2026-03-14\./);
      expect(await t.fx.snapshot()).toEqual(before);
      const ok = await issue({ citizenId: c.id, bookBy: '2026-03-14' });
      expect(ok.userErrors).toEqual([]);
      expect(ok.deadline.latestInterviewDate).toBe('2026-03-21');
    });

    it('DL-6: a deadline may end the day after a holiday ends; the holiday\'s last day is too early', async () => {
      const c = await citizen();
      await t.fx.holiday(c, '2026-03-10', '2026-03-20', '2026-02-01');
      const r = await issue({ citizenId: c.id, bookBy: '2026-03-20' });
      expect(r.userErrors[0]).toMatchObject({ code: 'BOOKING_PERIOD_TOO_SHORT', message: expect.stringMatching(/earliest valid bookBy is 2026-03-21/) });
      const ok = await issue({ citizenId: c.id, bookBy: '2026-03-21' });
      expect(ok.userErrors).toEqual([]);
      expect(ok.deadline).toMatchObject({ bookBy: '2026-03-21', latestInterviewDate: '2026-03-28' });
    });

    it('DL-6: a 6-week job-oriented education period is counted outside of, whenever it was notified', async () => {
      const c = await citizen();
      const h = await t.as(cw).run(RegisterHolidayForDeadline, { input: { citizenId: c.id, kind: 'JOB_ORIENTED_EDUCATION', startDate: '2026-03-05', endDate: '2026-04-15' } });
      expect(h.registerHoliday.holiday).toMatchObject({ notifiedOn: '2026-03-02', counts: true });
      const r = await issue({ citizenId: c.id, bookBy: '2026-03-10' });
      expect(r.userErrors[0].message).toMatch(/earliest valid bookBy is 2026-04-21/);
    });
  });

  describe('DL-7: status and history', () => {
    it('DL-7: every change is in the history with who, when, what and why', async () => {
      const c = await citizen();
      const first = await issue({ citizenId: c.id, bookBy: '2026-03-10' });
      expect(first.deadline.history).toEqual([{
        at: '2026-03-02T09:00:00+01:00', actor: `caseworker:${jc.id}:cw-1`, action: 'ISSUED', fromStatus: null, toStatus: 'OPEN', reason: null,
      }]);
      t.clock.set('2026-03-03T13:15:00+01:00');
      await t.as.caseworker(jc.id, 'cw-2').run(IssueDeadlineForDeadline, { input: { citizenId: c.id, bookBy: '2026-03-12' } });
      const h = (await t.as(cw).run(DeadlineOverviewForDeadline, { id: first.deadline.id })).deadline.history;
      expect(h[1]).toEqual({
        at: '2026-03-03T13:15:00+01:00', actor: `caseworker:${jc.id}:cw-2`, action: 'CLOSED', fromStatus: 'OPEN', toStatus: 'CLOSED',
        reason: 'SUPERSEDED: DL-4: a new deadline was issued',
      });
    });

    it('DL-7: an OPEN deadline reads OPEN through the last minute of bookBy and EXPIRED from midnight, across the DST change', async () => {
      // A group that is not deregistered for a missed deadline, so RG-4 (immediate booking at next login) applies at once (RG-7).
      const c = await citizen({ targetGroup: 'JOB_READY_CASH_BENEFIT' });
      const r = await issue({ citizenId: c.id, availableFrom: '2026-03-20', bookBy: '2026-03-28' });
      // The night of 28→29 March 2026 is the spring DST change in Copenhagen.
      t.clock.set('2026-03-28T23:59:00+01:00');
      expect((await t.as(cw).run(DeadlineOverviewForDeadline, { id: r.deadline.id })).deadline.status).toBe('OPEN');
      expect((await t.as(cw).run(CitizenOverviewForDeadline, { id: c.id })).citizen.immediateBookingRequired).toBe(false);
      t.clock.set('2026-03-29T00:00:00+01:00');
      expect((await t.as(cw).run(DeadlineOverviewForDeadline, { id: r.deadline.id })).deadline.status).toBe('EXPIRED');
      const seen = (await t.as(cw).run(CitizenOverviewForDeadline, { id: c.id })).citizen;
      expect(seen.activeDeadline).toEqual({ id: r.deadline.id, status: 'EXPIRED' });
      expect(seen.immediateBookingRequired).toBe(true);
    });

    it('DL-7: a 29 February bookBy reads OPEN on 29 February and EXPIRED on 1 March', async () => {
      t.clock.set('2028-02-20T09:00:00+01:00');
      const c = await citizen();
      const r = await issue({ citizenId: c.id, bookBy: '2028-02-29' });
      expect(r.deadline.latestInterviewDate).toBe('2028-03-07');
      t.clock.set('2028-02-29T23:59:00+01:00');
      expect((await t.as(cw).run(DeadlineOverviewForDeadline, { id: r.deadline.id })).deadline.status).toBe('OPEN');
      t.clock.set('2028-03-01T00:00:00+01:00');
      expect((await t.as(cw).run(DeadlineOverviewForDeadline, { id: r.deadline.id })).deadline.status).toBe('EXPIRED');
    });
  });

  describe('DL-11: SMS and e-mail notifications', () => {
    it('DL-11: subscribers get an SMS and an e-mail at issue, listing reminders 3 days before and on bookBy', async () => {
      const c = await citizen({ notifySms: true, notifyEmail: true });
      const r = await issue({ citizenId: c.id, bookBy: '2026-03-10' });
      const ev = await events(c.id);
      for (const type of ['NOTIFICATION_SMS', 'NOTIFICATION_EMAIL']) {
        expect(ev.filter((e) => e.type === type)).toEqual([{
          type,
          payload: expect.objectContaining({ kind: 'DEADLINE_ISSUED', deadlineId: r.deadline.id, bookBy: '2026-03-10', reminders: ['2026-03-07', '2026-03-10'] }),
        }]);
      }
    });

    it('DL-11: only the channels subscribed to, and nothing for a non-subscriber', async () => {
      const smsOnly = await citizen({ notifySms: true });
      await issue({ citizenId: smsOnly.id, bookBy: '2026-03-10' });
      expect((await events(smsOnly.id)).map((e) => e.type).filter((x) => x.startsWith('NOTIFICATION'))).toEqual(['NOTIFICATION_SMS']);
      const none = await citizen();
      await issue({ citizenId: none.id, bookBy: '2026-03-10' });
      expect((await events(none.id)).map((e) => e.type)).toEqual(['DEADLINE_ISSUED']);
    });

    it('DL-11: reminder days are counted from the issue day: a deadline shown later still gets both reminders', async () => {
      const c = await citizen({ notifyEmail: true });
      await issue({ citizenId: c.id, availableFrom: '2026-03-09', bookBy: '2026-03-17' });
      const mail = (await events(c.id)).find((e) => e.type === 'NOTIFICATION_EMAIL');
      expect(mail?.payload.reminders).toEqual(['2026-03-14', '2026-03-17']);
    });
  });
});
