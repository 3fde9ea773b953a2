/**
 * `npx tsx bench/limits-overhead.ts`: the CPU time the query limits (src/auth/query-cost.ts, query-limits.ts) add to
 * one request, measured in-process and so free of the machine's background load: the cost of the citizen's
 * obligations query and the caseworker list computed afresh and from the cache, and one take() of the per-actor
 * budget. Compare with the CPU time per request of `npm run bench` (bench/results/limits.md).
 */
import { buildSchema, parse } from 'graphql';
import { cachedQueryCost, queryCost } from '../src/auth/query-cost';
import { MutationRateLimiter } from '../src/auth/rate-limit';
import { loadTypeDefs } from '../src/server';
import { CASEWORKER_LIST, OBLIGATIONS } from './lib/operations';

function perCallMicros(fn: (i: number) => unknown, n: number): number {
  for (let i = 0; i < Math.min(n, 2000); i++) fn(i); // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  return Math.round((Number(process.hrtime.bigint() - t0) / 1000 / n) * 100) / 100;
}

const schema = buildSchema(loadTypeDefs());
const obligations = parse(OBLIGATIONS);
const list = parse(CASEWORKER_LIST);
const listVars = { jobcenterId: '00000000-0000-4000-8000-00000000a001', after: null };
const limiter = new MutationRateLimiter({ perMinute: 600_000, burst: 150_000 });
const rows = [
  ['obligations: cost computed afresh', perCallMicros(() => queryCost(schema, obligations, {}, undefined), 20_000), queryCost(schema, obligations, {}, undefined)],
  ['obligations: cost from the cache (every request after the first)', perCallMicros(() => cachedQueryCost(schema, obligations, {}, undefined), 200_000), cachedQueryCost(schema, obligations, {}, undefined)],
  ['caseworker list (first: 50): cost computed afresh', perCallMicros(() => queryCost(schema, list, listVars, undefined), 20_000), queryCost(schema, list, listVars, undefined)],
  ['caseworker list: cost from the cache', perCallMicros(() => cachedQueryCost(schema, list, listVars, undefined), 200_000), cachedQueryCost(schema, list, listVars, undefined)],
  ['per-actor budget: one take() (5000 actors)', perCallMicros((i) => limiter.take(`citizen:${i % 5000}`, 60), 200_000), ''],
];
console.log('| step | µs per request | cost |\n| --- | --- | --- |');
for (const [name, us, cost] of rows) console.log(`| ${name} | ${us} | ${cost} |`);
