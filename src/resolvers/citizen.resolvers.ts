import { holidayCounts } from '../domain/deadline/deadline.rules';
import { hasSelfBookingDuty } from '../domain/shared/enums';
import type { Resolvers } from './__generated__/types';
import { mutate } from './helpers';
import { selectedFields } from './selection';
import { reasonsOf } from '../domain/shared/reasons';

export const citizenResolvers: Resolvers = {
  Query: {
    me: (_p, _a, ctx) => ctx.services.citizens.me(ctx.scope, ctx.loaders),
    citizen: (_p, { id }, ctx) => ctx.services.citizens.citizen(ctx.scope, ctx.loaders, id),
    citizens: async (_p, { jobcenterId, first, after }, ctx) => {
      const page = await ctx.services.citizens.citizensOfJobcenter(ctx.scope, jobcenterId, first ?? 50, after ?? null);
      // Nested fields (a deadline's citizen) find the page's citizens in this request's loader instead of reading them again.
      for (const c of page.nodes) ctx.loaders.citizen.prime(c.id, c);
      return page;
    },
  },
  Mutation: {
    exemptFromSelfBooking: (_p, { input }, ctx) =>
      mutate({ decision: null, citizen: null, closedDeadline: null }, () => ctx.services.citizenDecisions.exemptFromSelfBooking(ctx.scope, input)),
    revokeSelfBookingRight: (_p, { input }, ctx) =>
      mutate({ decision: null, citizen: null, closedDeadline: null }, () => ctx.services.citizenDecisions.revokeSelfBookingRight(ctx.scope, input)),
    registerHoliday: (_p, { input }, ctx) =>
      mutate({ holiday: null }, () => ctx.services.citizenDecisions.registerHoliday(ctx.scope, input)),
    setLessIntensiveEffort: (_p, { input }, ctx) =>
      mutate({ citizen: null, closedDeadline: null }, () => ctx.services.citizenDecisions.setLessIntensiveEffort(ctx.scope, input)),
    offerVoluntarySelfBooking: (_p, { input }, ctx) =>
      mutate({ citizen: null, change: null, closedDeadline: null }, () => ctx.services.voluntarySelfBooking.offer(ctx.scope, input)),
    withdrawVoluntarySelfBooking: (_p, { input }, ctx) =>
      mutate({ citizen: null, change: null, closedDeadline: null }, () => ctx.services.voluntarySelfBooking.withdraw(ctx.scope, input)),
    recordSelfBookingGuidance: (_p, { input }, ctx) =>
      mutate({ guidance: null, citizen: null }, () => ctx.services.guidance.record(ctx.scope, input)),
  },
  Citizen: {
    jobcenter: async (c, _a, ctx) => (await ctx.loaders.jobcenter.load(c.jobcenterId))!,
    unemploymentFund: (c, _a, ctx) => (c.unemploymentFundId ? ctx.loaders.unemploymentFund.load(c.unemploymentFundId) : null),
    hasSelfBookingDuty: (c) => hasSelfBookingDuty(c.targetGroup),
    // LP-1/LP-2: a deadline the run lapses today is no longer active, also before the run.
    activeDeadline: async (c, _a, ctx) => {
      const d = await ctx.loaders.activeDeadline.load(c.id);
      return d && (await ctx.services.registration.deadlineStatusOf(ctx.scope, ctx.loaders, d)) !== 'LAPSED' ? d : null;
    },
    deadlines: (c, _a, ctx) => ctx.loaders.deadlinesByCitizen.load(c.id),
    // RG-4 … RG-8, LP-1, LP-2, TG-2, TG-5: the lifecycle's immediate-booking state (Citizen.registration), so both agree.
    immediateBookingRequired: async (c, _a, ctx) => (await ctx.services.registration.statusOf(ctx.scope, ctx.loaders, c)).immediateBookingRequired,
    // Issue 14: why, from the same immediate-booking state.
    immediateBookingRequiredBecause: async (c, _a, ctx) => reasonsOf((await ctx.services.registration.statusOf(ctx.scope, ctx.loaders, c)).immediateBookingBecause, ctx.language),
    bookableSlots: (c, { first }, ctx) => ctx.services.booking.bookableSlots(ctx.scope, c, first ?? 20, {
      activeDeadline: () => ctx.loaders.activeDeadline.load(c.id),
      registrationPeriods: () => ctx.loaders.registrationPeriodsByCitizen.load(c.id),
      holidays: () => ctx.loaders.holidaysByCitizen.load(c.id),
    }),
    plannedMeetings: (c, _a, ctx) => ctx.loaders.plannedMeetingsByCitizen.load(c.id),
    meetings: (c, _a, ctx) => ctx.loaders.meetingsByCitizen.load(c.id),
    holidays: (c, _a, ctx) => ctx.loaders.holidaysByCitizen.load(c.id),
    selfBookingDecisions: (c, _a, ctx) => ctx.loaders.decisionsByCitizen.load(c.id),
    messages: (c, _a, ctx) => ctx.loaders.messagesByCitizen.load(c.id),
    contactCourse: (c, _a, ctx, info) => ctx.services.contactCourse.forCitizen(ctx.scope, ctx.loaders, c, selectedFields(info)),
    voluntarySelfBookingHistory: (c, _a, ctx) => ctx.loaders.voluntarySelfBookingHistory.load(c.id),
    selfBookingGuidance: (c, _a, ctx) => ctx.loaders.guidanceByCitizen.load(c.id),
    jobInterviewRequests: (c, _a, ctx) => ctx.loaders.interviewRequestsByCitizen.load(c.id),
  },
  Holiday: {
    counts: (h) => holidayCounts(h),
  },
};
