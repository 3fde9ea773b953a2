import { Temporal } from 'temporal-polyfill';
import type { Meeting } from '../../src/entities';
import { busyTimeOf, overlapMessage, overlappingMeeting, overlaps } from '../../src/domain/meeting/meeting.rules';

const i = (s: string) => Temporal.Instant.from(`2026-03-12T${s}:00+01:00`);
const range = (from: string, to: string) => ({ from: i(from), to: i(to) });
type M = Pick<Meeting, 'id' | 'type' | 'origin' | 'status' | 'startsAt' | 'endsAt' | 'groupStartsAt'>;
const meeting = (id: string, from: string, to: string, over: Partial<M> = {}): M => ({
  id, type: 'JOINT_INTERVIEW', origin: 'CALLED_IN', status: 'PLANNED', startsAt: i(from), endsAt: i(to), groupStartsAt: null, ...over,
});

describe('MT-7, MT-8: overlapping meetings (pure)', () => {
  const joint = meeting('j', '10:00', '11:00');

  it('MT-7: ranges are half-open: touching meetings (10:00–11:00 and 11:00–11:30) do not overlap; a minute inside does', () => {
    expect(overlaps(range('10:00', '11:00'), range('11:00', '11:30'))).toBe(false);
    expect(overlaps(range('10:00', '11:00'), range('09:30', '10:00'))).toBe(false);
    expect(overlaps(range('10:00', '11:00'), range('10:59', '11:30'))).toBe(true);
    expect(overlaps(range('10:00', '11:00'), range('09:30', '10:01'))).toBe(true);
    expect(overlaps(range('10:00', '11:00'), range('10:15', '10:45'))).toBe(true);
    expect(overlaps(range('10:15', '10:45'), range('10:00', '11:00'))).toBe(true);
  });

  it('MT-7: only PLANNED and HELD meetings hold the time, whatever their type; replaced meetings are left out; the soonest clash is named', () => {
    const cancelled = meeting('c', '10:00', '11:00', { status: 'CANCELLED' });
    const noShow = meeting('n', '10:00', '11:00', { status: 'NO_SHOW' });
    const held = meeting('h', '09:00', '10:30', { type: 'JOB_INTERVIEW', origin: 'WALK_IN', status: 'HELD' });
    expect(overlappingMeeting([cancelled, noShow], range('10:15', '10:45'))).toBeUndefined();
    expect(overlappingMeeting([joint, cancelled, held], range('10:15', '10:45'))).toBe(held);
    expect(overlappingMeeting([joint, held], range('10:15', '10:45'), ['h'])).toBe(joint);
    expect(overlappingMeeting([joint], range('11:00', '11:30'))).toBeUndefined();
  });

  it('MT-7/SL-1: a GROUP_THEN_INDIVIDUAL booking holds the time from its group part', () => {
    const group = meeting('g', '10:15', '10:45', { type: 'JOB_INTERVIEW', origin: 'SELF_BOOKED', groupStartsAt: i('09:30') });
    expect(busyTimeOf(group)).toEqual(range('09:30', '10:45'));
    expect(overlappingMeeting([group], range('09:00', '09:35'))).toBe(group);
    expect(overlappingMeeting([group], range('09:00', '09:30'))).toBeUndefined();
  });

  it('MT-7/MT-8: the message names the clashing meeting; the same start of a visit is MT-8', () => {
    expect(overlapMessage(joint, i('10:15'), 'you')).toBe(
      'MT-7: you have a planned joint interview (called-in) 2026-03-12T10:00+01:00–11:00, meeting j, which overlaps this time; choose a time outside it');
    const walkIn = meeting('w', '10:00', '10:30', { type: 'JOB_INTERVIEW', origin: 'WALK_IN', status: 'HELD' });
    const visit = { type: 'JOB_INTERVIEW', origin: 'WALK_IN' } as const;
    expect(overlapMessage(walkIn, i('10:00'), 'the citizen', { visit })).toBe(
      'MT-8: this visit is already registered: the held job interview (walk-in) 2026-03-12T10:00+01:00–10:30, meeting w');
    // A second submission a few seconds later (startsAt defaulting to now) is the same visit too.
    expect(overlapMessage(walkIn, i('10:00').add({ seconds: 3 }), 'the citizen', { visit })).toMatch(/^MT-8: /);
    expect(overlapMessage(joint, i('10:00'), 'the citizen', { visit })).toMatch(/^MT-8: .*; register that meeting as held instead$/);
    expect(overlapMessage(joint, i('10:00'), 'the citizen')).toMatch(/^MT-7: the citizen has a planned joint interview/);
  });
});
