import type { Resolvers } from './__generated__/types';
import { mutate } from './helpers';
import { gapBefore } from '../domain/registration/registration.view';
import { reasonsOf } from '../domain/shared/reasons';

/** RG rules: registration status, periods, re-registration, sickness and recovery (schema/registration.graphql). */
export const registrationResolvers: Resolvers = {
  Mutation: {
    reregister: (_p, { input }, ctx) =>
      mutate(emptyReregister, () => ctx.services.registration.reregister(ctx.scope, input)),
    reportRecovery: (_p, { input }, ctx) =>
      mutate(emptyReregister, () => ctx.services.registration.reportRecovery(ctx.scope, input)),
    reportSickness: (_p, { input }, ctx) =>
      mutate({ citizen: null, registrationPeriod: null, closedDeadline: null, cancelledMeetings: [] }, () => ctx.services.registration.reportSickness(ctx.scope, input)),
    deregisterCitizen: (_p, { input }, ctx) =>
      mutate({ citizen: null, registrationPeriod: null, closedDeadline: null, cancelledMeetings: [] }, () => ctx.services.registration.deregisterCitizen(ctx.scope, input)),
    setWageSubsidy: (_p, { input }, ctx) =>
      mutate({ citizen: null }, () => ctx.services.registration.setWageSubsidy(ctx.scope, input)),
  },
  Citizen: {
    registration: (c, _a, ctx) => ctx.services.registration.statusOf(ctx.scope, ctx.loaders, c),
    registrationPeriods: (c, _a, ctx) => ctx.services.registration.periodsOf(ctx.scope, ctx.loaders, c),
    wageSubsidy: (c) => c.wageSubsidy,
  },
  RegistrationStatus: {
    registeredVia: (s) => s.registeredVia,
    deregistrationReason: (s) => s.deregistrationReason,
    immediateBookingWindowFrom: (s) => s.windowFrom,
    immediateBookingWindowTo: (s) => s.windowTo,
    because: (s, _a, ctx) => reasonsOf(s.because, ctx.language),
    offeredSlots: async (s, { first }, ctx) => {
      const citizen = await ctx.loaders.citizen.load(s.citizenId);
      return citizen ? ctx.services.registration.offeredSlots(ctx.scope, s.windowTo, citizen, first ?? 10) : [];
    },
  },
  RegistrationPeriod: {
    registeredVia: (p) => p.registeredVia,
    deregisteredVia: (p) => p.deregisteredVia,
    deregistrationReason: (p) => p.deregistrationReason,
    benefitGapDays: async (p, _a, ctx) => gapBefore(p, await ctx.loaders.registrationPeriodsByCitizen.load(p.citizenId)),
    missedDeadline: (p, _a, ctx) => (p.deadlineId ? ctx.loaders.deadline.load(p.deadlineId) : null),
  },
};

const emptyReregister = {
  citizen: null, registrationPeriod: null, benefitGapDays: null, meeting: null, lapsedDeadline: null, closedDeadline: null,
  jointInterviewCallIn: null, immediateBookingRequired: null,
};
