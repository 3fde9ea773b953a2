import type { DataSource } from 'typeorm';
import { AccessLogService } from './audit/access-log.service';
import { BookingService } from './domain/booking/booking.service';
import { CitizenService } from './domain/citizen/citizen.service';
import { CitizenDecisionsService } from './domain/citizen/citizen-decisions.service';
import { ContactCourseService } from './domain/contact-course/contact-course.service';
import { DeadlineService } from './domain/deadline/deadline.service';
import { FundEventsService } from './domain/events/fund-events.service';
import { FundPortalService } from './domain/fund-portal/fund-portal.service';
import { LifecycleService } from './domain/lifecycle/lifecycle.service';
import { MeetingService } from './domain/meeting/meeting.service';
import { OrganisationService } from './domain/organisation/organisation.service';
import { RegistrationService } from './domain/registration/registration.service';
import { SanctionService } from './domain/sanction/sanction.service';
import { SlotService } from './domain/slot/slot.service';
import { StatisticsService } from './domain/statistics/statistics.service';
import { WebhookService } from './domain/webhooks/webhooks.service';
import { jobSchemaInstaller } from './domain/webhooks/webhooks.worker';

/** The domain services, created once per process; every call takes the request's scope (actor, clock). */
export function createServices(ds: DataSource, opts: { development?: boolean } = {}) {
  const deadlines = new DeadlineService(ds);
  const booking = new BookingService(ds);
  const meetings = new MeetingService(ds, deadlines, booking);
  const citizens = new CitizenService(ds);
  const citizenDecisions = new CitizenDecisionsService(ds, deadlines);
  const organisation = new OrganisationService(ds);
  const slots = new SlotService(ds);
  const accessLog = new AccessLogService(ds);
  const contactCourse = new ContactCourseService(ds);
  const statistics = new StatisticsService(ds);
  const fundPortal = new FundPortalService(ds);
  const lifecycle = new LifecycleService(ds);
  const registration = new RegistrationService(ds, booking);
  const sanctions = new SanctionService(ds);
  const fundEvents = new FundEventsService(ds);
  const webhooks = new WebhookService(ds, { development: opts.development ?? false, ensureJobSchema: jobSchemaInstaller(ds) });
  return { ds, webhooks, lifecycle, registration, sanctions, fundEvents, contactCourse, statistics, fundPortal, accessLog, deadlines, booking, meetings, citizens, citizenDecisions, organisation, slots };
}

export type Services = ReturnType<typeof createServices>;
