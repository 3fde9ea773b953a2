import type { Client } from 'pg';
import { configureCursors, encodeCursor } from '../../src/domain/shared/pagination';
import { BENCH_CURSOR_SECRET } from './servers';
import type { PreparedRequest } from './load';

/**
 * The operations the benchmark drives, as a real frontend would send them, and the samples of realistic
 * random ids they are sent with (drawn from the seeded data).
 */

/** (1) The citizen frontend's one round trip. The bare reference answers the same shape. */
export const OBLIGATIONS = `query Obligations {
  myObligations {
    activeDeadline { id status availableFrom bookBy latestInterviewDate }
    immediateBookingRequired
    bookableSlots(first: 10) { slots { id startsAt endsAt form location } noSlotsAvailable immediateBooking windowFrom windowTo }
    plannedMeetings { id type origin form startsAt endsAt location }
    contactCourse { phase unemploymentDays interviewsHeld interviewsRequiredInFirstSixMonths nextPlannedInterview { id startsAt } }
  }
}`;

/**
 * Issue 14.1: with BENCH_BECAUSE=1 the obligations also ask why (the deadline's and the immediate booking's reasons,
 * in Danish), to measure what the explanations cost against the same query without them (docs/explanations.md).
 */
const OBLIGATIONS_BECAUSE = OBLIGATIONS
  .replace('latestInterviewDate }', 'latestInterviewDate because { ruleId source text } }')
  .replace('immediateBookingRequired\n', 'immediateBookingRequired immediateBookingRequiredBecause { ruleId source text }\n');

/** (2) A caseworker's list of 50 citizens with each one's active deadline, next meeting and contact-course status. */
export const CASEWORKER_LIST = `query CaseworkerList($jobcenterId: ID!, $after: String) {
  citizens(jobcenterId: $jobcenterId, first: 50, after: $after) {
    nodes {
      id name targetGroup
      activeDeadline { id status bookBy latestInterviewDate }
      contactCourse { phase behind nextDueDate interviewsHeld nextPlannedInterview { id type startsAt } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** (3) The booking burst. */
export const BOOK_SLOT = `mutation Book($input: BookSlotInput!) {
  bookSlot(input: $input) { meeting { id startsAt } deadline { id status } userErrors { code message } }
}`;

export const PUBLISH_SLOTS = `mutation Publish($input: PublishSlotsInput!) {
  publishSlots(input: $input) { slots { id startsAt } userErrors { code message field } }
}`;

/**
 * (4) An a-kasse reading its members' events from a cursor (EV-2), a page with each member's name: 100 as a portal
 * polls (fundEvents), FUND_CATCH_UP_PAGE as an a-kasse catching up on a backlog reads (fundEventsCatchUp, issue 16.6).
 */
const FUND_EVENTS = `query FundEvents($after: String, $first: Int) {
  unemploymentFundEvents(after: $after, first: $first) {
    nodes { id cursor sequence type occurredAt citizen { id name } payload }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Issue 16.6: the page an a-kasse catching up on its feed reads (the feed's documented maximum, docs/api/fund-portal-and-feed.md). */
export const FUND_CATCH_UP_PAGE = 500;

export function gqlRequest(actor: string, query: string, variables?: Record<string, unknown>): PreparedRequest {
  return { headers: { 'x-dev-actor': actor }, body: JSON.stringify(variables ? { query, variables } : { query }) };
}

/** Citizens who poll their obligations: registered citizens of every group, every state, every history length. */
export async function obligationSamples(c: Client, n: number): Promise<PreparedRequest[]> {
  const r = await c.query(`SELECT id FROM citizen TABLESAMPLE BERNOULLI (50) WHERE registered ORDER BY random() LIMIT $1`, [n]);
  if (process.env.BENCH_BECAUSE === '1') {
    return r.rows.map((row) => ({ ...gqlRequest(`citizen:${row.id}`, OBLIGATIONS_BECAUSE), headers: { 'x-dev-actor': `citizen:${row.id}`, 'accept-language': 'da' } }));
  }
  return r.rows.map((row) => gqlRequest(`citizen:${row.id}`, OBLIGATIONS));
}

/**
 * Caseworkers paging through their jobcenter's citizens: a random jobcenter (weighted by size, as caseworkers
 * are) and a random page of 50 in name order (the cursor the API hands out for the citizen before the page).
 */
export async function caseworkerListSamples(c: Client, n: number): Promise<{ requests: PreparedRequest[]; fullPages: boolean }> {
  configureCursors(BENCH_CURSOR_SECRET); // IN-2: cursors are sealed with the servers' key (bench/lib/servers.ts)
  const r = await c.query(`
    WITH ranked AS (
      SELECT id, name, jobcenter_id, row_number() OVER w AS pos, count(*) OVER (PARTITION BY jobcenter_id) AS size
        FROM citizen WINDOW w AS (PARTITION BY jobcenter_id ORDER BY name, id))
    SELECT id, name, jobcenter_id FROM ranked WHERE size - pos >= 50 ORDER BY random() LIMIT $1`, [n]);
  if (r.rows.length > 0) {
    return {
      fullPages: true,
      requests: r.rows.map((row) => gqlRequest(`caseworker:${row.jobcenter_id}:bench-cw`, CASEWORKER_LIST,
        { jobcenterId: row.jobcenter_id, after: encodeCursor('Query.citizens', [row.name, row.id]) })),
    };
  }
  // Tiny scales: no jobcenter has 51 citizens; list the largest ones from the start.
  const j = await c.query(`SELECT jobcenter_id FROM citizen GROUP BY 1 ORDER BY count(*) DESC LIMIT 5`);
  return { fullPages: false, requests: j.rows.map((row) => gqlRequest(`caseworker:${row.jobcenter_id}:bench-cw`, CASEWORKER_LIST, { jobcenterId: row.jobcenter_id })) };
}

/**
 * A-kasse portals polling their feed: a random a-kasse (weighted by its number of events) continuing from a
 * random position in its own event history (the cursor the API hands out: base64url of [tx_id, seq]).
 */
export async function fundEventSamples(c: Client, n: number, fundTypes: readonly string[], first = 100): Promise<PreparedRequest[]> {
  // Positions with at least a full page (`first` events) after them, so every request reads a full page at any scale.
  const r = await c.query(`
    SELECT fund, tx, seq FROM (
      SELECT e.unemployment_fund_id AS fund, e.tx_id::text AS tx, e.seq::text AS seq,
             row_number() OVER (PARTITION BY e.unemployment_fund_id ORDER BY e.tx_id DESC, e.seq DESC) AS after_it
        FROM domain_event e
       WHERE e.unemployment_fund_id IS NOT NULL AND e.type = ANY($1::text[])) x
     WHERE after_it > $3 ORDER BY random() LIMIT $2`, [fundTypes, n, first]);
  return r.rows.map((row) => gqlRequest(`unemployment-fund:${row.fund}:bench-ak`, FUND_EVENTS,
    { after: Buffer.from(JSON.stringify([row.tx, row.seq])).toString('base64url'), first }));
}
