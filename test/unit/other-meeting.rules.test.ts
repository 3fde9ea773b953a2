import { Temporal } from 'temporal-polyfill';
import { otherMeetingOfferRefusal, otherMeetingOfferStatus, otherMeetingOfferText } from '../../src/domain/meeting/other-meeting.rules';
import { slotKindOf, validateSlotSpec } from '../../src/domain/slot/slot.rules';

const d = (s: string) => Temporal.PlainDate.from(s);
const NOW = Temporal.Instant.from('2026-03-02T08:00:00Z');

describe('MT-6: other meetings offered for self-booking (pure, fixed dates)', () => {
  it('MT-6: an open offer reads OPEN on its last day to book and EXPIRED the day after; a booked one stays BOOKED', () => {
    const o = { status: 'OPEN' as const, bookBy: d('2026-03-10') };
    expect(otherMeetingOfferStatus(o, d('2026-03-10'))).toBe('OPEN');
    expect(otherMeetingOfferStatus(o, d('2026-03-11'))).toBe('EXPIRED');
    expect(otherMeetingOfferStatus({ ...o, status: 'BOOKED' }, d('2026-03-11'))).toBe('BOOKED');
  });

  it('MT-6: offered to duty groups and voluntary self-bookers with the right to self-book only', () => {
    const c = { targetGroup: 'JOB_READY_CASH_BENEFIT' as const, voluntarySelfBooking: false, selfBookingRight: 'ALLOWED' as const };
    expect(otherMeetingOfferRefusal(c)).toBeNull();
    expect(otherMeetingOfferRefusal({ ...c, targetGroup: 'SICKNESS_BENEFIT' })).toMatch(/^MT-6\/TG-2: /);
    expect(otherMeetingOfferRefusal({ ...c, targetGroup: 'SICKNESS_BENEFIT', voluntarySelfBooking: true })).toBeNull();
    expect(otherMeetingOfferRefusal({ ...c, selfBookingRight: 'REVOKED' })).toMatch(/^MT-6\/EX-3: /);
  });

  it('MT-6 (003 2.16): the offer says that without a booking the citizen is called in', () => {
    expect(otherMeetingOfferText('Informationsmøde', d('2026-03-10'), d('2026-03-17'))).toMatch(/vil du blive indkaldt.*called in/s);
  });

  it('MT-6/SL-1: a slot of kind OTHER has no group part', () => {
    const spec = { startsAt: NOW.add({ hours: 24 }), endsAt: NOW.add({ hours: 25 }), kind: 'OTHER' as const };
    expect(slotKindOf(spec)).toBe('OTHER');
    expect(validateSlotSpec(spec, NOW, 0)).toBeUndefined();
    expect(validateSlotSpec({ ...spec, groupStartsAt: NOW.add({ hours: 23 }) }, NOW, 0))
      .toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'slots', '0', 'groupStartsAt'], message: expect.stringMatching(/^MT-6: /) });
  });
});
