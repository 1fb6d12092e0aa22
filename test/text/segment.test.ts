import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { omegatChineseBreaks, omegatChineseSegments } from '../helpers/omegat-srx.js';
import { segmentClauses, segmentSentences } from '../../src/text/segment.js';

const cut = (text: string, lang: string): string[] => segmentSentences(text, lang).map((s) => s.text);

describe('sentence segmentation (SRX-style)', () => {
  it('cuts Chinese after 。！？, not at commas, colons or semicolons', () => {
    expect(cut('他走了!真的嗎?是的;當然,好。再見！', 'zh-TW')).toEqual(['他走了!', '真的嗎?', '是的;當然,好。', '再見！']);
  });

  it('does not cut Chinese where a closing quote or bracket follows 。！？ (as OmegaT\'s Chinese rules)', () => {
    expect(cut('他說:“好。”然後走了。（可以用來代替。）下一句。', 'zh-TW')).toEqual(['他說:“好。”然後走了。', '（可以用來代替。）下一句。']);
    expect(cut('被稱為“扼喉行動2.0”。下一句。', 'zh-TW')).toEqual(['被稱為“扼喉行動2.0”。', '下一句。']);
  });

  it('makes a bracketed source line after the last sentence its own segment', () => {
    expect(cut('美國可以重新成為科技領袖。(財富中文網)', 'zh-TW')).toEqual(['美國可以重新成為科技領袖。', '(財富中文網)']);
  });

  it('cuts English after . ! ? and a capital, not after abbreviations or inside domains', () => {
    expect(cut('Even the EU beat the U.S. to regulatory clarity. It leads today.', 'en-US')).toEqual(['Even the EU beat the U.S. to regulatory clarity.', 'It leads today.']);
    expect(cut('Read it on Fortune.com today. Mr. Smith agreed, e.g. Dr. Jones. Fine!', 'en')).toEqual(['Read it on Fortune.com today.', 'Mr. Smith agreed, e.g. Dr. Jones.', 'Fine!']);
    expect(cut('J. R. R. Tolkien wrote it. "Yes," he said. (It was.) Then 2025 came.', 'en')).toEqual(['J. R. R. Tolkien wrote it.', '"Yes," he said.', '(It was.)', 'Then 2025 came.']);
  });

  it('does not cut before a lower-case continuation or version numbers', () => {
    expect(cut('Operation Chokepoint 2.0 ended. version 3.1 is out', 'en')).toEqual(['Operation Chokepoint 2.0 ended. version 3.1 is out']);
  });

  it('cuts Chinese at an ASCII full stop between Chinese words, not inside names, versions or paths', () => {
    expect(cut('放在下面的二進位制資料.這些資料可以訪問。', 'zh-TW')).toEqual(['放在下面的二進位制資料.', '這些資料可以訪問。']);
    expect(cut('在核心啟動時載入 (參見 udev(7)).在核心之後。', 'zh-TW')).toEqual(['在核心啟動時載入 (參見 udev(7)).', '在核心之後。']);
    expect(cut('主機名儲存在 "/etc/hostname".這個檔案只包含主機名。', 'zh-TW')).toEqual(['主機名儲存在 "/etc/hostname".', '這個檔案只包含主機名。']);
    expect(cut('主機名儲存在 "/etc/hostname".conf 檔案裡。', 'zh-TW')).toEqual(['主機名儲存在 "/etc/hostname".conf 檔案裡。']);
    expect(cut('描述程序，參見 systemd.service(5) 及 v2.0 版，例如 e.g. /etc/a.conf 檔案。', 'zh-TW')).toEqual(['描述程序，參見 systemd.service(5) 及 v2.0 版，例如 e.g. /etc/a.conf 檔案。']);
  });

  it('does not end a sentence at a list marker', () => {
    expect(cut('1. Introduction to the system. 2. Installing it.', 'en')).toEqual(['1. Introduction to the system.', '2. Installing it.']);
    expect(cut('1. 系統簡介', 'zh-TW')).toEqual(['1. 系統簡介']);
    expect(cut('It excludes the following: 1. Qualified investors; or 2. Natural persons. It applies.', 'en')).toEqual(['It excludes the following: 1. Qualified investors; or 2. Natural persons.', 'It applies.']);
    expect(cut('It ends in 1. Then it starts.', 'en')).toEqual(['It ends in 1.', 'Then it starts.']);
  });

  it('gives offsets into the paragraph', () => {
    const text = 'One. Two.';
    const [a, b] = segmentSentences(text, 'en');
    expect(text.slice(a!.start, a!.end)).toBe('One.');
    expect(text.slice(b!.start, b!.end)).toBe('Two.');
  });
});

describe('clauses (where a translator may end a sentence instead)', () => {
  const clauses = (text: string, lang: string): string[] => segmentClauses(text, lang).map((s) => s.text);

  it('cuts English after semicolons, before enumerated items and before a proviso', () => {
    expect(clauses('It means parties; provided, however, that it does not include: 1.Investors; or 2.Natural persons.', 'en')).toEqual([
      'It means parties;',
      'provided, however, that it does not include:',
      '1.Investors; or',
      '2.Natural persons.',
    ]);
    expect(clauses('The body shall decide not to entertain it, provided that it can be corrected.', 'en')).toEqual(['The body shall decide not to entertain it,', 'provided that it can be corrected.']);
  });

  it('keeps a colon, a comma or a version number that does not start an item or proviso', () => {
    expect(clauses('It looks like: the menu, the kernel 2.6 and the 3.1 release.', 'en')).toEqual(['It looks like: the menu, the kernel 2.6 and the 3.1 release.']);
  });

  it('cuts Chinese after ；, before items after ：, and before a proviso 但', () => {
    expect(clauses('本法所稱消費者；但不包括下列對象：一、專業投資機構；二、自然人。', 'zh-TW')).toEqual(['本法所稱消費者；', '但不包括下列對象：', '一、專業投資機構；', '二、自然人。']);
    expect(clauses('看起來像：選單，核心。', 'zh-TW')).toEqual(['看起來像：選單，核心。']);
  });
});

describe('Chinese cut as OmegaT cuts it', () => {
  const chineseHalf = (name: string): string[] =>
    readFileSync(`test/fixtures/devtext/${name}.txt`, 'utf8').split(/\n[ \t]*\n/)[0]!.split('\n').map((l) => l.trim()).filter(Boolean);

  it('matches the emulated default rules on hand-made text', () => {
    expect(omegatChineseSegments('他說：「好。」然後走了。真的嗎？是的！資料.這些 ok? 好')).toEqual(['他說：「好。」然後走了。', '真的嗎？', '是的！', '資料.這些 ok?', '好']);
  });

  it.each(['debref-ch03', 'taiwan-fcpa', 'cc-by-sa-4.0'])('finds every segment boundary of OmegaT in %s, and more only at ASCII full stops', (name) => {
    for (const p of chineseHalf(name)) {
      const ours = segmentSentences(p, 'zh-TW');
      const ourBreaks = new Set(ours.slice(1).map((s) => s.start));
      const theirs = omegatChineseBreaks(p).map((b) => b + (/^\s*/.exec(p.slice(b))![0].length));
      for (const b of theirs) expect(ourBreaks.has(b), `${p} @${b}`).toBe(true);
      for (const b of ourBreaks) if (!theirs.includes(b)) expect(p.slice(0, b).trimEnd().endsWith('.'), `${p} @${b}`).toBe(true);
    }
  });
});
