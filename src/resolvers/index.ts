import type { Resolvers } from './__generated__/types';
import { calendarResolvers } from './calendar.resolvers';
import { citizenResolvers } from './citizen.resolvers';
import { citizenMasterDataResolvers } from './citizen-master-data.resolvers';
import { commonResolvers } from './common.resolvers';
import { contactCourseResolvers } from './contact-course.resolvers';
import { deadlineResolvers } from './deadline.resolvers';
import { deadlinePreviewResolvers } from './deadline-preview.resolvers';
import { sandboxResolvers } from './sandbox.resolvers';
import { eventsResolvers } from './events.resolvers';
import { fundPortalResolvers } from './fund-portal.resolvers';
import { letterResolvers } from './letter.resolvers';
import { lifecycleResolvers } from './lifecycle.resolvers';
import { meetingResolvers } from './meeting.resolvers';
import { notificationResolvers } from './notification.resolvers';
import { organisationResolvers } from './organisation.resolvers';
import { otherMeetingResolvers } from './other-meeting.resolvers';
import { registrationResolvers } from './registration.resolvers';
import { securityResolvers } from './security.resolvers';
import { slotResolvers } from './slot.resolvers';
import { statisticsResolvers } from './statistics.resolvers';
import { webhooksResolvers } from './webhooks.resolvers';

export { withUserErrorReasons } from './reasons.resolvers';

const parts: Resolvers[] = [commonResolvers, organisationResolvers, citizenResolvers, deadlineResolvers, slotResolvers, meetingResolvers, securityResolvers, contactCourseResolvers, statisticsResolvers, fundPortalResolvers,
  registrationResolvers, lifecycleResolvers, eventsResolvers, citizenMasterDataResolvers, letterResolvers, notificationResolvers, otherMeetingResolvers, deadlinePreviewResolvers, sandboxResolvers, calendarResolvers, webhooksResolvers];

/** Merges the per-area resolver maps (each area owns its own file). */
export const resolvers: Resolvers = parts.reduce<Record<string, Record<string, unknown>>>((acc, part) => {
  for (const [type, fields] of Object.entries(part)) {
    acc[type] = Object.assign(acc[type] ?? {}, fields);
  }
  return acc;
}, {}) as Resolvers;
