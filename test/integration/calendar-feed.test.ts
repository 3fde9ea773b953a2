import { createHash } from 'node:crypto';
import ical, { type VEvent } from 'node-ical';
import { Temporal } from 'temporal-polyfill';
import { withApp } from '../support/app';
import { at } from '../support/fixtures';
import type { Citizen, Jobcenter } from '../../src/entities';
import { AccessLogForCalendarFeed, AccessLogForCalendarFeed2, CancelMeeting, CitizenCalendarFeed, MeCalendarFeed, RenewCalendarFeedToken } from '../support/operations';

describe('#14.6 the citizen\'s calendar feed', () => {
  const t = withApp();
  let base: string;
  let jc: Jobcenter;
  let citizen: Citizen;
  let other: Citizen;

  const renew = async (c: Citizen): Promise<string> => {
    const r = await t.as.citizen(c.id).run(RenewCalendarFeedToken);
    expect(r.renewCalendarFeedToken.userErrors).toEqual([]);
    return r.renewCalendarFeedToken.calendarFeedUrl;
  };
  const get = (path: string, init?: RequestInit) => fetch(base + path, init);
  const feedLogRows = async (c: Citizen) => (await t.ds.query(`SELECT * FROM access_log WHERE citizen_id = $1 AND actor_kind = 'CALENDAR_FEED'`, [c.id])) as Record<string, unknown>[];

  beforeAll(async () => {
    base = (await t.listen()).replace(/\/graphql$/, '');
    jc = await t.fx.jobcenter({ name: 'Jobcenter Aarhus' });
    citizen = await t.fx.citizen(jc);
    other = await t.fx.citizen(jc);
  });

  it('MT-1: the citizen makes a feed address (256-bit token, stored hashed) and sees when; nobody else sees it or may make one', async () => {
    expect((await t.as.citizen(citizen.id).run(MeCalendarFeed)).me.calendarFeed).toBeNull();
    const path = await renew(citizen);
    expect(path).toMatch(/^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const token = /\/calendar\/(.+)\.ics$/.exec(path)![1]!;
    const stored: { h: string }[] = await t.ds.query(`SELECT encode(token_hash, 'hex') AS h FROM calendar_feed_token WHERE citizen_id = $1`, [citizen.id]);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.h).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(await t.ds.query('SELECT * FROM calendar_feed_token'))).not.toContain(token);
    expect((await t.as.citizen(citizen.id).run(MeCalendarFeed)).me.calendarFeed.createdAt).toBe('2026-03-02T09:00:00+01:00');

    expect((await t.as.caseworker(jc.id).run(CitizenCalendarFeed, { id: citizen.id })).citizen.calendarFeed).toBeNull();
    const staff = await t.as.caseworker(jc.id).exec(RenewCalendarFeedToken);
    expect(staff.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await t.ds.query(`SELECT 1 FROM calendar_feed_token WHERE citizen_id = $1`, [other.id])).toHaveLength(0);
  });

  it('MT-1: the feed has the planned meetings with TZID=Europe/Copenhagen and its VTIMEZONE (CET and CEST), stable UIDs, no CPR', async () => {
    const winter = await t.fx.meeting(citizen, '2026-03-10', '10:00', { location: 'Værelse 4' });
    const summer = await t.fx.meeting(citizen, '2026-04-07', '10:00', { type: 'FOLLOW_UP', form: 'PHONE' });
    await t.fx.meeting(other, '2026-03-11', '10:00');
    const path = await renew(citizen);
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const text = await res.text();
    expect(text).not.toContain(citizen.cpr);
    expect(text).not.toContain(citizen.name);
    // The VTIMEZONE with Copenhagen's rules: CEST from the last Sunday of March, CET from the last Sunday of October.
    const tz = /BEGIN:VTIMEZONE\r\n[\s\S]*?END:VTIMEZONE\r\n/.exec(text)![0];
    expect(tz).toContain('TZID:Europe/Copenhagen\r\n');
    expect(tz).toMatch(/BEGIN:DAYLIGHT\r\nTZOFFSETFROM:\+0100\r\nTZOFFSETTO:\+0200\r\n[\s\S]*RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT/);
    expect(tz).toMatch(/BEGIN:STANDARD\r\nTZOFFSETFROM:\+0200\r\nTZOFFSETTO:\+0100\r\n[\s\S]*RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD/);
    expect(text).toContain('DTSTART;TZID=Europe/Copenhagen:20260310T100000\r\n');
    expect(text).toContain('DTSTART;TZID=Europe/Copenhagen:20260407T100000\r\n');
    expect(text).not.toContain('20260311T');

    const parsed = ical.sync.parseICS(text);
    const events = Object.values(parsed).filter((c): c is VEvent => c?.type === 'VEVENT');
    expect(events.map((e) => e.uid).sort()).toEqual([`meeting-${winter.id}@selvbook`, `meeting-${summer.id}@selvbook`].sort());
    const w = events.find((e) => e.uid === `meeting-${winter.id}@selvbook`)!;
    const s = events.find((e) => e.uid === `meeting-${summer.id}@selvbook`)!;
    // Read back as instants: 10:00 CET is 09:00Z, 10:00 CEST is 08:00Z.
    expect(w.start.toISOString()).toBe(at('2026-03-10', '10:00').toString().replace('Z', '.000Z'));
    expect(w.start.toISOString()).toBe('2026-03-10T09:00:00.000Z');
    expect(s.start.toISOString()).toBe('2026-04-07T08:00:00.000Z');
    expect(w.end!.toISOString()).toBe('2026-03-10T09:30:00.000Z');
    expect(w.status).toBe('CONFIRMED');
    expect(w.location).toBe('Værelse 4');
    expect(String(w.summary)).toBe('Jobsamtale – Jobcenter Aarhus');
    expect(s.location).toBe('Telefonsamtale (by phone)');
    // The same UID on the next read (calendar apps update the event instead of adding one).
    expect(await (await get(path)).text()).toContain(`UID:meeting-${winter.id}@selvbook\r\n`);
  });

  it('MT-1: a meeting cancelled through cancelMeeting shows as STATUS:CANCELLED with a higher SEQUENCE and a new LAST-MODIFIED', async () => {
    const m = await t.fx.meeting(citizen, '2026-03-12', '13:00');
    const path = await renew(citizen);
    const before = ical.sync.parseICS(await (await get(path)).text())[`meeting-${m.id}@selvbook`] as VEvent;
    expect(before.status).toBe('CONFIRMED');
    t.clock.set('2026-03-03T11:15:00+01:00');
    try {
      const r = await t.as.caseworker(jc.id).run(CancelMeeting, { i: { meetingId: m.id, reason: 'Sygdom hos sagsbehandler' } });
      expect(r.cancelMeeting.userErrors).toEqual([]);
      const text = await (await get(path)).text();
      const after = ical.sync.parseICS(text)[`meeting-${m.id}@selvbook`] as VEvent;
      expect(after.status).toBe('CANCELLED');
      expect(Number(after.sequence)).toBeGreaterThan(Number(before.sequence));
      expect(text).toMatch(new RegExp(`UID:meeting-${m.id}@selvbook\\r\\n[\\s\\S]*?LAST-MODIFIED:20260303T101500Z\\r\\n`));
    } finally {
      t.clock.set('2026-03-02T09:00:00+01:00');
    }
  });

  it('MT-1: a cancelled meeting is shown while cancelled within 30 days and still ahead; on day 31 or once started it is left out', async () => {
    const now = t.clock.now();
    const cancelled = (date: string, cancelledAt: Temporal.Instant) =>
      t.fx.meeting(citizen, date, '08:00', { status: 'CANCELLED', outcomeRegisteredAt: cancelledAt, cancelReason: 'x', createdAt: cancelledAt.subtract({ hours: 1 }) });
    const day30 = await cancelled('2026-05-04', now.subtract({ hours: 24 * 30 }));
    const day31 = await cancelled('2026-05-05', now.subtract({ hours: 24 * 30 }).subtract({ seconds: 1 }));
    const past = await cancelled('2026-03-02', now.subtract({ hours: 24 }));
    const held = await t.fx.meeting(citizen, '2026-05-06', '08:00', { status: 'HELD' });
    const text = await (await get(await renew(citizen))).text();
    expect(text).toContain(`UID:meeting-${day30.id}@selvbook`);
    expect(text).not.toContain(day31.id);
    expect(text).not.toContain(past.id);
    expect(text).not.toContain(held.id);
  });

  it('MT-1: renewing invalidates the old address (404), the new one works; unknown, malformed and another token answer 404 alike', async () => {
    const first = await renew(citizen);
    expect((await get(first)).status).toBe(200);
    const second = await renew(citizen);
    expect(second).not.toBe(first);
    const old = await get(first);
    expect(old.status).toBe(404);
    const oldBody = await old.text();
    expect((await get(second)).status).toBe(200);
    // The other citizen's address gives only the other citizen's meetings.
    const theirs = await (await get(await renew(other))).text();
    expect(theirs).toContain('20260311T100000');
    expect(theirs).not.toContain('20260310T100000');
    for (const p of ['/calendar/' + 'A'.repeat(43) + '.ics', '/calendar/short.ics', '/calendar/' + first.slice(10, 53), '/calendar/%00.ics', '/calendar/']) {
      const r = await get(p);
      expect([p, r.status]).toEqual([p, 404]);
      expect(await r.text()).toBe(oldBody);
    }
    const post = await get(second, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('MT-1 (actors and access): every feed read is in the citizen\'s access log as CALENDAR_FEED with its purpose; a 404 writes nothing', async () => {
    const path = await renew(citizen);
    const before = (await feedLogRows(citizen)).length;
    await get(path);
    await get('/calendar/' + 'B'.repeat(43) + '.ics');
    const rows = await feedLogRows(citizen);
    expect(rows.length).toBe(before + 1);
    const log = await t.as.citizen(citizen.id).run(AccessLogForCalendarFeed, { id: citizen.id });
    expect(log.accessLog.nodes[0]).toEqual({
      operation: 'GET /calendar', access: 'READ', purpose: 'Borgerens kalenderabonnement (calendar feed)', actorRole: 'CALENDAR_FEED', actor: null, jobcenter: null,
    });
    const staff = await t.as.caseworker(jc.id).run(AccessLogForCalendarFeed2, { id: citizen.id });
    expect(staff.accessLog.nodes[0].actorRole).toBe('CALENDAR_FEED');
    expect(staff.accessLog.nodes[0].actor).toMatch(/^calendar-feed:[0-9a-f]{12}$/);
  });
});
