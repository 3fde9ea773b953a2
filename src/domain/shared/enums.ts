import type { DeadlineStatus, TargetGroup } from '../../generated/enums';

// Rule constants over the schema's enums; the enums themselves are generated (src/generated/enums.ts, `npm run codegen`).

/** TG-1: the target groups with the duty to self-book job interviews. */
export const DUTY_GROUPS = [
  'INSURED_UNEMPLOYED',
  'JOB_READY_CASH_BENEFIT',
  'JOB_READY_TRANSITION_BENEFIT',
  'EDUCATION_READY_EDUCATION_BENEFIT',
  'EDUCATION_READY_TRANSITION_BENEFIT',
  'JOB_CLARIFICATION',
] as const satisfies readonly TargetGroup[];
/** DL-4: the statuses of a deadline that is still active (at most one per citizen). */
export const ACTIVE_DEADLINE_STATUSES: readonly DeadlineStatus[] = ['OPEN', 'BOOKED', 'EXPIRED'];

/** TG-1: the groups with the duty to self-book job interviews. */
export function hasSelfBookingDuty(group: TargetGroup): boolean {
  return (DUTY_GROUPS as readonly string[]).includes(group);
}

/** NS-2: groups for which a no-show from a self-booked meeting is sanctionable. */
export function isNoShowSanctionable(group: TargetGroup): boolean {
  return group === 'INSURED_UNEMPLOYED' || group === 'JOB_READY_CASH_BENEFIT' || group === 'SICKNESS_BENEFIT';
}
