import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildASTSchema, isEnumType, parse } from 'graphql';
import ts from 'typescript';
import * as generated from '../../src/generated/enums';
import { loadTypeDefs } from '../../src/server';

// STYLE "enums and codes" (issue 13.5): the schema's enums come from codegen, never retyped in src/.
const schema = buildASTSchema(parse(loadTypeDefs()));
const schemaEnums = Object.values(schema.getTypeMap()).filter(isEnumType).filter((t) => !t.name.startsWith('__'));

const SRC = path.join(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === '__generated__' || e.name === 'generated' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Every union of two or more string literals in a file (null and undefined members left aside), with its line. */
function stringUnions(file: string): { line: number; values: string[] }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: { line: number; values: string[] }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isUnionTypeNode(node)) {
      const members = node.types.filter((t) => !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword) && t.kind !== ts.SyntaxKind.UndefinedKeyword);
      const values = members.flatMap((t) => (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? [t.literal.text] : []));
      if (values.length >= 2 && values.length === members.length) {
        out.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, values });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Files exempt from the check: none since the command split of issue 13.4 landed. */
const LEFT_TO_THE_COMMAND_SPLIT = new Set<string>();

describe('STYLE enums and codes: generated from the schema, never retyped (issue 13.5)', () => {
  it('STYLE: every schema enum is in src/generated/enums.ts as a const object of exactly its values', () => {
    const consts = generated as unknown as Record<string, Record<string, string> | undefined>;
    for (const e of schemaEnums) {
      const values = e.getValues().map((v) => v.name).sort();
      expect({ name: e.name, values: Object.values(consts[e.name] ?? {}).sort() }).toEqual({ name: e.name, values });
      expect(Object.keys(consts[e.name] ?? {}).sort()).toEqual(values);
    }
    expect(Object.keys(generated).sort()).toEqual(schemaEnums.map((e) => e.name).sort());
  });

  it('STYLE: no file in src/ spells out a schema enum as a union of string literals (import it from src/generated/enums.ts)', () => {
    const byValues = new Map(schemaEnums.map((e) => [e.getValues().map((v) => v.name).sort().join('|'), e.name]));
    const copies: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const rel = path.relative(SRC, file).split(path.sep).join('/');
      if (LEFT_TO_THE_COMMAND_SPLIT.has(rel)) continue;
      for (const u of stringUnions(file)) {
        const name = byValues.get([...u.values].sort().join('|'));
        if (name) copies.push(`src/${rel}:${u.line} retypes ${name}`);
      }
    }
    expect(copies).toEqual([]);
  });
});
