import type { BookingService } from '../../booking/booking.service';

/** The other areas' operations the meeting commands use inside their transaction (handed over by MeetingService). */
export interface MeetingDeps {
  booking: Pick<BookingService, 'otherPlannedInterview' | 'reportContactAfterNoShow'>;
}

/** MT-2: the constraint that keeps one planned job interview or follow-up per citizen and day. */
export const MT2_CONSTRAINT = 'meeting_one_planned_interview_per_day';
