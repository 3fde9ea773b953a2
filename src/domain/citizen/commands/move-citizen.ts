import { MoreThanOrEqual } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { Citizen, CitizenMessage, type CitizenChange, Deadline, Holiday, Jobcenter, Meeting } from '../../../entities';
import { requireStaff } from '../../../auth/policy';
import { cmpDate, formatLocal, maxDate } from '../../shared/dates';
import { emitEvent } from '../../shared/events';
import { recordDeadlineHistory } from '../../shared/history';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { assertMinimumBookingPeriod, latestInterviewDateFor } from '../../deadline/deadline.rules';
import { lastCitizenChange, lockCitizenBy, recordCitizenChange, upToDate } from '../citizen-history';
import { effectiveDateError } from '../citizen.rules';
import { checkCitizenRef } from './change-unemployment-fund';
import type { MoveCitizenErrorCode } from '../../../generated/enums';
import { activeDeadline } from '../../deadline/deadline.queries';
import { reopen as reopenDeadline } from '../../deadline/deadline.transitions';
import { cancel as cancelPlannedMeeting } from '../../meeting/meeting.transitions';

export interface MoveCitizenInput {
  citizenId?: string | null;
  cpr?: string | null;
  toJobcenterId: string;
  effectiveFrom?: Temporal.PlainDate | null;
  idempotencyKey?: string | null;
}

export interface CitizenMoved {
  citizen: Citizen;
  change: CitizenChange;
  deadline: Deadline | null;
  cancelledMeetings: number;
}

/**
 * CZ-5: relocation (flytning) to another municipality's jobcenter from a day, recorded by the old jobcenter (by id or
 * CPR) or the new one (by CPR: it cannot see the citizen yet). From then the new jobcenter's staff see the citizen and
 * the old one's no longer do (their access log stays). Planned meetings at the old jobcenter on or after the day that
 * have not begun are cancelled, and the citizen is told in a message; a self-booked interview's deadline is reopened
 * (DL-12). The active deadline moves with the citizen; an open one that leaves fewer than 8 days to bookBy (DL-2, DL-6)
 * is extended so that 8 remain. Decision (the whole rule): the citizen cannot attend at the old jobcenter, and must
 * have a fair period to book at the new one.
 */
export async function moveCitizen(scope: Scope, input: MoveCitizenInput): Promise<Result<CitizenMoved, MoveCitizenErrorCode>> {
  const actor = requireStaff(scope.actor);
  const badRef = checkCitizenRef<'INVALID_INPUT'>(input, 'CZ-5');
  if (badRef) return badRef;
  return runInTransaction(scope, { operation: 'moveCitizen', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
    const to = await scope.db.findOneBy(Jobcenter, { id: input.toJobcenterId });
    if (!to) return fail('UNKNOWN_JOBCENTER', `CZ-5: no jobcenter ${input.toJobcenterId}`, ['input', 'toJobcenterId']);
    // The old jobcenter acts on its citizen; the new one only by CPR (the person in front of it), never by a bare id.
    const locked = await lockCitizenBy(scope, input, (c) => c.jobcenterId === actor.jobcenterId || (actor.jobcenterId === to.id && !!input.cpr));
    if (!locked) return fail('NOT_FOUND', 'CZ-5: no such citizen you may act on', ['input', input.citizenId ? 'citizenId' : 'cpr']);
    // CZ-10: from here the answer tells that the citizen exists (a refusal below too): logged as a look-up even if the move
    // is refused and rolled back (a move that succeeds is logged as the change instead).
    scope.audit?.noteRead(locked.id, 'Mutation.moveCitizen');
    const citizen = await upToDate(scope, locked);
    if (citizen.jobcenterId === to.id) return fail('SAME_JOBCENTER', `CZ-5: the citizen already belongs to ${to.name}`, ['input', 'toJobcenterId']);
    const today = scope.clock.today();
    const effectiveFrom = input.effectiveFrom ?? today;
    const previous = await lastCitizenChange(scope, citizen.id, 'JOBCENTER');
    const outOfRange = effectiveDateError('CZ-5', effectiveFrom, today, previous ? { day: previous.effectiveFrom, what: 'the previous move' } : null);
    if (outOfRange) return fail('DATE_OUT_OF_RANGE', outOfRange, ['input', 'effectiveFrom']);

    const from = citizen.jobcenterId;
    const fromName = (await scope.db.findOneByOrFail(Jobcenter, { id: from })).name;
    const why = `CZ-5: the citizen moved from ${fromName} to ${to.name} from ${effectiveFrom}`;
    const cancelled = await cancelMeetingsAtOldJobcenter(scope, citizen, effectiveFrom, why);
    let deadline = await activeDeadline(scope.db, citizen.id);
    if (deadline) deadline = await moveDeadline(scope, citizen, deadline, to.id, cancelled, why);

    await scope.db.update(Citizen, { id: citizen.id }, { jobcenterId: to.id });
    citizen.jobcenterId = to.id;
    if (cancelled.length > 0) {
      const list = cancelled.map((m) => formatLocal(m.startsAt).replace('T', ' kl. ')).join(', ');
      await scope.db.insert(CitizenMessage, scope.db.create(CitizenMessage, {
        citizenId: citizen.id, at: scope.clock.now(), kind: 'MEETINGS_CANCELLED_BY_MOVE',
        text: `Du er flyttet til ${to.name}. Dit møde hos ${fromName} (${list}) er aflyst.` +
          (deadline?.status === 'OPEN' ? ` Book en ny samtale hos ${to.name} senest ${deadline.bookBy}.` : ' Dit nye jobcenter kontakter dig.'),
      }));
    }
    const change = await recordCitizenChange(scope, citizen.id, { kind: 'JOBCENTER', effectiveFrom, fromValue: from, toValue: to.id });
    await emitEvent(scope, 'MOVED', citizen, {
      fromJobcenterId: from, toJobcenterId: to.id, effectiveFrom: effectiveFrom.toString(), cancelledMeetingIds: cancelled.map((m) => m.id),
      deadlineId: deadline?.id ?? null,
    });
    return ok({ citizen, change, deadline, cancelledMeetings: cancelled.length });
  });
}

