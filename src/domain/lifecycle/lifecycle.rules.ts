import { Temporal } from 'temporal-polyfill';
import { addDays, cmpDate, daysBetween, startOfDay } from '../shared/dates';
import { type HolidayPeriod, consequencesFrom } from '../deadline/holiday.rules';
import { hasSelfBookingDuty } from '../shared/enums';
import { type Language, type Reason, reason } from '../shared/reasons';
import type { ContactCourseRequirementKind, ContactCourseRequirementStatus, DeadlineStatus, SelfBookingRight, TargetGroup } from '../../generated/enums';

/**
 * The time-driven lifecycle as pure functions: what happens when a deadline runs out, when a citizen is
 * deregistered and re-registered, when deadlines lapse, and what an immediate booking (straksbooking) offers.
 * The daily transition run (lifecycle.service.ts) and the registration operations apply them; the reads use
 * the same functions so that a read before the run says what the run will do.
 */

/** LP-1 (003 2.9.1): an INSURED_UNEMPLOYED deadline lapses when re-registration is 3 months or more after deregistration. */
/**
 * Issue 11 (8): the daily transitions run for today or a past day (catching up), never for a day that has not come —
 * a run for a future date expires deadlines and deregisters citizens (RG-1) before their bookBy has passed.
 * Returns why `date` is refused, or undefined.
 */
export function futureTransitionDateRefusal(date: Temporal.PlainDate, today: Temporal.PlainDate): string | undefined {
  if (Temporal.PlainDate.compare(date, today) <= 0) return undefined;
  return `RG-1: the daily transitions cannot run for ${date.toString()}, after today (${today.toString()} in Europe/Copenhagen): they would expire deadlines and deregister citizens before their day; run for today or a past day`;
}

export const LAPSE_AFTER_DEREGISTRATION_MONTHS = 3;
/** LP-2/CC-8 (003 2.9.1): the other duty groups start over after 1 month or more without benefit. */
const RESTART_AFTER_MONTHS = 1;
/** RG-1 (003 2.3.1): "Afmelding har virkning fra og med dagen efter udløb af fristen". */
export function deregistrationTakesEffect(bookBy: Temporal.PlainDate): Temporal.PlainDate {
  return addDays(bookBy, 1);
}

/**
 * LP-2 (003 2.9.1: "Fristen forældes for disse grupper ultimo måneden efter fristdatoen"): the first day on which
 * the deadline of a group other than INSURED_UNEMPLOYED is lapsed — the day after the last day of the month after
 * bookBy's month. bookBy 2026-01-31 → lapsed from 2026-03-01; bookBy 2026-03-10 → from 2026-05-01.
 */
export function lapsedFromOtherGroups(bookBy: Temporal.PlainDate): Temporal.PlainDate {
  return bookBy.with({ day: 1 }).add({ months: 2 });
}

/**
 * LP-2: the deadlines that have lapsed on `date` are those with bookBy before this day (the first day of the month
 * before `date`'s month). Equivalent to `lapsedFromOtherGroups(bookBy) <= date`, in a form an index can use.
 */
export function lapseCutoffOtherGroups(date: Temporal.PlainDate): Temporal.PlainDate {
  return date.with({ day: 1 }).subtract({ months: 1 });
}

/** LP-1: whether a deadline lapses at a re-registration on `reregisteredOn` after deregistration from `deregisteredFrom`. */
export function lapsesAtReregistration(deregisteredFrom: Temporal.PlainDate, reregisteredOn: Temporal.PlainDate): boolean {
  return cmpDate(reregisteredOn, deregisteredFrom.add({ months: LAPSE_AFTER_DEREGISTRATION_MONTHS })) >= 0;
}

/**
 * LP-2/CC-8 (003 2.9.1): a group other than INSURED_UNEMPLOYED re-registering 1 month or more after deregistration
 * starts the contact course over and is not met with a deadline. Decision: every deregistration counts as time
 * without benefit (the API records registration, not benefit payments), as in the contact course (CC-8).
 */
export function restartsAtReregistration(deregisteredFrom: Temporal.PlainDate, reregisteredOn: Temporal.PlainDate): boolean {
  return cmpDate(reregisteredOn, deregisteredFrom.add({ months: RESTART_AFTER_MONTHS })) >= 0;
}

/** RG-3 (003 2.3.1): days without registration; re-registering on the day the deregistration takes effect gives 0. */
export { benefitGapDays } from '../meeting/meeting.rules';

