import type { Resolvers } from './__generated__/types';
import { mutate } from './helpers';

export const deadlineResolvers: Resolvers = {
  Query: {
    deadline: (_p, { id }, ctx) => ctx.services.citizens.deadline(ctx.scope, ctx.loaders, id),
  },
  Mutation: {
    issueDeadline: (_p, { input }, ctx) =>
      mutate({ deadline: null, supersededDeadline: null }, () => ctx.services.deadlines.issueDeadline(ctx.scope, input)),
    extendDeadline: (_p, { input }, ctx) =>
      mutate({ deadline: null }, () => ctx.services.deadlines.extendDeadline(ctx.scope, input)),
    closeDeadline: (_p, { input }, ctx) =>
      mutate({ deadline: null }, () => ctx.services.deadlines.closeDeadline(ctx.scope, input)),
  },
  Deadline: {
    citizen: async (d, _a, ctx) => (await ctx.loaders.citizen.load(d.citizenId))!,
    // DL-7, DL-13, LP-1, LP-2: the status as of today, as the daily run stores it that day (before it has run).
    status: (d, _a, ctx) => ctx.services.registration.deadlineStatusOf(ctx.scope, ctx.loaders, d),
    // Issue 14: why it has that status, from the same rule functions.
    because: (d, _a, ctx) => ctx.services.registration.deadlineReasonsOf(ctx.scope, ctx.loaders, d, ctx.language),
    meeting: (d, _a, ctx) => (d.meetingId ? ctx.loaders.meeting.load(d.meetingId) : null),
    history: (d, _a, ctx) => ctx.loaders.deadlineHistory.load(d.id),
  },
};
