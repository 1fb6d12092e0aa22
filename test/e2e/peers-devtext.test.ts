/**
 * A CAT tool uses the TM segment by segment: OmegaT (console-translate, its own default
 * segmentation rules) is given a development document's Chinese half as the source file, one
 * paragraph per blank-line-separated block, and Glossa's TMX of the whole document in tm/auto/.
 * It must fill at least 85% of its segments from the TMX.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OMEGAT_JAR, hasProgram, omegatProject, peerAvailable, runOmegat } from '../helpers/peers.js';
import { runCli, tempDbUrl, tempDir } from '../helpers/cli.js';

describe.each(['debref-ch03', 'taiwan-fcpa', 'cc-by-sa-4.0'])('OmegaT on devtext %s', (name) => {
  it('fills at least 85% of the Chinese half\'s segments from Glossa\'s TMX', async (ctx) => {
    if (!peerAvailable('OmegaT', hasProgram(OMEGAT_JAR) && hasProgram('java'))) return ctx.skip();
    const file = `test/fixtures/devtext/${name}.txt`;
    const db = tempDbUrl();
    const ingest = await runCli(['--db', db, 'ingest', '--no-extract', file]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const tmx = join(tempDir(), `${name}.tmx`);
    const exported = await runCli(['--db', db, 'export', '--format', 'tmx', '--out', tmx]);
    expect(exported.stderr).toBe('');

    const project = omegatProject();
    writeFileSync(join(project, 'tm/auto', `${name}.tmx`), readFileSync(tmx));
    const chinese = readFileSync(file, 'utf8').split(/\n[ \t]*\n/)[0]!.split('\n').filter((l) => l.trim());
    writeFileSync(join(project, 'source', `${name}.txt`), chinese.join('\n\n') + '\n');
    const r = runOmegat(project);
    expect(r.status, r.stderr).toBe(0);
    const stats = readFileSync(join(project, 'omegat/project_stats.txt'), 'utf8');
    const total = Number(/Total:\s+(\d+)/.exec(stats)?.[1]);
    const remaining = Number(/Remaining:\s+(\d+)/.exec(stats)?.[1]);
    expect(total).toBeGreaterThan(chinese.length);
    expect((total - remaining) / total, `${total - remaining} of ${total} segments filled`).toBeGreaterThanOrEqual(0.85);
  });
});
