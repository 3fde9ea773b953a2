import { type DataSource, type EntityManager, In } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { type Citizen, Deadline, Holiday, Meeting } from '../../entities';
import { requireJobcenterActor } from '../shared/access';
import { lockCitizenFor } from '../shared/citizen-access';
import { cmpDate, localDay } from '../shared/dates';
import { ACTIVE_DEADLINE_STATUSES, type DeadlineCloseReason, hasSelfBookingDuty } from '../shared/enums';
import { emitEvent } from '../shared/events';
import { recordDeadlineHistory } from '../shared/history';
import { type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { runInTransaction } from '../shared/transaction';
import type { IssueDeadlineErrorCode } from './deadline.errors';
import { assertMinimumBookingPeriod, effectiveDeadlineStatus, latestInterviewDateFor, reminderDays } from './deadline.rules';

export interface IssueDeadlineInput {
  citizenId: string;
  availableFrom?: Temporal.PlainDate | null;
  bookBy: Temporal.PlainDate;
  idempotencyKey?: string | null;
}

export interface IssuedDeadline {
  deadline: Deadline;
  supersededDeadline: Deadline | null;
}

/** Field paths are relative to the operation's input unless a caller (NS-1) nests them. */
export interface FieldPrefix {
  prefix?: string[];
}

export class DeadlineService {
  constructor(private readonly ds: DataSource) {}

  /** DL-1 … DL-6, TG-5, TG-6, DL-11: issue a deadline for a job interview. */
  async issueDeadline(scope: Scope, input: IssueDeadlineInput): Promise<Result<IssuedDeadline, IssueDeadlineErrorCode>> {
    requireJobcenterActor(scope.actor);
    return runInTransaction(
      this.ds, scope,
      {
        operation: 'issueDeadline', idempotencyKey: input.idempotencyKey, input,
        constraints: { deadline_one_active_per_citizen: fail('INTERVIEW_ALREADY_PLANNED', 'DL-4: another deadline was issued for this citizen at the same moment; reload and try again', ['input', 'citizenId']) },
      },
      async (em) => {
        const citizen = await lockCitizenFor(em, scope.actor, input.citizenId);
        if (!citizen) return fail('NOT_FOUND', `No citizen ${input.citizenId} in your jobcenter`, ['input', 'citizenId']);
        return this.issueFor(em, scope, citizen, input, { prefix: ['input'] });
      },
    );
  }

  /**
   * Issues a deadline inside the caller's transaction, with the citizen row already locked.
   * Used by issueDeadline and by registerNoShow (NS-1).
   */
  async issueFor(
    em: EntityManager, scope: Scope, citizen: Citizen,
    input: { availableFrom?: Temporal.PlainDate | null; bookBy: Temporal.PlainDate },
    { prefix = ['input'] }: FieldPrefix = {},
  ): Promise<Result<IssuedDeadline, IssueDeadlineErrorCode>> {
    const today = scope.clock.today();
    const availableFrom = input.availableFrom ?? today;
    if (cmpDate(availableFrom, today) < 0) {
      return fail('AVAILABLE_FROM_IN_PAST', `availableFrom ${availableFrom} is before today (${today})`, [...prefix, 'availableFrom']);
    }
    // DL-5: who may not get a deadline.
    // SICKNESS_BENEFIT has its own duty to self-book (TG-1: outside 003, "may self-book"), so the jobcenter may issue to them.
    if (!hasSelfBookingDuty(citizen.targetGroup) && citizen.targetGroup !== 'SICKNESS_BENEFIT' && !citizen.voluntarySelfBooking) {
      return fail('NO_SELF_BOOKING_DUTY', `DL-5/TG-2: ${citizen.targetGroup} has no duty to self-book and was not offered voluntary self-booking`, [...prefix, 'citizenId']);
    }
    if (citizen.selfBookingRight === 'EXEMPTED') {
      return fail('CITIZEN_EXEMPTED', 'DL-5/EX-1: the citizen is exempted from self-booking; call the citizen in instead', [...prefix, 'citizenId']);
    }
    if (citizen.selfBookingRight === 'REVOKED') {
      return fail('CITIZEN_REVOKED', 'DL-5/EX-3: the citizen\'s right to self-book is revoked; call the citizen in instead', [...prefix, 'citizenId']);
    }
    if (citizen.lessIntensiveEffort && !citizen.lessIntensiveOverrideJustification) {
      return fail('LESS_INTENSIVE_EFFORT', 'DL-5/TG-5: no deadlines under less intensive effort (LAB § 106(1)) unless the jobcenter records a § 106(3) justification', [...prefix, 'citizenId']);
    }
    // TG-4: JOB_CLARIFICATION persons are not registered as job seekers, so "deregistered" does not apply to them.
    if (!citizen.registered && citizen.targetGroup !== 'JOB_CLARIFICATION') {
      return fail('CITIZEN_DEREGISTERED', 'DL-5: the citizen is deregistered as job seeker; no deadline until re-registered', [...prefix, 'citizenId']);
    }
    const holidays = await em.findBy(Holiday, { citizenId: citizen.id });
    const period = assertMinimumBookingPeriod(availableFrom, input.bookBy, holidays);
    if (!period.ok) {
      return fail(
        'BOOKING_PERIOD_TOO_SHORT',
        `DL-2: bookBy must leave at least 8 days to book after availableFrom ${availableFrom}` +
          `${period.dutyDays < availableFrom.until(input.bookBy).days ? ' outside counted holidays (DL-6)' : ''}; ` +
          `${input.bookBy} leaves ${Math.max(period.dutyDays, 0)}. The earliest valid bookBy is ${period.earliest}.`,
        [...prefix, 'bookBy'],
      );
    }

    // DL-4: at most one active deadline; a new one supersedes it, unless that would allow a second planned interview.
    const active = await em.findOne(Deadline, { where: { citizenId: citizen.id, status: In([...ACTIVE_DEADLINE_STATUSES]) } });
    let superseded: Deadline | null = null;
    if (active) {
      if (active.status === 'BOOKED' && active.meetingId) {
        const m = await em.findOneBy(Meeting, { id: active.meetingId });
        if (m && m.status === 'PLANNED' && cmpDate(localDay(m.startsAt), today) > 0) {
          return fail('INTERVIEW_ALREADY_PLANNED',
            `DL-4: the active deadline is booked with an interview on ${localDay(m.startsAt)}; a new deadline may be issued from that day (MT-2)`,
            [...prefix, 'citizenId']);
        }
      }
      superseded = await this.closeTx(em, scope, active, 'SUPERSEDED', 'DL-4: a new deadline was issued');
    }

    // TG-6: exempted from being actively job-seeking → the deadline is communicated in writing outside Jobnet.
    const channel = citizen.exemptFromActiveJobSeeking ? 'LETTER' : 'JOBNET';
    const now = scope.clock.now();
    const deadline = em.create(Deadline, {
      citizenId: citizen.id,
      jobcenterId: citizen.jobcenterId,
      availableFrom,
      bookBy: input.bookBy,
      latestInterviewDate: latestInterviewDateFor(input.bookBy),
      originalBookBy: input.bookBy,
      channel,
      status: 'OPEN',
      closeReason: null,
      meetingId: null,
      createdAt: now,
      statusChangedAt: now,
    });
    await em.insert(Deadline, deadline);
    await recordDeadlineHistory(em, scope, deadline.id, {
      action: 'ISSUED', toStatus: 'OPEN',
      details: { availableFrom: availableFrom.toString(), bookBy: input.bookBy.toString(), channel, supersedes: superseded?.id ?? null },
    });
    const facts = { deadlineId: deadline.id, availableFrom: availableFrom.toString(), bookBy: input.bookBy.toString(), latestInterviewDate: deadline.latestInterviewDate.toString() };
    await emitEvent(em, scope, 'DEADLINE_ISSUED', citizen, { ...facts, channel });
    if (channel === 'LETTER') await emitEvent(em, scope, 'LETTER_DEADLINE', citizen, facts);
    // DL-11: notify subscribers at issue; reminders on the decided days are listed for the scheduler.
    const reminders = reminderDays(today, input.bookBy).map(String);
    if (channel === 'JOBNET' && citizen.notifySms) await emitEvent(em, scope, 'NOTIFICATION_SMS', citizen, { ...facts, kind: 'DEADLINE_ISSUED', reminders });
    if (channel === 'JOBNET' && citizen.notifyEmail) await emitEvent(em, scope, 'NOTIFICATION_EMAIL', citizen, { ...facts, kind: 'DEADLINE_ISSUED', reminders });
    return ok({ deadline, supersededDeadline: superseded });
  }

  /** Closes an active deadline inside the caller's transaction, with history (DL-7). */
  async closeTx(em: EntityManager, scope: Scope, d: Deadline, reason: DeadlineCloseReason, why: string): Promise<Deadline> {
    const from = effectiveDeadlineStatus(d, scope.clock.today());
    d.status = 'CLOSED';
    d.closeReason = reason;
    d.statusChangedAt = scope.clock.now();
    await em.update(Deadline, { id: d.id }, { status: d.status, closeReason: reason, statusChangedAt: d.statusChangedAt });
    await recordDeadlineHistory(em, scope, d.id, { action: 'CLOSED', fromStatus: from, toStatus: 'CLOSED', reason: `${reason}: ${why}` });
    return d;
  }

  /** The active deadline of a citizen (OPEN, BOOKED or EXPIRED as stored), inside a transaction. */
  async activeFor(em: EntityManager, citizenId: string): Promise<Deadline | null> {
    return em.findOne(Deadline, { where: { citizenId, status: In([...ACTIVE_DEADLINE_STATUSES]) } });
  }
}
