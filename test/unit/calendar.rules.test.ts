import { Temporal } from 'temporal-polyfill';
import { hashFeedToken, newFeedToken, parseFeedPath, renderFeed, shownInFeed } from '../../src/domain/calendar/calendar.rules';

/** Issue 14 item 6 (MT-1 as an iCalendar feed): the pure parts, with a fixed "now". */
const NOW = Temporal.Instant.from('2026-03-02T08:00:00Z');
const i = (s: string) => Temporal.Instant.from(s);

describe('calendar feed rules', () => {
  it('MT-1: a token is 256 random bits in base64url, hashed with SHA-256; only such a path is looked up', () => {
    const a = newFeedToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newFeedToken()).not.toBe(a);
    expect(hashFeedToken(a)).toHaveLength(32);
    expect(parseFeedPath(`/calendar/${a}.ics`)).toBe(a);
    expect(parseFeedPath(`/calendar/${a}`)).toBeNull();
    expect(parseFeedPath(`/calendar/${a}x.ics`)).toBeNull();
    expect(parseFeedPath(`/calendar/${a.slice(1)}.ics`)).toBeNull();
    expect(parseFeedPath(`/calendar/../${a}.ics`)).toBeNull();
  });

  it('MT-1: planned meetings are shown; a cancelled one while cancelled at most 30 days ago (day 30 yes, day 30 + 1 s no) and not yet started', () => {
    const future = i('2026-03-10T09:00:00Z');
    expect(shownInFeed({ status: 'PLANNED', startsAt: i('2026-01-01T09:00:00Z'), cancelledAt: null }, NOW)).toBe(true);
    expect(shownInFeed({ status: 'CANCELLED', startsAt: future, cancelledAt: NOW.subtract({ hours: 720 }) }, NOW)).toBe(true);
    expect(shownInFeed({ status: 'CANCELLED', startsAt: future, cancelledAt: NOW.subtract({ hours: 720, seconds: 1 }) }, NOW)).toBe(false);
    expect(shownInFeed({ status: 'CANCELLED', startsAt: NOW, cancelledAt: NOW.subtract({ hours: 1 }) }, NOW)).toBe(false);
    expect(shownInFeed({ status: 'CANCELLED', startsAt: NOW.add({ seconds: 1 }), cancelledAt: NOW }, NOW)).toBe(true);
    expect(shownInFeed({ status: 'HELD', startsAt: future, cancelledAt: null }, NOW)).toBe(false);
    expect(shownInFeed({ status: 'NO_SHOW', startsAt: future, cancelledAt: null }, NOW)).toBe(false);
  });

  it('MT-1: times are local Copenhagen wall-clock with TZID across the DST change (29 March 2026); DTSTAMP and LAST-MODIFIED in UTC', () => {
    const meeting = (id: string, start: string, status: 'PLANNED' | 'CANCELLED' = 'PLANNED') => ({
      id, type: 'JOB_INTERVIEW' as const, form: 'VIDEO' as const, status, startsAt: i(start), endsAt: i(start).add({ minutes: 45 }),
      location: null, jobcenterName: 'Jobcenter X', withFund: false, createdAt: i('2026-02-01T10:00:00Z'), changes: 3, lastModified: i('2026-02-20T10:00:00Z'),
    });
    const text = renderFeed([meeting('a', '2026-03-28T09:00:00Z'), meeting('b', '2026-03-30T08:00:00Z', 'CANCELLED')], NOW);
    expect(text).toContain('DTSTART;TZID=Europe/Copenhagen:20260328T100000\r\n');
    expect(text).toContain('DTEND;TZID=Europe/Copenhagen:20260328T104500\r\n');
    expect(text).toContain('DTSTART;TZID=Europe/Copenhagen:20260330T100000\r\n');
    expect(text).toContain('DTSTAMP:20260302T080000Z\r\n');
    expect(text).toContain('LAST-MODIFIED:20260220T100000Z\r\n');
    expect(text).toContain('SEQUENCE:3\r\n');
    expect(text).toContain('LOCATION:Videosamtale (by video)\r\n');
    expect(text.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
    expect(text.match(/STATUS:CANCELLED/g)).toHaveLength(1);
    expect(text).toContain('SUMMARY:AFLYST: Jobsamtale – Jobcenter X\r\n');
  });
});
