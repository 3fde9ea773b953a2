import { Temporal } from 'temporal-polyfill';
import { assertSlotCount, slotKindOf, validateSlotSpec } from '../../src/domain/slot/slot.rules';
import type { MeetingForm } from '../../src/generated/enums';

const I = (s: string) => Temporal.Instant.from(s);
const now = I('2026-03-02T08:00:00Z');
const startsAt = I('2026-03-10T09:00:00Z');

describe('slot.rules (SL-1)', () => {
  it('SL-1: a future slot of 30 minutes is valid; kind follows from the group part', () => {
    expect(validateSlotSpec({ startsAt, endsAt: startsAt.add({ minutes: 30 }) }, now, 0)).toBeUndefined();
    expect(slotKindOf({})).toBe('JOB_INTERVIEW');
    expect(slotKindOf({ groupStartsAt: startsAt.subtract({ minutes: 30 }) })).toBe('GROUP_THEN_INDIVIDUAL');
  });

  it('SL-1: a slot starting now or earlier is refused with the index in the field path', () => {
    expect(validateSlotSpec({ startsAt: now, endsAt: now.add({ minutes: 30 }) }, now, 3))
      .toMatchObject({ code: 'SLOT_IN_PAST', field: ['input', 'slots', '3', 'startsAt'] });
    expect(validateSlotSpec({ startsAt: now.add({ seconds: 1 }), endsAt: now.add({ minutes: 30 }) }, now, 3)).toBeUndefined();
  });

  it('SL-1: the end must be after the start and at most 4 hours later (4:00 ok, 4:01 refused)', () => {
    expect(validateSlotSpec({ startsAt, endsAt: startsAt }, now, 2)).toMatchObject({ code: 'INVALID_TIMES', field: ['input', 'slots', '2', 'endsAt'] });
    expect(validateSlotSpec({ startsAt, endsAt: startsAt.add({ hours: 4 }) }, now, 2)).toBeUndefined();
    expect(validateSlotSpec({ startsAt, endsAt: startsAt.add({ hours: 4, minutes: 1 }) }, now, 2))
      .toMatchObject({ code: 'INVALID_TIMES', field: ['input', 'slots', '2', 'endsAt'] });
    expect(validateSlotSpec({ startsAt, endsAt: startsAt.add({ hours: 4, seconds: 1 }) }, now, 2)).toMatchObject({ code: 'INVALID_TIMES' });
  });

  it('SL-1 Decision: the individual part starts at most 60 minutes after the group part (60 ok, 61 refused)', () => {
    const endsAt = startsAt.add({ minutes: 30 });
    expect(validateSlotSpec({ startsAt, endsAt, groupStartsAt: startsAt.subtract({ minutes: 60 }) }, now, 0)).toBeUndefined();
    const r = validateSlotSpec({ startsAt, endsAt, groupStartsAt: startsAt.subtract({ minutes: 61 }) }, now, 7);
    expect(r).toMatchObject({ code: 'GROUP_GAP_TOO_LONG', field: ['input', 'slots', '7', 'groupStartsAt'] });
    expect(r!.message).toMatch(/^SL-1: .*60 minutes/);
  });

  it('SL-1: the group part must start before the individual part, and in the future', () => {
    const endsAt = startsAt.add({ minutes: 30 });
    expect(validateSlotSpec({ startsAt, endsAt, groupStartsAt: startsAt }, now, 1)).toMatchObject({ code: 'INVALID_TIMES', field: ['input', 'slots', '1', 'groupStartsAt'] });
    const soon = now.add({ minutes: 30 });
    expect(validateSlotSpec({ startsAt: soon, endsAt: soon.add({ minutes: 30 }), groupStartsAt: now }, now, 1))
      .toMatchObject({ code: 'SLOT_IN_PAST', field: ['input', 'slots', '1', 'groupStartsAt'] });
  });

  it('SL-1: the form is IN_PERSON, PHONE or VIDEO', () => {
    const endsAt = startsAt.add({ minutes: 30 });
    for (const form of ['IN_PERSON', 'PHONE', 'VIDEO'] as MeetingForm[]) expect(validateSlotSpec({ startsAt, endsAt, form }, now, 0)).toBeUndefined();
    expect(validateSlotSpec({ startsAt, endsAt, form: 'LETTER' as MeetingForm }, now, 4)).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'slots', '4', 'form'] });
  });

  it('SL-1: 1 to 500 slots per call', () => {
    expect(assertSlotCount(0)).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'slots'] });
    expect(assertSlotCount(1)).toBeUndefined();
    expect(assertSlotCount(500)).toBeUndefined();
    expect(assertSlotCount(501)).toMatchObject({ code: 'TOO_MANY_SLOTS' });
  });
});
