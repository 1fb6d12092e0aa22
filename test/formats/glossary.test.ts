import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tbxFormat, tbx3Format } from '../../src/formats/tbx.js';
import { csvFormat, tsvFormat } from '../../src/formats/csv.js';
import { BadInput } from '../../src/errors.js';
import type { TermEntry } from '../../src/model.js';
import { FIXTURES, SCHEMAS, readEntries, readUnits, writeEntries, xmllint } from './helpers.js';
import { hasProgram, peerAvailable } from '../helpers/peers.js';
import { ingest } from '../../src/ingest.js';
import { tempDb } from '../match/helpers.js';

const haveXmllint = peerAvailable('xmllint', hasProgram('xmllint'));
const strip = (es: TermEntry[]): unknown => JSON.parse(JSON.stringify(es.map(({ id: _i, origin: _o, createdAt: _c, ...e }) => ({ ...e, terms: e.terms.map(({ id: _t, ...t }) => t) }))));

const entries: TermEntry[] = [
  {
    id: 7, method: 'gloss', score: 0.93, frequency: 4, evidence: [3, 17], subject: 'finance & law', note: 'note with <tag> & "quotes"',
    terms: [
      { lang: 'zh-TW', text: '證券交易委員會', status: 'approved', partOfSpeech: 'noun' },
      { lang: 'en-US', text: 'SEC', status: 'approved', partOfSpeech: 'properNoun', note: 'abbreviation' },
      { lang: 'en-US', text: 'Securities and Exchange Commission', status: 'candidate' },
    ],
  },
  { id: 8, terms: [{ lang: 'zh-TW', text: '𠀀 &amp; <x>', status: 'candidate' }, { lang: 'en-US', text: 'tab\there\nnewline', status: 'forbidden', partOfSpeech: 'phrase' }] },
  { id: 9, terms: [{ lang: 'zh-TW', text: 'שלום 😀', status: 'approved' }, { lang: 'en-US', text: "it's \"quoted\"", status: 'approved' }] },
];

describe('TBX', () => {
  it('writes TBX-Basic 2008 martif valid against the RNG and the DTD, with statuses, part of speech, notes and NCName ids', async () => {
    const xml = await writeEntries(tbxFormat, entries);
    expect(xml).toContain('<martif type="TBX-Basic" xml:lang="zh-TW">');
    expect(xml).toContain('<termEntry id="c7">');
    expect(xml).toContain('<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>');
    expect(xml).toContain('<termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>');
    expect(xml).toContain('<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>');
    expect(xml).toContain('<note>glossa: method=gloss; score=0.93; frequency=4; evidence=3,17</note>');
    expect(xml.indexOf('xml:lang="zh-TW"', 60)).toBeLessThan(xml.indexOf('<langSet xml:lang="en-US"'));
    if (!haveXmllint) return;
    for (const [flag, schema] of [['--relaxng', 'TBXBasicRNGV02.rng'], ['--dtdvalid', 'TBXBasiccoreStructV02.dtd'], ['--dtdvalid', 'TBXcoreStructV02.dtd']]) {
      const r = xmllint(flag!, schema!, xml);
      expect(r.stderr, schema).toBe('');
      expect(r.status, schema).toBe(0);
    }
  });

  it('writes TBX v3 on request, valid against the core and TBX-Basic RNG', async () => {
    const xml = await writeEntries(tbx3Format, entries);
    expect(xml).toContain('<tbx type="TBX-Basic" style="dca" xml:lang="zh-TW" xmlns="urn:iso:std:iso:30042:ed-2">');
    expect(xml).toContain('<conceptEntry id="c7">');
    if (!haveXmllint) return;
    for (const schema of ['TBXcoreStructV03.rng', 'TBXcoreStructV03_TBX-Basic_integrated.rng']) {
      const r = xmllint('--relaxng', schema, xml);
      expect(r.stderr, schema).toBe('');
      expect(r.status, schema).toBe(0);
    }
  });

  it('round-trips both forms without loss (evidence ids stay with their database)', async () => {
    const expected = strip(entries.map((e) => ({ ...e, evidence: undefined, method: e.method ?? 'import' })));
    for (const f of [tbxFormat, tbx3Format]) {
      const back = await readEntries(f, await writeEntries(f, entries), 'x.tbx');
      expect(strip(back), f.name).toEqual(expected);
    }
  });

  it('reads the TBX-Basic samples of both versions', async () => {
    for (const name of ['tbx-basic-v2-valid.tbx', 'tbx-basic-v3-valid.tbx']) {
      const [e] = await readEntries(tbxFormat, readFileSync(join(SCHEMAS, 'samples', name)), name);
      expect(e!.subject).toBe('Software UI');
      expect(e!.terms.map((t) => [t.lang, t.text, t.status, t.partOfSpeech ?? null, t.note ?? null])).toEqual([
        ['zh-CN', '保存', 'approved', 'verb', null],
        ['en-US', 'save', 'approved', 'verb', null],
        ['en-US', 'store', 'forbidden', name.includes('v3') ? 'verb' : null, 'Do not use in UI strings.'],
      ]);
    }
  });

  it('refuses a file that is not TBX, entity declarations, a tig without a term, an unknown status', async () => {
    const bad: [string, RegExp][] = [
      ['<?xml version="1.0"?><tmx version="1.4"/>', /x\.tbx:1: not a TBX file: the root element is <tmx>/],
      ['<!DOCTYPE martif [<!ENTITY e "boom">]><martif><text><body/></text></martif>', /x\.tbx:1: the DOCTYPE declares entities/],
      ['<martif>\n<text><body><termEntry><langSet xml:lang="en">\n<tig><termNote type="partOfSpeech">noun</termNote></tig></langSet></termEntry></body></text></martif>', /x\.tbx:3: <tig> without a <term>/],
      ['<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>a</term><termNote type="administrativeStatus">okay</termNote></tig></langSet></termEntry></body></text></martif>', /unknown administrativeStatus "okay"/],
      ['<martif><text><body><termEntry>', /x\.tbx:1: truncated or malformed XML/],
      ['', /x\.tbx: is empty/],
    ];
    for (const [xml, message] of bad) {
      const err = await readEntries(tbxFormat, xml, 'x.tbx').then(() => undefined, (e: unknown) => e);
      expect(err, xml).toBeInstanceOf(BadInput);
      expect((err as Error).message, xml).toMatch(message);
    }
  });
});

