import type { Resolvers } from './__generated__/types';
import { mutate } from './helpers';
import { otherMeetingOfferStatus } from '../domain/meeting/other-meeting.rules';

/** MT-6: offers to self-book other meetings than job interviews (schema/other-meeting.graphql). */
export const otherMeetingResolvers: Resolvers = {
  Mutation: {
    offerOtherMeeting: (_p, { input }, ctx) =>
      mutate({ offer: null }, () => ctx.services.otherMeetings.offerOtherMeeting(ctx.scope, input)),
    bookOtherMeeting: (_p, { input }, ctx) =>
      mutate({ offer: null, meeting: null }, () => ctx.services.otherMeetings.bookOtherMeeting(ctx.scope, input)),
  },
  Citizen: {
    otherMeetingOffers: (c, _a, ctx) => ctx.services.otherMeetings.offersOf(ctx.scope, c.id),
  },
  OtherMeetingOffer: {
    citizen: async (o, _a, ctx) => (await ctx.loaders.citizen.load(o.citizenId))!,
    status: (o, _a, ctx) => otherMeetingOfferStatus(o, ctx.clock.today()),
    meeting: (o, _a, ctx) => (o.meetingId ? ctx.loaders.meeting.load(o.meetingId) : null),
    bookableSlots: (o, { first }, ctx) => ctx.services.otherMeetings.bookableSlots(ctx.scope, o, first ?? 20),
  },
};
