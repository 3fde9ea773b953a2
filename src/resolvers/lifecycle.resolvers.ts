import type { Resolvers } from './__generated__/types';
import { mutate } from './helpers';
import { contactDayOf, deductedDaysOf, sanctionReasonsOf } from '../domain/sanction/sanction.service';

/** Follow-up lists (ST-2), sanction assessments (SA), system outages (RG-1): schema/lifecycle.graphql. */
export const lifecycleResolvers: Resolvers = {
  Query: {
    followUpList: (_p, { jobcenterId, kind, first, after }, ctx) =>
      ctx.services.lifecycle.followUpList(ctx.scope, jobcenterId, kind, first ?? 50, after ?? null),
    sanctionAssessments: (_p, { jobcenterId, status, first, after }, ctx) =>
      ctx.services.sanctions.assessmentsOfJobcenter(ctx.scope, jobcenterId, status ?? null, first ?? 50, after ?? null),
    sanctionAssessment: (_p, { id }, ctx) => ctx.services.sanctions.assessment(ctx.scope, id),
    systemOutages: (_p, { jobcenterId, first }, ctx) => ctx.services.lifecycle.systemOutages(ctx.scope, jobcenterId, first ?? 50),
  },
  Mutation: {
    recordSystemOutage: (_p, { input }, ctx) =>
      mutate({ outage: null, flaggedDeregistrations: null }, () => ctx.services.lifecycle.recordSystemOutage(ctx.scope, input)),
    decideSanctionAssessment: (_p, { input }, ctx) =>
      mutate({ assessment: null }, () => ctx.services.sanctions.decideSanctionAssessment(ctx.scope, input)),
  },
  FollowUpEntry: {
    otherMeetingOffer: (e) => e.otherMeetingOffer ?? null,
  },
  Citizen: {
    sanctionAssessments: (c, _a, ctx) => ctx.loaders.lifecycle.sanctionAssessmentsByCitizen.load(c.id),
  },
  SanctionAssessment: {
    citizen: async (a, _a, ctx) => (await ctx.loaders.citizen.load(a.citizenId))!,
    deadline: async (a, _a, ctx) => (await ctx.loaders.deadline.load(a.deadlineId))!,
    contactOn: (a, _a, ctx) => contactDayOf(ctx.loaders, a),
    deductedDays: (a, _a, ctx) => deductedDaysOf(ctx.loaders, a),
    because: (a, _a, ctx) => sanctionReasonsOf(ctx.loaders, a, ctx.language),
  },
};
