/**
 * Hostile-input corpus through real HTTP against the server in production mode (NODE_ENV=production
 * behaviour: no introspection, no field suggestions, masked errors; AUTH_MODE=jwt). Every request must be
 * answered with a clear error code (HTTP status and `extensions.code`, or the mutation's user error code)
 * and must change nothing: every table, the access log included, is compared before and after each one.
 */
import {
  type GraphQLInputType, GraphQLEnumType, GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLScalarType, buildASTSchema, parse,
} from 'graphql';
import { SignJWT } from 'jose';
import { loadTypeDefs } from '../../src/server';
import type { Citizen, Deadline, Jobcenter, Meeting, Slot, UnemploymentFund } from '../../src/entities';
import { withApp } from '../support/app';
import { type HttpResult, request } from '../support/http';
import { snapshotAll } from '../support/snapshot';
import { b64, testIssuer, type TestIssuer } from '../support/tokens';

interface Expected {
  status: number;
  /** `extensions.code` of the first error, or the code of the first user error of the mutation payload. */
  code: string;
  /** Text the response must not contain (e.g. schema hints). */
  notContaining?: string[];
}
interface Case {
  name: string;
  send: () => Promise<HttpResult>;
  expect: Expected;
}

const schema = buildASTSchema(parse(loadTypeDefs()), { assumeValidSDL: true });

