import { type GraphQLResolveInfo, Kind, type FieldNode, type FragmentDefinitionNode, parse } from 'graphql';
import { selectedFields } from '../../src/resolvers/selection';

/**
 * Issue 16 (2): the fields selected under Obligations.contactCourse / Citizen.contactCourse decide whether the stored
 * status answers (CC-10). A client's fragments (named or inline) are looked through; an unknown fragment means "all".
 */
function infoOf(query: string): GraphQLResolveInfo {
  const doc = parse(query);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  let op: FieldNode | undefined;
  for (const def of doc.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    if (def.kind === Kind.OPERATION_DEFINITION) {
      const root = def.selectionSet.selections[0] as FieldNode;
      op = root.selectionSet!.selections[0] as FieldNode; // myObligations { contactCourse { … } }
    }
  }
  return { fieldNodes: [op!], fragments } as unknown as GraphQLResolveInfo;
}

describe('selectedFields (CC-10: which ContactCourse fields a request asks)', () => {
  it('direct fields, nested selections counted once by their own name', () => {
    expect(selectedFields(infoOf('{ myObligations { contactCourse { phase nextPlannedInterview { id startsAt } } } }')))
      .toEqual(new Set(['phase', 'nextPlannedInterview']));
  });

  it('through a named fragment, an inline fragment and a fragment spread twice', () => {
    const q = `{ myObligations { contactCourse { ...A ... on ContactCourse { behind } ...A } } }
      fragment A on ContactCourse { phase ...B } fragment B on ContactCourse { unemploymentDays }`;
    expect(selectedFields(infoOf(q))).toEqual(new Set(['phase', 'unemploymentDays', 'behind']));
  });

  it('a field under @skip or @include counts as selected (computing more is safe, less is not)', () => {
    expect(selectedFields(infoOf('{ myObligations { contactCourse { phase notes @skip(if: true) { ruleId } } } }')))
      .toEqual(new Set(['phase', 'notes']));
  });

  it('a fragment the document does not define: undefined (everything is assumed selected)', () => {
    expect(selectedFields(infoOf('{ myObligations { contactCourse { phase ...Missing } } }'))).toBeUndefined();
  });
});
