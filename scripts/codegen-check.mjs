// Fails when the committed codegen output differs from what `npm run codegen` produces now.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// Every file codegen.ts generates: the resolver types, the schema's enums (issue 13.5) and the typed operations the tests run (test/graphql/*.graphql).
const files = ['src/resolvers/__generated__/types.ts', 'src/generated/enums.ts', 'test/support/operations.ts'];
const before = files.map((f) => readFileSync(f, 'utf8'));
execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], { stdio: 'inherit' });
const stale = files.filter((f, i) => readFileSync(f, 'utf8') !== before[i]);
if (stale.length > 0) {
  console.error(`${stale.join(', ')} ${stale.length === 1 ? 'is' : 'are'} stale: run \`npm run codegen\` and commit the result.`);
  process.exit(1);
}
console.log('codegen output is current');
