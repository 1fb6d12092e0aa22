import { describe, expect, it } from 'vitest';
import { poFormat } from '../../src/formats/po.js';
import { BadInput } from '../../src/errors.js';
import { readUnits } from './helpers.js';

const PO = `# Translator comment
msgid ""
msgstr ""
"Language: zh_TW\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

#. extracted comment
#: src/main.c:12
#, c-format
msgctxt "menu"
msgid "Open \\"%s\\"\\t"
"now\\n"
msgstr "開啟「%s」\\t"
"現在\\n"

msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d 個檔案"

#, fuzzy
msgid "Guess"
msgstr "猜測"

msgid "Untranslated"
msgstr ""

#~ msgid "Old"
#~ msgstr "舊"
`;

describe('PO import', () => {
  it('reads msgid/msgstr with escapes and continuations, msgctxt, plurals; reports fuzzy and untranslated entries', async () => {
    const { units, warnings } = await readUnits(poFormat, PO, 'app.po');
    expect(units.map((u) => [u.srcLang, u.tgtLang, u.source, u.target])).toEqual([
      ['en', 'zh-TW', 'Open "%s"\tnow\n', '開啟「%s」\t現在\n'],
      ['en', 'zh-TW', '%d file', '%d 個檔案'],
      ['en', 'zh-TW', '%d files', '%d 個檔案'],
    ]);
    expect(units[0]!.props).toEqual([
      { type: 'x-po-msgctxt', value: 'menu' },
      { type: 'x-po-reference', value: 'src/main.c:12' },
      { type: 'x-po-flags', value: 'c-format' },
    ]);
    expect(units[0]!.notes).toEqual([{ text: 'extracted comment' }]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^21: .*"Guess" skipped: marked fuzzy/);
    expect(warnings[1]).toMatch(/"Untranslated" skipped: untranslated/);
  });

  it('takes the target language from the file name when the header has none', async () => {
    const { units } = await readUnits(poFormat, 'msgid "Yes"\nmsgstr "是"\n', 'tar.zh_CN.po');
    expect(units[0]).toMatchObject({ srcLang: 'en', tgtLang: 'zh-CN', source: 'Yes', target: '是' });
  });

  it('refuses broken catalogs with file and line', async () => {
    const bad: [string, string, RegExp][] = [
      ['msgid "a"\nmsgstr "b\n', 'x.zh_TW.po', /x\.zh_TW\.po:2: expected a quoted string/],
      ['msgid "a"\nmsgstr "b"\nbogus line\n', 'x.zh_TW.po', /x\.zh_TW\.po:3: cannot read this line/],
      ['msgid "a"\nmsgstr "b"\n', 'catalog.po', /catalog\.po:1: no target language/],
      ['msgid ""\nmsgstr "Content-Type: text/plain; charset=BIG5\\n"\n', 'x.zh_TW.po', /charset big5/],
    ];
    for (const [text, file, message] of bad) {
      const err = await readUnits(poFormat, text, file).then(() => undefined, (e: unknown) => e);
      expect(err, text).toBeInstanceOf(BadInput);
      expect((err as Error).message, text).toMatch(message);
    }
  });
});