/** SA-2 Decision: deducted days = the days in [bookBy, day of booking or contact); booking the day after bookBy → 1. */
export function deductedDays(bookBy: Temporal.PlainDate, contactOn: Temporal.PlainDate): number {
  if (cmpDate(contactOn, bookBy) <= 0) throw new RangeError(`SA-2: contact on ${contactOn} is not after bookBy ${bookBy}`);
  return daysBetween(bookBy, contactOn);
}

/** What the expiry of a deadline leads to. */
export type ExpiryConsequence = 'DEREGISTER' | 'SANCTION_ASSESSMENT' | 'NONE';

export interface ExpiryFacts {
  targetGroup: TargetGroup;
  /** Registered as job seeker now (citizen.registered). */
  registered: boolean;
  /** The first day of the open registration period; null when none is recorded. */
  openPeriodFrom: Temporal.PlainDate | null;
}

/**
 * Whether the citizen was registered on bookBy, i.e. the duty to book applied. A citizen registered again only after
 * bookBy (re-registered without a booking, RG-5) has already been deregistered for this deadline.
 * TG-4: JOB_CLARIFICATION persons are not registered as job seekers; their duty does not depend on it.
 */
function hadDutyOnBookBy(f: ExpiryFacts, bookBy: Temporal.PlainDate): boolean {
  if (f.targetGroup === 'JOB_CLARIFICATION') return true;
  return f.registered && (f.openPeriodFrom === null || cmpDate(f.openPeriodFrom, bookBy) <= 0);
}

/**
 * RG-1, RG-7, SA-1, SA-3, TG-2, TG-4: the consequence of a deadline expiring (bookBy passed without a booking).
 * - INSURED_UNEMPLOYED registered on bookBy: deregistered with effect from the day after (RG-1); never sanctioned
 *   by the jobcenter, the a-kasse decides (SA-3).
 * - The other duty groups (JOB_CLARIFICATION included; TG-4: never deregistered): a sanction assessment (SA-1);
 *   the immediate booking at next login (RG-7) follows from the expired deadline itself.
 * - SICKNESS_BENEFIT (own rules, outside 003) and voluntary self-bookers (TG-2): no consequence beyond the
 *   follow-up list. Decision: nor for a citizen already deregistered on bookBy (e.g. for sickness): no duty applied.
 */
export function expiryConsequence(f: ExpiryFacts, bookBy: Temporal.PlainDate): ExpiryConsequence {
  if (!hasSelfBookingDuty(f.targetGroup) || !hadDutyOnBookBy(f, bookBy)) return 'NONE';
  return f.targetGroup === 'INSURED_UNEMPLOYED' ? 'DEREGISTER' : 'SANCTION_ASSESSMENT';
}

/**
 * RG-1 read before the run: an INSURED_UNEMPLOYED citizen registered on bookBy whose deadline is still stored OPEN
 * after bookBy is deregistered from the day after bookBy, whether or not the daily run has recorded it yet.
 * DL-13: with bookBy inside a counted holiday, from the day after the first day after the holiday — and the run
 * stores EXPIRED on that first day, so a stored EXPIRED deadline of a citizen still registered is pending too.
 * Returns the day the deregistration takes effect, or null.
 */
export function pendingDeregistration(
  c: { targetGroup: TargetGroup; registered: boolean },
  activeDeadline: { status: DeadlineStatus; bookBy: Temporal.PlainDate } | null,
  openPeriod: { registeredFrom: Temporal.PlainDate } | null,
  today: Temporal.PlainDate,
  holidays: readonly HolidayPeriod[] = [],
): Temporal.PlainDate | null {
  if (!activeDeadline) return null;
  const from = consequencesFrom(activeDeadline.bookBy, holidays);
  const awaiting = activeDeadline.status === 'OPEN' || (activeDeadline.status === 'EXPIRED' && !from.equals(activeDeadline.bookBy));
  if (!awaiting || cmpDate(today, from) <= 0) return null;
  const consequence = expiryConsequence({ targetGroup: c.targetGroup, registered: c.registered, openPeriodFrom: openPeriod?.registeredFrom ?? null }, from);
  return consequence === 'DEREGISTER' ? deregistrationTakesEffect(from) : null;
}

/**
 * RG-1 (003 2.14): whether an outage window covers the local day of bookBy in Europe/Copenhagen, i.e. overlaps
 * [00:00 on bookBy, 00:00 the next day) — 23 or 25 hours on the DST days, never "24 hours from midnight UTC".
 * Decision: any overlap flags the deregistration; the a-kasse judges whether the citizen could have booked.
 */
