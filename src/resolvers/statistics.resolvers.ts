import type { Resolvers } from './__generated__/types';

export const statisticsResolvers: Resolvers = {
  Query: {
    selfBookingShare: (_p, { jobcenterId, year, month }, ctx) => ctx.services.statistics.selfBookingShare(ctx.scope, jobcenterId, year, month),
    selfBookingShares: (_p, { year, month }, ctx) => ctx.services.statistics.selfBookingShares(ctx.scope, year, month),
  },
  SelfBookingShare: {
    jobcenter: async (s, _a, ctx) => (await ctx.loaders.jobcenter.load(s.jobcenterId))!,
  },
};
