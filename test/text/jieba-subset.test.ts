import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import type { Jieba as JiebaType } from '@node-rs/jieba';
import { dictionaryLinesFor, jiebaForTexts } from '../../src/text/jieba-subset.js';
import { toSimplified } from '../../src/text/fold.js';
import { prepareSegmenter, segmentChinese } from '../../src/text/zh-words.js';

const require = createRequire(import.meta.url);
const ROOT = join(import.meta.dirname, '..', '..');

function chineseLines(file: string): string[] {
  return readFileSync(join(ROOT, file), 'utf8').split('\n').filter((l) => /\p{Script=Han}/u.test(l)).map(toSimplified);
}

test('jieba with only the words of the texts cuts and tags them exactly as the whole dictionary', () => {
  const texts = [
    ...chineseLines('corpus/fortune-chokepoint-2025.zh-en.txt'),
    ...chineseLines('test/fixtures/extract/wget.po'),
    ...chineseLines('test/fixtures/extract/tar.po'),
    '我们中出了一个叛徒', '南京市长江大桥', '工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作',
  ];
  expect(texts.length).toBeGreaterThan(1000);
  const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
  const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
  const full: JiebaType = Jieba.withDict(dict);
  const sub = jiebaForTexts(texts);
  const diffs = texts.filter((t) => JSON.stringify(full.tag(t, true)) !== JSON.stringify(sub.tag(t, true)) || full.cut(t, false).join('|') !== sub.cut(t, false).join('|'));
  expect(diffs).toEqual([]);
  // The subset holds the words of the text (and only words that occur in it).
  const { lines } = dictionaryLinesFor(['长江大桥']);
  const words = lines.map((l) => l.split(' ')[0]);
  expect(words).toEqual(expect.arrayContaining(['长江', '大桥', '长江大桥', '江']));
  expect(words.every((w) => '长江大桥'.includes(w!))).toBe(true);
}, 60_000);

test('a prepared segmenter serves only the texts it was prepared for', () => {
  const a = '區塊鏈技術正在改變金融行業。';
  const b = '南京市長江大橋於1968年建成。';
  const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
  const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
  const full: JiebaType = Jieba.withDict(dict);
  // Before anything loaded the whole dictionary in this module: the subset serves `a`.
  prepareSegmenter([a]);
  expect(segmentChinese(a).map((t) => t.key)).toEqual(full.cut(toSimplified(a), true).map((w) => w.toLowerCase()));
  // `b` was not prepared: its words are not in the subset, the whole dictionary cuts it.
  expect(segmentChinese(b).map((t) => t.text).join('|')).toContain('長江大橋');
  expect(segmentChinese(b).map((t) => toSimplified(t.text))).toEqual(full.cut(toSimplified(b), true).filter((w) => w.trim() !== ''));
});