export function outageCoversDay(o: { startsAt: Temporal.Instant; endsAt: Temporal.Instant }, day: Temporal.PlainDate): boolean {
  return Temporal.Instant.compare(o.startsAt, startOfDay(day.add({ days: 1 }))) < 0
    && Temporal.Instant.compare(o.endsAt, startOfDay(day)) > 0;
}

/**
 * DL-11: the reminders to send on `date`, among the decided reminder days (3 days before and on bookBy, after the
 * day of issue). A reminder is sent on its day; Decision: if the run did not happen that day, the "3 days before"
 * reminder is sent late while bookBy is still ahead, and the "on bookBy" one only on bookBy.
 */
export function remindersDue(reminderDays: readonly Temporal.PlainDate[], bookBy: Temporal.PlainDate, date: Temporal.PlainDate): Temporal.PlainDate[] {
  if (cmpDate(date, bookBy) > 0) return [];
  return reminderDays.filter((r) => cmpDate(r, date) <= 0 && (cmpDate(date, bookBy) < 0 || cmpDate(r, bookBy) === 0));
}

/** The window an immediate booking offers: the near days (RG-4, RG-7) or 10 days at next login (RG-5, RG-6, RG-8). */
export type ImmediateWindowKind = 'NEAR' | 'WIDE';

export interface ImmediateBookingFacts {
  targetGroup: TargetGroup;
  selfBookingRight: SelfBookingRight;
  /** TG-5 without the § 106(3) override: no duty to attend job interviews. */
  lessIntensiveEffort: boolean;
  /** Registered as job seeker, as read today (a pending RG-1 deregistration counts as deregistered). */
  registered: boolean;
  /** The first day of the open registration period (null when none is recorded). */
  openPeriodFrom: Temporal.PlainDate | null;
  /**
   * The active deadline with its effective status today (LP-1, LP-2, DL-13 applied), or null; `consequencesFrom` is
   * bookBy, or the first day after a counted holiday bookBy fell in (DL-13).
   */
  deadline: { status: DeadlineStatus; bookBy: Temporal.PlainDate; consequencesFrom?: Temporal.PlainDate } | null;
  /** The last deregistration, when deregistered. */
  deregisteredFrom: Temporal.PlainDate | null;
  /** Why, when deregistered (MISSED_DEADLINE, SICKNESS, EMPLOYMENT, OTHER). */
  deregistrationReason?: string | null;
}

export interface ImmediateBookingState {
  /** RG-4: the citizen must book at once (at this login; for a deregistered INSURED_UNEMPLOYED, to re-register: RG-5). */
  required: boolean;
  /** The window the offered slots come from, when required (or when required at re-registration). */
  window: ImmediateWindowKind | null;
  /**
   * RG-5: INSURED_UNEMPLOYED deregistered less than 3 months ago with an expired deadline: re-registering on Jobnet
   * completes only with an immediate booking (when a slot is free).
   */
  requiredAtReregistration: boolean;
  /** LP-1 / LP-2: re-registering today would lapse the deadline (no immediate booking then). */
  lapsesAtReregistration: boolean;
}

/**
 * RG-4 … RG-8, LP-1, LP-2, TG-2, TG-4, TG-5, EX: whether the citizen must book at once, and from which window.
 * - Only the duty groups (TG-1) with the right to self-book (EX: exempted/revoked citizens are called in) and a duty
 *   to attend (TG-5); voluntary self-bookers (TG-2) and SICKNESS_BENEFIT have no consequence of a missed deadline.
 * - An expired deadline (not cancelled, not lapsed) of a registered citizen demands it (RG-4, RG-7). The window is
 *   the near days, or 10 days when the registration began after bookBy: the citizen was re-registered without
 *   booking — no free slot on Jobnet (RG-5), by the jobcenter or the a-kasse (RG-6), or by a recovery report (RG-8) —
 *   and is "presented at the next login" with slots within 10 days (003 2.7.1, 2.7.2: "på tilsvarende vis").
 * - A deregistered citizen is asked when re-registering (RG-5, RG-8): a condition of the re-registration only for
 *   INSURED_UNEMPLOYED less than 3 months after deregistration (RG-5, LP-1). Such a citizen logging in must book at
 *   once — by re-registering with the booking (RG-4: "when they next log in or re-register") — unless deregistered for
 *   sickness, where the requirement waits for the recovery report (RG-8).
 */
