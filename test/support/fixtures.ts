import { randomInt } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import type { DataSource } from 'typeorm';
import { Citizen, Deadline, Holiday, Jobcenter, Meeting, Slot, UnemploymentFund } from '../../src/entities';
import { type Clock, systemClock, ZONE } from '../../src/domain/shared/clock';
import type { MeetingForm, MeetingOrigin, MeetingStatus, MeetingType, TargetGroup } from '../../src/generated/enums';

let seq = 0;

/** Copenhagen local time → instant, e.g. at('2026-03-10', '09:00'). */
export function at(date: string, time = '09:00'): Temporal.Instant {
  return Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: ZONE, plainTime: time }).toInstant();
}

/**
 * Test data set up directly in the database (the behaviour under test always goes through GraphQL).
 */
export class Fixtures {
  constructor(private readonly ds: DataSource, private readonly clock: Clock = systemClock) {}

  async jobcenter(over: Partial<Jobcenter> = {}): Promise<Jobcenter> {
    const n = ++seq;
    return this.ds.manager.save(Jobcenter, this.ds.manager.create(Jobcenter, { code: `JC${n}-${randomInt(1e6)}`, name: `Jobcenter ${n}`, rebookingCutoffHours: null, ...over }));
  }

  async fund(over: Partial<UnemploymentFund> = {}): Promise<UnemploymentFund> {
    const n = ++seq;
    return this.ds.manager.save(UnemploymentFund, this.ds.manager.create(UnemploymentFund, { code: `AK${n}-${randomInt(1e6)}`, name: `A-kasse ${n}`, ...over }));
  }

  async citizen(jobcenter: Jobcenter | string, over: Partial<Citizen> & { targetGroup?: TargetGroup } = {}): Promise<Citizen> {
    const jobcenterId = typeof jobcenter === 'string' ? jobcenter : jobcenter.id;
    const cpr = String(randomInt(1_000_000_000, 9_999_999_999));
    return this.ds.manager.save(Citizen, this.ds.manager.create(Citizen, {
      cpr, name: `Citizen ${++seq}`, jobcenterId, unemploymentFundId: null, targetGroup: 'INSURED_UNEMPLOYED',
      voluntarySelfBooking: false, exemptFromActiveJobSeeking: false, lessIntensiveEffort: false,
      lessIntensiveOverrideJustification: null, selfBookingRight: 'ALLOWED', registered: true,
      unemployedSince: null, benefitPeriodStart: null, notifySms: false, notifyEmail: false, ...over,
    }));
  }

  /** A slot of `minutes` at Copenhagen local date and time. */
  async slot(jobcenter: Jobcenter | string, date: string, time = '10:00', over: Partial<Slot> & { minutes?: number } = {}): Promise<Slot> {
    const jobcenterId = typeof jobcenter === 'string' ? jobcenter : jobcenter.id;
    const startsAt = at(date, time);
    const { minutes = 30, ...rest } = over;
    return this.ds.manager.save(Slot, this.ds.manager.create(Slot, {
      jobcenterId, startsAt, endsAt: startsAt.add({ minutes }), groupStartsAt: null, form: 'IN_PERSON', kind: 'JOB_INTERVIEW',
      location: 'Room 1', caseworker: 'CW', withdrawnAt: null, withdrawnReason: null, ...rest,
    }));
  }

  /** A deadline inserted directly (status OPEN unless given), with DL-3's latest interview date. */
  async deadline(citizen: Citizen, availableFrom: string, bookBy: string, over: Partial<Deadline> = {}): Promise<Deadline> {
    const bb = Temporal.PlainDate.from(bookBy);
    const now = this.clock.now();
    return this.ds.manager.save(Deadline, this.ds.manager.create(Deadline, {
      citizenId: citizen.id, jobcenterId: citizen.jobcenterId, availableFrom: Temporal.PlainDate.from(availableFrom), bookBy: bb,
      latestInterviewDate: bb.add({ days: 7 }), originalBookBy: bb, channel: 'JOBNET', status: 'OPEN', closeReason: null, meetingId: null,
      createdAt: now, statusChangedAt: now, ...over,
    }));
  }

