import { Temporal } from 'temporal-polyfill';
import { formatLocal } from '../shared/dates';
import { type Failure, fail } from '../shared/result';
import type { MeetingForm, PublishSlotsErrorCode, SlotKind } from '../../generated/enums';

/** SL-1: one publishSlots call publishes 1–500 slots (a week of times for a team fits easily). */
const MAX_SLOTS_PER_PUBLISH = 500;
/** SL-1 Decision: an interview slot lasts at most 4 hours; longer is a typing error, not an interview. */
const MAX_SLOT_MINUTES = 4 * 60;
/** SL-1 Decision: the individual part of GROUP_THEN_INDIVIDUAL starts at most 60 minutes after the group part starts. */
const MAX_GROUP_GAP_MINUTES = 60;

const MEETING_FORMS: readonly MeetingForm[] = ['IN_PERSON', 'PHONE', 'VIDEO'];

/** One slot to publish. */
export interface SlotSpec {
  startsAt: Temporal.Instant;
  endsAt: Temporal.Instant;
  groupStartsAt?: Temporal.Instant | null;
  form?: MeetingForm | null;
  location?: string | null;
  caseworker?: string | null;
  /** MT-6: OTHER for another meeting than a job interview; otherwise decided by groupStartsAt. */
  kind?: SlotKind | null;
}

/** SL-1: a slot with a group part is a GROUP_THEN_INDIVIDUAL slot; otherwise an individual job interview (MT-6: or OTHER). */
export function slotKindOf(spec: Pick<SlotSpec, 'groupStartsAt' | 'kind'>): SlotKind {
  if (spec.kind === 'OTHER') return 'OTHER';
  return spec.groupStartsAt ? 'GROUP_THEN_INDIVIDUAL' : 'JOB_INTERVIEW';
}

/** SL-1: a batch holds 1 to MAX_SLOTS_PER_PUBLISH slots. */
export function assertSlotCount(n: number): Failure<PublishSlotsErrorCode> | undefined {
  if (n < 1) return fail('INVALID_INPUT', 'SL-1: publish at least one slot', ['input', 'slots']);
  if (n > MAX_SLOTS_PER_PUBLISH) {
    return fail('TOO_MANY_SLOTS', `SL-1: at most ${MAX_SLOTS_PER_PUBLISH} slots can be published in one call; got ${n}`, ['input', 'slots']);
  }
  return undefined;
}

function minutesBetween(a: Temporal.Instant, b: Temporal.Instant): number {
  return a.until(b, { largestUnit: 'minutes', smallestUnit: 'minutes', roundingMode: 'ceil' }).minutes;
}

/**
 * SL-1: one slot is valid to publish at `now`: it starts in the future, ends after it starts and at most
 * 4 hours later, has a known form, and a group part (GROUP_THEN_INDIVIDUAL) starts in the future, before the
 * individual part and at most 60 minutes before it (60 accepted, 61 refused). The field path names the
 * slot's index, e.g. ["input","slots","3","endsAt"].
 */
export function validateSlotSpec(spec: SlotSpec, now: Temporal.Instant, index: number): Failure<PublishSlotsErrorCode> | undefined {
  const at = (f: string) => ['input', 'slots', String(index), f];
  const n = `slot ${index}`;
  if (spec.form != null && !MEETING_FORMS.includes(spec.form)) {
    return fail('INVALID_INPUT', `SL-1: ${n}: form must be one of ${MEETING_FORMS.join(', ')}`, at('form'));
  }
  if (Temporal.Instant.compare(spec.startsAt, now) <= 0) {
    return fail('SLOT_IN_PAST', `SL-1: ${n} starts at ${formatLocal(spec.startsAt)}, which is not in the future`, at('startsAt'));
  }
  if (Temporal.Instant.compare(spec.endsAt, spec.startsAt) <= 0) {
    return fail('INVALID_TIMES', `SL-1: ${n} must end after it starts (${formatLocal(spec.startsAt)}); it ends at ${formatLocal(spec.endsAt)}`, at('endsAt'));
  }
  if (minutesBetween(spec.startsAt, spec.endsAt) > MAX_SLOT_MINUTES) {
    return fail('INVALID_TIMES', `SL-1: ${n} lasts more than ${MAX_SLOT_MINUTES / 60} hours (${formatLocal(spec.startsAt)} to ${formatLocal(spec.endsAt)})`, at('endsAt'));
  }
  if (spec.kind === 'GROUP_THEN_INDIVIDUAL' && !spec.groupStartsAt) {
    return fail('INVALID_INPUT', `SL-1: ${n}: a GROUP_THEN_INDIVIDUAL slot needs groupStartsAt`, at('groupStartsAt'));
  }
  if (spec.kind === 'OTHER' && spec.groupStartsAt) {
    return fail('INVALID_INPUT', `MT-6: ${n}: an OTHER slot (another meeting than a job interview) has no group part; leave groupStartsAt out`, at('groupStartsAt'));
  }
  if (spec.kind === 'JOB_INTERVIEW' && spec.groupStartsAt) {
    return fail('INVALID_INPUT', `SL-1: ${n}: a slot with a group part is GROUP_THEN_INDIVIDUAL, not JOB_INTERVIEW`, at('kind'));
  }
  if (spec.groupStartsAt) {
    if (Temporal.Instant.compare(spec.groupStartsAt, spec.startsAt) >= 0) {
      return fail('INVALID_TIMES', `SL-1: ${n}: the group part must start before the individual interview at ${formatLocal(spec.startsAt)}`, at('groupStartsAt'));
    }
    if (minutesBetween(spec.groupStartsAt, spec.startsAt) > MAX_GROUP_GAP_MINUTES) {
      return fail('GROUP_GAP_TOO_LONG',
        `SL-1: ${n}: the individual interview must start at most ${MAX_GROUP_GAP_MINUTES} minutes after the group part (${formatLocal(spec.groupStartsAt)}); it starts at ${formatLocal(spec.startsAt)}`,
        at('groupStartsAt'));
    }
    if (Temporal.Instant.compare(spec.groupStartsAt, now) <= 0) {
      return fail('SLOT_IN_PAST', `SL-1: ${n}: the group part starts at ${formatLocal(spec.groupStartsAt)}, which is not in the future`, at('groupStartsAt'));
    }
  }
  return undefined;
}
