import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import type { Jieba as JiebaType } from '@node-rs/jieba';
import { prepareSegmenter, segmentChinesePiece, wholeDictionaryLoaded } from '../../src/text/zh-words.js';
import { toSimplified } from '../../src/text/fold.js';
import { edgeFunctionWord, everydayModifierFirst } from '../../src/extract/glossary.js';

const require = createRequire(import.meta.url);

// Its own file: the module's state (whether the whole dictionary is loaded) starts fresh.
test('pieces of prepared texts (terms being judged) are cut without loading the whole dictionary', () => {
  const texts = ['監管機構以執法代替立法來管理加密行業，AI模型之日起受到監管。', '酬金制度應由董事會訂定。'];
  prepareSegmenter(texts);
  // The rules that judge an entry by its words cut its key (Simplified, lower case).
  expect(edgeFunctionWord('之日起受到监管')).toBe(true);
  expect(edgeFunctionWord('酬金制度应')).toBe(true);
  expect(edgeFunctionWord('监管机构')).toBe(false);
  expect(everydayModifierFirst('ai模型', () => 10)).toBe(false);
  expect(wholeDictionaryLoaded()).toBe(false);
  // A piece is cut as the whole dictionary cuts it.
  const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
  const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
  const full: JiebaType = Jieba.withDict(dict);
  for (const piece of ['以執法代替立法', '管理加密行業', '董事會訂定']) {
    expect(segmentChinesePiece(piece).map((t) => t.key)).toEqual(full.cut(toSimplified(piece), true).map((w) => w.toLowerCase()));
  }
  expect(wholeDictionaryLoaded()).toBe(false);
  // Near miss: a text that was not prepared loads it.
  segmentChinesePiece('南京市長江大橋');
  expect(wholeDictionaryLoaded()).toBe(true);
}, 60_000);
