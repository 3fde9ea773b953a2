import { IsNull } from 'typeorm';
import { Citizen, type Deadline, type Meeting, RegistrationPeriod } from '../../../entities';
import { cmpDate } from '../../shared/dates';
import { emitEvent } from '../../shared/events';
import { type Result, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { asDailyRun, runTransitionsForCitizen } from '../../lifecycle/transitions';
import { assertRegistered } from '../registration.rules';
import type { ManualDeregistrationReason, RegistrationChannel, RegistrationErrorCode } from '../../../generated/enums';

export interface Deregistered {
  citizen: Citizen;
  registrationPeriod: RegistrationPeriod;
  /** CZ-6: the active deadline the end of unemployment closed (null for sickness, RG-8, which leaves it running). */
  closedDeadline: Deadline | null;
  /** CZ-6: the planned meetings the end of unemployment cancelled (none for sickness). */
  cancelledMeetings: Meeting[];
}

/**
 * RG-8, CZ-6: deregisters the locked citizen from today, inside the caller's transaction (reportSickness,
 * deregisterCitizen): ends the open registration period and writes the DEREGISTERED event.
 */
export async function deregisterCitizenFromToday(
  scope: Scope, locked: Citizen, d: { reason: 'SICKNESS' | ManualDeregistrationReason; via: RegistrationChannel; note: string | null },
): Promise<Result<Deregistered, RegistrationErrorCode>> {
  const today = scope.clock.today();
  await runTransitionsForCitizen(asDailyRun(scope), locked.id);
  const citizen = await scope.db.findOneByOrFail(Citizen, { id: locked.id });
  const refused = assertRegistered(d.reason, citizen);
  if (refused) return refused;
  const change = { deregisteredFrom: today, deregistrationReason: d.reason, deregisteredVia: d.via, deregistrationNote: d.note };
  let period = await scope.db.findOne(RegistrationPeriod, { where: { citizenId: citizen.id, deregisteredFrom: IsNull() } });
  if (period) {
    await scope.db.update(RegistrationPeriod, { id: period.id }, change);
    Object.assign(period, change);
  } else {
    // Registered without a recorded period: record it from the start of unemployment when known.
    const from = citizen.unemployedSince && cmpDate(citizen.unemployedSince, today) <= 0 ? citizen.unemployedSince : today;
    period = scope.db.create(RegistrationPeriod, {
      citizenId: citizen.id, registeredFrom: from, registeredVia: 'INITIAL', systemOutage: false, deadlineId: null, recoveryReport: false, ...change,
    });
    await scope.db.insert(RegistrationPeriod, period);
  }
  await scope.db.update(Citizen, { id: citizen.id }, { registered: false });
  citizen.registered = false;
  await emitEvent(scope, 'DEREGISTERED', citizen, {
    registrationPeriodId: period.id, reason: d.reason, via: d.via, deregisteredFrom: today.toString(), note: d.note, systemOutage: false,
  });
  return ok({ citizen, registrationPeriod: period, closedDeadline: null, cancelledMeetings: [] });
}
