import type { DataSource } from 'typeorm';
import { Temporal } from 'temporal-polyfill';
import { citizenSelf, requirePolicy, selfCitizenId } from '../../auth/policy';
import type { Actor } from '../shared/actor';
import { type Result, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { CANCELLED_SHOWN_DAYS, type FeedMeeting, feedPath, hashFeedToken, newFeedToken, renderFeed, shownInFeed } from './calendar.rules';
import type { MeetingForm, MeetingStatus, MeetingType } from '../../generated/enums';

/** The access log's purpose for a feed read (RULES.md, actors and access: actor, purpose and time). */
const CALENDAR_FEED_PURPOSE = 'Borgerens kalenderabonnement (calendar feed)';

export interface CalendarFeedView {
  /** When the current token was made (by renewCalendarFeedToken). */
  createdAt: Temporal.Instant;
}

interface MeetingRow {
  id: string;
  type: MeetingType;
  form: MeetingForm;
  status: MeetingStatus;
  starts_at: Date;
  ends_at: Date;
  location: string | null;
  fund_opt_out: boolean;
  created_at: Date;
  outcome_registered_at: Date | null;
  jobcenter_name: string;
  changes: number;
  last_at: Date | null;
}

const instant = (d: Date) => Temporal.Instant.fromEpochMilliseconds(d.getTime());

/** Issue 14 item 6: the citizen's secret feed token and the feed itself (docs/calendar.md). */
export class CalendarService {
  /**
   * `ds` is for the feed alone: it is served outside GraphQL (src/http/calendar-feed.ts) by token, with no actor or
   * request scope; everything a signed-in caller asks goes through its scope's `db`.
   */
  constructor(private readonly ds: DataSource) {}

  /** The citizen's own feed (null when none was made); nobody else sees whether one exists. */
  async feedOf(scope: Scope, citizenId: string): Promise<CalendarFeedView | null> {
    if (selfCitizenId(scope.actor) !== citizenId) return null;
    const rows: { created_at: Date }[] = await scope.db.query('SELECT created_at FROM calendar_feed_token WHERE citizen_id = $1', [citizenId]);
    return rows[0] ? { createdAt: instant(rows[0].created_at) } : null;
  }

  /**
   * Makes a new token for the calling citizen, replacing any old one (whose URL stops working at once).
   * Decision: only the citizen: the URL is a password to their meetings, so a caseworker can neither read nor set it.
   * The token is stored as its SHA-256 only, so the URL is shown in this answer and never again.
   */
  async renew(scope: Scope): Promise<Result<{ calendarFeedUrl: string; calendarFeed: CalendarFeedView }, never>> {
    const actor = requirePolicy<Extract<Actor, { kind: 'CITIZEN' }>>(citizenSelf, scope.actor);
    const token = newFeedToken();
    const now = scope.clock.now();
    await scope.db.query(
      `INSERT INTO calendar_feed_token (citizen_id, token_hash, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (citizen_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = EXCLUDED.created_at`,
      [actor.citizenId, hashFeedToken(token), new Date(now.epochMilliseconds)],
    );
    return ok({ calendarFeedUrl: feedPath(token), calendarFeed: { createdAt: now } });
  }

  /**
   * The feed for a token, or null for a token that is not (or no longer) a citizen's. The read is written to the
   * citizen's access log in the same transaction as it is made, so no feed leaves without its log row.
   */
  async feed(token: string, now: Temporal.Instant, requestId: string): Promise<string | null> {
    const hash = hashFeedToken(token);
    return this.ds.transaction(async (em) => {
      const owner: { citizen_id: string }[] = await em.query('SELECT citizen_id FROM calendar_feed_token WHERE token_hash = $1', [hash]);
      const citizenId = owner[0]?.citizen_id;
      if (!citizenId) return null;
      const since = now.subtract({ hours: 24 * CANCELLED_SHOWN_DAYS });
      const rows: MeetingRow[] = await em.query(
        `SELECT m.id, m.type, m.form, m.status, m.starts_at, m.ends_at, m.location, m.fund_opt_out, m.created_at,
                m.outcome_registered_at, j.name AS jobcenter_name, h.changes, h.last_at
         FROM meeting m
         JOIN jobcenter j ON j.id = m.jobcenter_id
         LEFT JOIN LATERAL (SELECT count(*)::int AS changes, max(at) AS last_at FROM meeting_history WHERE meeting_id = m.id) h ON true
         WHERE m.citizen_id = $1
           AND (m.status = 'PLANNED' OR (m.status = 'CANCELLED' AND m.starts_at > $2 AND m.outcome_registered_at >= $3))
         ORDER BY m.starts_at, m.id`,
        [citizenId, new Date(now.epochMilliseconds), new Date(since.epochMilliseconds)],
      );
      const meetings: FeedMeeting[] = rows
        .filter((r) => shownInFeed({ status: r.status, startsAt: instant(r.starts_at), cancelledAt: r.outcome_registered_at && instant(r.outcome_registered_at) }, now))
        .map((r) => {
          const createdAt = instant(r.created_at);
          const last = r.last_at ? instant(r.last_at) : createdAt;
          return {
            id: r.id, type: r.type, form: r.form, status: r.status, startsAt: instant(r.starts_at), endsAt: instant(r.ends_at),
            location: r.location, jobcenterName: r.jobcenter_name, withFund: r.type === 'JOINT_INTERVIEW' && !r.fund_opt_out,
            createdAt, changes: r.changes, lastModified: Temporal.Instant.compare(last, createdAt) > 0 ? last : createdAt,
          };
        });
      // Actor: the token (its hash's first 12 hex digits tell one token from the next; the token itself is never logged).
      await em.query(
        `INSERT INTO access_log (at, citizen_id, operation, access, purpose, actor_kind, actor, jobcenter_id, unemployment_fund_id, request_id)
         VALUES ($1, $2, 'GET /calendar', 'READ', $3, 'CALENDAR_FEED', $4, NULL, NULL, $5)`,
        [new Date(now.epochMilliseconds), citizenId, CALENDAR_FEED_PURPOSE, `calendar-feed:${hash.toString('hex').slice(0, 12)}`, requestId],
      );
      return renderFeed(meetings, now);
    });
  }
}
