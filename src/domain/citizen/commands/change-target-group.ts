import type { Temporal } from 'temporal-polyfill';
import { Citizen, type CitizenChange, type Deadline } from '../../../entities';
import { requireStaff } from '../../../auth/policy';
import { lockCitizenFor, noCitizenInYourJobcenter } from '../../shared/citizen-access';
import { hasSelfBookingDuty } from '../../shared/enums';
import { emitEvent } from '../../shared/events';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { lastCitizenChange, recordCitizenChange, upToDate } from '../citizen-history';
import { effectiveDateError, groupChangeClosesDeadline } from '../citizen.rules';
import type { ChangeTargetGroupErrorCode, TargetGroup } from '../../../generated/enums';
import { activeDeadline } from '../../deadline/deadline.queries';
import { close as closeDeadline } from '../../deadline/deadline.transitions';

export interface ChangeTargetGroupInput {
  citizenId: string;
  targetGroup: TargetGroup;
  effectiveFrom?: Temporal.PlainDate | null;
  volunteers?: boolean | null;
  reason?: string | null;
  idempotencyKey?: string | null;
}

export interface TargetGroupChanged {
  citizen: Citizen;
  change: CitizenChange;
  closedDeadline: Deadline | null;
}

/**
 * CZ-2: a new target group from a day. The rules of the new group apply from then on (TG-1 … TG-5, RG-1 vs RG-7, SA:
 * they all read the citizen's group). Interviews already held keep counting (CC-6): the contact course counts every
 * job interview from the benefit period (or unemployment) start, whatever the group was. A change to a group without
 * the duty closes the active deadline (TARGET_GROUP_CHANGED) unless the citizen volunteers (TG-2); a planned interview
 * stays planned (as with EX-4) — the citizen may attend it, and it counts when held.
 */
export async function changeTargetGroup(scope: Scope, input: ChangeTargetGroupInput): Promise<Result<TargetGroupChanged, ChangeTargetGroupErrorCode>> {
  requireStaff(scope.actor);
  const volunteers = input.volunteers === true;
  if (volunteers && (hasSelfBookingDuty(input.targetGroup) || input.targetGroup === 'SICKNESS_BENEFIT')) {
    return fail('INVALID_INPUT', `TG-2: ${input.targetGroup} self-books anyway (TG-1); volunteers is for groups without the duty`, ['input', 'volunteers']);
  }
  // Inside another operation's transaction (the CZ-9 import, with a row's other changes) this runs in a savepoint of it.
  return runInTransaction(scope, { operation: 'changeTargetGroup', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
    const reason = input.reason?.trim() || null;
    const locked = await lockCitizenFor(scope, input.citizenId);
    if (!locked) return noCitizenInYourJobcenter('CZ-2', input.citizenId);
    const citizen = await upToDate(scope, locked);
    if (citizen.targetGroup === input.targetGroup) {
      return fail('SAME_TARGET_GROUP', `CZ-2: the citizen is already ${input.targetGroup}`, ['input', 'targetGroup']);
    }
    const today = scope.clock.today();
    const effectiveFrom = input.effectiveFrom ?? today;
    const previous = await lastCitizenChange(scope, citizen.id, 'TARGET_GROUP');
    const floor = previous
      ? { day: previous.effectiveFrom, what: 'the previous target group change' }
      : citizen.unemployedSince ? { day: citizen.unemployedSince, what: 'unemployedSince' } : null;
    const outOfRange = effectiveDateError('CZ-2', effectiveFrom, today, floor);
    if (outOfRange) return fail('DATE_OUT_OF_RANGE', outOfRange, ['input', 'effectiveFrom']);
    if (input.targetGroup === 'INSURED_UNEMPLOYED' && !citizen.unemploymentFundId) {
      return fail('UNEMPLOYMENT_FUND_REQUIRED', 'CZ-1/CZ-2: an INSURED_UNEMPLOYED citizen has an a-kasse; record the membership first (changeUnemploymentFund)', ['input', 'targetGroup']);
    }

    const from = citizen.targetGroup;
    let closed: Deadline | null = null;
    if (groupChangeClosesDeadline(input.targetGroup, volunteers)) {
      const active = await activeDeadline(scope.db, citizen.id);
      if (active) closed = await closeDeadline(scope, active, 'TARGET_GROUP_CHANGED', `CZ-2: ${from} → ${input.targetGroup} from ${effectiveFrom}, without the duty (TG-1) and not volunteering (TG-2)`);
    }
    // TG-2: the voluntary offer belongs to a group without the duty; a duty group's citizen no longer needs it.
    const voluntarySelfBooking = !hasSelfBookingDuty(input.targetGroup) && input.targetGroup !== 'SICKNESS_BENEFIT' && volunteers;
    await scope.db.update(Citizen, { id: citizen.id }, { targetGroup: input.targetGroup, voluntarySelfBooking });
    Object.assign(citizen, { targetGroup: input.targetGroup, voluntarySelfBooking });
    const change = await recordCitizenChange(scope, citizen.id, { kind: 'TARGET_GROUP', effectiveFrom, fromValue: from, toValue: input.targetGroup, reason });
    await emitEvent(scope, 'TARGET_GROUP_CHANGED', citizen, {
      fromTargetGroup: from, toTargetGroup: input.targetGroup, effectiveFrom: effectiveFrom.toString(), closedDeadlineId: closed?.id ?? null,
    });
    return ok({ citizen, change, closedDeadline: closed });
  });
}
