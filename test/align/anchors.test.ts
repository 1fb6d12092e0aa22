import { describe, expect, it } from 'vitest';
import { anchorAgreement, anchorsOf, chineseNumeralValue } from '../../src/align/anchors.js';

describe('numbers as anchors', () => {
  it('reads Chinese numerals', () => {
    expect(['三十', '二億', '一千萬', '十一', '三百零五', '三十萬'].map(chineseNumeralValue)).toEqual([30, 2e8, 1e7, 11, 305, 3e5]);
    expect(chineseNumeralValue('三x')).toBeNaN();
    expect(chineseNumeralValue('二〇二五')).toBe(2025);
    expect(chineseNumeralValue('二十五')).toBe(25);
  });

  it('takes ordinals, item markers and measured Chinese numerals, not a lone 一 of a phrase', () => {
    expect(anchorsOf('但不包括下列對象：一、專業投資機構。').softNumbers).toEqual(['1']);
    expect(anchorsOf('依第十五條第五項，於三十日內').softNumbers).toEqual(['15', '5', '30']);
    expect(anchorsOf('符合一定財力，統一、一般的規定').softNumbers).toEqual([]);
  });

  it('reads English number words and "200 million" as one number', () => {
    expect(anchorsOf('Three Hundred Thousand New Taiwan Dollars for one year').softNumbers).toEqual(['300000', '1']);
    expect(anchorsOf('NT$200 million').numbers).toEqual(['200000000']);
    expect(anchorsOf('第１２條').numbers).toEqual(['12']);
    expect(anchorsOf('Someone came').softNumbers).toEqual([]);
  });

  it('lets a number in words stand for the same number in digits, never count against a pair', () => {
    const item = anchorsOf('二、停止該金融商品之銷售。');
    expect(anchorAgreement(item, anchorsOf('2.Order a suspension on the sale of the product.'))).toBe(1);
    expect(anchorAgreement(item, anchorsOf('3.Order a suspension on the sale of the product.'))).toBe(-1);
    expect(anchorAgreement(anchorsOf('處新臺幣三十萬元以上罰鍰'), anchorsOf('a fine of not less than NT$300,000'))).toBe(1);
    // A number in words with no counterpart is neutral: the other side may have left it out.
    expect(anchorAgreement(anchorsOf('三年'), anchorsOf('a term of office'))).toBe(0);
  });
});
