import { ApolloServer } from '@apollo/server';
import DataLoader from 'dataloader';
import { Temporal } from 'temporal-polyfill';
import { RequestAudit } from '../../src/audit/access-log';
import { guardResolvers } from '../../src/auth/field-guard';
import { anyone, ruled, signedIn } from '../../src/auth/policy';
import type { Actor } from '../../src/domain/shared/actor';

/**
 * The field guard on a small schema of its own, so that its rules are proven independently of the services'
 * checks (which would otherwise hide a guard that lets everything through).
 */
const SDL = `
  type Query {
    one(id: ID!): Meeting
    must(id: ID!): Meeting!
    many: [Meeting!]!
    person(id: ID!): Citizen
    text(s: String, list: [String!]): String
  }
  type Mutation { ping: Boolean  change(input: ChangeInput!): Boolean  changed(input: ChangeInput!): ChangePayload! }
  input ChangeInput { meetingId: ID!  note: String  tags: [String!] }
  type ChangePayload { ok: Boolean  userErrors: [ChangeError!]! }
  type ChangeError { code: String!  message: String!  field: [String!] }
  type Meeting { id: ID! type: String! citizen: Citizen! }
  type Citizen { id: ID! name: String! cpr: String }
`;

const X = '00000000-0000-4000-8000-00000000000a';
const Y = '00000000-0000-4000-8000-00000000000b';
const Z = '00000000-0000-4000-8000-00000000000c';
class Citizen {
  constructor(public id: string, public name: string, public jobcenterId: string, public unemploymentFundId: string | null, public cpr = '0101901234') {}
}
const cx = new Citizen('00000000-0000-4000-8000-000000000001', 'Anna X', X, Z);
const cy = new Citizen('00000000-0000-4000-8000-000000000002', 'Bo Y', Y, null);
const citizens = new Map([cx, cy].map((c) => [c.id, c]));
const meetings = [
  { id: '00000000-0000-4000-8000-000000000011', type: 'JOB_INTERVIEW', citizenId: cx.id },
  { id: '00000000-0000-4000-8000-000000000012', type: 'JOINT_INTERVIEW', citizenId: cx.id },
  { id: '00000000-0000-4000-8000-000000000013', type: 'JOB_INTERVIEW', citizenId: cy.id },
  // Inconsistent on purpose: filed under X's citizen, but its citizen field resolves to Y's citizen.
  { id: '00000000-0000-4000-8000-000000000014', type: 'JOB_INTERVIEW', citizenId: cx.id, shownCitizen: cy.id },
];

const resolvers = {
  Query: {
    one: (_: unknown, { id }: { id: string }) => meetings.find((m) => m.id === id) ?? null,
    must: (_: unknown, { id }: { id: string }) => meetings.find((m) => m.id === id),
    many: () => meetings,
    person: (_: unknown, { id }: { id: string }) => citizens.get(id) ?? null,
    text: (_: unknown, { s }: { s?: string }) => s ?? null,
  },
  Mutation: { ping: () => true, change: () => true, changed: () => ({ ok: true, userErrors: [] }) },
  Meeting: { citizen: (m: { citizenId: string; shownCitizen?: string }) => citizens.get(m.shownCitizen ?? m.citizenId) },
};

/** This schema's own access policies (src/auth/policy.ts): every root field needs one. */
const POLICIES = {
  'Query.one': signedIn, 'Query.must': signedIn, 'Query.many': signedIn, 'Query.person': signedIn, 'Query.text': signedIn,
  'Mutation.ping': anyone, 'Mutation.change': signedIn, 'Mutation.changed': ruled('MT-5', signedIn),
};

