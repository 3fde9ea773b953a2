import { buildSchema, getNamedType, getNullableType, isListType, isObjectType, parse } from 'graphql';
import { LIST_SIZE, PAGE_MAX, cachedQueryCost, queryCost } from '../../src/auth/query-cost';
import { DEFAULT_LIMITS, loadTypeDefs } from '../../src/server';

const schema = buildSchema(loadTypeDefs());
const cost = (q: string, variables?: Record<string, unknown>) => queryCost(schema, parse(q), variables, undefined);

/** The attack: 15 aliases of a page of citizens with their meetings and deadlines, page size as a variable. */
export function attackQuery(aliases = 15): string {
  const one = (i: number) => `c${i}: citizens(jobcenterId: $jc, first: $n) { nodes { id name cpr meetings { id startsAt endsAt status type } deadlines { id bookBy status } } }`;
  return `query($jc: ID!, $n: Int) { ${Array.from({ length: aliases }, (_, i) => one(i)).join(' ')} }`;
}

describe('limits (issue 11.1): every list is costed at the page size it really returns', () => {
  it('every `first` argument of the schema has its service clamp in PAGE_MAX, and every list field an assumed size', () => {
    const missingPages: string[] = [];
    const missingLists: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const key = `${type.name}.${field.name}`;
        if (field.args.some((a) => a.name === 'first')) {
          if (!(key in PAGE_MAX)) missingPages.push(key);
        } else if (isListType(getNullableType(field.type)) && isObjectType(getNamedType(field.type)) && field.name !== 'userErrors'
          // Issue 14: a user error's `because` is as short as `userErrors` itself (SMALL_LIST).
          && !(field.name === 'because' && type.getInterfaces().some((i) => i.name === 'UserError'))) {
          if (!(key in LIST_SIZE)) missingLists.push(key);
        }
      }
    }
    expect(missingPages).toEqual([]);
    expect(missingLists).toEqual([]);
    for (const key of Object.keys(PAGE_MAX)) expect(schema.getType(key.split('.')[0]!)).toBeDefined();
  });

  it('a page size passed as a variable costs the same as the literal; the schema default applies when it is absent or null', () => {
    const q = (first: string) => `query($jc: ID!, $n: Int) { citizens(jobcenterId: $jc${first}) { nodes { id name } } }`;
    const literal = cost(q(', first: 200'), { jc: 'x' });
    expect(cost(q(', first: $n'), { jc: 'x', n: 200 })).toBe(literal);
    expect(literal).toBe(200 * (1 + 1 + 2)); // 200 × (citizens + nodes + id + name)
    const byDefault = cost(q(''), { jc: 'x' });
    expect(byDefault).toBe(50 * 4); // first: Int = 50
    expect(cost(q(', first: $n'), { jc: 'x' })).toBe(byDefault);
    expect(cost(q(', first: $n'), { jc: 'x', n: null })).toBe(byDefault);
  });

  it('the clamp applies: first above the service maximum costs the maximum, zero or negative costs one item', () => {
    const q = `query($n: Int) { slots(filter: { jobcenterId: "x" }, first: $n) { nodes { id } } }`;
    expect(cost(q, { n: 1_000_000 })).toBe(cost(q, { n: PAGE_MAX['Query.slots'] }));
    expect(cost(q, { n: -5 })).toBe(cost(q, { n: 1 }));
    const cz = `query($n: Int) { citizens(jobcenterId: "x", first: $n) { nodes { id } } }`;
    expect(cost(cz, { n: 100_000 })).toBe(cost(cz, { n: 200 }));
  });

  it('the issue\'s attack (15 aliases × first: $n = 200 with meetings and deadlines) is far over the limit; one full page is within it', () => {
    expect(cost(attackQuery(15), { jc: 'x', n: 200 })).toBeGreaterThan(10 * DEFAULT_LIMITS.maxCost);
    expect(cost(attackQuery(1), { jc: 'x', n: 200 })).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
  });

  it('fragments and inline fragments count like the fields they expand to', () => {
    const direct = cost(`query($n: Int) { citizens(jobcenterId: "x", first: $n) { nodes { id meetings { id } } } }`, { n: 100 });
    const viaFragment = cost(`query($n: Int) { citizens(jobcenterId: "x", first: $n) { nodes { ...F } } } fragment F on Citizen { id meetings { id } }`, { n: 100 });
    expect(viaFragment).toBe(direct);
  });

  it('the cost cache cannot be played: a page size or @include variable changes the cost, other variables do not', () => {
    const doc = parse(`query($jc: ID!, $n: Int, $big: Boolean!) { citizens(jobcenterId: $jc, first: $n) { nodes { id meetings @include(if: $big) { id startsAt status } } } }`);
    const c = (v: Record<string, unknown>) => cachedQueryCost(schema, doc, v, undefined);
    const small = c({ jc: 'a', n: 10, big: false });
    expect(c({ jc: 'b', n: 10, big: false })).toBe(small); // another id: the same cost
    expect(c({ jc: 'a', n: 200, big: false })).toBe(queryCost(schema, doc, { jc: 'a', n: 200, big: false }, undefined));
    expect(c({ jc: 'a', n: 10, big: true })).toBe(queryCost(schema, doc, { jc: 'a', n: 10, big: true }, undefined));
    expect(c({ jc: 'a', n: 10, big: true })).toBeGreaterThan(small);
  });
});
