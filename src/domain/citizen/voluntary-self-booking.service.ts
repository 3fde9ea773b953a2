import { Citizen, type Deadline, VoluntarySelfBookingChange } from '../../entities';
import { requireStaff } from '../../auth/policy';
import { actorLabel } from '../shared/actor';
import { lockCitizenFor, noCitizenInYourJobcenter } from '../shared/citizen-access';
import { hasSelfBookingDuty } from '../shared/enums';
import { type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { runInTransaction } from '../shared/transaction';
import type { VoluntarySelfBookingErrorCode } from '../../generated/enums';
import { activeDeadline } from '../deadline/deadline.queries';
import { close as closeDeadline } from '../deadline/deadline.transitions';

export interface VoluntarySelfBookingInput {
  citizenId: string;
  reason?: string | null;
  idempotencyKey?: string | null;
}

export interface VoluntarySelfBookingChanged {
  citizen: Citizen;
  change: VoluntarySelfBookingChange;
  closedDeadline: Deadline | null;
}

/**
 * TG-2 (002): the jobcenter offers self-booking as a voluntary option to a citizen outside the duty groups, and
 * withdraws it. The flag is `citizen.voluntary_self_booking` (read by DL-1/DL-5 when a deadline is issued and by the
 * ST-2 follow-up list); every change is kept in `voluntary_self_booking_change` with who, when and why. Only staff of
 * the citizen's jobcenter may change it (the jobcenter's case handling, RULES.md actors table).
 */
export class VoluntarySelfBookingService {
  async offer(scope: Scope, input: VoluntarySelfBookingInput): Promise<Result<VoluntarySelfBookingChanged, VoluntarySelfBookingErrorCode>> {
    requireStaff(scope.actor);
    return runInTransaction(scope, { operation: 'offerVoluntarySelfBooking', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const citizen = await lockCitizenFor(scope, input.citizenId);
      if (!citizen) return noCitizenInYourJobcenter('TG-2', input.citizenId);
      // TG-1: the duty groups must self-book anyway; sickness benefit has its own duty and may self-book (DL-5).
      if (hasSelfBookingDuty(citizen.targetGroup) || citizen.targetGroup === 'SICKNESS_BENEFIT') {
        return fail('HAS_DUTY', `TG-2: voluntary self-booking is for citizens outside the duty groups; ${citizen.targetGroup} already self-books (TG-1)`, ['input', 'citizenId']);
      }
      // Decision: an exemption (the citizen finds self-booking too hard, EX-1) or a revocation (EX-3) stands; an offer
      // on top of it would contradict it. Reinstate first.
      if (citizen.selfBookingRight !== 'ALLOWED') {
        return fail('SELF_BOOKING_NOT_ALLOWED', `TG-2/EX-1/EX-3: the citizen's self-booking is ${citizen.selfBookingRight.toLowerCase()}; it cannot be offered voluntarily`, ['input', 'citizenId']);
      }
      if (citizen.voluntarySelfBooking) return fail('ALREADY_OFFERED', 'TG-2: voluntary self-booking is already offered to the citizen', ['input', 'citizenId']);
      return ok(await this.change(scope, citizen, true, input.reason, null));
    });
  }

  /**
   * TG-2 Decision: withdrawing closes the active deadline (an OPEN or EXPIRED one would otherwise keep the citizen on
   * the follow-up list, and a voluntary deadline has no other consequence to keep it for). Like EX-4, an interview
   * already booked stays planned: the citizen attends it unless the jobcenter cancels it.
   */
  async withdraw(scope: Scope, input: VoluntarySelfBookingInput): Promise<Result<VoluntarySelfBookingChanged, VoluntarySelfBookingErrorCode>> {
    requireStaff(scope.actor);
    return runInTransaction(scope, { operation: 'withdrawVoluntarySelfBooking', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
      const citizen = await lockCitizenFor(scope, input.citizenId);
      if (!citizen) return noCitizenInYourJobcenter('TG-2', input.citizenId);
      if (!citizen.voluntarySelfBooking) return fail('NOT_OFFERED', 'TG-2: voluntary self-booking is not offered to the citizen; nothing to withdraw', ['input', 'citizenId']);
      const active = hasSelfBookingDuty(citizen.targetGroup) ? null : await activeDeadline(scope.db, citizen.id);
      const closed = active ? await closeDeadline(scope, active, 'OTHER', 'TG-2: voluntary self-booking withdrawn') : null;
      return ok(await this.change(scope, citizen, false, input.reason, closed));
    });
  }

  private async change(scope: Scope, citizen: Citizen, offered: boolean, reason: string | null | undefined, closedDeadline: Deadline | null): Promise<VoluntarySelfBookingChanged> {
    citizen.voluntarySelfBooking = offered;
    await scope.db.update(Citizen, { id: citizen.id }, { voluntarySelfBooking: offered });
    const row = scope.db.create(VoluntarySelfBookingChange, {
      citizenId: citizen.id, offered, reason: reason?.trim() || null, changedOn: scope.clock.today(), changedBy: actorLabel(scope.actor),
    });
    await scope.db.insert(VoluntarySelfBookingChange, row);
    const change = await scope.db.findOneByOrFail(VoluntarySelfBookingChange, { id: row.id });
    return { citizen, change, closedDeadline };
  }
}
