import type { Temporal } from 'temporal-polyfill';
import { lockCitizenFor } from '../../shared/citizen-access';
import { cmpDate } from '../../shared/dates';
import { type Result, fail, ok } from '../../shared/result';
import type { Scope } from '../../shared/scope';
import { issueDeadlineForLockedCitizen } from '../../deadline/commands/issue-deadline';

/** Field paths of issueDeadline's input, as the file's columns. */
const COLUMN: Record<string, string> = { bookBy: 'deadlineBookBy', availableFrom: 'deadlineAvailableFrom', citizenId: 'deadlineBookBy' };

/**
 * CZ-9, DL-1 … DL-6: the active deadline of a row (columns `deadlineBookBy`, `deadlineAvailableFrom`), inside the row's
 * transaction, with issueDeadline's checks against the stored citizen (issueChecks: DL-2 with the
 * citizen's holidays, DL-4 superseding or refusing, DL-5 who may not get one; TG-5, TG-6 channel).
 * - Available from today or later (or no day given: today): issued by issueDeadline's own function (issueDeadlineForLockedCitizen), with its
 *   history, events and DL-11 notices.
 * - Available from an earlier day: the deadline was issued in case management on that day, and the import records it.
 *   Decision: every check of issuing applies except "availableFrom is not in the past" (it is the day it was shown);
 *   its bookBy must be today or later — a deadline already missed is not imported as active, since what follows from
 *   missing it (RG-1 deregistration, SA-1 assessment) is for the caseworker to assess, not for a file to trigger.
 *   Decision: no DL-11 notice is sent for it — the citizen was told when it was issued; the a-kasse gets
 *   DEADLINE_ISSUED as for any deadline (EV-1), and the history says it was imported.
 */
export async function importDeadline(
  scope: Scope, citizenId: string,
  d: { bookBy: Temporal.PlainDate; availableFrom: Temporal.PlainDate | null },
): Promise<Result<object, string>> {
  const today = scope.clock.today();
  const citizen = await lockCitizenFor(scope, citizenId);
  if (!citizen) return fail('NOT_FOUND', 'CZ-9: the citizen is no longer of this jobcenter');
  const onColumn = (f: { code: string; message: string; field?: string[] }) =>
    fail(f.code, f.message, ['input', COLUMN[f.field?.[f.field.length - 1] ?? ''] ?? 'deadlineBookBy']);
  if (!d.availableFrom || cmpDate(d.availableFrom, today) >= 0) {
    const issued = await issueDeadlineForLockedCitizen(scope, citizen, { availableFrom: d.availableFrom, bookBy: d.bookBy }, { prefix: ['input'] });
    return issued.ok ? ok({}) : onColumn(issued);
  }
  if (cmpDate(d.bookBy, today) < 0) {
    return fail('DATE_OUT_OF_RANGE', `DL-7: deadlineBookBy ${d.bookBy} has passed; an active deadline is imported with its bookBy today (${today}) or later — a missed one is for the caseworker to assess (RG-1, SA-1)`, ['input', 'deadlineBookBy']);
  }
  // issueDeadline's own function, marked imported: its checks but the past availableFrom, history and DEADLINE_ISSUED,
  // no letter or notice (the one issue transition, deadline.transitions.ts).
  const imported = await issueDeadlineForLockedCitizen(scope, citizen, { availableFrom: d.availableFrom, bookBy: d.bookBy }, { prefix: ['input'], imported: true });
  return imported.ok ? ok({}) : onColumn(imported);
}
