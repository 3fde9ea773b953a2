import { Citizen } from './citizen.entity';
import { JobInterviewRequest, SelfBookingGuidance, VoluntarySelfBookingChange } from './citizen-record.entity';
import { Deadline } from './deadline.entity';
import { CitizenChange, DeadlineHistory, MeetingHistory } from './history.entity';
import { Holiday } from './holiday.entity';
import { Jobcenter } from './jobcenter.entity';
import { SanctionAssessment, SystemOutage, TransitionRun } from './lifecycle.entity';
import { Meeting } from './meeting.entity';
import { NotificationPreference } from './notification-preference.entity';
import { OtherMeetingOffer } from './other-meeting-offer.entity';
import { CitizenMessage, DomainEvent, IdempotencyKey } from './misc.entity';
import { RegistrationPeriod } from './registration-period.entity';
import { SelfBookingDecision } from './self-booking-decision.entity';
import { Slot } from './slot.entity';
import { UnemploymentFund } from './unemployment-fund.entity';
import { ContactCourseStatus } from './contact-course-status.entity';

export {
  Citizen, CitizenChange, CitizenMessage, Deadline, DeadlineHistory, DomainEvent, Holiday, IdempotencyKey, Jobcenter, Meeting,
  MeetingHistory, RegistrationPeriod, SelfBookingDecision, Slot, UnemploymentFund,
  SanctionAssessment, SystemOutage, TransitionRun, JobInterviewRequest, SelfBookingGuidance, VoluntarySelfBookingChange,
  NotificationPreference, OtherMeetingOffer, ContactCourseStatus,
};

export const entities = [
  Citizen, CitizenChange, CitizenMessage, Deadline, DeadlineHistory, DomainEvent, Holiday, IdempotencyKey, Jobcenter, Meeting,
  MeetingHistory, RegistrationPeriod, SelfBookingDecision, Slot, UnemploymentFund,
  SanctionAssessment, SystemOutage, TransitionRun, JobInterviewRequest, SelfBookingGuidance, VoluntarySelfBookingChange,
  NotificationPreference, OtherMeetingOffer, ContactCourseStatus,
];
