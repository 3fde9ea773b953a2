import { createHmac } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import pino from 'pino';
import { withApp } from '../support/app';
import { type Received, startReceiver, until } from '../support/webhook-receiver';
import type { Citizen, Jobcenter, UnemploymentFund } from '../../src/entities';
import { startWebhookWorker, type WebhookWorker, type WebhookWorkerSettings } from '../../src/domain/webhooks/webhooks.worker';
import { CreateWebhookSubscriptionForWebhooks, DeleteWebhookSubscription, DeleteWebhookSubscriptionErrorsForWebhooks, DeregisterCitizenForWebhooks, DisableWebhookSubscriptionErrorsForWebhooks, DisableWebhookSubscriptionForWebhooks, EnableWebhookSubscriptionForWebhooks, RedeliverWebhookDelivery, RotateWebhookSecret, RotateWebhookSecretErrorsForWebhooks, SkipWebhookDelivery, UnemploymentFundEventsForWebhooks, WebhookSubscriptionDeliveries, WebhookSubscriptionDeliveriesForWebhooks, WebhookSubscriptionId, WebhookSubscriptions, WebhookSubscriptionsForWebhooks } from '../support/operations';

/** Short back-off so retries take milliseconds: 100, 200, 300 ms; 4 attempts; 400 ms per attempt. */
const SETTINGS: WebhookWorkerSettings = { maxAttempts: 4, backoffBaseMs: 100, backoffMaxMs: 300, timeoutMs: 400, dispatchIntervalMs: 100, concurrency: 4, recoverAfterMs: 60_000, development: true };

/**
 * Issue 14 item 3 (EV-2 pushed): webhook subscriptions of an a-kasse, delivered by graphile-worker to a real HTTP
 * receiver on 127.0.0.1 that fails, times out and recovers.
 */
