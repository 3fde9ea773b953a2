import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, print } from 'graphql';
import type { Actor } from '../../src/domain/shared/actor';
import type { as, GqlResult } from './harness';

/** The variables argument of `run`/`exec`: optional when the operation has no required variable. */
// `Record<never, never> extends V` (the empty object type): every variable is optional (none, or only optional ones).
type VarsArg<V> = Record<never, never> extends V ? [variables?: V] : [variables: V];

/** Runs typed operations (test/support/operations.ts, from test/graphql/*.graphql) as one actor. */
export interface Client {
  /** Runs `doc` and returns its data; fails the test on GraphQL errors. */
  run<R, V>(doc: TypedDocumentNode<R, V>, ...variables: VarsArg<V>): Promise<R>;
  /** Runs `doc` and returns the whole result (data and errors), for tests that expect GraphQL errors. */
  exec<R, V>(doc: TypedDocumentNode<R, V>, ...variables: VarsArg<V>): Promise<GqlResult<R>>;
}

/** `t.as(actor)`, or one shortcut per kind of actor: `t.as.citizen(c.id)`, `t.as.caseworker(jc.id)`, … */
export type AsClient = ((actor: Actor) => Client) & { [K in keyof typeof as]: (...a: Parameters<(typeof as)[K]>) => Client };

const texts = new WeakMap<DocumentNode, string>();
const textOf = (doc: DocumentNode): string => {
  let s = texts.get(doc);
  if (s === undefined) texts.set(doc, (s = print(doc)));
  return s;
};

/** Typed clients over a test app's `gql` (which runs a query text in-process as an actor). */
export function clientsFor(gql: <T>(actor: Actor, query: string, variables?: Record<string, unknown>) => Promise<GqlResult<T>>, actors: typeof as): AsClient {
  const client = (actor: Actor): Client => ({
    run: async (doc, ...[variables]) => {
      const r = await gql<never>(actor, textOf(doc), variables as Record<string, unknown> | undefined);
      if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors, null, 2)}`);
      return r.data as never;
    },
    exec: (doc, ...[variables]) => gql<never>(actor, textOf(doc), variables as Record<string, unknown> | undefined),
  });
  const shortcuts = Object.fromEntries(Object.entries(actors).map(([k, make]) => [k, (...a: unknown[]) => client((make as (...x: unknown[]) => Actor)(...a))]));
  return Object.assign(client, shortcuts) as unknown as AsClient;
}
