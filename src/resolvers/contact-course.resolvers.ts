import type { CitizenResolvers, Resolvers } from './__generated__/types';
import { citizenResolvers } from './citizen.resolvers';
import { interviewRequestOutstanding, requirementReasons } from '../domain/contact-course/contact-course.rules';
import { mutate } from './helpers';
import { selectedFields } from './selection';

/**
 * Obligations is the citizen seen from "what must I do now": its fields are the Citizen fields of the same name,
 * resolved by the Citizen resolvers themselves, so the rules behind them (RG-4 immediate booking, SL-2 bookable
 * slots) live in one place and the two views never disagree.
 */
const citizenFields: CitizenResolvers = citizenResolvers.Citizen ?? {};

export const contactCourseResolvers: Resolvers = {
  Query: {
    myObligations: (_p, _a, ctx) => ctx.services.contactCourse.obligationsOf(ctx.scope, ctx.loaders, null),
    obligations: (_p, { citizenId }, ctx) => ctx.services.contactCourse.obligationsOf(ctx.scope, ctx.loaders, citizenId),
    contactCoursesBehind: (_p, { jobcenterId, first, after }, ctx) =>
      ctx.services.contactCourse.behind(ctx.scope, jobcenterId, first ?? 50, after ?? null),
  },
  Mutation: {
    requestJobInterview: (_p, { input }, ctx) =>
      mutate({ request: null, citizen: null }, () => ctx.services.interviewRequests.request(ctx.scope, input)),
  },
  ContactCourseRequirement: {
    // Issue 14: why it has its status, from the status computeCourse gave (CC-1/CC-2/CC-3, CC-7 at risk).
    because: (r, _a, ctx) => requirementReasons(r, ctx.language),
  },
  ContactCourseBehind: {
    // Issue 16 (2): from the stored status when only stored fields are selected (as Citizen.contactCourse).
    contactCourse: (e, _a, ctx, info) => ctx.services.contactCourse.forCitizen(ctx.scope, ctx.loaders, e.citizen, selectedFields(info)),
  },
  JobInterviewRequest: {
    // CC-11: answered once a job or joint interview is planned or held on or after the day of the request.
    outstanding: async (r, _a, ctx) => interviewRequestOutstanding(r.requestedOn, await ctx.loaders.meetingsByCitizen.load(r.citizenId)),
  },
  Obligations: {
    citizen: (c) => c,
    activeDeadline: citizenFields.activeDeadline,
    immediateBookingRequired: citizenFields.immediateBookingRequired,
    immediateBookingRequiredBecause: citizenFields.immediateBookingRequiredBecause,
    bookableSlots: citizenFields.bookableSlots,
    plannedMeetings: citizenFields.plannedMeetings,
    // Issue 16 (2): from the stored status and the registration periods when only those fields are selected.
    contactCourse: (c, _a, ctx, info) => ctx.services.contactCourse.forCitizen(ctx.scope, ctx.loaders, c, selectedFields(info)),
  },
};
