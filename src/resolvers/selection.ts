import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * The names of the fields selected directly under this field (all its field nodes), through named and inline
 * fragments. Issue 16 (2): lets Citizen.contactCourse and Obligations.contactCourse answer from the stored status
 * when only stored fields are asked for — also when a client spreads its fragment there, as Apollo Client and Relay
 * do. A field under @include/@skip counts as selected (a superset only ever means computing more, never less);
 * undefined (the caller assumes everything is selected) when a fragment it names is not in the document.
 */
export function selectedFields(info: GraphQLResolveInfo): ReadonlySet<string> | undefined {
  const names = new Set<string>();
  const seen = new Set<string>();
  const collect = (set: SelectionSetNode | undefined): boolean => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === 'Field') names.add(sel.name.value);
      else if (sel.kind === 'InlineFragment') {
        if (!collect(sel.selectionSet)) return false;
      } else {
        const name = sel.name.value;
        if (seen.has(name)) continue;
        seen.add(name);
        const fragment = info.fragments[name];
        if (!fragment || !collect(fragment.selectionSet)) return false;
      }
    }
    return true;
  };
  for (const node of info.fieldNodes) if (!collect(node.selectionSet)) return undefined;
  return names;
}
