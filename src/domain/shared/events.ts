import { DomainEvent, type Citizen } from '../../entities';
import type { Scope } from './scope';
import { actorLabel } from './actor';
import type { Writes } from './writes';

/**
 * EV-1: reportable events, letters and notifications, written in the same transaction as the change
 * that caused them (transactional outbox). Events about a member of an a-kasse carry the fund's id so
 * its portal can read them from a cursor (EV-2).
 */
export type EventType =
  | 'DEADLINE_ISSUED'
  | 'DEADLINE_EXTENDED'
  | 'DEADLINE_CLOSED'
  | 'INTERVIEW_BOOKED'
  | 'INTERVIEW_REBOOKED'
  | 'MEETING_CALLED_IN'
  | 'MEETING_CANCELLED'
  | 'MEETING_HELD'
  | 'NO_SHOW'
  | 'CONTACT_AFTER_NO_SHOW'
  | 'JOINT_INTERVIEW_CALLED_IN'
  | 'JOINT_INTERVIEW_OPT_OUT'
  | 'JOINT_INTERVIEW_FUND_DECISION'
  | 'DEREGISTERED'
  | 'REREGISTERED'
  | 'SELF_BOOKING_EXEMPTED'
  | 'SELF_BOOKING_REVOKED'
  | 'LETTER_DEADLINE'
  | 'LETTER_DECISION'
  | 'LETTER_DEREGISTRATION'
  | 'NOTIFICATION_SMS'
  | 'NOTIFICATION_EMAIL'
  // Lifecycle (RG-1, RG-8, SA-1, SA-2): the outage flag for the a-kasse's dispensation, sanction assessments.
  | 'DEREGISTRATION_OUTAGE_FLAGGED'
  | 'SANCTION_ASSESSMENT_OPENED'
  | 'SANCTION_DECIDED'
  // CZ-1 … CZ-5: master data (issue 12); for the a-kasse of a member.
  | 'REGISTERED'
  | 'TARGET_GROUP_CHANGED'
  | 'MEMBERSHIP_STARTED'
  | 'MEMBERSHIP_ENDED'
  | 'MOVED';

export async function emitEvent(
  scope: Scope,
  type: EventType,
  citizen: Pick<Citizen, 'id' | 'jobcenterId' | 'unemploymentFundId'>,
  payload: Record<string, unknown> = {},
  writes?: Writes,
): Promise<void> {
  const row = {
    occurredAt: scope.clock.now(),
    type,
    citizenId: citizen.id,
    jobcenterId: citizen.jobcenterId,
    unemploymentFundId: citizen.unemploymentFundId,
    payload: { ...payload, actor: actorLabel(scope.actor) },
  };
  // With `writes`, the event joins the transition's one statement (writes.ts); written in the same transaction either way.
  if (writes) writes.insert(DomainEvent, row);
  else await scope.db.insert(DomainEvent, row);
}
