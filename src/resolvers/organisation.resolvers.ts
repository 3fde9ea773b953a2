import type { Resolvers } from './__generated__/types';
import { mutate } from './helpers';

export const organisationResolvers: Resolvers = {
  Query: {
    jobcenter: (_p, { id }, ctx) => ctx.services.citizens.jobcenter(ctx.scope, ctx.loaders, id),
    jobcenters: (_p, _a, ctx) => ctx.services.citizens.jobcenters(ctx.scope),
    unemploymentFund: (_p, { id }, ctx) => ctx.services.citizens.unemploymentFund(ctx.scope, ctx.loaders, id),
  },
  Jobcenter: {
    rebookingCutoffHours: (j, _a, ctx) => ctx.services.organisation.rebookingCutoffHours(ctx.scope, ctx.loaders, j),
  },
  Mutation: {
    setRebookingCutoff: (_p, { input }, ctx) =>
      mutate({ jobcenter: null }, () => ctx.services.organisation.setRebookingCutoff(ctx.scope, input)),
  },
};