describe('field guard (src/auth/field-guard.ts)', () => {
  let server: ApolloServer;
  beforeAll(async () => {
    server = new ApolloServer({ typeDefs: SDL, resolvers: guardResolvers(SDL, resolvers as never, POLICIES) as never });
    await server.start();
  });
  afterAll(() => server.stop());

  async function run(actor: Actor, query: string, variables?: Record<string, unknown>) {
    const audit = new RequestAudit(actor, 'req-1', 'unit test');
    const contextValue = {
      actor, audit,
      loaders: { citizen: new DataLoader<string, Citizen | null>(async (ids) => ids.map((id) => citizens.get(id) ?? null)) },
    };
    const res = await server.executeOperation({ query, variables }, { contextValue: contextValue as never });
    const body = (res.body as { singleResult: { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] } }).singleResult;
    return { ...body, codes: (body.errors ?? []).map((e) => e.extensions?.code), reads: audit.takeReads(Temporal.Instant.from('2026-03-02T08:00:00Z')) };
  }
  const cwX: Actor = { kind: 'CASEWORKER', jobcenterId: X, userId: 'u' };
  const fundZ: Actor = { kind: 'UNEMPLOYMENT_FUND', unemploymentFundId: Z, userId: 'f' };

  it('lists keep only what the actor may see (and the citizens they belong to are noted for the access log)', async () => {
    const r = await run(cwX, `{ many { id } }`);
    expect(r.data!.many.map((m: { id: string }) => m.id)).toEqual([meetings[0]!.id, meetings[1]!.id, meetings[3]!.id]);
    expect(r.codes).toEqual([]);
    expect(r.reads.map((x) => [x.citizenId, x.operation])).toEqual([[cx.id, 'Query.many']]);
  });

  it('IN-2: a hidden nullable value reads null; a hidden non-null value is FORBIDDEN citing IN-2', async () => {
    expect((await run(cwX, `query($id: ID!) { one(id: $id) { id } }`, { id: meetings[2]!.id })).data).toEqual({ one: null });
    const must = await run(cwX, `query($id: ID!) { must(id: $id) { id } }`, { id: meetings[2]!.id });
    expect(must.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['FORBIDDEN', 'IN-2: Query.must: not visible to this actor']]);
    expect(must.data).toBeNull();
  });

  it('a nested value is checked on its own: a visible meeting cannot disclose another jobcenter\'s citizen', async () => {
    const r = await run(cwX, `query($id: ID!) { one(id: $id) { id citizen { name } } }`, { id: meetings[3]!.id });
    expect(r.codes).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(r.data)).not.toContain('Bo Y');
    expect(r.reads.map((x) => x.citizenId)).not.toContain(cy.id);
  });

  it('an a-kasse sees its member\'s joint interviews only, and not the CPR number', async () => {
    const r = await run(fundZ, `{ many { id type } }`);
    expect(r.data!.many).toEqual([{ id: meetings[1]!.id, type: 'JOINT_INTERVIEW' }]);
    const p = await run(fundZ, `query($id: ID!) { person(id: $id) { name cpr } }`, { id: cx.id });
    expect(p.data).toEqual({ person: { name: 'Anna X', cpr: null } });
    expect(p.codes).toEqual(['FORBIDDEN']);
  });

  it('statistics readers get no individual; anonymous callers reach only the public root fields', async () => {
    expect((await run({ kind: 'STATISTICS', userId: 's' }, `{ many { id } }`)).data).toEqual({ many: [] });
    expect((await run({ kind: 'ANONYMOUS' }, `{ many { id } }`)).codes).toEqual(['UNAUTHENTICATED']);
    expect((await run({ kind: 'ANONYMOUS' }, `mutation { ping }`)).data).toEqual({ ping: true });
  });

  it('arguments: IDs must be UUIDs, text has a length limit and no NUL, in lists too', async () => {
    expect((await run(cwX, `{ one(id: "1 OR 1=1") { id } }`)).codes).toEqual(['BAD_USER_INPUT']);
    expect((await run(cwX, `query($s: String) { text(s: $s) }`, { s: 'a\u0000b' })).codes).toEqual(['BAD_USER_INPUT']);
    expect((await run(cwX, `query($s: String) { text(s: $s) }`, { s: 'x'.repeat(2001) })).codes).toEqual(['BAD_USER_INPUT']);
    expect((await run(cwX, `query($l: [String!]) { text(list: $l) }`, { l: ['ok', 'x'.repeat(2001)] })).codes).toEqual(['BAD_USER_INPUT']);
    expect((await run(cwX, `query($s: String) { text(s: $s) }`, { s: 'x'.repeat(2000) })).data).toEqual({ text: 'x'.repeat(2000) });
  });

  it('a mutation with userErrors answers a bad …Id, overlong text or NUL in its input (list items too) with its INVALID_INPUT user error citing its rule; without userErrors, BAD_USER_INPUT', async () => {
    const m = `mutation($input: ChangeInput!) { change(input: $input) }`;
    expect((await run(cwX, m, { input: { meetingId: 'x' } })).errors?.map((e) => [e.extensions?.code, e.message]))
      .toEqual([['BAD_USER_INPUT', 'Mutation.change: input.meetingId must be an ID returned by this API (a UUID)']]);
    expect((await run(cwX, m, { input: { meetingId: meetings[0]!.id, note: '\u0000' } })).codes).toEqual(['BAD_USER_INPUT']);
    expect((await run(cwX, m, { input: { meetingId: meetings[0]!.id, tags: ['t'.repeat(2001)] } })).codes).toEqual(['BAD_USER_INPUT']);
    const p = `mutation($input: ChangeInput!) { changed(input: $input) { ok userErrors { code message field } } }`;
    const answers = async (input: Record<string, unknown>) => (await run(cwX, p, { input })).data!.changed;
    expect(await answers({ meetingId: 'x', note: 'n'.repeat(5000) })).toEqual({ ok: null, userErrors: [{ code: 'INVALID_INPUT', message: 'MT-5: meetingId must be an ID returned by this API (a UUID)', field: ['input', 'meetingId'] }] });
    expect(await answers({ meetingId: meetings[0]!.id, note: 'a\u0000b' })).toEqual({ ok: null, userErrors: [{ code: 'INVALID_INPUT', message: 'MT-5: note must not contain NUL characters (U+0000)', field: ['input', 'note'] }] });
    expect(await answers({ meetingId: meetings[0]!.id, tags: ['ok', 't'.repeat(2001)] })).toEqual({ ok: null, userErrors: [{
      code: 'INVALID_INPUT', message: 'MT-5: tags has 2001 characters; no text input may exceed 2000 (the general bound; the field\'s own limit may be lower)', field: ['input', 'tags', '1'],
    }] });
  });
});
