import { as } from '../support/harness';
import { withApp } from '../support/app';
import type { Citizen, Jobcenter } from '../../src/entities';
import { BookSlotForCitizenDecisions, CitizenActiveDeadlineImmediateBookingRequired, CloseDeadlineForDeadlineExtendClose, type CloseDeadlineInput, type DeadlineCloseReason, DeadlineStatusRead, ExtendDeadlineForDeadlineExtendClose, type ExtendDeadlineInput, IssueDeadlineForDeadlineExtendClose, RegisterHolidayForDeadlineExtendClose } from '../support/operations';

const NOW = '2026-03-02T09:00:00+01:00';

describe('extendDeadline (DL-10) and closeDeadline (DL-7)', () => {
  const t = withApp({ now: NOW, resetClock: true });
  let jc: Jobcenter;
  let cw: ReturnType<typeof as.caseworker>;
  beforeAll(async () => {
    jc = await t.fx.jobcenter();
    cw = as.caseworker(jc.id);
  });

  const citizen = (over: Partial<Citizen> = {}) => t.fx.citizen(jc, over);
  const issue = async (c: Citizen, bookBy = '2026-03-10', availableFrom?: string) => {
    const r = await t.as(cw).run(IssueDeadlineForDeadlineExtendClose, { input: { citizenId: c.id, bookBy, ...(availableFrom ? { availableFrom } : {}) } });
    expect(r.issueDeadline.userErrors).toEqual([]);
    return r.issueDeadline.deadline.id as string;
  };
  const extend = async (input: ExtendDeadlineInput, actor = cw) => (await t.as(actor).run(ExtendDeadlineForDeadlineExtendClose, { input })).extendDeadline;
  const close = async (input: CloseDeadlineInput) => (await t.as(cw).run(CloseDeadlineForDeadlineExtendClose, { input })).closeDeadline;
  const events = async (citizenId: string) =>
    (await t.ds.query(`SELECT type, payload FROM domain_event WHERE citizen_id = $1 ORDER BY seq`, [citizenId])) as { type: string; payload: Record<string, unknown> }[];

  describe('extendDeadline', () => {
    it('DL-10: moves bookBy to a later day; latestInterviewDate follows DL-3; availableFrom and originalBookBy stay; the reason is in the history', async () => {
      const c = await citizen();
      const id = await issue(c);
      t.clock.set('2026-03-06T14:30:00+01:00');
      const r = await extend({ deadlineId: id, bookBy: '2026-03-11', reason: 'No free slots; citizen phoned (003 2.3)' });
      expect(r.userErrors).toEqual([]);
      expect(r.deadline).toMatchObject({
        id, availableFrom: '2026-03-02', bookBy: '2026-03-11', latestInterviewDate: '2026-03-18', originalBookBy: '2026-03-10', status: 'OPEN',
      });
      expect(r.deadline.history.map((h: { action: string }) => h.action)).toEqual(['ISSUED', 'EXTENDED']);
      expect(r.deadline.history[1]).toEqual({
        at: '2026-03-06T14:30:00+01:00', actor: `caseworker:${jc.id}:cw-1`, action: 'EXTENDED', fromStatus: 'OPEN', toStatus: 'OPEN',
        reason: 'No free slots; citizen phoned (003 2.3)',
      });
      const ev = (await events(c.id)).find((e) => e.type === 'DEADLINE_EXTENDED');
      expect(ev?.payload).toMatchObject({ deadlineId: id, bookBy: '2026-03-11', previousBookBy: '2026-03-10', latestInterviewDate: '2026-03-18' });
    });

    it('DL-10: a second extension keeps the first bookBy as originalBookBy', async () => {
      const c = await citizen();
      const id = await issue(c);
      await extend({ deadlineId: id, bookBy: '2026-03-12', reason: 'first' });
      const r = await extend({ deadlineId: id, bookBy: '2026-03-16', reason: 'second' });
      expect(r.deadline).toMatchObject({ bookBy: '2026-03-16', latestInterviewDate: '2026-03-23', originalBookBy: '2026-03-10' });
    });

    it('DL-10: the same or an earlier bookBy is NOT_LATER and changes nothing; the next day is accepted', async () => {
      const c = await citizen();
      const id = await issue(c);
      const before = await t.fx.snapshot();
      for (const bookBy of ['2026-03-10', '2026-03-09']) {
        const r = await extend({ deadlineId: id, bookBy, reason: 'x' });
        expect(r.deadline).toBeNull();
        expect(r.userErrors).toEqual([expect.objectContaining({ code: 'NOT_LATER', field: ['input', 'bookBy'] })]);
        expect(r.userErrors[0].message).toMatch(/^DL-10: .*later than the current bookBy 2026-03-10/);
      }
      expect(await t.fx.snapshot()).toEqual(before);
      expect((await extend({ deadlineId: id, bookBy: '2026-03-11', reason: 'x' })).userErrors).toEqual([]);
    });

    it('DL-10: DL-2/DL-6 are re-checked from the ORIGINAL availableFrom, counting a holiday registered after issue', async () => {
      const c = await citizen();
      const id = await issue(c, '2026-03-10', '2026-03-02');
      const h = await t.as(cw).run(RegisterHolidayForDeadlineExtendClose, { input: { citizenId: c.id, startDate: '2026-03-04', endDate: '2026-03-12', notifiedOn: '2026-02-18' } });
      expect(h.registerHoliday.holiday.counts).toBe(true);
      // From 5 March (today) the earliest would be 20 March; from the original availableFrom (2 March) it is 19 March.
      t.clock.set('2026-03-05T10:00:00+01:00');
      const before = await t.fx.snapshot();
      const short = await extend({ deadlineId: id, bookBy: '2026-03-18', reason: 'holiday' });
      expect(short.userErrors).toEqual([expect.objectContaining({ code: 'BOOKING_PERIOD_TOO_SHORT', field: ['input', 'bookBy'] })]);
      expect(short.userErrors[0].message).toMatch(/^DL-2: .*availableFrom 2026-03-02 outside counted holidays \(DL-6\).*earliest valid bookBy is 2026-03-19\./);
      expect(await t.fx.snapshot()).toEqual(before);
      const ok = await extend({ deadlineId: id, bookBy: '2026-03-19', reason: 'holiday' });
      expect(ok.userErrors).toEqual([]);
      expect(ok.deadline).toMatchObject({ availableFrom: '2026-03-02', bookBy: '2026-03-19', latestInterviewDate: '2026-03-26' });
    });

    it('DL-10: an EXPIRED deadline may be extended after the citizen contacts the jobcenter (003 2.12); it is OPEN again and can be booked', async () => {
      const c = await citizen({ targetGroup: 'JOB_READY_CASH_BENEFIT' });
      const id = await issue(c);
      t.clock.set('2026-03-11T09:00:00+01:00');
      expect((await t.as(cw).run(CitizenActiveDeadlineImmediateBookingRequired, { id: c.id })).citizen).toEqual({ activeDeadline: { id, status: 'EXPIRED' }, immediateBookingRequired: true });
      const r = await extend({ deadlineId: id, bookBy: '2026-03-13', reason: 'Citizen e-mailed the evening of bookBy: no free slots' });
      expect(r.userErrors).toEqual([]);
      expect(r.deadline).toMatchObject({ status: 'OPEN', bookBy: '2026-03-13', latestInterviewDate: '2026-03-20' });
      expect(r.deadline.history[1]).toMatchObject({ action: 'EXTENDED', fromStatus: 'EXPIRED', toStatus: 'OPEN' });
      expect((await t.as(cw).run(CitizenActiveDeadlineImmediateBookingRequired, { id: c.id })).citizen).toEqual({ activeDeadline: { id, status: 'OPEN' }, immediateBookingRequired: false });
      const slot = await t.fx.slot(jc, '2026-03-19', '10:00');
      const booked = await t.as.citizen(c.id).run(BookSlotForCitizenDecisions, { input: { slotId: slot.id } });
      expect(booked.bookSlot.userErrors).toEqual([]);
      expect(booked.bookSlot.deadline).toEqual({ id, status: 'BOOKED' });
    });

    it('DL-10: an expired deadline cannot be extended to a day before today (NOT_LATER), only to today or later', async () => {
      const c = await citizen({ targetGroup: 'JOB_READY_CASH_BENEFIT' });
      const id = await issue(c);
      t.clock.set('2026-03-13T09:00:00+01:00');
      const before = await t.fx.snapshot();
      const r = await extend({ deadlineId: id, bookBy: '2026-03-12', reason: 'late' });
      expect(r.userErrors).toEqual([expect.objectContaining({ code: 'NOT_LATER', field: ['input', 'bookBy'] })]);
      expect(r.userErrors[0].message).toMatch(/^DL-10: .*before today \(2026-03-13\)/);
      expect(await t.fx.snapshot()).toEqual(before);
      expect((await extend({ deadlineId: id, bookBy: '2026-03-13', reason: 'late' })).deadline.status).toBe('OPEN');
    });

    it('DL-10: booked, closed and lapsed deadlines are NOT_EXTENDABLE and nothing changes', async () => {
      const booked = await citizen();
      const bookedId = await issue(booked);
      const slot = await t.fx.slot(jc, '2026-03-09', '11:00');
      expect((await t.as.citizen(booked.id).run(BookSlotForCitizenDecisions, { input: { slotId: slot.id } })).bookSlot.userErrors).toEqual([]);
      const closed = await citizen();
      const closedId = await issue(closed);
      expect((await close({ deadlineId: closedId, reason: 'OTHER', note: 'moved away' })).userErrors).toEqual([]);
      const lapsed = await citizen();
      const lapsedDeadline = await t.fx.deadline(lapsed, '2026-01-05', '2026-01-13', { status: 'LAPSED' });

      const before = await t.fx.snapshot();
      const expectations: [string, RegExp][] = [
        [bookedId, /^DL-10: the deadline is booked/],
        [closedId, /^DL-10: a CLOSED deadline cannot be extended/],
        [lapsedDeadline.id, /^DL-10: a LAPSED deadline cannot be extended/],
      ];
      for (const [deadlineId, message] of expectations) {
        const r = await extend({ deadlineId, bookBy: '2026-03-20', reason: 'x' });
        expect(r.userErrors).toEqual([{ code: 'NOT_EXTENDABLE', message: expect.stringMatching(message), field: ['input', 'deadlineId'] }]);
      }
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('DL-10/LP-2: another group\'s expired deadline may be extended through the end of the month after bookBy; from then it reads LAPSED and cannot', async () => {
      const c = await citizen({ targetGroup: 'JOB_READY_CASH_BENEFIT' });
      const insured = await citizen({ targetGroup: 'INSURED_UNEMPLOYED' });
      const id = await issue(c);
      const insuredId = await issue(insured);
      const read = async (deadlineId: string) =>
        (await t.as(cw).run(DeadlineStatusRead, { id: deadlineId })).deadline.status;
      t.clock.set('2026-04-30T23:59:00+02:00');
      expect(await read(id)).toBe('EXPIRED');
      t.clock.set('2026-05-01T00:00:00+02:00');
      expect(await read(id)).toBe('LAPSED');
      expect(await read(insuredId)).toBe('EXPIRED');
      const before = await t.fx.snapshot();
      const r = await extend({ deadlineId: id, bookBy: '2026-05-08', reason: 'x' });
      expect(r.userErrors).toEqual([expect.objectContaining({ code: 'NOT_EXTENDABLE', message: expect.stringMatching(/^DL-10: a LAPSED deadline/) })]);
      expect((await close({ deadlineId: id, reason: 'OTHER', note: 'x' })).userErrors[0].code).toBe('NOT_ACTIVE');
      expect(await t.fx.snapshot()).toEqual(before);
      t.clock.set('2026-04-30T12:00:00+02:00');
      expect((await extend({ deadlineId: id, bookBy: '2026-05-08', reason: 'x' })).deadline).toMatchObject({ status: 'OPEN', bookBy: '2026-05-08' });
    });

    it('DL-10/DL-5: the expired deadline of a deregistered citizen is NOT_EXTENDABLE until re-registration', async () => {
      const c = await citizen({ registered: false });
      const d = await t.fx.deadline(c, '2026-02-18', '2026-02-26');
      const before = await t.fx.snapshot();
      const r = await extend({ deadlineId: d.id, bookBy: '2026-03-10', reason: 'x' });
      expect(r.userErrors).toEqual([expect.objectContaining({ code: 'NOT_EXTENDABLE', message: expect.stringMatching(/^DL-10: DL-5: .*deregistered/) })]);
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('DL-10: an empty reason is refused; a deadline of another jobcenter is NOT_FOUND; a citizen may not extend', async () => {
      const c = await citizen();
      const id = await issue(c);
      const before = await t.fx.snapshot();
      expect((await extend({ deadlineId: id, bookBy: '2026-03-12', reason: '   ' })).userErrors)
        .toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'reason'] })]);
      expect((await extend({ deadlineId: id, bookBy: '2026-03-12', reason: 'x' }, as.caseworker((await t.fx.jobcenter()).id))).userErrors)
        .toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'deadlineId'] })]);
      expect((await extend({ deadlineId: 'not-a-uuid', bookBy: '2026-03-12', reason: 'x' })).userErrors)
        .toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'deadlineId'] })]);
      const forbidden = await t.as.citizen(c.id).exec(ExtendDeadlineForDeadlineExtendClose, { input: { deadlineId: id, bookBy: '2026-03-12', reason: 'x' } });
      expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('DL-10/DL-11/TG-6: the extension reaches the citizen like the deadline did: SMS with new reminders, or a letter', async () => {
      const sms = await citizen({ notifySms: true });
      const smsId = await issue(sms);
      t.clock.set('2026-03-09T09:00:00+01:00');
      await extend({ deadlineId: smsId, bookBy: '2026-03-12', reason: 'x' });
      const notes = (await events(sms.id)).filter((e) => e.type === 'NOTIFICATION_SMS').map((e) => e.payload);
      expect(notes).toEqual([
        expect.objectContaining({ kind: 'DEADLINE_ISSUED', reminders: ['2026-03-07', '2026-03-10'] }),
        expect.objectContaining({ kind: 'DEADLINE_EXTENDED', bookBy: '2026-03-12', reminders: ['2026-03-12'] }),
      ]);
      t.clock.set(NOW);
      const letter = await citizen({ exemptFromActiveJobSeeking: true });
      const letterId = await issue(letter);
      await extend({ deadlineId: letterId, bookBy: '2026-03-17', reason: 'x' });
      const letters = (await events(letter.id)).filter((e) => e.type === 'LETTER_DEADLINE').map((e) => e.payload);
      expect(letters).toEqual([
        expect.not.objectContaining({ kind: expect.anything() }),
        expect.objectContaining({ kind: 'DEADLINE_EXTENDED', bookBy: '2026-03-17', latestInterviewDate: '2026-03-24' }),
      ]);
    });
  });

  describe('closeDeadline', () => {
    it('DL-7: closes the active deadline with its reason; history says who, when and why; the citizen has no active deadline', async () => {
      const c = await citizen();
      const id = await issue(c);
      t.clock.set('2026-03-04T11:00:00+01:00');
      const r = await close({ deadlineId: id, reason: 'DEREGISTERED', note: 'Took a job from 5 March' });
      expect(r.userErrors).toEqual([]);
      expect(r.deadline).toMatchObject({ id, status: 'CLOSED', closeReason: 'DEREGISTERED' });
      expect(r.deadline.history[1]).toEqual({
        at: '2026-03-04T11:00:00+01:00', actor: `caseworker:${jc.id}:cw-1`, action: 'CLOSED', fromStatus: 'OPEN', toStatus: 'CLOSED',
        reason: 'DEREGISTERED: Took a job from 5 March',
      });
      expect((await t.as(cw).run(CitizenActiveDeadlineImmediateBookingRequired, { id: c.id })).citizen.activeDeadline).toBeNull();
      expect((await events(c.id)).find((e) => e.type === 'DEADLINE_CLOSED')?.payload).toMatchObject({ deadlineId: id, reason: 'DEREGISTERED' });
      // With no active deadline, the next one supersedes nothing.
      const next = await t.as(cw).run(IssueDeadlineForDeadlineExtendClose, { input: { citizenId: c.id, bookBy: '2026-03-12' } });
      expect(next.issueDeadline.supersededDeadline).toBeNull();
    });

    it('DL-7: reason OTHER needs a note; without one (or blank) nothing changes', async () => {
      const c = await citizen();
      const id = await issue(c);
      const before = await t.fx.snapshot();
      for (const note of [undefined, '  ']) {
        const r = await close({ deadlineId: id, reason: 'OTHER', ...(note !== undefined ? { note } : {}) });
        expect(r.userErrors).toEqual([{ code: 'INVALID_INPUT', message: expect.stringMatching(/^DL-7: .*OTHER needs a note/), field: ['input', 'note'] }]);
      }
      expect(await t.fx.snapshot()).toEqual(before);
      const ok = await close({ deadlineId: id, reason: 'OTHER', note: 'Duplicate case' });
      expect(ok.deadline).toMatchObject({ status: 'CLOSED', closeReason: 'OTHER' });
      expect(ok.deadline.history[1].reason).toBe('OTHER: Duplicate case');
    });

    it.each<DeadlineCloseReason>(['SUPERSEDED', 'INTERVIEW_HELD', 'EXEMPTED', 'REVOKED', 'LESS_INTENSIVE_EFFORT', 'MEETING_DAY_REACHED'])(
      'DL-7: reason %s is set by its own operation and refused here',
      async (reason) => {
        const c = await citizen();
        const id = await issue(c);
        const before = await t.fx.snapshot();
        const r = await close({ deadlineId: id, reason });
        expect(r.userErrors).toEqual([{ code: 'INVALID_INPUT', message: expect.stringMatching(new RegExp(`^DL-7: reason ${reason} is set by `)), field: ['input', 'reason'] }]);
        expect(await t.fx.snapshot()).toEqual(before);
      },
    );

    it('DL-7: an EXPIRED deadline may be closed; its history shows it was EXPIRED', async () => {
      const c = await citizen({ targetGroup: 'EDUCATION_READY_EDUCATION_BENEFIT' });
      const id = await issue(c);
      t.clock.set('2026-03-11T08:00:00+01:00');
      const r = await close({ deadlineId: id, reason: 'CALLED_IN_INSTEAD' });
      expect(r.deadline.history[1]).toMatchObject({ fromStatus: 'EXPIRED', toStatus: 'CLOSED', reason: 'CALLED_IN_INSTEAD: closed by the jobcenter' });
    });

    it('DL-7: a closed or lapsed deadline is NOT_ACTIVE and nothing changes', async () => {
      const c = await citizen();
      const id = await issue(c);
      await close({ deadlineId: id, reason: 'MEETING_CANCELLED' });
      const lapsed = await t.fx.deadline(await citizen(), '2026-01-05', '2026-01-13', { status: 'LAPSED' });
      const before = await t.fx.snapshot();
      const again = await close({ deadlineId: id, reason: 'MEETING_CANCELLED' });
      expect(again.userErrors).toEqual([{ code: 'NOT_ACTIVE', message: expect.stringMatching(/^DL-7: the deadline is already CLOSED \(MEETING_CANCELLED\)/), field: ['input', 'deadlineId'] }]);
      expect((await close({ deadlineId: lapsed.id, reason: 'MEETING_CANCELLED' })).userErrors[0].code).toBe('NOT_ACTIVE');
      expect(await t.fx.snapshot()).toEqual(before);
    });

    it('DL-7: a retry with the same idempotency key returns the first result instead of NOT_ACTIVE', async () => {
      const c = await citizen();
      const id = await issue(c);
      const first = await close({ deadlineId: id, reason: 'OTHER', note: 'n', idempotencyKey: 'close-1' });
      const retry = await close({ deadlineId: id, reason: 'OTHER', note: 'n', idempotencyKey: 'close-1' });
      expect(retry).toEqual(first);
      expect(retry.userErrors).toEqual([]);
    });
  });
});
