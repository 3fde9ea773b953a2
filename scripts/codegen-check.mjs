// Fails when the committed codegen output differs from what `npm run codegen` produces now.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const file = 'src/resolvers/__generated__/types.ts';
const before = readFileSync(file, 'utf8');
execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], { stdio: 'inherit' });
const after = readFileSync(file, 'utf8');
if (before !== after) {
  console.error(`${file} is stale: run \`npm run codegen\` and commit the result.`);
  process.exit(1);
}
console.log('codegen output is current');
