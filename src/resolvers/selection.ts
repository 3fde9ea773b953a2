import type { GraphQLResolveInfo } from 'graphql';

/**
 * The names of the fields selected directly under this field (all its field nodes), or undefined when the selection
 * holds a fragment (then the caller assumes everything is selected). Issue 16 (2): lets Citizen.contactCourse answer
 * from the stored status when only stored fields are asked for.
 */
export function selectedFields(info: GraphQLResolveInfo): ReadonlySet<string> | undefined {
  const names = new Set<string>();
  for (const node of info.fieldNodes) {
    for (const sel of node.selectionSet?.selections ?? []) {
      if (sel.kind !== 'Field') return undefined;
      names.add(sel.name.value);
    }
  }
  return names;
}
