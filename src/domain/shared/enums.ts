/** The glossary of ../shared/domain/RULES.md as TypeScript unions (the GraphQL enums mirror them). */
export const DUTY_GROUPS = [
  'INSURED_UNEMPLOYED',
  'JOB_READY_CASH_BENEFIT',
  'JOB_READY_TRANSITION_BENEFIT',
  'EDUCATION_READY_EDUCATION_BENEFIT',
  'EDUCATION_READY_TRANSITION_BENEFIT',
  'JOB_CLARIFICATION',
] as const;
export type TargetGroup = (typeof DUTY_GROUPS)[number] | 'SICKNESS_BENEFIT' | 'OTHER';
export type SelfBookingRight = 'ALLOWED' | 'EXEMPTED' | 'REVOKED';
export type DeadlineStatus = 'OPEN' | 'BOOKED' | 'CLOSED' | 'EXPIRED' | 'LAPSED';
export const ACTIVE_DEADLINE_STATUSES: readonly DeadlineStatus[] = ['OPEN', 'BOOKED', 'EXPIRED'];
export type DeadlineChannel = 'JOBNET' | 'LETTER';
export type DeadlineCloseReason =
  | 'SUPERSEDED'
  | 'INTERVIEW_HELD'
  | 'MEETING_DAY_REACHED'
  | 'CALLED_IN_INSTEAD'
  | 'MEETING_CANCELLED'
  | 'EXEMPTED'
  | 'REVOKED'
  | 'LESS_INTENSIVE_EFFORT'
  | 'DEREGISTERED'
  | 'TARGET_GROUP_CHANGED'
  | 'OTHER';
export type MeetingType = 'JOB_INTERVIEW' | 'JOINT_INTERVIEW' | 'FOLLOW_UP' | 'OTHER';
export type MeetingOrigin = 'SELF_BOOKED' | 'CALLED_IN' | 'WALK_IN';
export type MeetingForm = 'IN_PERSON' | 'PHONE' | 'VIDEO';
export type MeetingStatus = 'PLANNED' | 'HELD' | 'NO_SHOW' | 'CANCELLED';
/** SL-1; MT-6: OTHER slots are for other meetings offered for self-booking, never for a deadline. */
export type SlotKind = 'JOB_INTERVIEW' | 'GROUP_THEN_INDIVIDUAL' | 'OTHER';
export type FundParticipation = 'PARTICIPATES' | 'DOES_NOT_PARTICIPATE';

/** TG-1: the groups with the duty to self-book job interviews. */
export function hasSelfBookingDuty(group: TargetGroup): boolean {
  return (DUTY_GROUPS as readonly string[]).includes(group);
}

/** NS-2: groups for which a no-show from a self-booked meeting is sanctionable. */
export function isNoShowSanctionable(group: TargetGroup): boolean {
  return group === 'INSURED_UNEMPLOYED' || group === 'JOB_READY_CASH_BENEFIT' || group === 'SICKNESS_BENEFIT';
}
