import type { Citizen, RegistrationPeriod } from '../../entities';
import type { Actor } from '../shared/actor';
import { ForbiddenError } from '../shared/errors';
import { type Failure, fail } from '../shared/result';
import type { ManualDeregistrationReason, RegistrationChannel, RegistrationErrorCode } from '../../generated/enums';

/**
 * The registration commands' pre-checks (RG-5 … RG-8, TG-4, CZ-6): pure functions `(input, state) => Failure |
 * undefined`, each command chaining its own with `??` in the order the user errors are answered.
 */
type Check = Failure<RegistrationErrorCode> | undefined;

/** The channel a (re-)registration or deregistration comes by; only the citizen, the jobcenter or the a-kasse act (`rule`: the operation's). */
export function channelOf(actor: Actor, rule: 'RG-5/RG-6' | 'RG-8'): RegistrationChannel {
  switch (actor.kind) {
    case 'CITIZEN': return 'JOBNET';
    case 'CASEWORKER':
    case 'INTEGRATION': return 'JOBCENTER';
    case 'UNEMPLOYMENT_FUND': return 'UNEMPLOYMENT_FUND';
    default: throw new ForbiddenError(`${rule}: only the citizen, the jobcenter or the citizen's a-kasse may do this`);
  }
}

/** RG-5/RG-6, RG-8: a citizen acts for themselves only; the jobcenter or the a-kasse names the citizen. */
export function assertTargetNamed(input: { citizenId?: string | null }, actor: Actor, rule: 'RG-5/RG-6' | 'RG-8'): Check {
  if (actor.kind === 'CITIZEN') {
    if (input.citizenId && input.citizenId !== actor.citizenId) return fail('NOT_FOUND', `${rule}: a citizen acts for themselves only; leave citizenId out`, ['input', 'citizenId']);
  } else if (!input.citizenId) {
    return fail('INVALID_INPUT', `${rule}: the jobcenter or the a-kasse acting for a citizen names the citizen (citizenId)`, ['input', 'citizenId']);
  }
  return undefined;
}

/** RG-8: the a-kasse registers recovery for its INSURED_UNEMPLOYED members only. */
export function assertFundMayReportRecovery(via: RegistrationChannel, citizen: Pick<Citizen, 'targetGroup'>): Check {
  if (via === 'UNEMPLOYMENT_FUND' && citizen.targetGroup !== 'INSURED_UNEMPLOYED') {
    return fail('NOT_ALLOWED', 'RG-8: the a-kasse registers recovery for INSURED_UNEMPLOYED members only; the citizen reports it on Jobnet', ['input', 'citizenId']);
  }
  return undefined;
}

/** RG-6: only the citizen on Jobnet books with the re-registration; the jobcenter's and the a-kasse's leave slotId out. */
export function assertSlotOnlyOnJobnet(input: { slotId?: string | null }, via: RegistrationChannel): Check {
  if (input.slotId && via !== 'JOBNET') {
    return fail('INVALID_INPUT', 'RG-6: when the jobcenter or the a-kasse re-registers the citizen, the citizen books at the next login; leave slotId out', ['input', 'slotId']);
  }
  return undefined;
}

/** TG-4: a person in a job clarification course is never registered as job seeker, so never re-registered. */
export function assertReregistrable(citizen: Pick<Citizen, 'targetGroup'>): Check {
  if (citizen.targetGroup === 'JOB_CLARIFICATION') {
    return fail('NOT_A_JOB_SEEKER', 'TG-4: persons in a job clarification course are not registered as job seekers, so never deregistered', ['input', 'citizenId']);
  }
  return undefined;
}

/** RG-5/RG-6, RG-8: only a deregistered citizen is re-registered (by a recovery report after sickness, else by reregister). */
export function assertDeregistered(opts: { recovery: boolean }, citizen: Pick<Citizen, 'registered'>): Check {
  if (!citizen.registered) return undefined;
  return fail('ALREADY_REGISTERED', opts.recovery
    ? 'RG-8: the citizen is registered as job seeker; there is no sickness deregistration to end'
    : 'RG-5/RG-6: the citizen is registered as job seeker; there is nothing to re-register', ['input', 'citizenId']);
}

/** RG-8: a sickness deregistration ends by a recovery report only, and a recovery report ends only that. */
export function assertRightWayBack(opts: { recovery: boolean }, last: Pick<RegistrationPeriod, 'deregistrationReason'> | null): Check {
  const sick = last?.deregistrationReason === 'SICKNESS';
  if (!opts.recovery && sick) {
    return fail('DEREGISTERED_FOR_SICKNESS', 'RG-8: the citizen is deregistered for sickness and re-registers by a recovery report (reportRecovery)', ['input', 'citizenId']);
  }
  if (opts.recovery && !sick) {
    return fail('NOT_DEREGISTERED_FOR_SICKNESS', 'RG-8: the citizen is not deregistered for sickness; re-register instead (reregister)', ['input', 'citizenId']);
  }
  return undefined;
}

/** RG-8/TG-4: sickness does not deregister a person in a job clarification course or employed with wage subsidy. */
export function assertSicknessDeregisters(citizen: Pick<Citizen, 'targetGroup' | 'wageSubsidy'>): Check {
  if (citizen.targetGroup === 'JOB_CLARIFICATION') {
    return fail('SICKNESS_DOES_NOT_DEREGISTER', 'RG-8/TG-4: persons in a job clarification course are not deregistered for sickness', ['input', 'citizenId']);
  }
  if (citizen.wageSubsidy) {
    return fail('SICKNESS_DOES_NOT_DEREGISTER', 'RG-8: persons employed with wage subsidy are not deregistered for sickness', ['input', 'citizenId']);
  }
  return undefined;
}

/** CZ-6: deregistering for another reason needs a note (the note trimmed; blank is none). */
export function assertDeregistrationNote(input: { reason: ManualDeregistrationReason; note?: string | null }): Check {
  if (input.reason === 'OTHER' && !input.note?.trim()) return fail('INVALID_INPUT', 'CZ-6: deregistering for another reason needs a note saying why', ['input', 'note']);
  return undefined;
}

/** TG-4: a person in a job clarification course is not registered as job seeker, so not deregistered by the jobcenter. */
export function assertJobSeeker(citizen: Pick<Citizen, 'targetGroup'>): Check {
  if (citizen.targetGroup === 'JOB_CLARIFICATION') {
    return fail('NOT_A_JOB_SEEKER', 'TG-4: persons in a job clarification course are not registered as job seekers', ['input', 'citizenId']);
  }
  return undefined;
}

/** RG-8, CZ-6: only a registered citizen is deregistered. */
export function assertRegistered(reason: 'SICKNESS' | ManualDeregistrationReason, citizen: Pick<Citizen, 'registered'>): Check {
  if (citizen.registered) return undefined;
  return fail('ALREADY_DEREGISTERED', `${reason === 'SICKNESS' ? 'RG-8' : 'CZ-6'}: the citizen is already deregistered as job seeker`, ['input', 'citizenId']);
}
