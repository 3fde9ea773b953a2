import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, type FragmentDefinitionNode, Kind, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Context, ReadSource } from '../context';
import type { Actor } from '../domain/shared/actor';
import { createLoaders } from '../loaders';


/** The response header naming the ReadSource, sent only when a replica is configured. */
export const READ_SOURCE_HEADER = 'x-read-source';

/**
 * The root Query fields that may be answered from the read replica (DATABASE_READ_URL), i.e. whose readers
 * tolerate the replica's replay lag (normally well under a second, more under load). The one place that decides
 * it; a field not listed here is read on the primary. A query goes to the replica only when ALL its root fields
 * are listed (docs/performance.md, "Read replicas").
 *
 * Not listed, on purpose:
 * - every mutation, and the objects its payload returns (read right after the write, in the same request);
 * - `myObligations` / `obligations` / `me`: a citizen who just booked must see the booking (read-your-writes),
 *   and the bookable-slots part may write the SL-5 inbox message (a write, so never on a replica);
 * - `citizen(id)`, `deadline`, `meeting`, `sanctionAssessment`, `jobcenter`, `unemploymentFund`: single-object
 *   lookups, typically made right after a mutation on that object;
 * - `unemploymentFundEvents` (EV-2): it would be correct on a hot standby (the cursor is bounded by the
 *   snapshot's xmin, and a standby's snapshots follow the primary's commit order) but only later; kept on the
 *   primary so the feed never steps backwards when a client's requests land on replicas with different lag;
 * - `accessLog` (GDPR art. 15): a citizen or the jobcenter's own control must see every disclosure, including
 *   the one the previous request just logged;
 * - `sanctionAssessments`: a caseworker's work queue, decided one by one with decideSanctionAssessment; a lagging
 *   list would offer an assessment just decided;
 * - `slots`: the jobcenter publishes and withdraws slots and at once checks the result; booking needs current slots;
 * - `systemOutages`, `jobcenters`, `serverInfo`: small or no reads; nothing to gain.
 */
export const REPLICA_ROOT_FIELDS: ReadonlySet<string> = new Set([
  // ST-1: monthly aggregates for the statistics role; seconds of lag do not change a month's share.
  'selfBookingShare',
  'selfBookingShares',
  // Caseworker lists of a jobcenter (a page of citizens, CC-7's contact courses behind): overviews to pick a citizen from;
  // acting on one opens it with citizen(id) or obligations(citizenId), which read the primary.
  'citizens',
  'contactCoursesBehind',
  // ST-2 follow-up lists: lists derived from the daily transitions and outcomes; lag of seconds is invisible.
  'followUpList',
  // The a-kasse portal's joint interviews (JI-4): a periodic overview for the a-kasse; opting out and recording
  // participation are mutations (primary), whose payloads return the changed meeting.
  'jointInterviewOptOuts',
  'memberJointInterviews',
]);

/** Root fields that read nothing from the database: they neither need the primary nor justify the replica. */
const NEUTRAL_ROOT_FIELDS = new Set(['__typename', '__schema', '__type']);

/**
 * The read source for an operation: the replica only for a query by a non-citizen whose root fields are all in
 * REPLICA_ROOT_FIELDS (fragments on Query included; fields under @skip/@include count as asked, so a skipped
 * field can only keep a request on the primary). Citizens always read the primary: they read their own data,
 * usually right after changing it, and their reads may write (SL-5).
 */
export function readSourceFor(operation: OperationDefinitionNode, document: DocumentNode, actor: Actor): ReadSource {
  if (operation.operation !== 'query') return 'primary';
  if (actor.kind === 'CITIZEN' || actor.kind === 'ANONYMOUS') return 'primary';
  const fields = rootFieldNames(operation.selectionSet, document).filter((f) => !NEUTRAL_ROOT_FIELDS.has(f));
  return fields.length > 0 && fields.every((f) => REPLICA_ROOT_FIELDS.has(f)) ? 'replica' : 'primary';
}

/** The names of the root fields an operation selects, through fragment spreads and inline fragments. */
function rootFieldNames(selectionSet: SelectionSetNode, document: DocumentNode): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const names = new Set<string>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode): void => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) names.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const f = fragments.get(s.name.value);
        // Validation has rejected unknown fragments already; an unknown one here keeps the request on the primary.
        if (f) walk(f.selectionSet);
        else names.add(`...${s.name.value}`);
      }
    }
  };
  walk(selectionSet);
  return [...names];
}

/**
 * Routes allow-listed queries to the replica: once Apollo has resolved the operation (after parsing and
 * validation, before execution) it points the request's scope.db and DataLoaders at the replica. The access
 * log is written by auditPlugin on the primary's DataSource whatever the read source, and mutations never come
 * here. Every response then carries `x-read-source: primary|replica` (only when a replica is configured).
 */
export function readRoutingPlugin(replica: { ds: DataSource }): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (!operation || readSourceFor(operation, document, contextValue.actor) !== 'replica') return;
          contextValue.readSource = 'replica';
          contextValue.scope = { ...contextValue.scope, db: replica.ds.manager };
          contextValue.loaders = createLoaders(replica.ds);
        },
        async willSendResponse({ contextValue, response }) {
          response.http.headers.set(READ_SOURCE_HEADER, contextValue.readSource);
        },
      };
    },
  };
}
