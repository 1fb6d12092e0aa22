/**
 * Files no one here wrote, and readers no one here wrote: po2tmx output of Debian catalogs
 * (msgunfmt + translate-toolkit) goes through Glossa and back unchanged, and Translate Toolkit's
 * Python readers read our exports with the same content.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tmxFormat } from '../../src/formats/tmx.js';
import { poFormat } from '../../src/formats/po.js';
import { xliff12Format } from '../../src/formats/xliff.js';
import { tbxFormat } from '../../src/formats/tbx.js';
import type { TermEntry } from '../../src/model.js';
import { FIXTURES, content, readUnits, writeEntries, writeUnits, xmllint } from './helpers.js';
import { hasProgram, peerAvailable } from '../helpers/peers.js';

// translate-toolkit is a Debian package: its modules live under the system python, not a pyenv one.
const PY = '/usr/bin/python3';
const haveTT = peerAvailable('translate-toolkit (po2tmx, python3 translate)', hasProgram('po2tmx') && hasProgram('msgunfmt') && existsSync(PY) && spawnSync(PY, ['-c', 'import translate.storage.tmx'], { stdio: 'ignore' }).status === 0);
const haveXmllint = peerAvailable('xmllint', hasProgram('xmllint'));
const dir = mkdtempSync(join(tmpdir(), 'glossa-peers-'));

/** msgunfmt a system catalog and run po2tmx over it; returns the PO and TMX paths. */
function catalog(locale: string, domain: string): { po: string; tmx: string } | undefined {
  const mo = `/usr/share/locale/${locale}/LC_MESSAGES/${domain}.mo`;
  if (!existsSync(mo)) return undefined;
  const po = join(dir, `${domain}.${locale}.po`);
  const tmx = join(dir, `${domain}.${locale}.tmx`);
  expect(spawnSync('msgunfmt', [mo, '-o', po]).status).toBe(0);
  expect(spawnSync('po2tmx', ['-l', locale.replace('_', '-'), '-i', po, '-o', tmx]).status).toBe(0);
  return { po, tmx };
}

const CATALOGS: [string, string][] = [['zh_TW', 'bash'], ['zh_CN', 'bash'], ['zh_TW', 'apt'], ['zh_CN', 'coreutils']];

describe.skipIf(!haveTT)('po2tmx output of Debian catalogs', () => {
  it('imports every TU and exports it back identical (and valid TMX)', async () => {
    let checked = 0;
    for (const [locale, domain] of CATALOGS) {
      const c = catalog(locale, domain);
      if (!c) continue;
      const tuCount = (readFileSync(c.tmx, 'utf8').match(/<tu>/g) ?? []).length;
      const first = await readUnits(tmxFormat, readFileSync(c.tmx), c.tmx, 64 * 1024);
      expect(first.warnings, c.tmx).toEqual([]);
      expect(first.units, c.tmx).toHaveLength(tuCount);
      expect(first.units[0]!.tgtLang).toBe(locale.replace('_', '-'));
      const out = await writeUnits(tmxFormat, first.units);
      if (haveXmllint) expect(xmllint('--dtdvalid', 'tmx14.dtd', out).status, c.tmx).toBe(0);
      const second = await readUnits(tmxFormat, out, c.tmx, 64 * 1024);
      // po2tmx writes no tuid; ours adds one (TMX wants unique ids): that is the only difference allowed.
      expect(first.units.every((u) => u.externalId === undefined)).toBe(true);
      expect(second.units.map((u) => content({ ...u, externalId: undefined }))).toEqual(first.units.map(content));
      checked += tuCount;
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('our PO reader finds the same pairs as po2tmx', async () => {
    for (const [locale, domain] of CATALOGS.slice(0, 2)) {
      const c = catalog(locale, domain);
      if (!c) continue;
      const fromTT = (await readUnits(tmxFormat, readFileSync(c.tmx))).units;
      const fromPo = (await readUnits(poFormat, readFileSync(c.po), c.po)).units;
      // po2tmx leaves C escapes it cannot put in XML (\a) as written; we decode them.
      const key = (s: string, t: string): string => `${s.replace(/\x07/g, '\\a')}\u0000${t.replace(/\x07/g, '\\a')}`;
      const tt = new Set(fromTT.map((u) => key(u.source, u.target)));
      const ours = new Set(fromPo.map((u) => key(u.source, u.target)));
      const missing = [...tt].filter((k) => !ours.has(k));
      expect(missing, `${c.po}: pairs po2tmx found that we did not`).toEqual([]);
      expect(fromPo[0]!.tgtLang).toBe(locale.replace('_', '-'));
      expect(fromPo[0]!.srcLang).toBe('en');
    }
  });
});

/** Run a Translate Toolkit store class over a file; returns [source, target] per unit. */
function ttRead(storeModule: string, storeClass: string, path: string): [string, string][] {
  const script = `
import json, sys
from translate.storage import ${storeModule}
store = ${storeModule}.${storeClass}.parsefile(sys.argv[1])
print(json.dumps([[str(u.source), str(u.target or '')] for u in store.units if not u.isheader()], ensure_ascii=False))
`;
  const r = spawnSync(PY, ['-c', script, path], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as [string, string][];
}

describe.skipIf(!haveTT)("Translate Toolkit's readers read our exports", () => {
  it('TMX and XLIFF 1.2: the same sources and targets, hostile text included', async () => {
    const { units } = await readUnits(tmxFormat, readFileSync(join(FIXTURES, 'hostile-text.tmx')));
    const plain = units.filter((u) => !/\r/.test(u.source + u.target)); // lxml normalises a lone CR as XML says
    const tmxPath = join(dir, 'ours.tmx');
    writeFileSync(tmxPath, await writeUnits(tmxFormat, plain));
    expect(ttRead('tmx', 'tmxfile', tmxPath)).toEqual(plain.map((u) => [u.source, u.target]));
    const xlfPath = join(dir, 'ours.xlf');
    writeFileSync(xlfPath, await writeUnits(xliff12Format, plain));
    expect(ttRead('xliff', 'xlifffile', xlfPath)).toEqual(plain.map((u) => [u.source, u.target]));
  });

  it('TBX: the same terms', async () => {
    const entries: TermEntry[] = [
      { id: 1, terms: [{ lang: 'zh-TW', text: '證券交易委員會', status: 'approved' }, { lang: 'en-US', text: 'SEC', status: 'approved' }] },
      { id: 2, terms: [{ lang: 'zh-TW', text: '扼喉行動2.0', status: 'candidate' }, { lang: 'en-US', text: 'Operation Chokepoint 2.0 & "more"', status: 'candidate' }] },
    ];
    const path = join(dir, 'ours.tbx');
    writeFileSync(path, await writeEntries(tbxFormat, entries));
    const read = ttRead('tbx', 'tbxfile', path);
    expect(read.map(([s]) => s)).toEqual(['證券交易委員會', '扼喉行動2.0']);
  });
});