describe('CSV and TSV glossaries', () => {
  it('reads quotes, commas and newlines inside fields, statuses and notes', async () => {
    const es = await readEntries(csvFormat, readFileSync(join(FIXTURES, 'hostile-glossary.csv')), 'g.csv');
    expect(es).toHaveLength(6);
    expect(es[0]).toMatchObject({ note: 'the "SEC", U.S.', terms: [{ lang: 'zh-TW', text: '證券交易委員會', status: 'approved' }, { lang: 'en-US', text: 'SEC' }] });
    expect(es[1]!.note).toBe('two\nlines');
    expect(es[1]!.terms[0]!.status).toBe('candidate');
    expect(es[2]!.terms[1]!.text).toBe('literal &amp;');
    expect(es[3]!.note).toBe('\ttab before');
    expect(es[4]!.terms.map((t) => t.text)).toEqual(['𠀀𪚥', 'CJK extension B 😀']);
  });

  it('reads a BOM and CRLF, and a header without a status column as approved terms; TSV too', async () => {
    const [e] = await readEntries(csvFormat, readFileSync(join(FIXTURES, 'bom.csv')), 'bom.csv');
    expect(e!.terms).toEqual([{ lang: 'zh-TW', text: '深度求索', status: 'approved' }, { lang: 'en-US', text: 'DeepSeek', status: 'approved' }]);
    const [t] = await readEntries(tsvFormat, readFileSync(join(FIXTURES, 'glossary.tsv')), 'g.tsv');
    expect(t).toMatchObject({ note: 'quoted\ttab', terms: [{ text: '美國' }, { text: 'United States' }] });
  });

  // The round trip of the hostile glossary through CSV and TSV is in the contract suite.
  it('writes the header of language tags, status and note, and quotes as RFC 4180 says', async () => {
    const es = await readEntries(csvFormat, readFileSync(join(FIXTURES, 'hostile-glossary.csv')), 'g.csv');
    const csv = await writeEntries(csvFormat, es);
    expect(csv.split('\r\n')[0]).toBe('zh-TW,en-US,status,note');
    expect(csv).toContain('"the ""SEC"", U.S."');
  });

  it('splits a table by row: sentence rows are translation units, term rows glossary entries', async () => {
    const tsv = [
      'zh-TW\ten-US\tnote',
      '本法之主管機關為金融監督管理委員會。\tThe competent authority for this Act is the Financial Supervisory Commission.\tart. 2',
      '主管機關\tcompetent authority',
      '美國\tU.S.',
      '這裡。\tHere it is.',
      // No end punctuation, but longer than twelve words on the English side.
      '依本法規定辦理之金融消費爭議\tfinancial consumer disputes handled under the provisions of this Act as set out in its articles',
    ].join('\n');
    const { units, warnings } = await readUnits(tsvFormat, tsv, 'mixed.tsv');
    expect(warnings).toEqual([]);
    expect(units.map((u) => [u.srcLang, u.tgtLang, u.source, u.notes])).toEqual([
      ['zh-TW', 'en-US', '本法之主管機關為金融監督管理委員會。', [{ text: 'art. 2' }]],
      ['zh-TW', 'en-US', '依本法規定辦理之金融消費爭議', undefined],
    ]);
    const terms = await readEntries(tsvFormat, tsv, 'mixed.tsv');
    expect(terms.map((e) => e.terms.map((t) => t.text))).toEqual([['主管機關', 'competent authority'], ['美國', 'U.S.'], ['這裡。', 'Here it is.']]);
  });

  it('writes synonyms as rows of their own and keeps part of speech', async () => {
    const csv = await writeEntries(csvFormat, entries);
    const rows = csv.trim().split('\r\n');
    expect(rows[0]).toBe('zh-TW,en-US,status,note,pos,subject');
    expect(rows[1]).toBe('證券交易委員會,SEC,approved,"note with <tag> & ""quotes""",noun,finance & law');
    expect(rows[2]).toBe('證券交易委員會,Securities and Exchange Commission,candidate,"note with <tag> & ""quotes""",noun,finance & law');
  });

  it('reads a large table row by row as it parses: a bad row late in the file fails there, and the import stores nothing', async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => `詞${i},term ${i}`);
    const csv = `zh-TW,en-US\n${rows.join('\n')}\nlast,"unclosed\n`;
    // The first entries come before the parser reaches the bad row (the table is not read whole first).
    let read = 0;
    const err = await (async () => {
      for await (const e of csvFormat.readEntries!((async function* () {
        yield Buffer.from(csv);
      })(), { file: 'big.csv' })) {
        expect(e.terms[0]!.text).toBe(`詞${read}`);
        read++;
      }
    })().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(BadInput);
    expect((err as Error).message).toMatch(/big\.csv:\d+: malformed CSV: .*quote/i);
    expect(read).toBe(6000);
    const db = await tempDb();
    try {
      const failed = await ingest(db, (async function* () {
        yield Buffer.from(csv);
      })(), { file: 'big.csv', format: csvFormat, extract: false }).then(() => undefined, (e: unknown) => e);
      expect(failed).toBeInstanceOf(BadInput);
      expect((await db.client.execute('SELECT count(*) AS n FROM term')).rows[0]!.n).toBe(0);
      // The same table without its bad row is stored whole.
      const ok = await ingest(db, (async function* () {
        yield Buffer.from(`zh-TW,en-US\n${rows.join('\n')}\n`);
      })(), { file: 'big.csv', format: csvFormat, extract: false });
      expect(ok.entries.added).toBe(6000);
    } finally {
      db.close();
    }
  });

  it('refuses a header without language tags, an unknown status, an unclosed quote, legacy encodings', async () => {
    const bad: [string | Uint8Array, RegExp][] = [
      ['source,target\na,b\n', /g\.csv:1: the header must start with two language tags/],
      ['zh-TW,en-US,status\na,b,approved\nc,d,maybe\n', /g\.csv:3: unknown status "maybe"/],
      ['zh-TW,en-US\na,"b\nc,d\n', /g\.csv:\d+: malformed CSV: .*quote/i],
      [Buffer.concat([Buffer.from('zh-TW,en-US\n'), Buffer.from([0xbb, 0xa8, 0xa5, 0x5f]), Buffer.from(',Taiwan\n')]), /g\.csv:2: not valid UTF-8/],
    ];
    for (const [data, message] of bad) {
      const err = await readEntries(csvFormat, data, 'g.csv').then(() => undefined, (e: unknown) => e);
      expect(err, String(data)).toBeInstanceOf(BadInput);
      expect((err as Error).message, String(data)).toMatch(message);
    }
  });
});
