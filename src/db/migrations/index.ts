import { InitialSchema1700000000000 } from './1700000000000-initial-schema';
import { AccessLog1700000600000 } from './1700000600000-access-log';
import { Lifecycle1700000840400 } from './1700000840400-lifecycle';
import { FundFeedIndex1700000950000 } from './1700000950000-fund-feed-index';
import { NoSlotsMessageOnce1700001000000 } from './1700001000000-no-slots-message-once';
import { MeetingSlotIndex1700001100000 } from './1700001100000-meeting-slot-index';
import { MeetingNoOverlap1700004000000 } from './1700004000000-meeting-no-overlap';
import { MeetingFirstContact1700004000001 } from './1700004000001-meeting-first-contact';
import { RuleFidelityCourse1700006000000 } from './1700006000000-rule-fidelity-course';
import { FundParticipationRequest1700007000000 } from './1700007000000-fund-participation-request';
import { OtherMeetingOffers1700007020000 } from './1700007020000-other-meeting-offers';
import { CitizenMasterData1700008000000 } from './1700008000000-citizen-master-data';
import { FundFeedIndexCitizenEvents1700008000100 } from './1700008000100-fund-feed-index-citizen-events';
import { Municipalities1700009000000 } from './1700009000000-municipalities';
import { NotificationPreferences1700009000100 } from './1700009000100-notification-preferences';
import { Webhooks1700010000000 } from './1700010000000-webhooks';
import { CalendarFeed1700011000000 } from './1700011000000-calendar-feed';
import { SandboxClock1700012000000 } from './1700012000000-sandbox-clock';
import { ContactDetailsOnePlace1700013300000 } from './1700013300000-contact-details-one-place';
import { ContactCourseStatus1700013500000 } from './1700013500000-contact-course-status';
import { EventLogUnusedIndexes1700013600000 } from './1700013600000-event-log-unused-indexes';
import { EventLogReferenceChecks1700013600100 } from './1700013600100-event-log-reference-checks';
import { EventIdsInTimeOrder1700013600200 } from './1700013600200-event-ids-in-time-order';
import { HeldMeetingsByCitizen1700013600300 } from './1700013600300-held-meetings-by-citizen';

/** Listed explicitly so the compiled server and the tests run the same migrations. */
export const migrations = [InitialSchema1700000000000, AccessLog1700000600000, Lifecycle1700000840400, FundFeedIndex1700000950000, NoSlotsMessageOnce1700001000000, MeetingSlotIndex1700001100000, MeetingNoOverlap1700004000000, MeetingFirstContact1700004000001, RuleFidelityCourse1700006000000, FundParticipationRequest1700007000000, OtherMeetingOffers1700007020000, CitizenMasterData1700008000000, FundFeedIndexCitizenEvents1700008000100, Municipalities1700009000000, NotificationPreferences1700009000100, Webhooks1700010000000, CalendarFeed1700011000000, SandboxClock1700012000000, ContactDetailsOnePlace1700013300000, ContactCourseStatus1700013500000, EventLogUnusedIndexes1700013600000, EventLogReferenceChecks1700013600100, EventIdsInTimeOrder1700013600200, HeldMeetingsByCitizen1700013600300];
