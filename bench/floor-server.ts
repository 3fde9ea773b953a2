/**
 * The Apollo floor: what Node's HTTP, Apollo Server 5 and graphql-js alone cost for the benchmark's obligations
 * query, with no database and no code of ours. It loads the real schema (schema/*.graphql), answers
 * `myObligations` with one constant object of the same shape and size as a seeded citizen's answer (a deadline, 10
 * slots, 2 meetings, the contact course), and reads the request like the API (node:http, the body parsed as JSON,
 * Apollo's `executeHTTPGraphQLRequest`). No plugins, no access guard, no loaders, no database.
 *
 * Why: issue 16 asks the obligations at ≥ 45 % of the bare reference (node:http + pg). This server is the ceiling of
 * any API built on Apollo 5 + graphql-js here — if it does not reach far above 45 %, the gap is the stack's, not
 * the code's. `bench/floor.ts` measures it beside the bare reference; results in bench/results.
 *
 * Run: PORT=… node --import tsx bench/floor-server.ts
 */
import http from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { loadTypeDefs } from '../src/server';

const slot = (i: number) => ({
  id: `5f0c8a1e-7b2d-4c3e-9a1f-00000000000${i}`, startsAt: `2026-12-0${1 + (i % 8)}T09:${10 + i}:00+01:00`,
  endsAt: `2026-12-0${1 + (i % 8)}T09:${40 + i}:00+01:00`, form: 'IN_PERSON', location: 'Jobcenter København, Kalvebod Brygge 45',
});
const meeting = (i: number) => ({
  id: `7a1b2c3d-4e5f-4a6b-8c7d-00000000000${i}`, type: 'JOB_INTERVIEW', origin: 'SELF_BOOKED', form: 'IN_PERSON',
  startsAt: `2026-12-1${i}T10:00:00+01:00`, endsAt: `2026-12-1${i}T10:30:00+01:00`, location: 'Jobcenter København',
});
const OBLIGATIONS = {
  activeDeadline: { id: '0b6f3c2e-1d4a-4f5b-8e9c-000000000001', status: 'OPEN', availableFrom: '2026-11-20', bookBy: '2026-12-04', latestInterviewDate: '2026-12-18' },
  immediateBookingRequired: false,
  bookableSlots: { slots: Array.from({ length: 10 }, (_x, i) => slot(i)), noSlotsAvailable: false, immediateBooking: false, windowFrom: '2026-12-01', windowTo: '2026-12-18' },
  plannedMeetings: [meeting(1), meeting(2)],
  contactCourse: { phase: 'FIRST_SIX_MONTHS', unemploymentDays: 61, interviewsHeld: 2, interviewsRequiredInFirstSixMonths: 4, nextPlannedInterview: { id: meeting(1).id, startsAt: meeting(1).startsAt } },
};

async function main(): Promise<void> {
  const apollo = new ApolloServer({
    typeDefs: loadTypeDefs(),
    resolvers: { Query: { myObligations: () => OBLIGATIONS } },
    introspection: false, csrfPrevention: true, allowBatchedHttpRequests: false, persistedQueries: false, stopOnTerminationSignals: false,
  });
  await apollo.start();
  const server = http.createServer((req, res) => {
    if (req.url === '/ready') return void res.end('ok');
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { raw += c; });
    req.on('end', () => {
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: { method: req.method ?? 'POST', headers, search: '', body: JSON.parse(raw) }, context: async () => ({}) })
        .then((r) => {
          for (const [k, v] of r.headers) res.setHeader(k, v);
          res.statusCode = r.status ?? 200;
          res.end(r.body.kind === 'complete' ? r.body.string : '');
        }, (err: Error) => { res.statusCode = 500; res.end(err.message); });
    });
  });
  server.listen(Number(process.env.PORT ?? 4100), '127.0.0.1');
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

void main();
