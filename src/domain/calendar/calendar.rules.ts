import { createHash, randomBytes } from 'node:crypto';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import { ZONE } from '../shared/clock';
import type { MeetingForm, MeetingStatus, MeetingType } from '../../generated/enums';

/**
 * The citizen's calendar feed (issue 14 item 6; MT-1: the citizen sees all their planned meetings with the jobcenter
 * and the a-kasse in one list — here as an iCalendar subscription). Pure functions: the token and the feed text.
 */

/** Bytes of randomness in a feed token: 32 (256 bits; at least 128 asked for). */
const FEED_TOKEN_BYTES = 32;

/**
 * Decision: a cancelled meeting stays in the feed, as STATUS:CANCELLED, while it was cancelled within the last
 * 30 days and its start is still ahead, so a subscribed calendar app removes or strikes it through instead of
 * keeping a stale appointment; older or past cancellations are left out (the app has long since updated).
 */
export const CANCELLED_SHOWN_DAYS = 30;

/** A new feed token: base64url of 32 random bytes (43 characters, URL-safe, no padding). */
export function newFeedToken(): string {
  return randomBytes(FEED_TOKEN_BYTES).toString('base64url');
}

/** What is stored: SHA-256 of the token (a database leak reveals no working URL). */
export function hashFeedToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** The path segment's token, or null when it cannot be one of ours (answered 404 without a database read). */
export function parseFeedPath(pathname: string): string | null {
  const m = /^\/calendar\/([A-Za-z0-9_-]{43})\.ics$/.exec(pathname);
  return m ? m[1]! : null;
}

export function feedPath(token: string): string {
  return `/calendar/${token}.ics`;
}

export interface FeedMeeting {
  id: string;
  type: MeetingType;
  form: MeetingForm;
  status: MeetingStatus;
  startsAt: Temporal.Instant;
  endsAt: Temporal.Instant;
  location: string | null;
  jobcenterName: string;
  /** Whether the a-kasse takes part (a joint interview the fund has not opted out of). */
  withFund: boolean;
  createdAt: Temporal.Instant;
  /** Recorded changes of the meeting (meeting_history rows): the event's SEQUENCE. */
  changes: number;
  /** The last recorded change, else the creation: LAST-MODIFIED. */
  lastModified: Temporal.Instant;
}

const TYPE_TEXT: Record<MeetingType, string> = {
  JOB_INTERVIEW: 'Jobsamtale',
  JOINT_INTERVIEW: 'Fælles samtale med a-kassen',
  FOLLOW_UP: 'Opfølgningssamtale',
  OTHER: 'Møde',
};

const FORM_TEXT: Record<MeetingForm, string> = {
  IN_PERSON: 'Fremmøde (in person)',
  PHONE: 'Telefonsamtale (by phone)',
  VIDEO: 'Videosamtale (by video)',
};

/** Which meetings the feed shows: planned ones, and recently cancelled future ones (CANCELLED_SHOWN_DAYS). */
export function shownInFeed(m: { status: MeetingStatus; startsAt: Temporal.Instant; cancelledAt: Temporal.Instant | null }, now: Temporal.Instant): boolean {
  if (m.status === 'PLANNED') return true;
  if (m.status !== 'CANCELLED' || !m.cancelledAt) return false;
  return Temporal.Instant.compare(m.startsAt, now) > 0
    && Temporal.Instant.compare(m.cancelledAt, now.subtract({ hours: 24 * CANCELLED_SHOWN_DAYS })) >= 0;
}

/**
 * The iCalendar text (RFC 5545) through ical-generator: times with TZID=Europe/Copenhagen and its VTIMEZONE (from
 * @touch4it/ical-timezones), UID stable per meeting, SEQUENCE and LAST-MODIFIED from the meeting's history so calendar
 * apps replace an event that changed. No CPR, no caseworker name: only what the citizen's own calendar needs.
 */
export function renderFeed(meetings: FeedMeeting[], now: Temporal.Instant): string {
  const cal = ical({
    name: 'Jobcenter: mine møder',
    description: 'Dine planlagte møder med jobcentret og a-kassen (your planned meetings with the jobcenter and the a-kasse)',
    prodId: { company: 'selvbook', product: 'calendar-feed', language: 'DA' },
    method: ICalCalendarMethod.PUBLISH,
    // No calendar-wide zone name: DTSTAMP and LAST-MODIFIED must stay UTC ('Z'); each event names Europe/Copenhagen,
    // and the generator writes its VTIMEZONE once.
    timezone: { name: null, generator: getVtimezoneComponent },
    ttl: 60 * 60,
  });
  cal.x('X-WR-TIMEZONE', ZONE);
  const utc = (i: Temporal.Instant) => i.toZonedDateTimeISO('UTC');
  for (const m of meetings) {
    const cancelled = m.status === 'CANCELLED';
    const form = FORM_TEXT[m.form];
    const fund = m.withFund ? ' Din a-kasse deltager (your a-kasse takes part).' : '';
    cal.createEvent({
      id: `meeting-${m.id}@selvbook`,
      sequence: m.changes,
      stamp: utc(now),
      lastModified: utc(m.lastModified),
      created: utc(m.createdAt),
      start: m.startsAt.toZonedDateTimeISO(ZONE),
      end: m.endsAt.toZonedDateTimeISO(ZONE),
      timezone: ZONE,
      summary: `${cancelled ? 'AFLYST: ' : ''}${TYPE_TEXT[m.type]} – ${m.jobcenterName}`,
      description: `${TYPE_TEXT[m.type]}, ${form.toLowerCase()}.${fund}${cancelled ? ' Mødet er aflyst (the meeting is cancelled).' : ''}`,
      location: m.form === 'IN_PERSON' ? (m.location ?? m.jobcenterName) : form,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}
