import type { Temporal } from 'temporal-polyfill';
import type { Citizen, Meeting } from '../../entities';
import { cmpDate, daysBetween } from '../shared/dates';

/** What the API shows of a contact course (CC-10). */
export interface ContactCourseView {
  phase: 'FIRST_SIX_MONTHS' | 'AFTER_SIX_MONTHS' | 'NOT_STARTED';
  unemployedSince: Temporal.PlainDate | null;
  unemploymentDays: number;
  interviewsHeld: number;
  interviewsRequiredInFirstSixMonths: number;
  nextPlannedInterview: Meeting | null;
}

const INTERVIEW_TYPES = new Set(['JOB_INTERVIEW', 'JOINT_INTERVIEW']);

/**
 * CC-1/CC-2/CC-6: a first view of the contact course from the unemployment start and the meetings.
 * Unemployment is counted in calendar days since `unemployedSince` (the registration-period arithmetic
 * of TG-3 — cumulative vs continuous — belongs to the contact-course issue).
 */
export function contactCourseOf(citizen: Citizen, meetings: readonly Meeting[], today: Temporal.PlainDate): ContactCourseView {
  const start = citizen.benefitPeriodStart ?? citizen.unemployedSince;
  const required = citizen.targetGroup === 'INSURED_UNEMPLOYED' ? 6 : 4;
  const next = meetings
    .filter((m) => m.status === 'PLANNED' && (INTERVIEW_TYPES.has(m.type) || m.type === 'FOLLOW_UP'))
    .sort((a, b) => a.startsAt.epochMilliseconds - b.startsAt.epochMilliseconds)[0] ?? null;
  if (!start) {
    return { phase: 'NOT_STARTED', unemployedSince: null, unemploymentDays: 0, interviewsHeld: 0, interviewsRequiredInFirstSixMonths: required, nextPlannedInterview: next };
  }
  const held = meetings.filter((m) => m.status === 'HELD' && INTERVIEW_TYPES.has(m.type) && cmpDate(m.localDay, start) >= 0).length;
  const sixMonths = start.add({ months: 6 });
  return {
    phase: cmpDate(today, sixMonths) < 0 ? 'FIRST_SIX_MONTHS' : 'AFTER_SIX_MONTHS',
    unemployedSince: start,
    unemploymentDays: Math.max(0, daysBetween(start, today)),
    interviewsHeld: held,
    interviewsRequiredInFirstSixMonths: required,
    nextPlannedInterview: next,
  };
}
