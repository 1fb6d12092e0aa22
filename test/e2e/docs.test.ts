/**
 * The documentation holds together: every relative link in the README, docs/ and
 * bench/RESULTS.md names a file of the repository (and, with #anchor, a heading of it), no page
 * cites a design file the repository does not ship, and the README stays a short front page.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function pages(): string[] {
  const docs = join(ROOT, 'docs');
  const inDocs = existsSync(docs) ? readdirSync(docs).filter((f) => f.endsWith('.md')).map((f) => join(docs, f)) : [];
  return [join(ROOT, 'README.md'), join(ROOT, 'bench', 'RESULTS.md'), ...inDocs].filter((p) => existsSync(p));
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces as hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Markdown links `[text](target)` outside code blocks and code spans. */
export function links(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

function anchors(markdown: string): Set<string> {
  const prose = markdown.replace(/```[\s\S]*?```/g, '');
  return new Set([...prose.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1]!)));
}

describe('documentation', () => {
  it('finds links and anchors as GitHub does (the checker itself)', () => {
    expect(links('see [a](docs/a.md#x-y) and `[b](c.md)`\n```\n[d](e.md)\n```\n[f](https://x.org)')).toEqual(['docs/a.md#x-y', 'https://x.org']);
    expect(slug('Changes from the starting design')).toBe('changes-from-the-starting-design');
    expect(slug('1 GB TMX through `POST /api/import`')).toBe('1-gb-tmx-through-post-apiimport');
  });

  it('links only to files and headings the repository holds', () => {
    const broken: string[] = [];
    for (const page of pages()) {
      const text = readFileSync(page, 'utf8');
      for (const target of links(text)) {
        if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto:
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const file = path === '' ? page : resolve(dirname(page), decodeURIComponent(path));
        const where = `${relative(ROOT, page)} → ${target}`;
        if (!file.startsWith(ROOT + '/') && file !== ROOT) broken.push(`${where} (outside the repository)`);
        else if (!existsSync(file)) broken.push(`${where} (no such file)`);
        else if (anchor && statSync(file).isFile() && !anchors(readFileSync(file, 'utf8')).has(anchor)) broken.push(`${where} (no such heading)`);
      }
    }
    expect(pages().length).toBeGreaterThan(1);
    expect(broken).toEqual([]);
  });

  it('cites no design or research file the repository lacks', () => {
    for (const page of pages()) {
      const text = readFileSync(page, 'utf8');
      expect(text, relative(ROOT, page)).not.toMatch(/\b(?:DESIGN|RESEARCH)\.md\b|\.\.\/shared\//);
    }
  });

  it('keeps the README a short front page', () => {
    expect(statSync(join(ROOT, 'README.md')).size).toBeLessThan(8192);
  });
});
