import type { Temporal } from 'temporal-polyfill';
import { Citizen, type Deadline, Holiday } from '../../entities';
import { requireStaff } from '../../auth/policy';
import { noCitizenInYourJobcenter } from '../shared/citizen-access';
import { dateWindowError } from '../shared/date-windows';
import { startOfDay } from '../shared/dates';
import { type Failure, type Result, fail, ok } from '../shared/result';
import type { Scope } from '../shared/scope';
import { deadlineChannelFor, earliestBookBy, latestInterviewDateFor, reminderDays } from './deadline.rules';
import { issueChecks } from './commands/issue-deadline';
import type { ActiveDeadlineOutcome, DeadlineChannel, IssueDeadlineErrorCode } from '../../generated/enums';

/** What `issueDeadline` would do for this citizen and bookBy, as of today (issue 14, item 2). */
export interface DeadlinePreview {
  citizenId: string;
  /** Today: issueDeadline's default availableFrom. */
  availableFrom: Temporal.PlainDate;
  /** DL-2/DL-6: the earliest bookBy issuing accepts for availableFrom. */
  earliestBookBy: Temporal.PlainDate;
  /** The bookBy previewed: the one asked about, or earliestBookBy. */
  bookBy: Temporal.PlainDate;
  accepted: boolean;
  /** The user errors issueDeadline would answer (it answers the first), with field paths of this query's arguments. */
  refusals: Failure<IssueDeadlineErrorCode>[];
  latestInterviewDate: Temporal.PlainDate;
  reminderDays: Temporal.PlainDate[];
  channel: DeadlineChannel;
  activeDeadline: Deadline | null;
  onActiveDeadline: ActiveDeadlineOutcome;
  freeSlots: number;
}

/**
 * Issue 14 (2): previewDeadline. Runs the very checks issueDeadline runs (issueChecks, commands/issue-deadline.ts) and the same
 * rule functions for the dates, reminders and channel, in a READ ONLY transaction: PostgreSQL itself guarantees
 * that a preview writes nothing.
 */
export class DeadlinePreviewService {
  async previewDeadline(scope: Scope, citizenId: string, bookBy: Temporal.PlainDate | null | undefined): Promise<Result<DeadlinePreview, 'NOT_FOUND'>> {
    const actor = requireStaff(scope.actor);
    // A read, not an operation: its own READ ONLY transaction on the scope's handle (runInTransaction is for changes).
    return scope.db.transaction(async (em) => {
      const tx: Scope = { ...scope, db: em };
      await tx.db.query('SET TRANSACTION READ ONLY');
      const citizen = await tx.db.findOneBy(Citizen, { id: citizenId, jobcenterId: actor.jobcenterId });
      if (!citizen) return noCitizenInYourJobcenter('DL-1', citizenId, ['citizenId']); // issueDeadline's answer
      const today = scope.clock.today();
      const holidays = await tx.db.findBy(Holiday, { citizenId: citizen.id });
      // DL-2/DL-6: the earliest valid bookBy from today (issueDeadline's default availableFrom).
      const earliest = earliestBookBy(today, holidays);
      const previewed = bookBy ?? earliest;
      const checked = await issueChecks(tx, citizen, { bookBy: previewed }, { prefix: [] });
      const refusals = [...checked.refusals];
      // IN-1: a computed earliest bookBy outside the planning window could not be given to issueDeadline either.
      if (!bookBy) {
        const outside = dateWindowError('PLANNING', 'bookBy', earliest, today);
        if (outside) refusals.push(fail('INVALID_INPUT', outside, ['bookBy']));
      }
      const latestInterviewDate = latestInterviewDateFor(previewed);
      // Free slots of the jobcenter in availableFrom … latestInterviewDate that have not begun (SL-2).
      const [{ n }] = (await tx.db.query(
        `SELECT count(*)::int AS n FROM slot s
          WHERE s.jobcenter_id = $1 AND s.withdrawn_at IS NULL
            AND s.starts_at >= $2 AND s.starts_at < $3 AND COALESCE(s.group_starts_at, s.starts_at) > $4
            AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.slot_id = s.id AND m.status <> 'CANCELLED')`,
        [citizen.jobcenterId, iso(startOfDay(checked.availableFrom)), iso(startOfDay(latestInterviewDate.add({ days: 1 }))), iso(scope.clock.now())],
      )) as { n: number }[];
      return ok({
        citizenId: citizen.id,
        availableFrom: checked.availableFrom,
        earliestBookBy: earliest,
        bookBy: previewed,
        accepted: refusals.length === 0,
        refusals,
        latestInterviewDate,
        // DL-11: as issueDeadline lists them at issue (today).
        reminderDays: reminderDays(today, previewed),
        channel: deadlineChannelFor(citizen),
        activeDeadline: checked.active,
        onActiveDeadline: !checked.active ? 'NONE' : checked.blocked ? 'REFUSE' : 'SUPERSEDE',
        freeSlots: n,
      });
    });
  }
}

function iso(i: Temporal.Instant): string {
  return i.toString();
}
