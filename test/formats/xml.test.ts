/**
 * The XML scanner (src/formats/xml.ts) against saxes, a conformant XML parser, as the oracle:
 * the same elements, attributes and text on every XML file in the fixtures and on generated
 * documents (any chunking), the same verdict on thousands of mutated documents, and a refusal
 * naming the line on every kind of malformed input.
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SaxesParser } from 'saxes';
import { saxStream, type XmlLimits } from '../../src/formats/xml.js';
import { BadInput } from '../../src/errors.js';
import { bytes } from './helpers.js';

type Event = string;

/** Events of saxes, text coalesced, text outside the root left out; throws on malformed input. */
function saxesEvents(xml: string): Event[] {
  const p = new SaxesParser({ xmlns: false, position: true });
  const ev: Event[] = [];
  let depth = 0;
  let text = '';
  const flush = (): void => {
    if (text !== '') ev.push(`T${JSON.stringify(text)}`);
    text = '';
  };
  let error: Error | undefined;
  p.on('error', (e) => {
    error ??= e;
  });
  p.on('opentag', (t) => {
    flush();
    depth++;
    ev.push(`O${t.name}${JSON.stringify(Object.entries(t.attributes))}${t.isSelfClosing ? '/' : ''}`);
  });
  p.on('closetag', (t) => {
    flush();
    depth--;
    ev.push(`C${t.name}`);
  });
  const onText = (t: string): void => {
    if (depth > 0) text += t;
  };
  p.on('text', onText);
  p.on('cdata', onText);
  // Our two deliberate refusals on top of XML: legacy encodings and DOCTYPE internal subsets.
  p.on('xmldecl', (d) => {
    if (d.encoding && !/^(utf-?8|utf-16(le|be)?|us-ascii|ascii)$/i.test(d.encoding)) error ??= new Error('encoding');
  });
  p.on('doctype', (d) => {
    if (/\[/.test(d.replace(/"[^"]*"|'[^']*'/g, ''))) error ??= new Error('internal subset');
  });
  // saxes accepts `<?pi??>`; XML needs white space between a PI's target and its data.
  if (/<\?[A-Za-z_:][^\s?>]*\?(?!>)/.test(xml)) error ??= new Error('PI data without white space');
  p.write(xml);
  if (!error) p.close();
  if (error) throw error;
  return ev;
}

/** Our events, in the same form. */
async function ourEvents(input: string | Uint8Array, chunkSize = 7, limits?: XmlLimits): Promise<Event[]> {
  const ev: Event[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') ev.push(`T${JSON.stringify(text)}`);
    text = '';
  };
  const it = saxStream<never>(
    bytes(input, chunkSize),
    'doc.xml',
    () => ({
      open(t) {
        flush();
        ev.push(`O${t.name}${JSON.stringify(Object.entries(t.attributes))}${t.isSelfClosing ? '/' : ''}`);
      },
      close(t) {
        flush();
        ev.push(`C${t.name}`);
      },
      text(t) {
        text += t;
      },
    }),
    limits,
  );
  for await (const _ of it) {
    // events only
  }
  flush();
  return ev;
}

async function ourError(input: string | Uint8Array, chunkSize = 7): Promise<BadInput | undefined> {
  try {
    await ourEvents(input, chunkSize);
    return undefined;
  } catch (e) {
    if (!(e instanceof BadInput)) throw e;
    return e;
  }
}

function xmlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...xmlFiles(p));
    else if (/\.(xml|tmx|xlf|xliff|tbx|xsd|rng)$/.test(name)) out.push(p);
  }
  return out;
}