  async meeting(citizen: Citizen, date: string, time = '10:00', over: Partial<Meeting> & { type?: MeetingType; origin?: MeetingOrigin; status?: MeetingStatus; form?: MeetingForm } = {}): Promise<Meeting> {
    const startsAt = at(date, time);
    return this.ds.manager.save(Meeting, this.ds.manager.create(Meeting, {
      citizenId: citizen.id, jobcenterId: citizen.jobcenterId, type: 'JOB_INTERVIEW', origin: 'CALLED_IN', form: 'IN_PERSON',
      startsAt, endsAt: startsAt.add({ minutes: 30 }), localDay: Temporal.PlainDate.from(date), status: 'PLANNED', slotId: null, deadlineId: null,
      shortNotice: false, deliveredInPerson: false, sanctionable: false, location: null, caseworker: null, fundOptOut: false,
      fundOptOutRegisteredBy: null, fundOptOutRegisteredAt: null, fundParticipation: null, fundParticipationForm: null,
      fundParticipationReason: null, citizenRequestsFundInPerson: false, sixteenMonth: false, outcomeRegisteredAt: null, cancelReason: null,
      createdAt: this.clock.now(), ...over,
    }));
  }

  /**
   * `n` registered INSURED_UNEMPLOYED members of the a-kasse at the jobcenter, registered since 2026-02-01, each with
   * an OPEN deadline whose bookBy is `bookBy` (bulk: one statement per table). Names are `name` + 1 … n.
   */
  async openDeadlinesInBulk(jobcenter: Jobcenter, fund: UnemploymentFund, n: number, bookBy: string, name: string): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      `INSERT INTO citizen (cpr, name, jobcenter_id, unemployment_fund_id, target_group, registered, unemployed_since)
       SELECT lpad((4000000000 + g + floor(random() * 100000)::int * 10000)::text, 10, '0'), $3 || g, $1, $2, 'INSURED_UNEMPLOYED', true, '2026-02-01'
         FROM generate_series(1, $4) g RETURNING id`,
      [jobcenter.id, fund.id, name, n]);
    const ids = rows.map((r) => r.id);
    await this.ds.query(`INSERT INTO registration_period (citizen_id, registered_from, registered_via) SELECT unnest($1::uuid[]), '2026-02-01', 'INITIAL'`, [ids]);
    await this.ds.query(
      `INSERT INTO deadline (citizen_id, jobcenter_id, available_from, book_by, latest_interview_date, original_book_by, channel, status)
       SELECT unnest($1::uuid[]), $2, $3::date - 8, $3::date, $3::date + 7, $3::date, 'JOBNET', 'OPEN'`,
      [ids, jobcenter.id, bookBy]);
    return ids;
  }

  async holiday(citizen: Citizen, startDate: string, endDate: string, notifiedOn: string, kind: Holiday['kind'] = 'HOLIDAY'): Promise<Holiday> {
    return this.ds.manager.save(Holiday, this.ds.manager.create(Holiday, {
      citizenId: citizen.id, kind, startDate: Temporal.PlainDate.from(startDate), endDate: Temporal.PlainDate.from(endDate), notifiedOn: Temporal.PlainDate.from(notifiedOn),
    }));
  }

  /**
   * Waits until the a-kasse feed may show event `id` (EV-2 holds a committed event back while an older transaction
   * anywhere in the cluster runs — other test files run beside this one), so a test reading the feed is not timing-bound.
   */
  async untilFeedMayShow(eventId: string): Promise<void> {
    for (let i = 0; i < 400; i++) {
      const [v] = await this.ds.query(`SELECT tx_id < pg_snapshot_xmin(pg_current_snapshot()) AS visible FROM domain_event WHERE id = $1`, [eventId]);
      if (v?.visible) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`event ${eventId} did not become visible to the feed within 10 s`);
  }

  /** Rows of a table, for before/after comparisons ("changes nothing"). */
  async snapshot(tables: string[] = ['deadline', 'meeting', 'deadline_history', 'meeting_history', 'domain_event', 'slot', 'citizen', 'holiday', 'self_booking_decision', 'registration_period', 'citizen_message', 'idempotency_key']): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const t of tables) out[t] = await this.ds.query(`SELECT * FROM ${t} ORDER BY 1`);
    return out;
  }
}
