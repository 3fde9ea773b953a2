import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Issue 13 item 4: no function in src/ longer than MAX_LINES, outside generated code. Found with the TypeScript
 * compiler API: every function declaration, method, constructor, accessor, function expression and arrow function,
 * measured from its first to its last line.
 */
const MAX_LINES = 80;
const SRC = path.resolve(__dirname, '..', '..', 'src');
/** Generated code is not held to it, nor migrations (an existing migration is never edited). */
const GENERATED = [/^resolvers\/__generated__\//, /^generated\//, /^db\/migrations\//];
/** Files that may hold functions over MAX_LINES: none since the command split of issue 13 item 4 landed. */
const ALLOWED: RegExp[] = [];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

function nameOf(node: ts.Node): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name && ts.isIdentifier(named.name)) return named.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  // An arrow or function expression takes the name of what it is assigned to (`const x = () => …`, `x: () => …`).
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  return '(anonymous)';
}

/** `file:line name (n lines)` for every function of `text` over `max` lines. */
export function longFunctions(file: string, text: string, max = MAX_LINES): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line + 1;
      const lines = last - first + 1;
      if (lines > max) found.push(`${file}:${first} ${nameOf(node)} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('function length (issue 13 item 4)', () => {
  it('finds a function over the limit, and its name', () => {
    const long = `export function big() {\n${'  call();\n'.repeat(MAX_LINES)}}\nconst small = () => 1;\n`;
    expect(longFunctions('x.ts', long)).toEqual([`x.ts:1 big (${MAX_LINES + 2} lines)`]);
    const arrow = `const handler = async () => {\n${'  call();\n'.repeat(MAX_LINES)}};\n`;
    expect(longFunctions('y.ts', arrow)).toEqual([`y.ts:1 handler (${MAX_LINES + 2} lines)`]);
    expect(longFunctions('z.ts', `function ok() {\n${'  call();\n'.repeat(MAX_LINES - 2)}}\n`)).toEqual([]);
  });

  it(`no function in src/ is over ${MAX_LINES} lines outside generated code and the allow-listed areas`, () => {
    const over = sourceFiles(SRC)
      .map((f) => path.relative(SRC, f).split(path.sep).join('/'))
      .filter((rel) => !GENERATED.some((g) => g.test(rel)) && !ALLOWED.some((a) => a.test(rel)))
      .flatMap((rel) => longFunctions(`src/${rel}`, readFileSync(path.join(SRC, rel), 'utf8')));
    expect(over).toEqual([]);
  });
});
