import type { Resolvers } from './__generated__/types';
import { mutate } from './helpers';

/** EV-2 pushed: the a-kasse's webhook subscriptions and deliveries (schema/webhooks.graphql, docs/webhooks.md). */
export const webhooksResolvers: Resolvers = {
  Query: {
    webhookSubscriptions: (_p, _a, ctx) => ctx.services.webhooks.list(ctx.scope),
    webhookSubscription: async (_p, { id }, ctx) => (await ctx.services.webhooks.list(ctx.scope)).find((s) => s.id === id) ?? null,
  },
  Mutation: {
    createWebhookSubscription: (_p, { input }, ctx) =>
      mutate({ subscription: null, secret: null }, () => ctx.services.webhooks.create(ctx.scope, input)),
    rotateWebhookSecret: (_p, { input }, ctx) =>
      mutate({ subscription: null, secret: null }, () => ctx.services.webhooks.rotateSecret(ctx.scope, input.subscriptionId)),
    disableWebhookSubscription: (_p, { input }, ctx) =>
      mutate({ subscription: null }, () => ctx.services.webhooks.setActive(ctx.scope, input.subscriptionId, false)),
    enableWebhookSubscription: (_p, { input }, ctx) =>
      mutate({ subscription: null }, () => ctx.services.webhooks.setActive(ctx.scope, input.subscriptionId, true)),
    deleteWebhookSubscription: (_p, { input }, ctx) =>
      mutate({ deletedId: null }, () => ctx.services.webhooks.remove(ctx.scope, input.subscriptionId)),
    redeliverWebhookDelivery: (_p, { input }, ctx) =>
      mutate({ delivery: null }, () => ctx.services.webhooks.resolveFailed(ctx.scope, input.deliveryId, 'REDELIVER')),
    skipWebhookDelivery: (_p, { input }, ctx) =>
      mutate({ delivery: null }, () => ctx.services.webhooks.resolveFailed(ctx.scope, input.deliveryId, 'SKIP')),
  },
  WebhookSubscription: {
    deliveries: async (s, { status, first, after }, ctx) =>
      (await ctx.services.webhooks.deliveries(ctx.scope, s.id, { status, first: first ?? 100, after }))!,
  },
  WebhookDelivery: {
    eventType: (d) => d.eventType,
  },
};
