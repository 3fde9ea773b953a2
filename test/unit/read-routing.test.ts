import { buildSchema, type OperationDefinitionNode, parse } from 'graphql';
import { loadConfig } from '../../src/config';
import { REPLICA_ROOT_FIELDS, readSourceFor } from '../../src/db/read-routing';
import type { Actor } from '../../src/domain/shared/actor';
import { loadTypeDefs } from '../../src/server';

const caseworker: Actor = { kind: 'CASEWORKER', jobcenterId: '00000000-0000-4000-8000-00000000a001', userId: 'cw' };
const statistics: Actor = { kind: 'STATISTICS', userId: 'st' };
const fund: Actor = { kind: 'UNEMPLOYMENT_FUND', unemploymentFundId: '00000000-0000-4000-8000-00000000f001', userId: 'ak' };
const citizen: Actor = { kind: 'CITIZEN', citizenId: '00000000-0000-4000-8000-00000000c001' };

function route(query: string, actor: Actor = caseworker) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  return readSourceFor(operation, document, actor);
}

describe('read routing: which operations may read the replica (README: Read replicas)', () => {
  it('every allow-listed field is a root Query field of the schema', () => {
    const queryFields = Object.keys(buildSchema(loadTypeDefs()).getQueryType()!.getFields());
    expect(queryFields).toEqual(expect.arrayContaining([...REPLICA_ROOT_FIELDS]));
  });

  it('a query whose root fields are all allow-listed goes to the replica, for staff, statistics and the a-kasse', () => {
    expect(route(`query($jc: ID!) { citizens(jobcenterId: $jc) { nodes { id } } contactCoursesBehind(jobcenterId: $jc) { nodes { overdue } } }`)).toBe('replica');
    expect(route(`{ selfBookingShares(year: 2026, month: 2) { sharePercent } }`, statistics)).toBe('replica');
    expect(route(`{ jointInterviewOptOuts(from: "2026-03-01", to: "2026-03-31") { nodes { meetingId } } }`, fund)).toBe('replica');
    // Aliases do not matter, only the field asked for; __typename reads nothing.
    expect(route(`{ a: followUpList(jobcenterId: "x", kind: NO_DEADLINE_OR_INTERVIEW) { nodes { reason } } __typename }`)).toBe('replica');
  });

  it('one root field off the list keeps the whole query on the primary', () => {
    expect(route(`query($jc: ID!, $id: ID!) { citizens(jobcenterId: $jc) { nodes { id } } citizen(id: $id) { id } }`)).toBe('primary');
    expect(route(`{ selfBookingShares(year: 2026, month: 2) { sharePercent } serverInfo { version } }`, statistics)).toBe('primary');
  });

  it('fields off the list stay on the primary: obligations, the event feed, the access log, single-object lookups', () => {
    for (const q of [
      `{ myObligations { activeDeadline { id } } }`, `{ obligations(citizenId: "x") { activeDeadline { id } } }`,
      `{ unemploymentFundEvents { nodes { id } } }`, `{ accessLog(citizenId: "x") { nodes { at } } }`,
      `{ citizen(id: "x") { id } }`, `{ deadline(id: "x") { id } }`, `{ meeting(id: "x") { id } }`, `{ slots(filter: {}) { nodes { id } } }`,
    ]) expect([q, route(q)]).toEqual([q, 'primary']);
  });

  it('root fields are collected through fragment spreads and inline fragments, and @skip does not hide a field', () => {
    expect(route(`query { ...L } fragment L on Query { citizens(jobcenterId: "x") { nodes { id } } ... on Query { followUpList(jobcenterId: "x", kind: NO_DEADLINE_OR_INTERVIEW) { nodes { reason } } } }`)).toBe('replica');
    expect(route(`query { ...L } fragment L on Query { citizens(jobcenterId: "x") { nodes { id } } ... on Query { citizen(id: "x") { id } } }`)).toBe('primary');
    expect(route(`query($no: Boolean = true) { citizens(jobcenterId: "x") { nodes { id } } citizen(id: "x") @skip(if: $no) { id } }`)).toBe('primary');
  });

  it('mutations, citizens and anonymous callers always use the primary; a query of nothing but __typename too', () => {
    expect(route(`mutation { ping }`)).toBe('primary');
    expect(route(`{ citizens(jobcenterId: "x") { nodes { id } } }`, citizen)).toBe('primary');
    expect(route(`{ selfBookingShares(year: 2026, month: 2) { sharePercent } }`, { kind: 'ANONYMOUS' })).toBe('primary');
    expect(route(`{ __typename }`)).toBe('primary');
  });
});

describe('configuration: DATABASE_READ_URL and DB_READ_POOL_SIZE', () => {
  it('without DATABASE_READ_URL there is no read replica; its pool size follows DB_POOL_SIZE unless given', () => {
    expect(loadConfig({})).toMatchObject({ databaseReadUrl: undefined, dbPoolSize: 10, dbReadPoolSize: 10 });
    expect(loadConfig({ DATABASE_READ_URL: '' }).databaseReadUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_READ_URL: 'postgres://r@replica/selvbook', DB_POOL_SIZE: '7' }))
      .toMatchObject({ databaseReadUrl: 'postgres://r@replica/selvbook', dbPoolSize: 7, dbReadPoolSize: 7 });
    expect(loadConfig({ DB_POOL_SIZE: '7', DB_READ_POOL_SIZE: '20' })).toMatchObject({ dbPoolSize: 7, dbReadPoolSize: 20 });
  });

  it('a DB_READ_POOL_SIZE that is not a whole number >= 1 is refused with the variable\'s name', () => {
    for (const bad of ['0', '-1', '2.5', 'ten']) {
      expect(() => loadConfig({ DB_READ_POOL_SIZE: bad })).toThrow(`DB_READ_POOL_SIZE must be a whole number >= 1, got '${bad}'`);
    }
  });
});