/**
 * CZ-5: planned meetings at the old jobcenter on or after the day of the move that have not begun. Decision: one that
 * has begun (or passed) keeps its place, so its outcome can still be registered — the new jobcenter sees it now.
 */
async function cancelMeetingsAtOldJobcenter(
  scope: Scope, citizen: Citizen, effectiveFrom: Temporal.PlainDate, why: string,
): Promise<Meeting[]> {
  const now = scope.clock.now();
  const planned = await scope.db.find(Meeting, {
    where: { citizenId: citizen.id, jobcenterId: citizen.jobcenterId, status: 'PLANNED', localDay: MoreThanOrEqual(effectiveFrom) },
    order: { startsAt: 'ASC' },
  });
  const toCancel = planned.filter((m) => m.startsAt.epochMilliseconds > now.epochMilliseconds);
  for (const m of toCancel) await cancelPlannedMeeting(scope, citizen, m, why);
  return toCancel;
}

/** CZ-5, DL-12, DL-2: the active deadline moves; reopened if its interview was cancelled; 8 days to book if fewer remain. */
async function moveDeadline(
  scope: Scope, citizen: Citizen, d: Deadline, toJobcenterId: string, cancelled: Meeting[], why: string,
): Promise<Deadline> {
  const today = scope.clock.today();
  const cancelledMeetingId = d.meetingId;
  const reopened = d.status === 'BOOKED' && cancelled.some((m) => m.id === cancelledMeetingId);
  if (reopened) {
    await reopenDeadline(scope, d, `DL-12: ${why}`, cancelledMeetingId!);
  }
  // Decision: an expired deadline (not booked) moves as it is: the immediate booking (RG-4) applies at the new jobcenter.
  const open = reopened || (d.status === 'OPEN' && cmpDate(d.bookBy, today) >= 0);
  let bookBy = d.bookBy;
  if (open) {
    const holidays = await scope.db.findBy(Holiday, { citizenId: d.citizenId });
    const period = assertMinimumBookingPeriod(maxDate(today, d.availableFrom), d.bookBy, holidays);
    if (!period.ok) bookBy = period.earliest;
  }
  const extended = cmpDate(bookBy, d.bookBy) !== 0;
  const previous = d.bookBy;
  Object.assign(d, { jobcenterId: toJobcenterId, bookBy, latestInterviewDate: latestInterviewDateFor(bookBy) });
  await scope.db.update(Deadline, { id: d.id }, { jobcenterId: toJobcenterId, bookBy, latestInterviewDate: d.latestInterviewDate });
  await recordDeadlineHistory(scope, d.id, {
    action: extended ? 'EXTENDED' : 'MOVED', fromStatus: d.status, toStatus: d.status, reason: extended ? `DL-2: 8 days to book at the new jobcenter; ${why}` : why,
    details: { toJobcenterId, ...(extended ? { fromBookBy: previous.toString(), toBookBy: bookBy.toString(), latestInterviewDate: d.latestInterviewDate.toString() } : {}) },
  });
  if (extended) {
    // As extendDeadline: the changed deadline is an event (the new jobcenter's, where the citizen now books).
    await emitEvent(scope, 'DEADLINE_EXTENDED', { ...citizen, jobcenterId: toJobcenterId }, {
      deadlineId: d.id, availableFrom: d.availableFrom.toString(), bookBy: bookBy.toString(), latestInterviewDate: d.latestInterviewDate.toString(),
      previousBookBy: previous.toString(), reason: why,
    });
  }
  return d;
}