export function immediateBookingState(f: ImmediateBookingFacts, today: Temporal.PlainDate): ImmediateBookingState {
  const none: ImmediateBookingState = { required: false, window: null, requiredAtReregistration: false, lapsesAtReregistration: false };
  if (!hasSelfBookingDuty(f.targetGroup) || f.selfBookingRight !== 'ALLOWED' || f.lessIntensiveEffort) return none;
  if (!f.deadline || f.deadline.status !== 'EXPIRED') return none;
  const registered = f.registered || f.targetGroup === 'JOB_CLARIFICATION';
  if (registered) {
    const reregisteredAfterExpiry = f.openPeriodFrom !== null && cmpDate(f.openPeriodFrom, f.deadline.consequencesFrom ?? f.deadline.bookBy) > 0;
    return { ...none, required: true, window: reregisteredAfterExpiry ? 'WIDE' : 'NEAR' };
  }
  const from = f.deregisteredFrom ?? today;
  const lapses = f.targetGroup === 'INSURED_UNEMPLOYED' ? lapsesAtReregistration(from, today) : restartsAtReregistration(from, today);
  if (lapses) return { ...none, lapsesAtReregistration: true };
  const insured = f.targetGroup === 'INSURED_UNEMPLOYED';
  return { ...none, required: insured && f.deregistrationReason !== 'SICKNESS', window: 'NEAR', requiredAtReregistration: insured };
}

/** What the contact course says of the requirements still open (contact-course.rules.ts). */
export interface OpenRequirement {
  kind: ContactCourseRequirementKind;
  status: ContactCourseRequirementStatus;
  /** Days from today to the requirement's last day. */
  daysLeft: number;
}

/** RG-9 Decision: two self-booked interview cycles of 15 days (DL-2 + DL-3, the CC-7 pace). */
const JOINT_NEXT_DAYS = 30;

/**
 * RG-9 (003 2.9.3): whether the citizen's next interview is a joint interview with the a-kasse, which the jobcenter
 * calls in (JI-1), so no self-booking deadline becomes active. Since the CC-7 correction no rule orders the
 * interviews within the first six months, so Decision: it is when a joint requirement's window is open (DUE) and
 * fewer than 30 days (two self-booked cycles of 15 days, DL-2/DL-3) are left before its last day — a deadline issued
 * now would leave the joint interview to its last days. With no job-interview requirement still due (after the
 * first six months, CC-4, or all held), a due joint requirement is the next interview.
 */
export function nextInterviewIsJoint(requirements: readonly OpenRequirement[]): boolean {
  const joint = requirements.filter((r) => r.status === 'DUE' && (r.kind === 'JOINT_INTERVIEW' || r.kind === 'SIXTEEN_MONTH_JOINT_INTERVIEW'));
  if (joint.length === 0) return false;
  const jobDue = requirements.some((r) => r.status === 'DUE' && (r.kind === 'JOB_INTERVIEW' || r.kind === 'FIRST_CALLED_IN_INTERVIEW'));
  return !jobDue || joint.some((r) => r.daysLeft < JOINT_NEXT_DAYS);
}

/** RG-10: why a deregistration for a missed deadline is marked as caused by the jobcenter. */
export type JobcenterCause = 'SYSTEM_OUTAGE' | 'NO_FREE_SLOT';

export interface JobcenterCauseFacts {
  /** RG-1 (003 2.14): a recorded outage covered the last day to book. */
  systemOutage: boolean;
  /** SL-5: when the citizen was last told there was no free slot for this deadline (before it ran out); null if never. */
  noSlotsToldAt: Temporal.Instant | null;
  /** A slot in the citizen's window (to the deadline's latest interview date) was published after that. */
  slotPublishedSince: boolean;
  /** The deadline was extended after that (DL-10). */
  extendedSince: boolean;
}

/**
 * RG-10 (003 2.14: the a-kasse may dispense "hvis afmeldingen skyldes jobcenteret"; 2.12: with no free slot "kan
 * jobcenteret reagere ved at lægge flere samtaletidspunkter ud eller udskyde fristen"): the reasons to mark a
 * deregistration for the a-kasse. NO_FREE_SLOT when the citizen was told there was no free slot and the jobcenter
 * remedied it neither way afterwards. Decision: "afterwards" is after the last such message, since a slot published
 * before it was evidently taken again.
 */
export function jobcenterCauses(f: JobcenterCauseFacts): JobcenterCause[] {
  const causes: JobcenterCause[] = [];
  if (f.systemOutage) causes.push('SYSTEM_OUTAGE');
  if (f.noSlotsToldAt && !f.slotPublishedSince && !f.extendedSince) causes.push('NO_FREE_SLOT');
  return causes;
}

