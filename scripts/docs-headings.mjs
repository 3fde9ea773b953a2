// Every heading of the README at a git revision must still be a heading in README.md or docs/**/*.md (issue 13 item 7:
// the README's text moved to docs/, none lost). Usage: node scripts/docs-headings.mjs [revision, default 39b15b4]
// Also useful when porting another branch's README edits: node scripts/docs-headings.mjs <that branch>.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

function headings(md) {
  let fence = false;
  const out = [];
  for (const line of md.split('\n')) {
    if (/^(```|~~~)/.test(line)) fence = !fence;
    const m = !fence && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (m) out.push(m[1]);
  }
  return out;
}
const files = (dir) => readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.md') ? [path.join(dir, e.name)] : []));
const rev = process.argv[2] ?? '39b15b4';
const old = headings(execFileSync('git', ['show', `${rev}:README.md`], { encoding: 'utf8' }));
const now = new Set(['README.md', ...files('docs')].flatMap((f) => headings(readFileSync(f, 'utf8'))));
const lost = old.filter((h) => !now.has(h));
console.log(`${old.length} headings in README.md at ${rev}; ${old.length - lost.length} found in README.md or docs/`);
for (const h of lost) console.log(`lost: ${h}`);
process.exit(lost.length ? 1 : 0);
