import { Temporal } from 'temporal-polyfill';
import {
  WALK_IN_MAX_MINUTES, assertCallIn, assertFirstContact, assertFirstJointInterview, assertNoPlannedInterview, assertNoShowFollowUp,
  assertNonParticipation, assertOutcomeRegistrable, assertPlannedJointInterview, assertReplaceable, assertWalkInAllowed, assertWalkInInput,
} from '../../src/domain/meeting/meeting.rules';
import { assertOfferBookable, assertOtherMeetingOfferInput, assertSlotForOffer } from '../../src/domain/meeting/other-meeting.rules';

/** The pure pre-checks of the meeting commands (src/domain/meeting/commands/), with a fixed clock. */
const d = (s: string) => Temporal.PlainDate.from(s);
const i = (s: string) => Temporal.Instant.from(s);
const TODAY = d('2026-03-02');
const NOW = i('2026-03-02T09:00:00+01:00');
const P = ['input'];
const code = (f: { code: string } | undefined) => f?.code;

describe('meeting command pre-checks (pure, fixed clock)', () => {
  const citizen = {
    targetGroup: 'INSURED_UNEMPLOYED' as const, unemploymentFundId: 'f1', lessIntensiveEffort: false, lessIntensiveOverrideJustification: null,
  };
  const state = { citizen, now: NOW, today: TODAY };
  const spec = {
    type: 'JOB_INTERVIEW' as const, form: 'IN_PERSON' as const,
    startsAt: i('2026-03-10T10:00:00+01:00'), endsAt: i('2026-03-10T10:30:00+01:00'),
  };

  describe('callInMeeting: assertCallIn chains MT-1, MT-3, JI-1, JI-7, TG-5, MT-3 notice, DL-9 in order', () => {
    it('MT-1: endsAt equal to startsAt is refused, one minute later is accepted', () => {
      expect(assertCallIn({ ...spec, endsAt: spec.startsAt }, state, P)).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'endsAt'] });
      expect(assertCallIn({ ...spec, endsAt: spec.startsAt.add({ minutes: 1 }) }, state, P)).toBeUndefined();
    });
    it('MT-3: a call-in starting now is in the past; a second later is in the future (short notice)', () => {
      const at = { ...spec, startsAt: NOW, endsAt: NOW.add({ minutes: 30 }), shortNotice: true };
      expect(assertCallIn(at, state, P)).toMatchObject({ code: 'MEETING_IN_PAST', field: ['input', 'startsAt'] });
      expect(assertCallIn({ ...at, startsAt: NOW.add({ seconds: 1 }) }, state, P)).toBeUndefined();
    });
    it('MT-3: a digital call-in on day 7 is too soon, on day 8 it is allowed; the field is under the prefix', () => {
      const day7 = { ...spec, startsAt: i('2026-03-09T15:00:00+01:00'), endsAt: i('2026-03-09T15:30:00+01:00') };
      expect(assertCallIn(day7, state, ['input', 'callIn'])).toMatchObject({ code: 'CALL_IN_TOO_SOON', field: ['input', 'callIn', 'startsAt'] });
      expect(assertCallIn(day7, state, P)?.message).toMatch(/^MT-3: .*on 2026-03-10 or later/);
      expect(assertCallIn(spec, state, P)).toBeUndefined();
    });
    it('JI-1: a joint interview needs an INSURED_UNEMPLOYED member of an a-kasse', () => {
      const ji = { ...spec, type: 'JOINT_INTERVIEW' as const };
      expect(assertCallIn(ji, state, P)).toBeUndefined();
      expect(assertCallIn(ji, { ...state, citizen: { ...citizen, unemploymentFundId: null } }, P)?.message).toMatch(/^JI-1: the citizen is not a member/);
      expect(assertCallIn(ji, { ...state, citizen: { ...citizen, targetGroup: 'SICKNESS_BENEFIT' } }, P)).toMatchObject({ code: 'NOT_ELIGIBLE_FOR_JOINT_INTERVIEW', field: ['input', 'type'] });
    });
    it('JI-7: the 16-month joint interview is in person; sixteenMonth marks a joint interview only', () => {
      const ji = { ...spec, type: 'JOINT_INTERVIEW' as const, sixteenMonth: true };
      expect(assertCallIn(ji, state, P)).toBeUndefined();
      expect(assertCallIn({ ...ji, form: 'VIDEO' as const }, state, P)).toMatchObject({ code: 'SIXTEEN_MONTH_MUST_BE_IN_PERSON', field: ['input', 'form'] });
      expect(assertCallIn({ ...spec, sixteenMonth: true }, state, P)).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'sixteenMonth'] });
    });
    it('TG-5: less intensive effort blocks a job interview unless justified; a follow-up stays possible', () => {
      const lie = { ...state, citizen: { ...citizen, lessIntensiveEffort: true } };
      expect(code(assertCallIn(spec, lie, P))).toBe('LESS_INTENSIVE_EFFORT');
      expect(assertCallIn(spec, { ...lie, citizen: { ...lie.citizen, lessIntensiveOverrideJustification: '§ 106(3)' } }, P)).toBeUndefined();
      expect(assertCallIn({ ...spec, type: 'FOLLOW_UP' }, lie, P)).toBeUndefined();
    });
    it('DL-9: an OTHER call-in replaces nothing; the earlier checks answer first (MT-1 before DL-9)', () => {
      const other = { ...spec, type: 'OTHER' as const, replacesMeetingId: 'm1' };
      expect(assertCallIn(other, state, P)).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'replacesMeetingId'] });
      expect(assertCallIn({ ...other, endsAt: other.startsAt }, state, P)?.field).toEqual(['input', 'endsAt']);
      expect(assertCallIn({ ...other, replacesMeetingId: null }, state, P)).toBeUndefined();
    });
  });

  it('DL-9: only an existing PLANNED job interview or follow-up can be replaced', () => {
    expect(code(assertReplaceable('m1', null, P))).toBe('NOT_FOUND');
    expect(code(assertReplaceable('m1', { status: 'HELD', type: 'JOB_INTERVIEW' }, P))).toBe('NOT_PLANNED');
    expect(code(assertReplaceable('m1', { status: 'PLANNED', type: 'JOINT_INTERVIEW' }, P))).toBe('INVALID_INPUT');
    expect(assertReplaceable('m1', { status: 'PLANNED', type: 'FOLLOW_UP' }, P)).toBeUndefined();
  });

  it('MT-2: a planned interview blocks a new job interview or follow-up, never a joint interview or OTHER meeting', () => {
    const clash = { type: 'FOLLOW_UP' as const, startsAt: i('2026-03-12T10:00:00+01:00') };
    expect(assertNoPlannedInterview('JOB_INTERVIEW', clash, P)?.message).toMatch(/^MT-2: the citizen already has a follow-up planned/);
    expect(assertNoPlannedInterview('JOB_INTERVIEW', null, P)).toBeUndefined();
    expect(assertNoPlannedInterview('JOINT_INTERVIEW', clash, P)).toBeUndefined();
  });

  it('MT-5: an outcome is registered for a PLANNED meeting from its start: a second before is refused, at the start accepted', () => {
    const m = { status: 'PLANNED' as const, startsAt: NOW };
    expect(assertOutcomeRegistrable({ ...m, startsAt: NOW.add({ seconds: 1 }) }, NOW, 'HELD')?.message).toMatch(/^MT-5: the meeting starts/);
    expect(assertOutcomeRegistrable({ ...m, startsAt: NOW.add({ seconds: 1 }) }, NOW, 'NO_SHOW')?.message).toMatch(/^MT-5: a no-show can be registered once/);
    expect(assertOutcomeRegistrable(m, NOW, 'HELD')).toBeUndefined();
    expect(assertOutcomeRegistrable({ ...m, status: 'CANCELLED' }, NOW, 'NO_SHOW')).toMatchObject({ code: 'NOT_PLANNED', field: ['input', 'meetingId'] });
  });

  it('NS-1: the follow-up comes with its details; an OTHER call-in does not replace the missed meeting', () => {
    expect(assertNoShowFollowUp({ followUp: 'NEW_DEADLINE' })).toMatchObject({ code: 'INVALID_FOLLOW_UP', field: ['input', 'newDeadline'] });
    expect(assertNoShowFollowUp({ followUp: 'NEW_DEADLINE', newDeadline: { bookBy: TODAY } })).toBeUndefined();
    expect(assertNoShowFollowUp({ followUp: 'CALL_IN', callIn: null })?.field).toEqual(['input', 'callIn']);
    expect(assertNoShowFollowUp({ followUp: 'CALL_IN', callIn: { type: 'OTHER' } })?.field).toEqual(['input', 'callIn', 'type']);
    expect(assertNoShowFollowUp({ followUp: 'CALL_IN', callIn: { type: 'FOLLOW_UP' } })).toBeUndefined();
  });

  describe('registerWalkInInterview (MT-4, ST-3)', () => {
    it('MT-4: durationMinutes 1 and 480 are accepted, 0, 481 and fractions refused; VIDEO is refused', () => {
      expect(assertWalkInInput({ durationMinutes: 1, form: 'IN_PERSON' })).toBeUndefined();
      expect(assertWalkInInput({ durationMinutes: WALK_IN_MAX_MINUTES, form: 'PHONE' })).toBeUndefined();
      expect(assertWalkInInput({ form: 'IN_PERSON' })).toBeUndefined();
      for (const m of [0, 481, 1.5]) expect(assertWalkInInput({ durationMinutes: m, form: 'IN_PERSON' })?.field).toEqual(['input', 'durationMinutes']);
      expect(assertWalkInInput({ durationMinutes: 30, form: 'VIDEO' })?.field).toEqual(['input', 'form']);
    });
    it('MT-4: for duty groups, SICKNESS_BENEFIT and voluntary self-bookers; startsAt now is accepted, a second later refused', () => {
      const c = { targetGroup: 'JOB_CLARIFICATION' as const, voluntarySelfBooking: false };
      expect(code(assertWalkInAllowed(c, false, NOW, NOW))).toBe('NO_SELF_BOOKING_DUTY');
      expect(assertWalkInAllowed({ ...c, voluntarySelfBooking: true }, false, NOW, NOW)).toBeUndefined();
      expect(assertWalkInAllowed({ ...c, targetGroup: 'SICKNESS_BENEFIT' }, false, NOW, NOW)).toBeUndefined();
      expect(assertWalkInAllowed(c, true, NOW, NOW)).toBeUndefined();
      expect(assertWalkInAllowed(c, true, NOW.add({ seconds: 1 }), NOW)).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'startsAt'] });
    });
    it('ST-3: a first contact is refused once a meeting was held; a walk-in (firstContact false) is not', () => {
      const earlier = { id: 'm0', type: 'JOB_INTERVIEW' as const, startsAt: i('2026-02-20T10:00:00+01:00') };
      expect(assertFirstContact(true, earlier)?.message).toMatch(/^ST-3: the citizen already had a held job interview/);
      expect(assertFirstContact(true, null)).toBeUndefined();
      expect(assertFirstContact(false, earlier)).toBeUndefined();
    });
  });

  describe('joint interviews (JI-2, JI-5)', () => {
    it('JI-2: acted on a PLANNED joint interview only', () => {
      expect(code(assertPlannedJointInterview({ type: 'JOB_INTERVIEW', status: 'PLANNED' }))).toBe('NOT_A_JOINT_INTERVIEW');
      expect(code(assertPlannedJointInterview({ type: 'JOINT_INTERVIEW', status: 'HELD' }))).toBe('NOT_PLANNED');
      expect(assertPlannedJointInterview({ type: 'JOINT_INTERVIEW', status: 'PLANNED' })).toBeUndefined();
    });
    it('JI-5: not taking part: no form, not while a request stands (unless opted out), with a reason unless opted out', () => {
      const m = { fundOptOut: false, fundRequestedBy: null, fundRequestRecordedAt: null };
      expect(assertNonParticipation({ form: 'VIDEO' }, 'busy', m)?.field).toEqual(['input', 'form']);
      expect(code(assertNonParticipation({}, 'busy', { ...m, fundRequestedBy: 'CITIZEN', fundRequestRecordedAt: NOW }))).toBe('FUND_PARTICIPATION_REQUESTED');
      expect(assertNonParticipation({}, null, m)?.field).toEqual(['input', 'reason']);
      expect(assertNonParticipation({}, 'busy', m)).toBeUndefined();
      expect(assertNonParticipation({}, null, { ...m, fundOptOut: true, fundRequestedBy: 'CITIZEN', fundRequestRecordedAt: NOW })).toBeUndefined();
    });
    it('JI-5: the request concerns the first joint interview: none held before it', () => {
      expect(assertFirstJointInterview(0)).toBeUndefined();
      expect(code(assertFirstJointInterview(1))).toBe('NOT_FIRST_JOINT_INTERVIEW');
    });
  });

  describe('other meetings (MT-6)', () => {
    const input = { description: 'Workshop', bookBy: TODAY };
    it('MT-6: bookBy today is accepted, yesterday refused; IN-1: at most 2 years ahead', () => {
      expect(assertOtherMeetingOfferInput(input, TODAY)).toBeUndefined();
      expect(assertOtherMeetingOfferInput({ ...input, bookBy: d('2026-03-01') }, TODAY)?.field).toEqual(['input', 'bookBy']);
      expect(assertOtherMeetingOfferInput({ ...input, bookBy: d('2028-03-02') }, TODAY)).toBeUndefined();
      expect(assertOtherMeetingOfferInput({ ...input, bookBy: d('2028-03-03') }, TODAY)?.message).toMatch(/^MT-6\/IN-1: bookBy is at most 2028-03-02/);
    });
    it('MT-6: the description is trimmed, 1–300 characters; latestMeetingDate from bookBy to 2 years + 7 days', () => {
      expect(assertOtherMeetingOfferInput({ ...input, description: '  ' }, TODAY)?.field).toEqual(['input', 'description']);
      expect(assertOtherMeetingOfferInput({ ...input, description: 'x'.repeat(300) }, TODAY)).toBeUndefined();
      expect(assertOtherMeetingOfferInput({ ...input, description: 'x'.repeat(301) }, TODAY)?.field).toEqual(['input', 'description']);
      expect(assertOtherMeetingOfferInput({ ...input, latestMeetingDate: TODAY }, TODAY)).toBeUndefined();
      expect(assertOtherMeetingOfferInput({ ...input, latestMeetingDate: d('2026-03-01') }, TODAY)?.field).toEqual(['input', 'latestMeetingDate']);
      expect(assertOtherMeetingOfferInput({ ...input, bookBy: d('2028-03-02'), latestMeetingDate: d('2028-03-09') }, TODAY)).toBeUndefined();
      expect(assertOtherMeetingOfferInput({ ...input, bookBy: d('2028-03-02'), latestMeetingDate: d('2028-03-10') }, TODAY)?.field).toEqual(['input', 'latestMeetingDate']);
    });
    it('MT-6: an offer is bookable on its bookBy day, not the day after, and not twice', () => {
      expect(assertOfferBookable({ status: 'OPEN', bookBy: TODAY }, TODAY)).toBeUndefined();
      expect(assertOfferBookable({ status: 'OPEN', bookBy: TODAY }, d('2026-03-03'))?.message).toMatch(/^MT-6: the last day to book was 2026-03-02/);
      expect(assertOfferBookable({ status: 'BOOKED', bookBy: TODAY }, TODAY)?.message).toMatch(/^MT-6: you have already booked/);
    });
    it('MT-6/SL-2: an OTHER slot of the jobcenter, not withdrawn, in the future, on or before the latest meeting day', () => {
      const offer = { jobcenterId: 'jc', latestMeetingDate: d('2026-03-09') };
      const slot = { jobcenterId: 'jc', kind: 'OTHER' as const, withdrawnAt: null, startsAt: i('2026-03-09T23:30:00+01:00'), groupStartsAt: null };
      expect(assertSlotForOffer('s1', slot, offer, NOW)).toBeUndefined();
      expect(code(assertSlotForOffer('s1', { ...slot, startsAt: i('2026-03-10T00:00:00+01:00') }, offer, NOW))).toBe('SLOT_AFTER_LATEST_MEETING_DATE');
      expect(code(assertSlotForOffer('s1', null, offer, NOW))).toBe('NOT_FOUND');
      expect(code(assertSlotForOffer('s1', { ...slot, jobcenterId: 'other' }, offer, NOW))).toBe('NOT_FOUND');
      expect(code(assertSlotForOffer('s1', { ...slot, kind: 'JOB_INTERVIEW' }, offer, NOW))).toBe('SLOT_NOT_FOR_OFFER');
      expect(code(assertSlotForOffer('s1', { ...slot, withdrawnAt: NOW }, offer, NOW))).toBe('SLOT_WITHDRAWN');
      expect(code(assertSlotForOffer('s1', { ...slot, startsAt: NOW }, offer, NOW))).toBe('SLOT_IN_PAST');
    });
  });
});