/** A small deterministic PRNG (mulberry32), so every run tests the same documents. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['tu', 'tuv', 'seg', 'xml:lang', 'bpt', 'a-b.c', '_x', 'é', '中文', 'x·y', 'ns:tag'];
const TEXTS = ['plain', ' ', '\n  ', '中文字', '&amp;', '&lt;b&gt;', '&#x4E2D;', '&#20013;', '&#x1F600;', '😀', 'a\r\nb', 'c\rd', '&quot;&apos;', ']', ']]', '>', '\t', '&#13;', '&#xD;&#xA;'];

function generate(r: () => number, depth = 0): string {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const name = pick(NAMES);
  const attrs: string[] = [];
  const used = new Set<string>();
  for (let i = Math.floor(r() * 4); i > 0; i--) {
    const n = pick(NAMES);
    if (used.has(n)) continue;
    used.add(n);
    const q = r() < 0.5 ? '"' : "'";
    const v = pick(['v', '', 'a b', 'tab\there', 'nl\r\nx', '&amp;&lt;&#10;&#x9;', "it's", '"quoted"', '中', '&#x10FFFF;']).replaceAll(q, q === '"' ? '&quot;' : '&apos;');
    attrs.push(`${pick([' ', '\n', '  \t'])}${n}${pick(['', ' '])}=${pick(['', ' '])}${q}${v}${q}`);
  }
  const open = `<${name}${attrs.join('')}`;
  if (depth > 4 || r() < 0.2) return `${open}${pick(['', ' '])}/>`;
  let body = '';
  for (let i = Math.floor(r() * 5); i > 0; i--) {
    const k = r();
    if (k < 0.45) body += pick(TEXTS);
    else if (k < 0.8) body += generate(r, depth + 1);
    else if (k < 0.88) body += `<![CDATA[${pick(['<not a tag>', '&amp;', ']]', 'x\r\ny', ''])}]]>`;
    else if (k < 0.94) body += `<!--${pick([' note ', '', '- x', '中'])}-->`;
    else body += `<?pi ${pick(['data', '', '?', 'a="b"'])}?>`;
  }
  return `${open}>${body}</${name}${pick(['', ' ', '\n'])}>`;
}

function document(r: () => number): string {
  const decl = r() < 0.5 ? `<?xml version="1.0"${r() < 0.5 ? ' encoding="UTF-8"' : ''}?>\n` : '';
  const doctype = r() < 0.2 ? '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n' : '';
  const misc = r() < 0.3 ? '<!-- c -->\n' : '';
  return `${decl}${doctype}${misc}${generate(r)}${r() < 0.3 ? '\n<!-- after -->\n' : '\n'}`;
}

describe('XML scanner', () => {
  it('gives the same elements, attributes and text as saxes on every XML file in the fixtures, in any chunking', async () => {
    const files = xmlFiles(join(import.meta.dirname, '../fixtures')).filter((f) => !/utf16/.test(f));
    expect(files.length).toBeGreaterThan(20);
    let compared = 0;
    for (const f of files) {
      const data = readFileSync(f);
      let expected: Event[];
      if (!isUtf8(data)) {
        // saxes reads text, not bytes: refusing bytes that are not UTF-8 is ours.
        expect((await ourError(data))?.message, f).toMatch(/not valid UTF-8|declares encoding/);
        continue;
      }
      try {
        expected = saxesEvents(data.toString('utf8').replace(/^\uFEFF/, ''));
      } catch {
        // Malformed on purpose (hostile fixtures): we must refuse it too.
        expect(await ourError(data), f).toBeInstanceOf(BadInput);
        continue;
      }
      for (const size of [1, 7, 65536]) expect(await ourEvents(data, size), `${f} in ${size}-byte chunks`).toEqual(expected);
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('gives the same events as saxes on 400 generated documents (references, CRLF, CDATA, comments, PIs, non-ASCII names)', async () => {
    const r = rng(42);
    for (let i = 0; i < 400; i++) {
      const doc = document(r);
      expect(await ourEvents(doc, 1 + (i % 13)), doc).toEqual(saxesEvents(doc));
    }
  });

  it('agrees with saxes on accepting or refusing 3,000 mutated documents', async () => {
    const r = rng(7);
    const noise = ['<', '>', '&', ';', '"', "'", '/', '=', ' ', ']]>', '<!--', '-->', '--', '<?', '?>', '<![CDATA[', '&#0;', '&#xFFFE;', '\u0001', '&foo;', 'a', '中', '</x>', '<x>', ':', '9', '\u00b7'];
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      let doc = document(r);
      const at = Math.floor(r() * doc.length);
      const cut = r() < 0.5 ? 1 : 0;
      doc = doc.slice(0, at) + (r() < 0.7 ? noise[Math.floor(r() * noise.length)] : '') + doc.slice(at + cut);
      // Both parsers read the same characters (a cut emoji becomes U+FFFD in UTF-8, as it would on disk).
      doc = Buffer.from(doc).toString('utf8');
      let expected: Event[] | undefined;
      try {
        expected = saxesEvents(doc);
      } catch {
        expected = undefined;
      }
      if (expected === undefined) {
        refused++;
        expect(await ourError(doc, 5), `should refuse: ${JSON.stringify(doc)}`).toBeInstanceOf(BadInput);
      } else {
        const ours = await ourEvents(doc, 5).catch((e: unknown) => `refused: ${(e as Error).message}`);
        expect(ours, `should accept: ${JSON.stringify(doc)}`).toEqual(expected);
      }
    }
    // Both verdicts are exercised.
    expect(refused).toBeGreaterThan(500);
    expect(refused).toBeLessThan(2900);
  });

  const malformed: [string, string, RegExp][] = [
    ['mismatched end tag', '<a>\n<b>\n</a></b>', /doc\.xml:3: malformed XML: end tag <\/a> does not match the open <b>/],
    ['unclosed element', '<a>\n<b>text', /doc\.xml:2: truncated or malformed XML: the file ends inside <b>/],
    ['undefined entity', '<a>\n\nx &nbsp; y</a>', /doc\.xml:3: malformed XML: undefined entity &nbsp;/],
    ['bare ampersand', '<a>\nR&D</a>', /doc\.xml:2: malformed XML: "&" not followed by a reference/],
    ['character reference to NUL', '<a>&#0;</a>', /doc\.xml:1: malformed XML: &#0; refers to a character XML does not allow/],
    ['control character', '<a>\n\u0001</a>', /doc\.xml:2: malformed XML: character U\+0001 is not allowed/],
    ['U+FFFE', '<a>\uFFFE</a>', /character U\+FFFE is not allowed/],
    [']]> in text', '<a>x]]>y</a>', /"\]\]>" is not allowed in text/],
    ['< in attribute', '<a b="<"/>', /"<" in an attribute value/],
    ['unquoted attribute', '<a b=c/>', /the value of attribute b of <a> is not quoted/],
    ['duplicate attribute', '<a b="1" b="2"/>', /attribute b appears twice in <a>/],
    ['attributes without space', '<a b="1"c="2"/>', /unexpected character "c" in <a>/],
    ['attribute without value', '<a b/>', /attribute b of <a> has no value/],
    ['two roots', '<a/>\n<b/>', /doc\.xml:2: malformed XML: a second root element <b>/],
    ['text after the root', '<a/>\ntail', /text after the end of the root element: "tail"/],
    ['text before the root', 'head<a/>', /text before the root element: "head"/],
    ['late XML declaration', '<a/><?xml version="1.0"?>', /XML declaration is only allowed at the very start/],
    ['declaration after white space', ' <?xml version="1.0"?><a/>', /XML declaration is only allowed at the very start/],
    ['bad name start', '<1a/>', /"<" not followed by a tag name/],
    ['bad non-ASCII name', '<a\u00d7b/>', /"a×b" is not a valid XML name/],
    ['-- in a comment', '<a><!-- a -- b --></a>', /"--" inside a comment/],
    ['CDATA outside the root', '<![CDATA[x]]><a/>', /CDATA section outside the root element/],
    ['unknown markup', '<a><!ELEMENT a ANY></a>', /"<!" starts neither a comment/],
    ['internal subset', '<!DOCTYPE a [<!ELEMENT a ANY>]><a/>', /DOCTYPE has an internal subset/],
    ['entity declaration', '<!DOCTYPE a [\n<!ENTITY e "x">\n]><a>&e;</a>', /DOCTYPE declares entities/],
    ['second DOCTYPE', '<!DOCTYPE a SYSTEM "a.dtd"><!DOCTYPE a SYSTEM "a.dtd"><a/>', /DOCTYPE is only allowed once/],
    ['end tag without start', '<a></a></b>', /text after the end of the root element|end tag <\/b> without a start tag/],
    ['truncated tag', '<a><b c="1"', /the file ends inside a tag/],
    ['malformed declaration', '<?xml versio="1.0"?><a/>', /the XML declaration is not/],
    ['no element', '<!-- only a comment -->', /holds no XML element/],
  ];
  for (const [what, xml, message] of malformed) {
    it(`refuses ${what} with the line and the problem`, async () => {
      expect(() => saxesEvents(xml), 'saxes refuses it too').toThrow();
      for (const size of [1, 4096]) {
        const err = await ourError(xml, size);
        expect(err, `${size}-byte chunks`).toBeInstanceOf(BadInput);
        expect(err!.message).toMatch(message);
      }
    });
  }

  it('refuses a declared legacy encoding (a refusal of ours: saxes would read the bytes as UTF-8)', async () => {
    for (const size of [1, 4096]) {
      expect((await ourError('<?xml version="1.0" encoding="ISO-8859-1"?><a/>', size))?.message).toMatch(/doc\.xml:1: declares encoding "ISO-8859-1"/);
    }
  });

  it('refuses bytes that are not UTF-8, naming the line, even when the bad byte ends a chunk', async () => {
    const bad = Buffer.concat([Buffer.from('<a>\nok\n'), Buffer.from([0xe4, 0xb8]), Buffer.from('</a>')]);
    for (const size of [1, 2, 3, 4096]) {
      const err = await ourError(bad, size);
      expect(err?.message).toMatch(/doc\.xml:3: not valid UTF-8 near byte 7/);
    }
    const truncatedChar = Buffer.concat([Buffer.from('<a>x</a>'), Buffer.from([0xe4])]);
    expect((await ourError(truncatedChar, 3))?.message).toMatch(/not valid UTF-8/);
    // A surrogate encoded in UTF-8 (CESU) is not UTF-8 either.
    expect((await ourError(Buffer.concat([Buffer.from('<a>'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('</a>')])))?.message).toMatch(/not valid UTF-8/);
  });

  it('hands a long text run on in pieces without splitting a reference, a CRLF or a character', async () => {
    const run = ('中文 &amp; text\r\n]]&gt; '.repeat(20000));
    const xml = `<a>${run}</a>`;
    const expected = saxesEvents(xml);
    for (const size of [65536, 100003]) expect(await ourEvents(xml, size)).toEqual(expected);
  });

  it('caps markup that never ends instead of buffering the whole input', async () => {
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('<a b="');
      const block = Buffer.alloc(1 << 20, 0x61);
      for (let i = 0; i < 10; i++) yield block;
      yield Buffer.from('"/>');
    }
    const it = saxStream<never>(endless(), 'doc.xml', () => ({}));
    await expect((async () => {
      for await (const _ of it) {
        // drive
      }
    })()).rejects.toThrow(/doc\.xml:1: markup .* longer than 4194304 bytes/);
  });

  it('keeps an attribute named __proto__ as an attribute', async () => {
    expect(await ourEvents('<a __proto__="x" b="y"/>')).toEqual(saxesEvents('<a __proto__="x" b="y"/>'));
  });
});
