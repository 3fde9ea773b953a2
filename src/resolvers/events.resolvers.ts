import type { Resolvers } from './__generated__/types';

/** EV-2: the a-kasse's event feed (schema/events.graphql). */
export const eventsResolvers: Resolvers = {
  Query: {
    unemploymentFundEvents: (_p, { after, first }, ctx) => ctx.services.fundEvents.unemploymentFundEvents(ctx.scope, after ?? null, first ?? 100),
  },
  UnemploymentFundEvent: {
    sequence: (e) => e.seq,
    type: (e) => e.type,
    // Issue 16.6: read with the page when the feed joined it; else one batched load.
    citizen: (e, _a, ctx) => (e.citizen !== undefined ? e.citizen : ctx.loaders.citizen.load(e.citizenId)),
    deregisteredFrom: (e) => (typeof e.payload.deregisteredFrom === 'string' ? e.payload.deregisteredFrom : null),
    systemOutage: (e) => (typeof e.payload.systemOutage === 'boolean' ? e.payload.systemOutage : null),
    benefitGapDays: (e) => (typeof e.payload.benefitGapDays === 'number' ? e.payload.benefitGapDays : null),
    payload: (e) => JSON.stringify(e.payload),
  },
};
