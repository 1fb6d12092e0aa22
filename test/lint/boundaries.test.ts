import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';
import { findCycle, LAYERS, mayImport, WITHIN } from '../../eslint/layers.js';

const root = resolve(import.meta.dirname, '../..');
// The project's own configuration (eslint.config.js), as `npm run lint` runs it.
const eslint = new ESLint({ cwd: root });

/** The layer rule's messages for `code` linted as if it were the file `path` of the repo. */
async function layerMessages(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result!.messages.filter((m) => m.ruleId === 'glossa/layers').map((m) => m.message);
}

describe('the layer rule of npm run lint', () => {
  test('reports a bottom folder importing a top one', async () => {
    const messages = await layerMessages('src/text/violation.ts', "import { createApp } from '../http/app.js';\nexport const app = createApp;\n");
    expect(messages).toEqual([expect.stringContaining('src/text (base) may not import src/http (surfaces)')]);
  }, 30_000);

  test('reports every form of import: re-export, dynamic import, import type', async () => {
    const code = [
      "export { runCheck } from '../check/run.js';",
      "export * from '../ingest.js';",
      "export const later = () => import('../extract/index.js');",
      "export type Db = import('../http/app.js').App;",
    ].join('\n');
    const messages = await layerMessages('src/store/violation.ts', code);
    expect(messages).toHaveLength(4);
    expect(messages.every((m) => m.startsWith('src/store (documents and storage) may not import'))).toBe(true);
  }, 30_000);

  test('reports an arrow inside one layer that WITHIN does not list, and a folder with no layer', async () => {
    expect(await layerMessages('src/match/violation.ts', "import { runCheck } from '../check/run.js';\nexport { runCheck };\n")).toEqual([
      expect.stringContaining('both are in the layer services'),
    ]);
    expect(await layerMessages('src/plugins/new.ts', "import { fold } from '../text/fold.js';\nexport { fold };\n")).toEqual([
      expect.stringContaining('src/plugins stands in no layer'),
    ]);
  }, 30_000);

  test('passes imports that keep to the layers', async () => {
    const code = [
      "import { fold } from '../text/fold.js';",
      "import { primaryLanguage } from '../model.js';",
      "import type { Db } from '../store/db.js';",
      "import { fuzzyScore } from './score.js';",
      "import Fuse from 'fuse.js';",
      'export { fold, primaryLanguage, fuzzyScore, Fuse };',
      'export type { Db };',
    ].join('\n');
    expect(await layerMessages('src/match/fine.ts', code)).toEqual([]);
    // A file outside src/ (a test, a script) is not held to the layers.
    expect(await layerMessages('test/text/fine.test.ts', "import { createApp } from '../../src/http/app.js';\nexport { createApp };\n")).toEqual([]);
  }, 30_000);
});

describe('the layers themselves', () => {
  test('every folder and top-level module of src/ stands in a layer', () => {
    const placed = new Set(LAYERS.flatMap((l) => l.parts));
    const parts = readdirSync(join(root, 'src')).map((name) =>
      statSync(join(root, 'src', name)).isDirectory() ? name : name.replace(/(?:\.d)?\.[cm]?[jt]sx?$/, ''),
    );
    expect(parts.filter((p) => !placed.has(p))).toEqual([]);
  });

  test('the arrows allowed within a layer form no cycle, so no two folders can import each other', () => {
    expect(findCycle()).toBeUndefined();
    expect(findCycle({ a: ['b'], b: ['c'], c: ['a'] })).toEqual(['a', 'b', 'c', 'a']);
    for (const [from, tos] of Object.entries(WITHIN)) for (const to of tos) expect(mayImport(to, from)).toBe(false);
    expect(mayImport('store', 'match')).toBe(false);
    expect(mayImport('match', 'store')).toBe(true);
    expect(mayImport('check', 'extract')).toBe(false);
    expect(mayImport('check', 'dict')).toBe(true);
    // A reader does not align: ingest does.
    expect(mayImport('formats', 'align')).toBe(false);
    expect(mayImport('ingest', 'align')).toBe(true);
  });
});