/** RG-2 (003 2.12.1, 2.14): the deregistration letter (afmeldebrev): that, why, re-registration, benefit. */
export function deregistrationLetter(input: {
  deregisteredFrom: Temporal.PlainDate; bookBy: Temporal.PlainDate; systemOutage: boolean;
  /** DL-13: the first day after the holiday bookBy fell in, the day the citizen had to book on instead. */
  afterHoliday?: Temporal.PlainDate | null;
  /** RG-10: the reasons the deregistration is marked as caused by the jobcenter (none: not marked). */
  jobcenterCauses?: readonly JobcenterCause[];
}): {
  subject: string; text: string; statesDeregistered: true; reason: 'MISSED_DEADLINE'; canReregister: true; benefitsMayBeAffected: true;
  jobcenterCaused: boolean; jobcenterCauses: JobcenterCause[];
} {
  const { deregisteredFrom, bookBy, systemOutage, afterHoliday } = input;
  const holiday = afterHoliday
    ? ` Fristen faldt i din ferie; du skulle have booket senest ${afterHoliday}, dagen efter ferien. (The deadline fell in your holiday; you had to book by ${afterHoliday}, the day after it.)`
    : '';
  const outage = systemOutage
    ? ' Jobnet havde driftsforstyrrelser på fristdagen; din a-kasse kan tage stilling til dispensation. (Jobnet had an outage on the deadline day; your a-kasse can consider a dispensation.)'
    : '';
  // RG-10 (003 2.12.1: the letter documents a later case about deregistration for lack of slots).
  const noFreeSlot = input.jobcenterCauses?.includes('NO_FREE_SLOT')
    ? ' Du fik besked om, at der ikke var ledige tider, og jobcenteret lagde ikke nye tider ud og forlængede ikke fristen; afmeldingen skyldes derfor jobcenteret, og din a-kasse kan tage stilling til dispensation. (You were told there was no free slot, and the jobcenter neither published new slots nor extended the deadline; the deregistration is therefore caused by the jobcenter, and your a-kasse can consider a dispensation.)'
    : '';
  return {
    subject: 'Du er afmeldt som jobsøgende (you have been deregistered as a job seeker)',
    text:
      `Du er afmeldt som jobsøgende fra og med ${deregisteredFrom}, fordi du ikke bookede en jobsamtale senest ${bookBy}. ` +
      'Du kan tilmelde dig igen på Jobnet; gør det hurtigst muligt. Det kan få betydning for din ret til dagpenge, at du er afmeldt. ' +
      `(You are deregistered as a job seeker from ${deregisteredFrom} because you did not book a job interview by ${bookBy}. ` +
      'You can re-register on Jobnet; do so as soon as possible. Being deregistered may affect your unemployment benefit.)' + holiday + outage + noFreeSlot,
    statesDeregistered: true, reason: 'MISSED_DEADLINE', canReregister: true, benefitsMayBeAffected: true,
    jobcenterCaused: (input.jobcenterCauses ?? []).length > 0, jobcenterCauses: [...(input.jobcenterCauses ?? [])],
  };
}

/**
 * Issue 14: why a sanction assessment stands as it does: SA-1 (a missed bookBy of a group other than
 * INSURED_UNEMPLOYED opens it), then SA-2 with its outcome — reasonable cause, the deducted days as decided, what a
 * deduction would be, or the days still counting while contact is not restored. `contactOn` and `days` are the ones
 * contactDayOf and deductedDaysOf give. SA-3 if the assessment's group is INSURED_UNEMPLOYED (the a-kasse decides).
 */
export function sanctionReasons(
  a: { targetGroup: string; status: string; outcome: string | null; reasonableCause: string | null; bookBy: Temporal.PlainDate },
  contactOn: Temporal.PlainDate | null, days: number | null, lang: Language,
): Reason[] {
  if (a.targetGroup === 'INSURED_UNEMPLOYED') return [reason('SA-3', lang)];
  const params = { bookBy: a.bookBy.toString(), contactOn: contactOn?.toString(), days, cause: a.reasonableCause ?? 'OTHER' };
  const variant = a.outcome === 'REASONABLE_CAUSE' ? 'REASONABLE_CAUSE'
    : a.outcome === 'DEDUCTION' ? 'DEDUCTION'
      : days !== null ? 'WOULD_DEDUCT' : 'PENDING';
  return [reason('SA-1', lang), reason('SA-2', lang, variant, params)];
}
