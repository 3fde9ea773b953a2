import type { Temporal } from 'temporal-polyfill';
import { type Citizen, type Deadline, Holiday, Meeting } from '../../../entities';
import { requireStaff } from '../../../auth/policy';
import { lockCitizenFor, noCitizenInYourJobcenter } from '../../shared/citizen-access';
import { cmpDate, localDay } from '../../shared/dates';
import { type Failure, type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { close, issue } from '../deadline.transitions';
import { assertAvailableFromNotPast, assertBookingPeriod, assertDeadlineAllowed, assertNoLaterPlannedInterview } from '../deadline.rules';
import type { IssueDeadlineErrorCode } from '../../../generated/enums';
import { activeDeadline } from '../deadline.queries';

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

/** What issuing would meet (issueChecks). */
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

/** DL-1 … DL-6, TG-5, TG-6, DL-11: issue a deadline for a job interview. */
export async function issueDeadline(scope: Scope, input: IssueDeadlineInput): Promise<Result<IssuedDeadline, IssueDeadlineErrorCode>> {
  requireStaff(scope.actor);
  return runInTransaction(
    scope,
    {
      operation: 'issueDeadline', idempotencyKey: input.idempotencyKey, input,
      constraints: { deadline_one_active_per_citizen: fail('INTERVIEW_ALREADY_PLANNED', 'DL-4: another deadline was issued for this citizen at the same moment; reload and try again', ['input', 'citizenId']) },
    },
    async (scope) => {
      const citizen = await lockCitizenFor(scope, input.citizenId);
      if (!citizen) return noCitizenInYourJobcenter('DL-1', input.citizenId);
      return issueDeadlineForLockedCitizen(scope, citizen, input, { prefix: ['input'] });
    },
  );
}

/**
 * issueDeadline's own body inside the caller's transaction, with the citizen row already locked: the one function
 * issueDeadline, registerNoShow (NS-1) and the citizen import (CZ-9) issue a deadline with.
 */
export async function issueDeadlineForLockedCitizen(
  scope: Scope, citizen: Citizen,
  input: { availableFrom?: Temporal.PlainDate | null; bookBy: Temporal.PlainDate },
  { prefix = ['input'], imported = false }: FieldPrefix & { imported?: boolean } = {},
): Promise<Result<IssuedDeadline, IssueDeadlineErrorCode>> {
  const checked = await issueChecks(scope, citizen, input, { prefix });
  // CZ-9: a deadline issued earlier in case management is imported with the day it was shown, so only
  // "availableFrom is not in the past" does not apply to it (import-deadline.ts).
  const refusal = checked.refusals.find((f) => !imported || f.code !== 'AVAILABLE_FROM_IN_PAST');
  if (refusal) return refusal;
  const { availableFrom, active } = checked;
  const why = imported ? 'DL-4: a new deadline was imported (CZ-9)' : 'DL-4: a new deadline was issued';
  const superseded = active ? await close(scope, active, 'SUPERSEDED', why) : null;
  const deadline = await issue(scope, citizen, { availableFrom, bookBy: input.bookBy }, superseded, { imported });
  return ok({ deadline, supersededDeadline: superseded });
}

/**
 * DL-1 … DL-6: the checks of issuing, in the order issueDeadline answers them, each failure with the field it is
 * about. issueDeadline answers the first; previewDeadline (deadline-preview.service.ts) shows them all, so a preview
 * can never say something else than issuing would. Reads only. `active` is the active deadline issuing would
 * supersede (DL-4), `blocked` whether a booked one refuses it.
 */
export async function issueChecks(
  scope: Scope, citizen: Citizen,
  input: { availableFrom?: Temporal.PlainDate | null; bookBy: Temporal.PlainDate },
  { prefix = ['input'] }: FieldPrefix = {},
): Promise<IssueChecks> {
  const today = scope.clock.today();
  const availableFrom = input.availableFrom ?? today;
  const holidays = await scope.db.findBy(Holiday, { citizenId: citizen.id });
  // DL-4: at most one active deadline; a new one supersedes it, unless that would allow a second planned interview.
  const active = await activeDeadline(scope.db, citizen.id);
  const booked = active?.status === 'BOOKED' && active.meetingId ? await scope.db.findOneBy(Meeting, { id: active.meetingId }) : null;
  const blockedBy = booked && booked.status === 'PLANNED' && cmpDate(localDay(booked.startsAt), today) > 0 ? booked : null;
  const checks: (Failure<IssueDeadlineErrorCode> | undefined)[] = [
    assertAvailableFromNotPast(availableFrom, today, prefix),
    assertDeadlineAllowed(citizen, prefix), // DL-5: who may not get a deadline.
    assertBookingPeriod(availableFrom, input.bookBy, holidays, prefix),
    blockedBy ? assertNoLaterPlannedInterview(localDay(blockedBy.startsAt), prefix) : undefined,
  ];
  const refusals = checks.filter((f): f is Failure<IssueDeadlineErrorCode> => f !== undefined);
  return { availableFrom, active, blocked: blockedBy !== null, refusals };
}
