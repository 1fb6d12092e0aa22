import { describe, expect, test } from 'vitest';
import { glossKeys, loadCedict } from '../../src/dict/cedict.js';
import { mainlandVocabulary } from '../../src/text/fold.js';

describe('CC-CEDICT senses', () => {
  test('domain labels and cross-references go, abbreviations in brackets become glosses', () => {
    expect(glossKeys('(computing) blockchain')).toEqual(['blockchain']);
    expect(glossKeys('artificial intelligence (AI)').sort()).toEqual(['ai', 'artificial intelligence']);
    expect(glossKeys('to establish')).toEqual(['establish']);
    expect(glossKeys('variant of 衛|卫[wei4]')).toEqual([]);
    expect(glossKeys('surname Ou')).toEqual([]);
  });

  test('the compact dictionary looks up Simplified headwords with their senses, pinyin and idf', async () => {
    const dict = await loadCedict();
    expect(dict.size).toBeGreaterThan(100_000);
    expect(dict.glosses('区块链').has('blockchain')).toBe(true);
    expect(dict.glosses('行政命令').has('executive order')).toBe(true);
    expect(dict.lookup('萨尔瓦多')!.senses).toContain('El Salvador');
    expect(dict.lookup('不存在的词语')).toBeUndefined();
    expect(dict.lookup('杰')!.pinyin.startsWith('jie2')).toBe(true);
    expect(dict.idf('政策')).toBeLessThan(dict.idf('区块链'));
    expect(dict.withPrefix('风险', 2)).toContain('风险投资');
    const suffixed = dict.withSuffix('政府', 2);
    expect(suffixed.length).toBeGreaterThan(0);
    expect(suffixed.every((h) => h.endsWith('政府') && h.length <= 4)).toBe(true);
  });

  test('a word jieba knows and CC-CEDICT lacks keeps its general-language idf', async () => {
    const dict = await loadCedict();
    // 最大 ("biggest", an everyday word) is no CC-CEDICT headword: its idf comes from jieba's table.
    expect(dict.lookup('最大')).toBeUndefined();
    expect(dict.idf('最大')).toBeLessThan(7);
    expect(dict.idf('不存在的词语')).toBe(14);
  });

  test('a word in Taiwan vocabulary that CC-CEDICT lists in its mainland form is found by it', async () => {
    const dict = await loadCedict();
    expect(mainlandVocabulary('软体包')).toBe('软件包');
    expect(mainlandVocabulary('原始码套件')).toBe('源代码套件');
    // 自由軟體 (Taiwan) is 自由软件 on the mainland, "free software".
    expect(dict.lookup('自由软件')).toBeDefined();
    expect(dict.glosses('自由软体').has('free software')).toBe(true);
    // Near miss: a word listed as it is keeps its own senses (文件 is "document" in Taiwan
    // usage, but the dictionary's 文件 is document and file).
    expect(mainlandVocabulary('文件')).not.toBe('文件');
    expect(dict.glosses('文件').has('file')).toBe(true);
    expect(dict.lookup('不存在的词语')).toBeUndefined();
  });
});
