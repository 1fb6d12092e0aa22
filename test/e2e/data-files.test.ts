import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildData } from '../../scripts/build-data.js';

describe('committed data files', () => {
  it('are what npm run build:data makes from corpus/ (run it after changing the pipeline)', async () => {
    const files = await buildData();
    expect(files.has('tmx/chokepoint.zh-en.tmx')).toBe(true);
    for (const [path, text] of files) {
      let committed: string;
      try {
        committed = readFileSync(path, 'utf8');
      } catch {
        throw new Error(`${path} is missing: run npm run build:data`);
      }
      expect(committed === text, `${path} is out of date: run npm run build:data`).toBe(true);
    }
  });
});
