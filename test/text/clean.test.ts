import { describe, expect, it } from 'vitest';
import { cleanParagraph, stripFootnoteMarkers, stripPinyinAnnotations } from '../../src/text/clean.js';

describe('cleaning web artefacts', () => {
  it('strips pinyin annotations after characters, also inside brackets', () => {
    expect(stripPinyinAnnotations('美國(guó)歷來是創(chuàng)業(yè)者')).toBe('美國歷來是創業者');
    expect(stripPinyinAnnotations('(財(cái)富中文網(wǎng))')).toBe('(財富中文網)');
    expect(stripPinyinAnnotations('綠(lǜ)色 國(guo2)家')).toBe('綠色 國家');
  });

  it('leaves glosses and bracketed words that are not pinyin alone', () => {
    expect(stripPinyinAnnotations('證券交易委員會(SEC)和深度求索(DeepSeek)')).toBe('證券交易委員會(SEC)和深度求索(DeepSeek)');
    expect(stripPinyinAnnotations('咖啡(café)')).toBe('咖啡(café)');
    expect(stripPinyinAnnotations('模型(model)')).toBe('模型(model)');
    expect(stripPinyinAnnotations('the word (guó) alone')).toBe('the word (guó) alone');
  });

  it('strips footnote markers glued to a word, not bracketed numbers standing alone', () => {
    expect(stripFootnoteMarkers('open[1] AI technology')).toBe('open AI technology');
    expect(stripFootnoteMarkers('as shown.[12] Next')).toBe('as shown. Next');
    expect(stripFootnoteMarkers('see item [3] below')).toBe('see item [3] below');
  });

  it('keeps punctuation and script as written', () => {
    const text = '美國在AI和加密貨幣領域的優勢:去中心化理念。這里有“扼喉行動2.0”';
    expect(cleanParagraph(`  ${text}\u200B `)).toBe(text);
  });
});
