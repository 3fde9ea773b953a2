import { type Citizen, type Deadline, Meeting } from '../../../entities';
import { requireStaff } from '../../../auth/policy';
import { lockCitizenFor, noCitizenInYourJobcenter } from '../../shared/citizen-access';
import { emitEvent } from '../../shared/events';
import { type Result, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { runInTransaction } from '../../shared/transaction';
import { activeDeadline } from '../../deadline/deadline.queries';
import { close as closeDeadline } from '../../deadline/deadline.transitions';
import { cancel as cancelPlannedMeeting } from '../../meeting/meeting.transitions';
import { assertDeregistrationNote, assertJobSeeker } from '../registration.rules';
import { type Deregistered, deregisterCitizenFromToday } from './deregister';
import type { ManualDeregistrationReason, RegistrationErrorCode } from '../../../generated/enums';

export interface DeregisterCitizenInput {
  citizenId: string;
  reason: ManualDeregistrationReason;
  note?: string | null;
  idempotencyKey?: string | null;
}

/** CZ-6: the jobcenter deregisters a citizen for employment or another reason (with a note), from today. */
export async function deregisterCitizen(scope: Scope, input: DeregisterCitizenInput): Promise<Result<Deregistered, RegistrationErrorCode>> {
  requireStaff(scope.actor);
  return runInTransaction(scope, { operation: 'deregisterCitizen', idempotencyKey: input.idempotencyKey, input }, async (scope) => {
    const citizen = await lockCitizenFor(scope, input.citizenId);
    if (!citizen) return noCitizenInYourJobcenter('CZ-6', input.citizenId);
    const refused = assertDeregistrationNote(input) ?? assertJobSeeker(citizen);
    if (refused) return refused;
    const note = input.note?.trim() || null;
    const done = await deregisterCitizenFromToday(scope, citizen, { reason: input.reason, via: 'JOBCENTER', note });
    if (!done.ok) return done;
    return ok({ ...done.value, ...(await endUnemployment(scope, done.value.citizen, input.reason)) });
  });
}

/**
 * CZ-6 (Decision): the end of unemployment — deregistration for employment or another reason — leaves nothing
 * running: the active deadline is closed (reason DEREGISTERED) and every planned meeting from now on (job
 * interviews, joint interviews, follow-ups) is cancelled, its slot freed. A meeting earlier today stays for the
 * caseworker to register as held or missed. Each cancellation and the closing are events in the log (EV-1), as
 * anywhere else; the a-kasse's feed shows the DEREGISTERED event only (FUND_EVENT_TYPES).
 */
async function endUnemployment(scope: Scope, citizen: Citizen, reason: ManualDeregistrationReason): Promise<{ closedDeadline: Deadline | null; cancelledMeetings: Meeting[] }> {
  const why = `CZ-6: deregistered for ${reason === 'EMPLOYMENT' ? 'employment' : 'another reason'} (end of unemployment)`;
  const planned = await scope.db.createQueryBuilder(Meeting, 'm')
    .where('m.citizen_id = :id AND m.status = :planned AND m.starts_at >= :now', { id: citizen.id, planned: 'PLANNED', now: new Date(scope.clock.now().epochMilliseconds) })
    .orderBy('m.starts_at', 'ASC').getMany();
  for (const m of planned) await cancelPlannedMeeting(scope, citizen, m, why);
  const active = await activeDeadline(scope.db, citizen.id);
  let closedDeadline: Deadline | null = null;
  if (active) {
    closedDeadline = await closeDeadline(scope, active, 'DEREGISTERED', why);
    await emitEvent(scope, 'DEADLINE_CLOSED', citizen, { deadlineId: active.id, reason: 'DEREGISTERED', note: why, meetingId: active.meetingId });
  }
  return { closedDeadline, cancelledMeetings: planned };
}
