import type { Temporal } from 'temporal-polyfill';
import { type Citizen, Deadline, Holiday, Meeting } from '../../entities';
import { requireJobcenterActor } from '../shared/access';
import { lockCitizenFor } from '../shared/citizen-access';
import { cmpDate, localDay } from '../shared/dates';
import { ACTIVE_DEADLINE_STATUSES } from '../shared/enums';
import { emitEvent } from '../shared/events';
import { type Failure, type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { runInTransaction } from '../shared/transaction';
import { close, extend, issue } from './deadline.transitions';
import {
  CLOSE_REASON_OPERATION, bookingPeriodError, deadlineRefusal, effectiveDeadlineStatus,
} from './deadline.rules';
import type { CloseDeadlineErrorCode, DeadlineCloseReason, ExtendDeadlineErrorCode, IssueDeadlineErrorCode } from '../../generated/enums';
import { activeDeadline } from './deadline.queries';

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

export interface ExtendDeadlineInput {
  deadlineId: string;
  bookBy: Temporal.PlainDate;
  reason: string;
  idempotencyKey?: string | null;
}

export interface CloseDeadlineInput {
  deadlineId: string;
  reason: DeadlineCloseReason;
  note?: string | null;
  idempotencyKey?: string | null;
}

/** What issuing would meet (DeadlineService.issueChecks). */
export interface IssueChecks {
  availableFrom: Temporal.PlainDate;
  /** DL-4: the active deadline, which issuing supersedes unless `blocked`. */
  active: Deadline | null;
  /** DL-4 Decision: the active deadline is booked with a planned interview on a later day: issuing is refused. */
  blocked: boolean;
  /** Every refusal, in the order issueDeadline checks them (it answers the first). */
  refusals: Failure<IssueDeadlineErrorCode>[];
}

/** Field paths are relative to the operation's input unless a caller (NS-1) nests them. */
export interface FieldPrefix {
  prefix?: string[];
}

export class DeadlineService {
  /** DL-1 … DL-6, TG-5, TG-6, DL-11: issue a deadline for a job interview. */
  async issueDeadline(scope: Scope, input: IssueDeadlineInput): Promise<Result<IssuedDeadline, IssueDeadlineErrorCode>> {
    requireJobcenterActor(scope.actor);
    return runInTransaction(
      scope,
      {
        operation: 'issueDeadline', idempotencyKey: input.idempotencyKey, input,
        constraints: { deadline_one_active_per_citizen: fail('INTERVIEW_ALREADY_PLANNED', 'DL-4: another deadline was issued for this citizen at the same moment; reload and try again', ['input', 'citizenId']) },
      },
      async (scope) => {
        const citizen = await lockCitizenFor(scope, input.citizenId);
        if (!citizen) return fail('NOT_FOUND', `No citizen ${input.citizenId} in your jobcenter`, ['input', 'citizenId']);
        return this.issueFor(scope, citizen, input, { prefix: ['input'] });
      },
    );
  }

  /**
   * Issues a deadline inside the caller's transaction, with the citizen row already locked.
   * Used by issueDeadline and by registerNoShow (NS-1).
   */
  async issueFor(
    scope: Scope, citizen: Citizen,
    input: { availableFrom?: Temporal.PlainDate | null; bookBy: Temporal.PlainDate },
    { prefix = ['input'] }: FieldPrefix = {},
  ): Promise<Result<IssuedDeadline, IssueDeadlineErrorCode>> {
    const checked = await this.issueChecks(scope, citizen, input, { prefix });
    if (checked.refusals.length > 0) return checked.refusals[0]!;
    const { availableFrom, active } = checked;
    const superseded = active ? await close(scope, active, 'SUPERSEDED', 'DL-4: a new deadline was issued') : null;

    const deadline = await issue(scope, citizen, { availableFrom, bookBy: input.bookBy }, superseded);
    return ok({ deadline, supersededDeadline: superseded });
  }

  /**
   * DL-1 … DL-6: the checks of issuing, in the order issueDeadline answers them, each failure with the field it is
   * about. issueFor answers the first; previewDeadline (deadline-preview.service.ts) shows them all, so a preview
   * can never say something else than issuing would. Reads only. `active` is the active deadline issuing would
   * supersede (DL-4), `blockedBy` the booked one that refuses it.
   */
  async issueChecks(
    scope: Scope, citizen: Citizen,
    input: { availableFrom?: Temporal.PlainDate | null; bookBy: Temporal.PlainDate },
    { prefix = ['input'] }: FieldPrefix = {},
  ): Promise<IssueChecks> {
    const today = scope.clock.today();
    const availableFrom = input.availableFrom ?? today;
    const refusals: Failure<IssueDeadlineErrorCode>[] = [];
    if (cmpDate(availableFrom, today) < 0) {
      refusals.push(fail('AVAILABLE_FROM_IN_PAST', `availableFrom ${availableFrom} is before today (${today})`, [...prefix, 'availableFrom']));
    }
    // DL-5: who may not get a deadline.
    const refusal = deadlineRefusal(citizen);
    if (refusal) refusals.push(fail(refusal.code, refusal.message, [...prefix, 'citizenId']));
    const holidays = await scope.db.findBy(Holiday, { citizenId: citizen.id });
    const tooShort = bookingPeriodError(availableFrom, input.bookBy, holidays);
    if (tooShort) refusals.push(fail('BOOKING_PERIOD_TOO_SHORT', tooShort, [...prefix, 'bookBy']));

    // DL-4: at most one active deadline; a new one supersedes it, unless that would allow a second planned interview.
    const active = await activeDeadline(scope.db, citizen.id);
    let blocked = false;
    if (active?.status === 'BOOKED' && active.meetingId) {
      const m = await scope.db.findOneBy(Meeting, { id: active.meetingId });
      if (m && m.status === 'PLANNED' && cmpDate(localDay(m.startsAt), today) > 0) {
        blocked = true;
        refusals.push(fail('INTERVIEW_ALREADY_PLANNED',
          `DL-4: the active deadline is booked with an interview on ${localDay(m.startsAt)}; a new deadline may be issued from that day (MT-2)`,
          [...prefix, 'citizenId']));
      }
    }
    return { availableFrom, active, blocked, refusals };
  }

  /**
   * DL-10: the jobcenter extends a deadline to a later bookBy, with a reason (003 2.3: "Forlænges fristen skal
   * dette registreres"). DL-2/DL-6 are re-checked from the original availableFrom; DL-3 moves the latest
   * interview date along. originalBookBy keeps the first bookBy.
   */
  async extendDeadline(scope: Scope, input: ExtendDeadlineInput): Promise<Result<{ deadline: Deadline }, ExtendDeadlineErrorCode>> {
    requireJobcenterActor(scope.actor);
    return runInTransaction(scope, { operation: 'extendDeadline', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const found = await this.lockDeadlineFor(scope, input.deadlineId);
      if (!found) return fail('NOT_FOUND', `No deadline ${input.deadlineId} in your jobcenter`, ['input', 'deadlineId']);
      const { citizen, deadline: d } = found;
      const reason = input.reason.trim();
      if (!reason) return fail('INVALID_INPUT', 'DL-10: an extension must be registered with its reason', ['input', 'reason']);
      const extended = await extend(scope, citizen, d, { bookBy: input.bookBy, reason });
      if (!extended.ok) return fail<ExtendDeadlineErrorCode>(extended.code, extended.message, ['input', ...(extended.field ?? [])]);
      return ok({ deadline: extended.value });
      return ok({ deadline: d });
    });
  }

  /** DL-7: the jobcenter closes an active deadline administratively, with a reason (OTHER needs a note). */
  async closeDeadline(scope: Scope, input: CloseDeadlineInput): Promise<Result<{ deadline: Deadline }, CloseDeadlineErrorCode>> {
    requireJobcenterActor(scope.actor);
    return runInTransaction(scope, { operation: 'closeDeadline', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const found = await this.lockDeadlineFor(scope, input.deadlineId);
      if (!found) return fail('NOT_FOUND', `No deadline ${input.deadlineId} in your jobcenter`, ['input', 'deadlineId']);
      const { citizen, deadline: d } = found;
      const viaOperation = CLOSE_REASON_OPERATION[input.reason];
      if (viaOperation) {
        return fail('INVALID_INPUT', `DL-7: reason ${input.reason} is set by ${viaOperation}; use that operation`, ['input', 'reason']);
      }
      const note = input.note?.trim() || null;
      if (input.reason === 'OTHER' && !note) {
        return fail('INVALID_INPUT', 'DL-7: closing with reason OTHER needs a note saying why', ['input', 'note']);
      }
      const from = effectiveDeadlineStatus(d, scope.clock.today(), { targetGroup: citizen.targetGroup });
      if (!(ACTIVE_DEADLINE_STATUSES as readonly string[]).includes(from)) {
        return fail('NOT_ACTIVE', `DL-7: the deadline is already ${from}${d.closeReason ? ` (${d.closeReason})` : ''}; only an active deadline can be closed`, ['input', 'deadlineId']);
      }
      await close(scope, d, input.reason, note ?? 'closed by the jobcenter');
      await emitEvent(scope, 'DEADLINE_CLOSED', citizen, { deadlineId: d.id, reason: input.reason, note, meetingId: d.meetingId });
      return ok({ deadline: d });
    });
  }

  /**
   * Loads a deadline and locks its citizen (serialising with booking and every other change of that citizen's
   * deadlines), then re-reads the deadline under the lock. Undefined when it does not exist or is outside the actor's scope.
   */
  private async lockDeadlineFor(scope: Scope, deadlineId: string): Promise<{ citizen: Citizen; deadline: Deadline } | undefined> {
    const peek = await scope.db.findOne(Deadline, { where: { id: deadlineId }, select: { id: true, citizenId: true } });
    if (!peek) return undefined;
    const citizen = await lockCitizenFor(scope, peek.citizenId);
    if (!citizen) return undefined;
    const deadline = await scope.db.findOneBy(Deadline, { id: deadlineId });
    return deadline ? { citizen, deadline } : undefined;
  }

}
