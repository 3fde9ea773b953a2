import { effectiveDeadlineStatus } from '../domain/deadline/deadline.rules';
import type { Resolvers } from './__generated__/types';
import { mutate } from './helpers';

export const deadlineResolvers: Resolvers = {
  Query: {
    deadline: (_p, { id }, ctx) => ctx.services.citizens.deadline(ctx.scope, ctx.loaders, id),
  },
  Mutation: {
    issueDeadline: (_p, { input }, ctx) =>
      mutate(input, { deadline: null, supersededDeadline: null }, () => ctx.services.deadlines.issueDeadline(ctx.scope, input)),
    extendDeadline: (_p, { input }, ctx) =>
      mutate(input, { deadline: null }, () => ctx.services.deadlines.extendDeadline(ctx.scope, input)),
    closeDeadline: (_p, { input }, ctx) =>
      mutate(input, { deadline: null }, () => ctx.services.deadlines.closeDeadline(ctx.scope, input)),
  },
  Deadline: {
    citizen: async (d, _a, ctx) => (await ctx.loaders.citizen.load(d.citizenId))!,
    // DL-7 (and LP-2 for groups other than INSURED_UNEMPLOYED): the status as of today, before any batch run stored it.
    status: async (d, _a, ctx) => effectiveDeadlineStatus(d, ctx.clock.today(), { targetGroup: (await ctx.loaders.citizen.load(d.citizenId))?.targetGroup }),
    meeting: (d, _a, ctx) => (d.meetingId ? ctx.loaders.meeting.load(d.meetingId) : null),
    history: (d, _a, ctx) => ctx.loaders.deadlineHistory.load(d.id),
  },
};