describe('webhooks: the a-kasse\'s members\' events pushed, signed, in order per member (EV-2)', () => {
  let worker: WebhookWorker;
  const t = withApp({ now: '2026-03-11T09:00:00+01:00', beforeClose: () => worker.stop() });
  let jc: Jobcenter;

  beforeAll(async () => {
    worker = await startWebhookWorker(t.ds, SETTINGS, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
    jc = await t.fx.jobcenter();
  });

  async function subscribe(fund: UnemploymentFund, url: string): Promise<{ id: string; secret: string }> {
    const r = (await t.as.fund(fund.id).run(CreateWebhookSubscriptionForWebhooks, { input: { url } })).createWebhookSubscription;
    expect(r.userErrors).toEqual([]);
    return { id: r.subscription.id, secret: r.secret };
  }

  /** An event in the log as the domain writes it (EV-1); `label` identifies it at the receiver. */
  async function event(member: Citizen, label: string, type = 'NO_SHOW'): Promise<string> {
    const [r] = await t.ds.query(
      `INSERT INTO domain_event (occurred_at, type, citizen_id, jobcenter_id, unemployment_fund_id, payload)
       VALUES (now(), $1, $2, $3, $4, jsonb_build_object('label', $5::text)) RETURNING id`,
      [type, member.id, member.jobcenterId, member.unemploymentFundId, label]);
    return r.id;
  }

  const bodyOf = (r: Received) => JSON.parse(r.body) as { id: string; citizenId: string; subscriptionId: string; type: string; payload: { label: string } };
  const labels = (rs: Received[]) => rs.map((r) => bodyOf(r).payload.label);
  /** The labels acknowledged (2xx) per member, in the order received. */
  function acknowledgedByMember(rs: Received[]): Map<string, string[]> {
    const m = new Map<string, string[]>();
    for (const r of rs) {
      if (r.answer !== 200) continue;
      const b = bodyOf(r);
      m.set(b.citizenId, [...(m.get(b.citizenId) ?? []), b.payload.label]);
    }
    return m;
  }

  /** The receiver's check, written independently of the server's code: HMAC-SHA256 over `${t}.${body}`. */
  function verifies(r: Received, secret: string): boolean {
    const header = String(r.headers['x-selvbook-signature'] ?? '');
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
    if (!m) return false;
    const expected = createHmac('sha256', secret).update(`${m[1]}.${r.body}`).digest('hex');
    return expected === m[2] && Math.abs(Date.now() / 1000 - Number(m[1])) <= 300;
  }

  it('EV-2: each event of the fund\'s members is POSTed once, signed with the subscription\'s secret, in order per member — never another fund\'s, never a non-fund event type', async () => {
    const fundA = await t.fx.fund();
    const fundB = await t.fx.fund();
    const a1 = await t.fx.citizen(jc, { unemploymentFundId: fundA.id });
    const a2 = await t.fx.citizen(jc, { unemploymentFundId: fundA.id });
    const b1 = await t.fx.citizen(jc, { unemploymentFundId: fundB.id });
    const nonMember = await t.fx.citizen(jc);
    const rxA = await startReceiver();
    const rxB = await startReceiver();
    try {
      const subA = await subscribe(fundA, `${rxA.url}/hook`);
      const subB = await subscribe(fundB, `${rxB.url}/hook`);
      const ids: string[] = [];
      for (let i = 1; i <= 5; i++) {
        ids.push(await event(a1, `a1-${i}`));
        ids.push(await event(a2, `a2-${i}`, 'DEREGISTERED'));
        ids.push(await event(b1, `b1-${i}`));
      }
      await event(nonMember, 'non-member');
      await event(a1, 'a1-letter', 'LETTER_SENT'); // not a fund event type: the EV-2 feed does not show it
      await until(() => rxA.received.length >= 10 && rxB.received.length >= 5, 'all deliveries');
      await worker.dispatchNow();

      expect(rxA.received).toHaveLength(10);
      expect(rxB.received).toHaveLength(5);
      expect(acknowledgedByMember(rxA.received)).toEqual(new Map([
        [a1.id, ['a1-1', 'a1-2', 'a1-3', 'a1-4', 'a1-5']], [a2.id, ['a2-1', 'a2-2', 'a2-3', 'a2-4', 'a2-5']],
      ]));
      expect(acknowledgedByMember(rxB.received)).toEqual(new Map([[b1.id, ['b1-1', 'b1-2', 'b1-3', 'b1-4', 'b1-5']]]));
      for (const r of rxA.received) {
        expect(verifies(r, subA.secret)).toBe(true);
        expect(verifies(r, subB.secret)).toBe(false);
        expect(r.headers['x-selvbook-event-id']).toBe(bodyOf(r).id);
        expect(bodyOf(r).subscriptionId).toBe(subA.id);
        expect(r.headers['content-type']).toBe('application/json');
      }
      for (const r of rxB.received) expect(verifies(r, subB.secret)).toBe(true);

      // Exactly what the fund's EV-2 feed shows it.
      const feed = (await t.as.fund(fundA.id).run(UnemploymentFundEventsForWebhooks)).unemploymentFundEvents.nodes.map((n: { id: string }) => n.id);
      expect(new Set(rxA.received.map((r) => bodyOf(r).id))).toEqual(new Set(feed));

      const seen = (await t.as.fund(fundA.id).run(WebhookSubscriptionDeliveries, { id: subA.id })).webhookSubscription;
      expect(seen).toMatchObject({ pendingCount: 0, failedCount: 0, deliveredCount: 10 });
      expect(seen.deliveries.nodes.every((d: { status: string; attempts: number; lastStatusCode: number }) => d.status === 'DELIVERED' && d.attempts === 1 && d.lastStatusCode === 200)).toBe(true);
    } finally {
      await rxA.close();
      await rxB.close();
    }
  });

  it('EV-2: a receiver that answers 500, then times out, then recovers gets every event, retried with back-off, and the member\'s later events never overtake the one being retried', async () => {
    const fund = await t.fx.fund();
    const m1 = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    const m2 = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    const rx = await startReceiver();
    try {
      // m1's first event: 500, 500, no answer in time (timeout), then 200. m2 is answered at once throughout.
      let m1Tries = 0;
      rx.behave((r) => {
        const b = JSON.parse(r.body);
        if (b.citizenId !== m1.id || b.payload.label !== 'm1-1') return 200;
        m1Tries++;
        return m1Tries <= 2 ? 500 : m1Tries === 3 ? 'timeout' : 200;
      });
      const sub = await subscribe(fund, rx.url);
      for (let i = 1; i <= 3; i++) {
        await event(m1, `m1-${i}`);
        await event(m2, `m2-${i}`);
      }
      await until(() => rx.received.filter((r) => r.answer === 200).length >= 6, 'all six acknowledged');

      expect(labels(rx.received.filter((r) => bodyOf(r).citizenId === m1.id))).toEqual(['m1-1', 'm1-1', 'm1-1', 'm1-1', 'm1-2', 'm1-3']);
      expect(rx.received.filter((r) => bodyOf(r).citizenId === m1.id).map((r) => r.answer)).toEqual([500, 500, 'timeout', 200, 200, 200]);
      expect(acknowledgedByMember(rx.received).get(m2.id)).toEqual(['m2-1', 'm2-2', 'm2-3']);
      // Each retry is signed afresh and still verifies.
      for (const r of rx.received) expect(verifies(r, sub.secret)).toBe(true);
      // The same event id on every attempt: the receiver de-duplicates on it.
      expect(new Set(rx.received.filter((r) => bodyOf(r).payload.label === 'm1-1').map((r) => r.headers['x-selvbook-event-id'])).size).toBe(1);

      const d = (await t.as.fund(fund.id).run(WebhookSubscriptionDeliveries, { id: sub.id })).webhookSubscription.deliveries.nodes;
      expect(d.map((x: { status: string }) => x.status)).toEqual(Array(6).fill('DELIVERED'));
      const first = d.find((x: { citizenId: string; attempts: number }) => x.citizenId === m1.id && x.attempts > 1);
      expect(first).toMatchObject({ attempts: 4, lastStatusCode: 200 });
    } finally {
      await rx.close();
    }
  });

  it('EV-2: after the last attempt a delivery is FAILED and visible, the member\'s later events wait behind it (others go on); redelivery sends it and then the rest in order, skip lets the rest go', async () => {
    const fund = await t.fx.fund();
    const stuck = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    const other = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    const rx = await startReceiver();
    try {
      let down = true;
      rx.behave((r) => (down && JSON.parse(r.body).citizenId === stuck.id ? 500 : 200));
      const sub = await subscribe(fund, rx.url);
      await event(stuck, 's-1');
      await event(stuck, 's-2');
      await event(other, 'o-1');
      const read = async () => (await t.as.fund(fund.id).run(WebhookSubscriptionDeliveries, { id: sub.id })).webhookSubscription;
      await until(async () => (await read()).failedCount === 1 && (await read()).deliveredCount === 1, 'one FAILED, one DELIVERED');

      const s = await read();
      expect(s).toMatchObject({ failedCount: 1, pendingCount: 1, deliveredCount: 1 });
      const failed = s.deliveries.nodes.find((d: { status: string }) => d.status === 'FAILED');
      expect(failed).toMatchObject({ citizenId: stuck.id, attempts: SETTINGS.maxAttempts, lastStatusCode: 500, lastError: 'HTTP 500' });
      // s-2 was never attempted: it waits behind s-1.
      expect(labels(rx.received.filter((r) => bodyOf(r).citizenId === stuck.id))).toEqual(Array(SETTINGS.maxAttempts).fill('s-1'));
      expect(labels(rx.received.filter((r) => bodyOf(r).citizenId === other.id))).toEqual(['o-1']);
      // Held: nothing more for the stuck member, however long the worker runs.
      await worker.dispatchNow();
      expect((await read()).deliveries.nodes.find((d: { status: string }) => d.status === 'PENDING')).toMatchObject({ attempts: 0 });

      down = false;
      const r = (await t.as.fund(fund.id).run(RedeliverWebhookDelivery, { input: { deliveryId: failed!.id } })).redeliverWebhookDelivery;
      expect(r).toEqual({ delivery: { status: 'PENDING', attempts: 0 }, userErrors: [] });
      await until(async () => (await read()).deliveredCount === 3, 'redelivered, then the held event');
      expect(acknowledgedByMember(rx.received).get(stuck.id)).toEqual(['s-1', 's-2']);
      // Redelivering what is not FAILED is refused, changing nothing.
      const again = (await t.as.fund(fund.id).run(RedeliverWebhookDelivery, { input: { deliveryId: failed!.id } })).redeliverWebhookDelivery;
      expect(again).toEqual({ delivery: null, userErrors: [{ code: 'NOT_FAILED', message: expect.stringMatching(/^EV-2: /), field: ['input', 'deliveryId'] }] });

      // Skip: a new failure, given up by the a-kasse; the member's next event goes on.
      down = true;
      await event(stuck, 's-3');
      await event(stuck, 's-4');
      await until(async () => (await read()).failedCount === 1, 's-3 FAILED');
      down = false;
      const f2 = (await read()).deliveries.nodes.find((d: { status: string }) => d.status === 'FAILED')!;
      expect((await t.as.fund(fund.id).run(SkipWebhookDelivery, { input: { deliveryId: f2.id } })).skipWebhookDelivery).toEqual({ delivery: { status: 'SKIPPED' }, userErrors: [] });
      await until(async () => (await read()).deliveredCount === 4, 's-4 delivered after the skip');
      expect(acknowledgedByMember(rx.received).get(stuck.id)).toEqual(['s-1', 's-2', 's-4']);
    } finally {
      await rx.close();
    }
  });

  it('EV-2: 600 events of 40 members written by concurrent transactions all arrive, at least once each, in order per member; a repeat is only an exact retry of a delivery whose attempt failed or timed out at the sender (and the time it took is logged)', async () => {
    const fund = await t.fx.fund();
    const members = await Promise.all(Array.from({ length: 40 }, () => t.fx.citizen(jc, { unemploymentFundId: fund.id })));
    const rx = await startReceiver();
    try {
      const sub = await subscribe(fund, rx.url);
      // The receiver fails now and then: the first attempt of every 7th event answers 503 (its retry succeeds).
      const firstSeen = new Map<string, number>();
      rx.behave((r) => {
        const id = JSON.parse(r.body).id as string;
        if (firstSeen.has(id)) return 200;
        firstSeen.set(id, firstSeen.size);
        return firstSeen.size % 7 === 3 ? 503 : 200;
      });
      const started = Date.now();
      // 15 rounds; in each, every member gets one event, from 4 concurrent writers in interleaved transactions.
      for (let round = 1; round <= 15; round++) {
        await Promise.all([0, 1, 2, 3].map((w) => t.ds.transaction(async (em) => {
          for (const m of members.filter((_m, i) => i % 4 === w)) {
            await em.query(
              `INSERT INTO domain_event (occurred_at, type, citizen_id, jobcenter_id, unemployment_fund_id, payload) VALUES (now(), 'NO_SHOW', $1, $2, $3, jsonb_build_object('label', $4::text))`,
              [m.id, jc.id, fund.id, `r${round}`]);
          }
        })));
      }
      // Settled: all 600 recorded DELIVERED (counting 200 answers would count an exact retry twice).
      const deliveredCount = async () => (await t.ds.query(`SELECT count(*)::int AS n FROM webhook_delivery WHERE subscription_id = $1 AND status = 'DELIVERED'`, [sub.id]))[0].n as number;
      await until(async () => (await deliveredCount()) >= 600, '600 delivered', 45_000).catch(async (e) => {
        const state = await t.ds.query(`SELECT status, count(*)::int AS n, max(attempts) AS max_attempts FROM webhook_delivery WHERE subscription_id = $1 GROUP BY status`, [sub.id]);
        const jobs = await t.ds.query(`SELECT count(*)::int AS n, count(locked_at)::int AS locked, min(run_at) AS next FROM graphile_worker.jobs`);
        throw new Error(`${e.message}: ${rx.received.length} requests; deliveries ${JSON.stringify(state)}; jobs ${JSON.stringify(jobs)}`);
      });
      console.info(`webhooks: 600 events of 40 members delivered in ${Date.now() - started} ms (${rx.received.length} requests incl. retries; concurrency ${SETTINGS.concurrency})`);
      // The contract is at least once (docs/webhooks.md "At least once"): an attempt that timed out at the sender is
      // sent again even when the receiver had already answered 200 (a worker starved of CPU under load sees its
      // timer before the answer). So: every event is acknowledged, and a request is repeated only as a retry of
      // the same delivery — same delivery id, same event id — that the server counted as a failed attempt.
      const deliveries: { id: string; event_id: string; status: string; attempts: number }[] = await t.ds.query(
        `SELECT id, event_id, status, attempts FROM webhook_delivery WHERE subscription_id = $1`, [sub.id]);
      expect(deliveries).toHaveLength(600);
      const requestsOf = new Map<string, Received[]>();
      for (const r of rx.received) {
        const id = String(r.headers['x-selvbook-delivery-id']);
        requestsOf.set(id, [...(requestsOf.get(id) ?? []), r]);
      }
      expect(new Set(requestsOf.keys())).toEqual(new Set(deliveries.map((d) => d.id)));
      for (const d of deliveries) {
        const requests = requestsOf.get(d.id)!;
        expect(d.status).toBe('DELIVERED');
        // Each request was an attempt the server counted; only the last was taken as the acknowledgement.
        expect(requests.length).toBeLessThanOrEqual(d.attempts);
        expect(requests[requests.length - 1]!.answer).toBe(200);
        for (const r of requests) {
          expect(r.headers['x-selvbook-event-id']).toBe(d.event_id);
          expect(bodyOf(r)).toMatchObject({ id: d.event_id, deliveryId: d.id });
        }
      }
      // Order per member, strictly: the member's requests, an exact retry folded into the attempt before it, are
      // the 15 rounds in order — no repeat ever comes after a later event of the member.
      const rounds = Array.from({ length: 15 }, (_x, i) => `r${i + 1}`);
      const seenByMember = new Map<string, { delivery: string; label: string }[]>();
      for (const r of rx.received) {
        const b = bodyOf(r);
        const seq = seenByMember.get(b.citizenId) ?? [];
        if (seq[seq.length - 1]?.delivery !== String(r.headers['x-selvbook-delivery-id'])) seq.push({ delivery: String(r.headers['x-selvbook-delivery-id']), label: b.payload.label });
        seenByMember.set(b.citizenId, seq);
      }
      for (const m of members) expect(seenByMember.get(m.id)?.map((x) => x.label)).toEqual(rounds);
      // What a receiver that de-duplicates on the event id (as docs/webhooks.md says it must) processes: each round once, in order.
      const processed = new Map<string, string[]>();
      const seenIds = new Set<string>();
      for (const r of rx.received.filter((x) => x.answer === 200)) {
        const b = bodyOf(r);
        if (seenIds.has(b.id)) continue;
        seenIds.add(b.id);
        processed.set(b.citizenId, [...(processed.get(b.citizenId) ?? []), b.payload.label]);
      }
      for (const m of members) expect(processed.get(m.id)).toEqual(rounds);
      expect(seenIds.size).toBe(600);
      for (const r of rx.received) expect(bodyOf(r).subscriptionId).toBe(sub.id);
      expect(rx.received.filter((r) => r.answer === 503).length).toBeGreaterThan(50);
    } finally {
      await rx.close();
    }
  }, 90_000);

  it('EV-2: an answer already waiting when the attempt\'s time limit falls due (the worker\'s process starved of CPU for longer than the timeout) is taken: one attempt, delivered once, not sent again', async () => {
    const fund = await t.fx.fund();
    const m = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    const rx = await startReceiver();
    try {
      // The receiver runs in this process: holding the CPU before it answers starves the worker's timer past
      // WEBHOOKS_TIMEOUT_MS, the way load does — the answer and the time limit then fall due in the same pause.
      rx.behave(() => {
        const end = Date.now() + SETTINGS.timeoutMs + 200;
        while (Date.now() < end) { /* busy: no timer, no socket of this process runs */ }
        return 200;
      });
      const sub = await subscribe(fund, rx.url);
      await event(m, 'starved');
      const read = async () => (await t.as.fund(fund.id).run(WebhookSubscriptionDeliveries, { id: sub.id })).webhookSubscription;
      await until(async () => (await read()).pendingCount === 0 && rx.received.length >= 1, 'the delivery settled');
      expect((await read()).deliveries.nodes).toEqual([expect.objectContaining({ status: 'DELIVERED', attempts: 1, lastStatusCode: 200, lastError: null })]);
      expect(rx.received.map((r) => r.answer)).toEqual([200]);
    } finally {
      await rx.close();
    }
  });

  it('EV-2: a real deregistration through GraphQL reaches the a-kasse\'s receiver as DEREGISTERED', async () => {
    const fund = await t.fx.fund();
    const member = await t.fx.citizen(jc, { unemploymentFundId: fund.id, unemployedSince: '2026-02-01' as never });
    const rx = await startReceiver();
    try {
      const sub = await subscribe(fund, rx.url);
      const r = await t.as.caseworker(jc.id).run(DeregisterCitizenForWebhooks, { input: { citizenId: member.id, reason: 'EMPLOYMENT' } });
      expect(r.deregisterCitizen.userErrors).toEqual([]);
      await until(() => rx.received.length >= 1, 'the DEREGISTERED event');
      const b = bodyOf(rx.received[0]!);
      expect(b).toMatchObject({ type: 'DEREGISTERED', citizenId: member.id, subscriptionId: sub.id });
      expect(verifies(rx.received[0]!, sub.secret)).toBe(true);
    } finally {
      await rx.close();
    }
  });

  it('EV-2: rotating the secret signs the following deliveries with the new one; a paused subscription gets nothing until resumed, then everything; a deleted one gets nothing', async () => {
    const fund = await t.fx.fund();
    const m = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    const rx = await startReceiver();
    try {
      const sub = await subscribe(fund, rx.url);
      const rot = (await t.as.fund(fund.id).run(RotateWebhookSecret, { input: { subscriptionId: sub.id } })).rotateWebhookSecret;
      expect(rot.secret).toMatch(/^whsec_/);
      expect(rot.secret).not.toBe(sub.secret);
      await event(m, 'after-rotation');
      await until(() => rx.received.length >= 1, 'delivery after rotation');
      expect(verifies(rx.received[0]!, rot.secret)).toBe(true);
      expect(verifies(rx.received[0]!, sub.secret)).toBe(false);

      expect((await t.as.fund(fund.id).run(DisableWebhookSubscriptionForWebhooks, { input: { subscriptionId: sub.id } })).disableWebhookSubscription)
        .toEqual({ subscription: { active: false }, userErrors: [] });
      const paused = await event(m, 'while-paused');
      await t.fx.untilFeedMayShow(paused);
      await worker.dispatchNow();
      expect(rx.received).toHaveLength(1);
      await t.as.fund(fund.id).run(EnableWebhookSubscriptionForWebhooks, { input: { subscriptionId: sub.id } });
      await until(() => rx.received.length >= 2, 'the paused event after resuming');
      expect(labels(rx.received)).toEqual(['after-rotation', 'while-paused']);

      expect((await t.as.fund(fund.id).run(DeleteWebhookSubscription, { input: { subscriptionId: sub.id } })).deleteWebhookSubscription).toEqual({ deletedId: sub.id, userErrors: [] });
      const gone = await event(m, 'after-delete');
      await t.fx.untilFeedMayShow(gone);
      await worker.dispatchNow();
      expect(rx.received).toHaveLength(2);
    } finally {
      await rx.close();
    }
  });

  it('EV-2: a receiver URL to an internal address is refused in every spelling (metadata, private, IPv4-mapped, decimal/octal, CGNAT, unique-local, link-local), naming the field, storing nothing — also in development', async () => {
    const fund = await t.fx.fund();
    await subscribe(fund, 'https://ak.example/hooks');
    const before = await t.ds.query(`SELECT * FROM webhook_subscription ORDER BY id`);
    const refused = [
      'https://169.254.169.254/x', 'https://10.0.0.1/x', 'https://[::ffff:127.0.0.1]/x', 'https://[::ffff:7f00:1]/x', 'https://[::ffff:a9fe:a9fe]/latest/meta-data',
      'https://127.0.0.2/x', 'https://0251.0376.0251.0376/x', 'https://2852039166/x', 'https://192.168.1.1/x', 'https://172.16.0.1/x', 'https://100.100.100.200/x',
      'https://[fd00:ec2::254]/x', 'https://[fe80::1]/x', 'https://[::]/x', 'https://0.0.0.0/x', 'https://255.255.255.255/x', 'https://224.0.0.251/x',
      'https://app.localhost/x', 'http://10.0.0.1/x',
    ];
    for (const url of refused) {
      const r = await t.as.fund(fund.id).exec(CreateWebhookSubscriptionForWebhooks, { input: { url } });
      expect(r.errors).toBeUndefined();
      expect([url, r.data!.createWebhookSubscription]).toEqual([url, {
        subscription: null, secret: null,
        userErrors: [{ code: 'INVALID_URL', message: expect.stringMatching(/^EV-2: url: .*(internal address|loopback name|http is allowed only)/), field: ['input', 'url'] }],
      }]);
    }
    expect(await t.ds.query(`SELECT * FROM webhook_subscription ORDER BY id`)).toEqual(before);
  });

  it('EV-2: only an a-kasse manages subscriptions, only its own; a URL that is not https (or http to loopback in development) is refused naming the field, changing nothing', async () => {
    const fund = await t.fx.fund();
    const otherFund = await t.fx.fund();
    const sub = await subscribe(fund, 'https://ak.example/hooks');
    const before = await t.ds.query(`SELECT * FROM webhook_subscription ORDER BY id`);

    for (const url of ['http://ak.example/hooks', 'ftp://ak.example/x', 'not a url', 'https://user:pw@ak.example/x', `https://ak.example/${'x'.repeat(2001)}`]) {
      const r = await t.as.fund(fund.id).exec(CreateWebhookSubscriptionForWebhooks, { input: { url } });
      expect(r.errors).toBeUndefined();
      expect(r.data!.createWebhookSubscription).toEqual({ subscription: null, secret: null, userErrors: [{ code: expect.stringMatching(/INVALID_URL|INVALID_INPUT/), message: expect.any(String), field: ['input', 'url'] }] });
    }
    const cw = await t.as.caseworker(jc.id).exec(WebhookSubscriptions);
    expect(cw.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.as.citizen((await t.fx.citizen(jc)).id).exec(CreateWebhookSubscriptionForWebhooks, { input: { url: 'https://x.example' } })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Another a-kasse sees nothing of it and cannot change it.
    expect((await t.as.fund(otherFund.id).run(WebhookSubscriptions)).webhookSubscriptions).toEqual([]);
    expect((await t.as.fund(otherFund.id).run(WebhookSubscriptionDeliveries, { id: sub.id })).webhookSubscription).toBeNull();
    const refusals: [string, TypedDocumentNode<any, any>][] = [
      ['rotateWebhookSecret', RotateWebhookSecretErrorsForWebhooks], ['disableWebhookSubscription', DisableWebhookSubscriptionErrorsForWebhooks],
      ['deleteWebhookSubscription', DeleteWebhookSubscriptionErrorsForWebhooks],
    ];
    for (const [op, doc] of refusals) {
      const r = await t.as.fund(otherFund.id).run(doc, { input: { subscriptionId: sub.id } });
      expect(r[op].userErrors).toEqual([{ code: 'NOT_FOUND', message: expect.stringMatching(/^EV-2: /), field: ['input', 'subscriptionId'] }]);
    }
    const bad = await t.as.fund(fund.id).exec(WebhookSubscriptionId);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badCursor = await t.as.fund(fund.id).exec(WebhookSubscriptionDeliveriesForWebhooks, { id: sub.id });
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await t.ds.query(`SELECT * FROM webhook_subscription ORDER BY id`)).toEqual(before);

    // The listing never shows a secret.
    const listed = await t.as.fund(fund.id).run(WebhookSubscriptionsForWebhooks);
    expect(listed.webhookSubscriptions).toEqual([{ id: sub.id, url: 'https://ak.example/hooks', active: true }]);
  });
});

/**
 * EV-2 outside development (NODE_ENV=production): no loopback receiver at all, at creation or delivery; a host name
 * is checked against its addresses before each attempt (the resolver is injected: no lookup, no traffic).
 */
describe('webhooks: no internal receivers outside development (EV-2, SSRF)', () => {
  const internalNames: Record<string, string[]> = { 'rebind.example': ['93.184.215.14', '10.0.0.5'] };
  // DNS rebinding: `localhost` answers a public address the first time it is asked, then its loopback address. The
  // public one is an IPv6 address (Cloudflare's resolver; on a host without IPv6 the connection fails at once).
  const rebinding = { asked: 0, publicAddress: '2606:4700:4700::1111' };
  const resolver = async (host: string) => {
    if (host !== 'localhost') return (internalNames[host] ?? []).map((address) => ({ address }));
    rebinding.asked++;
    return [{ address: rebinding.asked === 1 ? rebinding.publicAddress : '127.0.0.1' }];
  };
  const settings: WebhookWorkerSettings = { ...SETTINGS, development: false, resolver };
  let worker: WebhookWorker;
  const t = withApp({ now: '2026-03-11T09:00:00+01:00', development: false, beforeClose: () => worker.stop() });
  let jc: Jobcenter;

  beforeAll(async () => {
    worker = await startWebhookWorker(t.ds, settings, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
    jc = await t.fx.jobcenter();
  });

  it('EV-2: outside development a loopback receiver is refused at creation (https too, localhost too), naming the field, storing nothing', async () => {
    const fund = await t.fx.fund();
    const before = await t.ds.query(`SELECT * FROM webhook_subscription ORDER BY id`);
    for (const url of ['http://127.0.0.1:9000/x', 'https://127.0.0.1/x', 'https://[::1]/x', 'https://localhost/x', 'https://2130706433/x', 'https://0177.0.0.1/x']) {
      const r = await t.as.fund(fund.id).run(CreateWebhookSubscriptionForWebhooks, { input: { url } });
      expect([url, r.createWebhookSubscription]).toEqual([url, { subscription: null, secret: null, userErrors: [{ code: 'INVALID_URL', message: expect.stringMatching(/^EV-2: url: /), field: ['input', 'url'] }] }]);
    }
    expect(await t.ds.query(`SELECT * FROM webhook_subscription ORDER BY id`)).toEqual(before);
  });

  it('EV-2: before each attempt the receiver\'s addresses are checked: a name resolving to an internal address, and a loopback URL stored before the rule, are refused attempts (nothing sent, no status, no connection detail), then FAILED', async () => {
    const fund = await t.fx.fund();
    const member = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    const rx = await startReceiver();
    try {
      const named = (await t.as.fund(fund.id).run(CreateWebhookSubscriptionForWebhooks, { input: { url: 'https://rebind.example/hook' } })).createWebhookSubscription;
      expect(named.userErrors).toEqual([]);
      // A subscription stored before this rule (or by hand): the delivery-time check still refuses it.
      const [legacy] = await t.ds.query(
        `INSERT INTO webhook_subscription (unemployment_fund_id, url, secret, cursor_tx, cursor_seq, created_by, created_at)
         VALUES ($1, $2, 'whsec_test', pg_snapshot_xmin(pg_current_snapshot()), 0, 'test', now()) RETURNING id`, [fund.id, `${rx.url}/hook`]);
      await t.ds.query(
        `INSERT INTO domain_event (occurred_at, type, citizen_id, jobcenter_id, unemployment_fund_id, payload) VALUES (now(), 'NO_SHOW', $1, $2, $3, '{}'::jsonb)`,
        [member.id, member.jobcenterId, member.unemploymentFundId]);
      const read = async (id: string) => (await t.as.fund(fund.id).run(WebhookSubscriptionDeliveries, { id })).webhookSubscription;
      await until(async () => (await read(named.subscription.id)).failedCount === 1 && (await read(legacy.id)).failedCount === 1, 'both deliveries FAILED');
      expect((await read(named.subscription.id)).deliveries.nodes).toEqual([expect.objectContaining({
        status: 'FAILED', attempts: SETTINGS.maxAttempts, lastStatusCode: null, lastError: 'EV-2: the receiver\'s host rebind.example resolves to an internal address; refused',
      })]);
      expect((await read(legacy.id)).deliveries.nodes).toEqual([expect.objectContaining({
        status: 'FAILED', attempts: SETTINGS.maxAttempts, lastStatusCode: null, lastError: 'EV-2: the receiver\'s address 127.0.0.1 is internal; refused',
      })]);
      expect(rx.received).toEqual([]);
    } finally {
      await rx.close();
    }
  });

  it('EV-2: DNS rebinding — a name that answers a public address when checked and an internal one on the next lookup never reaches the internal address: each attempt connects only to the addresses checked for it', async () => {
    const fund = await t.fx.fund();
    const member = await t.fx.citizen(jc, { unemploymentFundId: fund.id });
    const rx = await startReceiver();
    try {
      // The receiver listens on 127.0.0.1; its URL names it `localhost`, which the system resolver would answer with
      // 127.0.0.1 (a subscription stored by hand: creation refuses localhost outside development).
      const url = rx.url.replace('127.0.0.1', 'localhost');
      const [sub] = await t.ds.query(
        `INSERT INTO webhook_subscription (unemployment_fund_id, url, secret, cursor_tx, cursor_seq, created_by, created_at)
         VALUES ($1, $2, 'whsec_test', pg_snapshot_xmin(pg_current_snapshot()), 0, 'test', now()) RETURNING id`, [fund.id, `${url}/hook`]);
      rebinding.asked = 0;
      await t.ds.query(
        `INSERT INTO domain_event (occurred_at, type, citizen_id, jobcenter_id, unemployment_fund_id, payload) VALUES (now(), 'NO_SHOW', $1, $2, $3, '{}'::jsonb)`,
        [member.id, member.jobcenterId, member.unemploymentFundId]);
      const read = async () => (await t.as.fund(fund.id).run(WebhookSubscriptionDeliveries, { id: sub.id })).webhookSubscription;
      await until(async () => { const r = await read(); return r.failedCount + r.deliveredCount === 1; }, 'the delivery settled (FAILED, or before the fix DELIVERED)');
      // Attempt 1 was checked against the public answer and connected there (not to the receiver); attempts 2–4 got
      // 127.0.0.1 and were refused. Before the fix, fetch resolved `localhost` again itself and reached the receiver.
      expect(rx.received).toEqual([]);
      expect((await read()).deliveries.nodes).toEqual([expect.objectContaining({
        status: 'FAILED', attempts: SETTINGS.maxAttempts, lastStatusCode: null, lastError: 'EV-2: the receiver\'s host localhost resolves to an internal address; refused',
      })]);
      // One resolution per attempt: the connection used the check's answer, it did not ask again.
      expect(rebinding.asked).toBe(SETTINGS.maxAttempts);
    } finally {
      await rx.close();
    }
  });
});
