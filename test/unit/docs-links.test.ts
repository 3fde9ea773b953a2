import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Issue 13 item 7: the README is an entry page whose links stay inside the repository, and every link of the README
 * and of docs/ leads somewhere: the file exists, and a `#fragment` is a heading of it (GitHub's heading anchors).
 */

const root = path.resolve(__dirname, '../..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? markdownFiles(p) : e.name.endsWith('.md') ? [p] : [];
  });
}

/** Lines outside fenced code blocks. */
function prose(md: string): string[] {
  let fence = false;
  return md.split('\n').filter((l) => {
    if (/^(```|~~~)/.test(l)) fence = !fence;
    return !fence && !/^(```|~~~)/.test(l);
  });
}

/** GitHub's anchors of a file's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const l of prose(md)) {
    const m = /^#{1,6}\s+(.*?)\s*$/.exec(l);
    if (!m) continue;
    const text = m[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = text.toLowerCase().replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n ? `${slug}-${n}` : slug);
  }
  return out;
}

/** Targets of markdown links and images, inline code removed first. */
function links(md: string): string[] {
  return prose(md).flatMap((l) => [...l.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!));
}

const files = [path.join(root, 'README.md'), ...markdownFiles(path.join(root, 'docs'))];

describe('README and docs/ links', () => {
  it('the README links nothing outside the repository and cites no ../shared path', () => {
    const md = readFileSync(path.join(root, 'README.md'), 'utf8');
    const outside = links(md).filter((t) => /^[a-z][a-z0-9+.-]*:/i.test(t) || t.startsWith('/') || t.startsWith('//')
      || path.relative(root, path.resolve(root, t.split('#')[0]!)).startsWith('..'));
    expect(outside).toEqual([]);
    expect(md).not.toMatch(/\.\.\/shared/);
  });

  it('every relative link of README.md and docs/**/*.md names an existing file and heading', () => {
    const broken: string[] = [];
    for (const file of files) {
      for (const target of links(readFileSync(file, 'utf8'))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        const [p, fragment] = target.split('#');
        const to = p ? path.resolve(path.dirname(file), p) : file;
        const where = `${path.relative(root, file)} → ${target}`;
        if (!existsSync(to)) broken.push(`${where}: no such file`);
        else if (fragment && to.endsWith('.md') && !anchors(readFileSync(to, 'utf8')).has(fragment)) broken.push(`${where}: no such heading`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the README stays an entry page of under 300 lines', () => {
    expect(readFileSync(path.join(root, 'README.md'), 'utf8').split('\n').length).toBeLessThan(300);
  });
});