describe('hostile-input corpus (production mode, real HTTP)', () => {
  let url: string;
  let idp: TestIssuer;
  const t = withApp(async () => {
    idp = await testIssuer('https://idp.test/hostile');
    return { authMode: 'jwt', development: false, app: { auth: { issuers: [idp.config] } } };
  });
  let cwToken: string; // caseworker of jobcenter X
  let jcX: Jobcenter;
  let jcY: Jobcenter;
  let fundY: UnemploymentFund;
  let cx: Citizen; // a citizen of X
  let cy: Citizen; // a citizen of Y: X's caseworker must find nothing
  let dy: Deadline;
  let my: Meeting;
  let sy: Slot;
  const cases: Case[] = [];

  beforeAll(async () => {
    url = await t.listen();
    jcX = await t.fx.jobcenter();
    jcY = await t.fx.jobcenter();
    fundY = await t.fx.fund();
    cx = await t.fx.citizen(jcX);
    cy = await t.fx.citizen(jcY, { unemploymentFundId: fundY.id });
    dy = await t.fx.deadline(cy, '2026-03-02', '2026-03-10');
    my = await t.fx.meeting(cy, '2026-03-20', '10:00', { type: 'JOINT_INTERVIEW' });
    sy = await t.fx.slot(jcY, '2026-03-06');
    cwToken = await idp.sign({ role: 'caseworker', jobcenter_id: jcX.id, sub: 'hostile-tester' });
  });

  // ---- helpers ----
  // GraphQL as strings on purpose in this file: malformed and hostile documents, sent as raw bodies.
  const auth = () => ({ authorization: `Bearer ${cwToken}` });
  const json = (body: unknown, headers: Record<string, string> = auth()) =>
    request(url, { headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const gql = (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => json({ query, variables }, headers);
  const add = (name: string, send: () => Promise<HttpResult>, expect: Expected) => cases.push({ name, send, expect });
  const ISSUE = `mutation($input: IssueDeadlineInput!) { issueDeadline(input: $input) { deadline { id } userErrors { code message } } }`;
  const PUBLISH = `mutation($input: PublishSlotsInput!) { publishSlots(input: $input) { slots { id } userErrors { code message } } }`;
  const CITIZEN = `query($id: ID!) { citizen(id: $id) { id name } }`;
  const BAD_REQ = { status: 400, code: 'BAD_REQUEST' };
  const BAD_INPUT = { status: 400, code: 'BAD_USER_INPUT' };
  const BAD_INPUT_200 = { status: 200, code: 'BAD_USER_INPUT' };
  const INVALID_INPUT = { status: 200, code: 'INVALID_INPUT' };
  const VALIDATION = { status: 400, code: 'GRAPHQL_VALIDATION_FAILED' };
  const UNAUTH = { status: 401, code: 'UNAUTHENTICATED' };

  // ---- A. malformed JSON ----
  const malformed: [string, string | Buffer][] = [
    ['an unterminated object', '{'],
    ['a cut-off query', '{"query":'],
    ['an unterminated array', '['],
    ['null', 'null'],
    ['a bare string', '"{ serverInfo { today } }"'],
    ['a number', '123'],
    ['true', 'true'],
    ['trailing garbage', '{"query":"{ serverInfo { today } }"} trailing'],
    ['single quotes', "{'query':'{ serverInfo { today } }'}"],
    ['a comment', '{"query": /* x */ "{ serverInfo { today } }"}'],
    ['100 000 nested arrays', '['.repeat(100_000)],
    ['invalid UTF-8 bytes', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ['an empty body', ''],
    ['whitespace only', '   \n\t '],
    ['a batched (array) request', JSON.stringify([{ query: '{ serverInfo { today } }' }, { query: '{ serverInfo { now } }' }])],
  ];
  for (const [name, body] of malformed) add(`malformed JSON: ${name}`, () => request(url, { headers: { 'content-type': 'application/json', ...auth() }, body }), BAD_REQ);
  add('malformed JSON: query is a number', () => json({ query: 5 }), BAD_REQ);
  add('malformed JSON: query is null', () => json({ query: null }), BAD_REQ);
  add('malformed JSON: no query at all', () => json({}), BAD_REQ);
  add('malformed JSON: variables is a string', () => json({ query: CITIZEN, variables: '{"id":1}' }), BAD_REQ);
  add('malformed JSON: variables is an array', () => json({ query: CITIZEN, variables: [1] }), BAD_REQ);
  add('malformed JSON: operationName is a number', () => json({ query: CITIZEN, operationName: 5 }), BAD_REQ);
  add('malformed JSON: extensions is a string', () => json({ query: '{ serverInfo { today } }', extensions: 'x' }), BAD_REQ);
  add('persisted-query hash instead of a query (APQ is off)', () => json({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }), { status: 200, code: 'PERSISTED_QUERY_NOT_SUPPORTED' });
  add('a GraphQL syntax error', () => gql('{ citizen(id: "x" { id }'), { status: 400, code: 'GRAPHQL_PARSE_FAILED' });
  add('an unknown operationName', () => json({ query: '{ serverInfo { today } }', operationName: 'Nope' }), { status: 400, code: 'OPERATION_RESOLUTION_FAILURE' });
  add('two operations and no operationName', () => gql('query A { serverInfo { today } } query B { serverInfo { now } }'), { status: 400, code: 'OPERATION_RESOLUTION_FAILURE' });
  add('a subscription operation', () => gql('subscription { serverInfo { today } }'), VALIDATION);
  add('a fragment cycle', () => gql('query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }'), VALIDATION);
  add('an undefined variable', () => gql('query { citizen(id: $id) { id } }'), VALIDATION);

  // ---- B. wrong content types and methods ----
  const body = JSON.stringify({ query: '{ serverInfo { today } }' });
  for (const ctype of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/graphql', 'text/html', 'application/json-patch+json', 'application/xml']) {
    add(`content type ${ctype}`, () => request(url, { headers: { 'content-type': ctype, ...auth() }, body }), { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  }
  add('no content type', () => request(url, { headers: auth(), body }), { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    add(`method ${method}`, () => request(url, { method, headers: { 'content-type': 'application/json', ...auth() }, body }), { status: 405, code: 'METHOD_NOT_ALLOWED' });
  }
  add('GET without a CSRF preflight header (simple request)', () => request(`${url}?query=${encodeURIComponent('{ serverInfo { today } }')}`, { method: 'GET', headers: auth() }), BAD_REQ);
  add('a mutation over GET', () => request(`${url}?query=${encodeURIComponent(`mutation { ping }`)}`, { method: 'GET', headers: { ...auth(), 'apollo-require-preflight': '1' } }), { status: 405, code: 'BAD_REQUEST' });
  add('a body over 1 MB (by content-length)', () => request(url, { headers: { 'content-type': 'application/json', ...auth() }, body: JSON.stringify({ query: '{ serverInfo { today } }', variables: { x: 'a'.repeat(1_100_000) } }) }), { status: 413, code: 'PAYLOAD_TOO_LARGE' });

  // ---- C. invalid dates ----
  for (const bookBy of ['2026-02-30', '10-03-2026', '2026-3-1', '', '2026-03-10T00:00:00', '+002026-03-10', '99999-01-01', '2026-13-01', '0000-00-00', ' 2026-03-10', '2026-03-10\n', 'tomorrow']) {
    add(`Date ${JSON.stringify(bookBy)}`, () => gql(ISSUE, { input: { citizenId: cx.id, bookBy } }), BAD_INPUT);
  }
  add('Date as a number', () => gql(ISSUE, { input: { citizenId: cx.id, bookBy: 20260310 } }), BAD_INPUT);
  add('Date missing (null for a required field)', () => gql(ISSUE, { input: { citizenId: cx.id, bookBy: null } }), BAD_INPUT);
  for (const startsAt of ['2026-03-20T10:00:00', '2026-03-20', '2026-03-29T02:30', 'now', '2026-03-20T25:00:00+01:00', '2026-03-20T10:00:00+25:00']) {
    add(`DateTime ${JSON.stringify(startsAt)}`, () => gql(PUBLISH, { input: { jobcenterId: jcX.id, slots: [{ startsAt, endsAt: '2026-03-20T10:30:00+01:00' }] } }), BAD_INPUT);
  }
  add('DateTime in a query filter', () => gql(`query($f: SlotFilter!) { slots(filter: $f) { nodes { id } } }`, { f: { jobcenterId: jcX.id, from: 'last week' } }), BAD_INPUT);

  // ---- D. invalid IDs ----
  const badIds = ['x', "' OR 1=1 --", '{00000000-0000-4000-8000-000000000000}', '00000000-0000-4000-8000-00000000000g', 'a'.repeat(5000), '1; DROP TABLE citizen', '../../etc/passwd', '00000000-0000-4000-8000-000000000000\u0000'];
  for (const id of badIds) add(`citizen(id: ${JSON.stringify(id.slice(0, 40))})`, () => gql(CITIZEN, { id }), BAD_INPUT_200);
  add('citizen(id: 123) (an Int as ID)', () => gql(CITIZEN, { id: 123 }), BAD_INPUT_200);
  const idQueries: [string, string, Record<string, unknown>][] = [
    ['deadline(id)', `query($id: ID!) { deadline(id: $id) { id } }`, { id: 'x' }],
    ['meeting(id)', `query($id: ID!) { meeting(id: $id) { id } }`, { id: 'x' }],
    ['jobcenter(id)', `query($id: ID!) { jobcenter(id: $id) { id } }`, { id: 'x' }],
    ['unemploymentFund(id)', `query($id: ID!) { unemploymentFund(id: $id) { id } }`, { id: 'x' }],
    ['accessLog(citizenId)', `query($id: ID!) { accessLog(citizenId: $id) { nodes { at } } }`, { id: 'x' }],
    ['citizens(jobcenterId)', `query($id: ID!) { citizens(jobcenterId: $id) { nodes { id } } }`, { id: 'x' }],
    ['slots(filter.jobcenterId)', `query($f: SlotFilter!) { slots(filter: $f) { nodes { id } } }`, { f: { jobcenterId: 'x' } }],
  ];
  for (const [name, q, v] of idQueries) add(`invalid ID in ${name}`, () => gql(q, v), BAD_INPUT_200);
  const badIdMutations: [string, string, () => Record<string, unknown>][] = [
    ['citizenId', ISSUE, () => ({ citizenId: "'; DROP TABLE meeting; --", bookBy: '2026-03-12' })],
    ['deadlineId', `mutation($input: ExtendDeadlineInput!) { extendDeadline(input: $input) { deadline { id } userErrors { code } } }`, () => ({ deadlineId: 'x', bookBy: '2026-03-12', reason: 'r' })],
    ['meetingId', `mutation($input: CancelMeetingInput!) { cancelMeeting(input: $input) { meeting { id } userErrors { code } } }`, () => ({ meetingId: '1 OR 1=1', reason: 'r' })],
    ['slotId', `mutation($input: WithdrawSlotInput!) { withdrawSlot(input: $input) { slot { id } userErrors { code } } }`, () => ({ slotId: '00000000-0000-0000-0000-00000000000z' })],
    ['jobcenterId', PUBLISH, () => ({ jobcenterId: '../jobcenter', slots: [] })],
    ['replacesMeetingId', `mutation($input: CallInMeetingInput!) { callInMeeting(input: $input) { meeting { id } userErrors { code } } }`,
      () => ({ citizenId: cx.id, type: 'JOB_INTERVIEW', startsAt: '2026-03-20T10:00:00+01:00', endsAt: '2026-03-20T10:30:00+01:00', replacesMeetingId: 'null' })],
  ];
  for (const [field, mutation, input] of badIdMutations) add(`invalid ${field} in a mutation input`, () => gql(mutation, { input: input() }), INVALID_INPUT);

  // ---- E. oversize strings ----
  add('a 2001-character reason', () => gql(`mutation($input: ExtendDeadlineInput!) { extendDeadline(input: $input) { deadline { id } userErrors { code } } }`, { input: { deadlineId: dy.id, bookBy: '2026-03-12', reason: 'r'.repeat(2001) } }), INVALID_INPUT);
  add('a 100 000-character location in a slot list', () => gql(PUBLISH, { input: { jobcenterId: jcX.id, slots: [{ startsAt: '2026-03-20T10:00:00+01:00', endsAt: '2026-03-20T10:30:00+01:00', location: 'L'.repeat(100_000) }] } }), INVALID_INPUT);
  add('a 900 kB idempotency key', () => gql(ISSUE, { input: { citizenId: cx.id, bookBy: '2026-03-12', idempotencyKey: 'k'.repeat(900_000) } }), INVALID_INPUT);
  add('a 3000-character cursor', () => gql(`query($jc: ID!, $after: String) { citizens(jobcenterId: $jc, after: $after) { nodes { id } } }`, { jc: jcX.id, after: 'c'.repeat(3000) }), BAD_INPUT_200);
  add('a forged cursor', () => gql(`query($jc: ID!, $after: String) { citizens(jobcenterId: $jc, after: $after) { nodes { id } } }`, { jc: jcX.id, after: Buffer.from('["a"]').toString('base64url') }), BAD_INPUT_200);
  add('an Int beyond 32 bits', () => gql(`query($jc: ID!) { citizens(jobcenterId: $jc, first: 3000000000) { nodes { id } } }`, { jc: jcX.id }), VALIDATION);
  add('an Int variable beyond 32 bits', () => gql(`query($jc: ID!, $n: Int) { citizens(jobcenterId: $jc, first: $n) { nodes { id } } }`, { jc: jcX.id, n: 2 ** 40 }), BAD_INPUT);
  add('an unknown enum value', () => gql(`mutation($input: CloseDeadlineInput!) { closeDeadline(input: $input) { userErrors { code } } }`, { input: { deadlineId: dy.id, reason: 'DROP_TABLES' } }), BAD_INPUT);
  add('an unknown input field', () => gql(ISSUE, { input: { citizenId: cx.id, bookBy: '2026-03-12', isAdmin: true } }), BAD_INPUT);

  // ---- F. deep, aliased, costly queries ----
  let deep = 'id';
  for (let i = 0; i < 8; i++) deep = `meetings { citizen { ${deep} } }`;
  add('a query 17 levels deep', () => gql(`query($id: ID!) { citizen(id: $id) { ${deep} } }`, { id: cx.id }), VALIDATION);
  add('100 aliases of one field', () => gql(`{ ${Array.from({ length: 100 }, (_, i) => `a${i}: serverInfo { today }`).join(' ')} }`), VALIDATION);
  add('16 aliases (limit 15)', () => gql(`{ ${Array.from({ length: 16 }, (_, i) => `a${i}: serverInfo { today }`).join(' ')} }`), VALIDATION);
  add('50 aliased mutations in one request', () => gql(`mutation { ${Array.from({ length: 50 }, (_, i) => `p${i}: ping`).join(' ')} }`), VALIDATION);
  add('50 directives', () => gql(`{ serverInfo { today ${'@include(if: true) '.repeat(50)} } }`), VALIDATION);
  add('3000 tokens', () => gql(`{ serverInfo { ${'today '.repeat(3000)} } }`), { status: 400, code: 'GRAPHQL_PARSE_FAILED' });
  add('a wide and deep fan-out (cost)', () => gql(`query($jc: ID!) { citizens(jobcenterId: $jc, first: 200) { nodes { ${Array.from({ length: 6 }, (_, i) => `m${i}: meetings { citizen { meetings { citizen { deadlines { id bookBy status } } } } }`).join(' ')} } } }`, { jc: jcX.id }), VALIDATION);
  add('nested fragments hiding depth', () => gql(`query($id: ID!) { citizen(id: $id) { ...F1 } } ${Array.from({ length: 8 }, (_, i) => `fragment F${i + 1} on Citizen { meetings { citizen { ${i < 7 ? `...F${i + 2}` : 'id'} } } }`).join(' ')}`, { id: cx.id }), VALIDATION);

  // ---- G. introspection and schema probes in production ----
  const probes: [string, string][] = [
    ['__schema', '{ __schema { types { name } } }'],
    ['__type', '{ __type(name: "Citizen") { fields { name } } }'],
    ['an aliased __schema', '{ s: __schema { queryType { name } } }'],
    ['__schema in a fragment', 'query { ...F } fragment F on Query { __schema { mutationType { name } } }'],
    ['__type of a mutation input', '{ __type(name: "IssueDeadlineInput") { inputFields { name } } }'],
    ['a full introspection query', '{ __schema { queryType { name } mutationType { name } types { kind name fields(includeDeprecated: true) { name args { name } } } directives { name } } }'],
  ];
  for (const [name, q] of probes) add(`introspection: ${name}`, () => gql(q), { ...VALIDATION, notContaining: ['citizen(', 'IssueDeadlineInput', 'cpr'] });
  add('introspection over GET', () => request(`${url}?query=${encodeURIComponent('{ __schema { types { name } } }')}`, { method: 'GET', headers: { ...auth(), 'apollo-require-preflight': '1' } }), VALIDATION);
  for (const [name, q] of [['a misspelt root field', '{ citzen(id: "00000000-0000-4000-8000-000000000000") { id } }'], ['a misspelt field', '{ serverInfo { todya } }'], ['a misspelt argument', '{ citizen(idd: "x") { id } }'], ['a misspelt type in a fragment', '{ ...F } fragment F on Citizn { id }']]) {
    add(`no field suggestions: ${name}`, () => gql(q), { ...VALIDATION, notContaining: ['Did you mean', 'citizens', 'today"', 'Citizen"'] });
  }

  // ---- H. injection strings in every text argument of every mutation ----
  const payloads = [
    "'; DROP TABLE citizen; --", '" OR "1"="1', '<script>alert(document.cookie)</script>', '{{7*7}} ${7*7} #{7*7}',
    '../../../../etc/passwd', '$where: function() { return true }', 'a\r\nX-Injected: 1', '\u202egnp.exe \u{1F600} e\u0301',
  ];
  const ids = () => ({ citizenId: cy.id, deadlineId: dy.id, meetingId: my.id, slotId: sy.id, jobcenterId: jcY.id, replacesMeetingId: my.id });
  function fill(type: GraphQLInputType, name: string, inject: { path: string; value: string } | undefined, path: string): unknown {
    if (type instanceof GraphQLNonNull) return fill(type.ofType, name, inject, path);
    if (type instanceof GraphQLList) return [fill(type.ofType, name, inject, path)];
    if (type instanceof GraphQLInputObjectType) {
      const o: Record<string, unknown> = {};
      for (const f of Object.values(type.getFields())) {
        const p = `${path}.${f.name}`;
        const required = f.type instanceof GraphQLNonNull && f.defaultValue === undefined;
        if (required || inject?.path.startsWith(p)) o[f.name] = fill(f.type, f.name, inject, p);
      }
      return o;
    }
    if (inject?.path === path) return inject.value;
    if (type instanceof GraphQLEnumType) return type.getValues().find((v) => !['SUPERSEDED'].includes(v.name))!.value;
    switch ((type as GraphQLScalarType).name) {
      case 'ID': return (ids() as Record<string, string>)[name] ?? cy.id;
      case 'Int': return 30;
      case 'Boolean': return false;
      case 'Date': return '2026-03-20';
      case 'DateTime': return name === 'endsAt' ? '2026-03-20T10:30:00+01:00' : '2026-03-20T10:00:00+01:00';
      default: return 'text';
    }
  }
  async function injectorFor(type: GraphQLInputType): Promise<Record<string, string>> {
    const hasTarget = JSON.stringify(fill(type, 'input', undefined, 'input')).match(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    if (hasTarget) return auth();
    return { authorization: `Bearer ${await idp.sign({ role: 'a-kasse', unemployment_fund_id: '00000000-0000-4000-8000-00000000000f', sub: 'w' })}` };
  }
  /** Paths of every String input field (nested input objects and lists included). */
  function stringPaths(type: GraphQLInputType, path: string, seen = new Set<string>()): string[] {
    if (type instanceof GraphQLNonNull || type instanceof GraphQLList) return stringPaths(type.ofType, path, seen);
    if (type instanceof GraphQLInputObjectType) {
      if (seen.has(type.name)) return [];
      return Object.values(type.getFields()).flatMap((f) => stringPaths(f.type, `${path}.${f.name}`, new Set([...seen, type.name])));
    }
    return type instanceof GraphQLScalarType && type.name === 'String' ? [path] : [];
  }
  const mutations = Object.values(schema.getMutationType()!.getFields()).filter((f) => f.args.some((a) => a.name === 'input'));
  let injected = 0;
  for (const m of mutations) {
    const inputType = m.args.find((a) => a.name === 'input')!.type;
    const doc = `mutation($input: ${inputType.toString()}) { ${m.name}(input: $input) { __typename userErrors { code } } }`;
    stringPaths(inputType, 'input').forEach((p, i) => {
      // Each text field gets two of the payloads (all payloads are used across the fields).
      for (const value of [payloads[(2 * i + injected) % payloads.length]!, payloads[(2 * i + injected + 1) % payloads.length]!]) {
        // Targets belong to jobcenter Y and the caller is X's caseworker, so each request reaches the service and
        // the database and is refused (NOT_FOUND, FORBIDDEN, or a rule's user error). An operation without a target
        // (no ID in its input) is sent by an a-kasse that may not use it.
        add(`injection into ${m.name} ${p.slice(6)}: ${JSON.stringify(value).slice(0, 30)}`,
          async () => gql(doc, { input: fill(inputType, 'input', { path: p, value }, 'input') }, await injectorFor(inputType)), { status: 200, code: 'REFUSED' });
      }
      injected++;
    });
  }
  // A NUL in a mutation's input is its INVALID_INPUT user error, as a bad id or an overlong text there (docs/security.md).
  add('a NUL character in a text field', () => gql(`mutation($input: ExtendDeadlineInput!) { extendDeadline(input: $input) { userErrors { code } } }`, { input: { deadlineId: dy.id, bookBy: '2026-03-12', reason: 'a\u0000b' } }), INVALID_INPUT);
  add('a NUL character in a slot list', () => gql(PUBLISH, { input: { jobcenterId: jcX.id, slots: [{ startsAt: '2026-03-20T10:00:00+01:00', endsAt: '2026-03-20T10:30:00+01:00', caseworker: '\u0000' }] } }), INVALID_INPUT);
  for (const value of payloads.slice(0, 4)) {
    add(`injection into a cursor: ${JSON.stringify(value).slice(0, 30)}`, () => gql(`query($jc: ID!, $after: String) { citizens(jobcenterId: $jc, after: $after) { nodes { id } } }`, { jc: jcX.id, after: value }), BAD_INPUT_200);
  }

  // ---- I. forged, expired, wrong-audience tokens (on a mutation that would otherwise succeed) ----
  const now = () => Math.floor(Date.now() / 1000);
  const tokens: [string, () => Promise<string>][] = [
    ['expired', () => idp.sign({ role: 'caseworker', jobcenter_id: jcX.id, sub: 'x', iat: now() - 7200, exp: now() - 3600 })],
    ['not yet valid', () => idp.sign({ role: 'caseworker', jobcenter_id: jcX.id, sub: 'x', nbf: now() + 3600 })],
    ['wrong audience', () => idp.sign({ role: 'caseworker', jobcenter_id: jcX.id, sub: 'x', aud: 'some-other-api' })],
    ['wrong issuer', () => idp.sign({ role: 'caseworker', jobcenter_id: jcX.id, sub: 'x', iss: 'https://evil.test' })],
    ['forged signature (other key, same kid)', async () => (await testIssuer(idp.issuer, { kid: `${idp.issuer}-key-1` })).sign({ role: 'caseworker', jobcenter_id: jcX.id, sub: 'x' })],
    ['alg none', async () => `${b64({ alg: 'none' })}.${b64({ iss: idp.issuer, aud: idp.audience, role: 'caseworker', jobcenter_id: jcX.id, sub: 'x', exp: now() + 600 })}.`],
    ['HS256 with the public key as secret', () => new SignJWT({ role: 'caseworker', jobcenter_id: jcX.id, sub: 'x' }).setProtectedHeader({ alg: 'HS256' })
      .setIssuer(idp.issuer).setAudience(idp.audience).setExpirationTime('5m').sign(new TextEncoder().encode(JSON.stringify(idp.publicJwk)))],
    ['a payload swapped into a valid token', async () => {
      const [h, , s] = (await idp.sign({ role: 'citizen', citizen_id: cx.id })).split('.');
      return `${h}.${b64({ iss: idp.issuer, aud: idp.audience, role: 'caseworker', jobcenter_id: jcX.id, sub: 'x', exp: now() + 600 })}.${s}`;
    }],
    ['no exp', () => idp.sign({ role: 'caseworker', jobcenter_id: jcX.id, sub: 'x', exp: undefined })],
    ['an embedded jwk header (self-signed key)', async () => {
      const rogue = await testIssuer(idp.issuer, { kid: 'rogue' });
      return rogue.sign({ role: 'caseworker', jobcenter_id: jcX.id, sub: 'x' }, { jwk: rogue.publicJwk });
    }],
    ['a role that does not exist', () => idp.sign({ role: 'superuser', jobcenter_id: jcX.id, sub: 'x' })],
    ['scope claim not a UUID', () => idp.sign({ role: 'caseworker', jobcenter_id: "' OR 1=1 --", sub: 'x' })],
    ['a truncated token', async () => (await idp.sign({ role: 'caseworker', jobcenter_id: jcX.id, sub: 'x' })).slice(0, -10)],
    ['random bytes', async () => Buffer.from('not a jwt at all').toString('base64')],
  ];
  for (const [name, make] of tokens) {
    add(`token: ${name}`, async () => gql(ISSUE, { input: { citizenId: cx.id, bookBy: '2026-03-12' } }, { authorization: `Bearer ${await make()}` }), UNAUTH);
  }
  add('token: Basic credentials', () => gql(ISSUE, { input: { citizenId: cx.id, bookBy: '2026-03-12' } }, { authorization: 'Basic YWRtaW46YWRtaW4=' }), UNAUTH);
  add('the development header in production', () => gql(ISSUE, { input: { citizenId: cx.id, bookBy: '2026-03-12' } }, { 'x-dev-actor': `caseworker:${jcX.id}` }), UNAUTH);
  add('no credentials on a mutation', () => gql(ISSUE, { input: { citizenId: cx.id, bookBy: '2026-03-12' } }, {}), { status: 200, code: 'UNAUTHENTICATED' });
  add('a bad x-purpose header', () => gql(CITIZEN, { id: cx.id }, { ...auth(), 'x-purpose': 'p'.repeat(500) }), BAD_REQ);

  // ---- J. scope escapes: arguments cannot widen the token's scope ----
  add('listing another jobcenter\'s citizens', () => gql(`query($jc: ID!) { citizens(jobcenterId: $jc) { nodes { id } } }`, { jc: jcY.id }), { status: 200, code: 'FORBIDDEN' });
  add('publishing slots for another jobcenter', () => gql(PUBLISH, { input: { jobcenterId: jcY.id, slots: [] } }), { status: 200, code: 'FORBIDDEN' });
  add('issuing a deadline for another jobcenter\'s citizen', () => gql(ISSUE, { input: { citizenId: cy.id, bookBy: '2026-03-12' } }), { status: 200, code: 'NOT_FOUND' });
  add('reading another jobcenter\'s access log', () => gql(`query($id: ID!) { accessLog(citizenId: $id) { nodes { at } } }`, { id: cy.id }), { status: 200, code: 'NOT_FOUND' });

  function codeOf(r: HttpResult): string | undefined {
    const err = r.json?.errors?.[0]?.extensions?.code;
    if (err) return err;
    const payload = r.json?.data && Object.values(r.json.data)[0] as { userErrors?: { code: string }[] } | null;
    return payload?.userErrors?.[0]?.code;
  }

  it('has at least 150 requests', () => {
    process.stdout.write(`hostile corpus: ${cases.length} requests\n`);
    expect(cases.length).toBeGreaterThanOrEqual(150);
  });

  it('answers every hostile request with a clear error code and changes nothing', async () => {
    const failures: string[] = [];
    for (const c of cases) {
      const before = await snapshotAll(t.ds);
      const r = await c.send();
      const after = await snapshotAll(t.ds);
      const code = codeOf(r);
      // REFUSED: any error or user error code (the database comparison below proves nothing happened).
      const refused = c.expect.code === 'REFUSED' ? code !== undefined : code === c.expect.code;
      const problems: string[] = [];
      if (r.status !== c.expect.status || !refused) problems.push(`got ${r.status} ${code}, expected ${c.expect.status} ${c.expect.code}: ${r.text.slice(0, 300)}`);
      if (JSON.stringify(after) !== JSON.stringify(before)) problems.push('CHANGED THE DATABASE');
      if (!r.json || !Array.isArray(r.json.errors ?? [])) problems.push('the answer is not GraphQL JSON');
      for (const s of c.expect.notContaining ?? []) if (r.text.includes(s)) problems.push(`revealed ${JSON.stringify(s)}`);
      if (/at .*\.(ts|js):\d+|QueryFailedError|stacktrace/i.test(r.text)) problems.push('leaked an internal message or stack trace');
      if (problems.length) failures.push(`${c.name}: ${problems.join('; ')}`);
    }
    expect(failures).toEqual([]);
  });
});
