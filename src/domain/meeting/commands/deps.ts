/** MT-2: the constraint that keeps one planned job interview or follow-up per citizen and day. */
export const MT2_CONSTRAINT = 'meeting_one_planned_interview_per_day';
