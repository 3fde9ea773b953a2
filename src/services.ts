import type { DataSource } from 'typeorm';
import { AccessLogService } from './audit/access-log.service';
import { bookingService } from './domain/booking/booking.service';
import { CalendarService } from './domain/calendar/calendar.service';
import { CitizenService } from './domain/citizen/citizen.service';
import { CitizenDecisionsService } from './domain/citizen/citizen-decisions.service';
import { SelfBookingGuidanceService } from './domain/citizen/self-booking-guidance.service';
import { VoluntarySelfBookingService } from './domain/citizen/voluntary-self-booking.service';
import { InterviewRequestService } from './domain/contact-course/interview-request.service';
import { citizenMasterDataService } from './domain/citizen/citizen-master-data.service';
import { ContactCourseService } from './domain/contact-course/contact-course.service';
import { DeadlineService } from './domain/deadline/deadline.service';
import { DeadlinePreviewService } from './domain/deadline/deadline-preview.service';
import { FundEventsService } from './domain/events/fund-events.service';
import { FundPortalService } from './domain/fund-portal/fund-portal.service';
import { LetterService } from './domain/letter/letter.service';
import { LifecycleService } from './domain/lifecycle/lifecycle.service';
import { meetingService } from './domain/meeting/meeting.service';
import { NotificationService } from './domain/notification/notification.service';
import { OtherMeetingService } from './domain/meeting/other-meeting.service';
import { OrganisationService } from './domain/organisation/organisation.service';
import { registrationService } from './domain/registration/registration.service';
import { SanctionService } from './domain/sanction/sanction.service';
import { SlotService } from './domain/slot/slot.service';
import { StatisticsService } from './domain/statistics/statistics.service';
import { WebhookService } from './domain/webhooks/webhooks.service';
import { jobSchemaInstaller } from './domain/webhooks/webhooks.worker';

/**
 * The domain services, created once per process: the one composition root. They hold no database handle: every call
 * takes the request's scope (actor, clock, db). Only the process's jobs (the daily run, the webhook dispatcher, the
 * calendar feed served outside GraphQL) are given the DataSource.
 */
export function createServices(ds: DataSource, opts: { development?: boolean } = {}) {
  const deadlines = new DeadlineService();
  const booking = bookingService;
  const meetings = meetingService;
  const citizens = new CitizenService();
  const citizenDecisions = new CitizenDecisionsService();
  const organisation = new OrganisationService();
  const slots = new SlotService();
  const accessLog = new AccessLogService();
  const contactCourse = new ContactCourseService();
  const statistics = new StatisticsService();
  const fundPortal = new FundPortalService();
  const lifecycle = new LifecycleService(ds);
  const registration = registrationService;
  const sanctions = new SanctionService();
  const fundEvents = new FundEventsService();
  // Issue 15: TG-2, GU-1, CC-11.
  const voluntarySelfBooking = new VoluntarySelfBookingService();
  const guidance = new SelfBookingGuidanceService();
  const interviewRequests = new InterviewRequestService();
  const citizenMasterData = citizenMasterDataService;
  const letters = new LetterService();
  const notifications = new NotificationService();
  const otherMeetings = new OtherMeetingService();
  // Issue 14 (2).
  const deadlinePreview = new DeadlinePreviewService();
  // Issue 14 item 6: the citizen's calendar feed.
  const calendar = new CalendarService(ds);
  const webhooks = new WebhookService({ development: opts.development ?? false, ensureJobSchema: jobSchemaInstaller(ds) });
  return { ds, webhooks, calendar, citizenMasterData, deadlinePreview, otherMeetings, letters, notifications, lifecycle, registration, sanctions, fundEvents, contactCourse, statistics, fundPortal, accessLog, deadlines, booking, meetings, citizens, citizenDecisions, organisation, slots, voluntarySelfBooking, guidance, interviewRequests };
}

export type Services = ReturnType<typeof createServices>;
