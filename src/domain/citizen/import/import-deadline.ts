import type { EntityManager } from 'typeorm';
import type { Temporal } from 'temporal-polyfill';
import { Deadline } from '../../../entities';
import { lockCitizenFor } from '../../shared/citizen-access';
import { cmpDate } from '../../shared/dates';
import { emitEvent } from '../../shared/events';
import { recordDeadlineHistory } from '../../shared/history';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import type { DeadlineService } from '../../deadline/deadline.service';
import { deadlineChannelFor, latestInterviewDateFor } from '../../deadline/deadline.rules';

/** Field paths of issueDeadline's input, as the file's columns. */
const COLUMN: Record<string, string> = { bookBy: 'deadlineBookBy', availableFrom: 'deadlineAvailableFrom', citizenId: 'deadlineBookBy' };

/**
 * CZ-9, DL-1 … DL-6: the active deadline of a row (columns `deadlineBookBy`, `deadlineAvailableFrom`), inside the row's
 * transaction, with issueDeadline's checks against the stored citizen (DeadlineService.issueChecks: DL-2 with the
 * citizen's holidays, DL-4 superseding or refusing, DL-5 who may not get one; TG-5, TG-6 channel).
 * - Available from today or later (or no day given: today): issued by issueDeadline's own function (issueFor), with its
 *   history, events and DL-11 notices.
 * - Available from an earlier day: the deadline was issued in case management on that day, and the import records it.
 *   Decision: every check of issuing applies except "availableFrom is not in the past" (it is the day it was shown);
 *   its bookBy must be today or later — a deadline already missed is not imported as active, since what follows from
 *   missing it (RG-1 deregistration, SA-1 assessment) is for the caseworker to assess, not for a file to trigger.
 *   Decision: no DL-11 notice is sent for it — the citizen was told when it was issued; the a-kasse gets
 *   DEADLINE_ISSUED as for any deadline (EV-1), and the history says it was imported.
 */
export async function importDeadlineTx(
  em: EntityManager, deadlines: DeadlineService, scope: Scope, citizenId: string,
  d: { bookBy: Temporal.PlainDate; availableFrom: Temporal.PlainDate | null },
): Promise<Result<object, string>> {
  const today = scope.clock.today();
  const citizen = await lockCitizenFor(em, scope.actor, citizenId);
  if (!citizen) return fail('NOT_FOUND', 'CZ-9: the citizen is no longer of this jobcenter');
  const onColumn = (f: { code: string; message: string; field?: string[] }) =>
    fail(f.code, f.message, ['input', COLUMN[f.field?.[f.field.length - 1] ?? ''] ?? 'deadlineBookBy']);
  if (!d.availableFrom || cmpDate(d.availableFrom, today) >= 0) {
    const issued = await deadlines.issueFor(em, scope, citizen, { availableFrom: d.availableFrom, bookBy: d.bookBy }, { prefix: ['input'] });
    return issued.ok ? ok({}) : onColumn(issued);
  }
  if (cmpDate(d.bookBy, today) < 0) {
    return fail('DATE_OUT_OF_RANGE', `DL-7: deadlineBookBy ${d.bookBy} has passed; an active deadline is imported with its bookBy today (${today}) or later — a missed one is for the caseworker to assess (RG-1, SA-1)`, ['input', 'deadlineBookBy']);
  }
  const checked = await deadlines.issueChecks(em, scope, citizen, { availableFrom: d.availableFrom, bookBy: d.bookBy }, { prefix: ['input'] });
  const refusal = checked.refusals.find((f) => f.code !== 'AVAILABLE_FROM_IN_PAST');
  if (refusal) return onColumn(refusal);
  const superseded = checked.active ? await deadlines.closeTx(em, scope, checked.active, 'SUPERSEDED', 'DL-4: a new deadline was imported (CZ-9)') : null;
  const channel = deadlineChannelFor(citizen);
  const now = scope.clock.now();
  const deadline = em.create(Deadline, {
    citizenId: citizen.id, jobcenterId: citizen.jobcenterId, availableFrom: d.availableFrom, bookBy: d.bookBy,
    latestInterviewDate: latestInterviewDateFor(d.bookBy), originalBookBy: d.bookBy, channel, status: 'OPEN', closeReason: null,
    meetingId: null, createdAt: now, statusChangedAt: now,
  });
  await em.insert(Deadline, deadline);
  await recordDeadlineHistory(em, scope, deadline.id, {
    action: 'ISSUED', toStatus: 'OPEN',
    details: { availableFrom: d.availableFrom.toString(), bookBy: d.bookBy.toString(), channel, supersedes: superseded?.id ?? null, imported: true },
  });
  await emitEvent(em, scope, 'DEADLINE_ISSUED', citizen, {
    deadlineId: deadline.id, availableFrom: d.availableFrom.toString(), bookBy: d.bookBy.toString(), latestInterviewDate: deadline.latestInterviewDate.toString(), channel,
  });
  return ok({});
}
