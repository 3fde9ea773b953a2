import type { Resolvers } from './__generated__/types';
import { mutate } from './helpers';

export const slotResolvers: Resolvers = {
  Query: {
    slots: (_p, { filter, first, after }, ctx) => ctx.services.slots.slots(ctx.scope, filter, first ?? 100, after ?? null, ctx.loaders),
  },
  Mutation: {
    publishSlots: (_p, { input }, ctx) =>
      mutate({ slots: [] }, () => ctx.services.slots.publishSlots(ctx.scope, input)),
    withdrawSlot: (_p, { input }, ctx) =>
      mutate({ slot: null }, () => ctx.services.slots.withdrawSlot(ctx.scope, input)),
    bookSlot: (_p, { input }, ctx) =>
      mutate({ meeting: null, deadline: null }, () => ctx.services.booking.bookSlot(ctx.scope, input)),
    rebookMeeting: (_p, { input }, ctx) =>
      mutate({ meeting: null }, () => ctx.services.booking.rebookMeeting(ctx.scope, input)),
  },
  Slot: {
    jobcenter: async (s, _a, ctx) => (await ctx.loaders.jobcenter.load(s.jobcenterId))!,
    withdrawn: (s) => s.withdrawnAt !== null,
    booked: (s, _a, ctx) => ctx.loaders.slotBooked.load(s.id),
  },
};
