import type { Resolvers } from './__generated__/types';
import { mutate } from './helpers';

/** CZ-1 … CZ-5, CZ-10 (schema/citizen-master-data.graphql): thin — parse, call the service, map to the payload. */
export const citizenMasterDataResolvers: Resolvers = {
  Query: {
    citizenByCpr: (_p, { cpr }, ctx) => ctx.services.citizens.citizenByCpr(ctx.scope, cpr),
  },
  Mutation: {
    registerJobSeeker: (_p, { input }, ctx) =>
      mutate({ citizen: null, registrationPeriod: null, alreadyRegistered: null }, () => ctx.services.citizenMasterData.registerJobSeeker(ctx.scope, input)),
    changeTargetGroup: (_p, { input }, ctx) =>
      mutate({ citizen: null, change: null, closedDeadline: null }, () => ctx.services.citizenMasterData.changeTargetGroup(ctx.scope, input)),
    setBenefitPeriodStart: (_p, { input }, ctx) =>
      mutate({ citizen: null, change: null }, () => ctx.services.citizenMasterData.setBenefitPeriodStart(ctx.scope, input)),
    changeUnemploymentFund: (_p, { input }, ctx) =>
      mutate({ citizen: null, change: null }, () => ctx.services.citizenMasterData.changeUnemploymentFund(ctx.scope, input)),
    moveCitizen: (_p, { input }, ctx) =>
      mutate({ citizen: null, change: null, deadline: null, cancelledMeetings: null }, () => ctx.services.citizenMasterData.moveCitizen(ctx.scope, input)),
  },
  Citizen: {
    changes: (c, _a, ctx) => ctx.loaders.citizenChanges.load(c.id),
  },
  CitizenChange: {
    kind: (c) => c.kind,
  },
};
