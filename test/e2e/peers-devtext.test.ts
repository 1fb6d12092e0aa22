/**
 * A CAT tool uses the TM segment by segment: OmegaT (console-translate, its own default text
 * filter and segmentation rules) is given a development document's Chinese half as the source
 * file, as it stands in the document (lines as they are: OmegaT reads the lines between blank
 * lines as one paragraph, so a heading or a list item without a full stop runs on into the next
 * line), and Glossa's TMX of the whole document in tm/auto/. It must fill at least 85% of its
 * segments from the TMX. In the same run a second file holds the same lines each as a paragraph
 * of its own (as CAT tools that end a paragraph at every line break read the half): the sentence
 * pairs must serve that reading as well.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OMEGAT_JAR, hasProgram, omegatProject, peerAvailable, runOmegat } from '../helpers/peers.js';
import { runCli, tempDbUrl, tempDir } from '../helpers/cli.js';

describe.each(['debref-ch03', 'taiwan-fcpa', 'cc-by-sa-4.0'])('OmegaT on devtext %s', (name) => {
  it('fills at least 85% of the Chinese half\'s segments from Glossa\'s TMX, the half as it stands and line by line', async (ctx) => {
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
    // The Chinese half: the file up to its first blank line, its lines untouched.
    const chinese = readFileSync(file, 'utf8').split(/\n[ \t]*\n/)[0]!;
    const lines = chinese.split('\n').filter((l) => l.trim());
    writeFileSync(join(project, 'source', `${name}.txt`), chinese + '\n');
    writeFileSync(join(project, 'source', `${name}.lines.txt`), lines.join('\n\n') + '\n');
    const r = runOmegat(project);
    expect(r.status, r.stderr).toBe(0);
    const stats = readFileSync(join(project, 'omegat/project_stats.txt'), 'utf8');
    for (const source of [`${name}.txt`, `${name}.lines.txt`]) {
      // The file's row of the individual statistics: its name, total and remaining segments.
      const row = new RegExp(`^${source.replaceAll('.', '\\.')}\\s+(\\d+)\\s+(\\d+)`, 'm').exec(stats);
      expect(row, stats).not.toBeNull();
      const [total, remaining] = [Number(row![1]), Number(row![2])];
      // OmegaT read the text: more segments than lines ending a sentence could give alone.
      expect(total).toBeGreaterThan(lines.length / 2);
      expect((total - remaining) / total, `${source}: ${total - remaining} of ${total} segments filled`).toBeGreaterThanOrEqual(0.85);
    }
  });
});
