import { BadInputError } from '../domain/shared/errors';
import type { Resolvers } from './__generated__/types';
import { isUuid } from './helpers';

export const statisticsResolvers: Resolvers = {
  Query: {
    selfBookingShare: (_p, { jobcenterId, year, month }, ctx) => {
      if (!isUuid(jobcenterId)) throw new BadInputError('jobcenterId must be an ID returned by this API (a UUID)', 'jobcenterId');
      return ctx.services.statistics.selfBookingShare(ctx.scope, jobcenterId, year, month);
    },
    selfBookingShares: (_p, { year, month }, ctx) => ctx.services.statistics.selfBookingShares(ctx.scope, year, month),
  },
  SelfBookingShare: {
    jobcenter: async (s, _a, ctx) => (await ctx.loaders.jobcenter.load(s.jobcenterId))!,
  },
};
