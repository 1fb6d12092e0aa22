import { describe, expect, it } from 'vitest';
import { catSegments } from '../../src/align/cat.js';

const cut = (text: string, lang = 'zh-TW'): string[] => catSegments(text, lang).map((s) => s.text);

describe('the segments a CAT tool cuts (OmegaT\'s default SRX rules)', () => {
  it('ends a Chinese segment after 。？！, not before a closing quote or bracket', () => {
    expect(cut('今天下雨。明天呢？會放晴！')).toEqual(['今天下雨。', '明天呢？', '會放晴！']);
    expect(cut('他說：「好。」然後離開。')).toEqual(['他說：「好。」然後離開。']);
    expect(cut('流程如下。（舊版）接著開機。')).toEqual(['流程如下。', '（舊版）接著開機。']);
  });

  it('never ends a Chinese segment at an ASCII full stop or comma, with or without a space', () => {
    expect(cut('資料寫入檔案.這些檔案很大。')).toEqual(['資料寫入檔案.這些檔案很大。']);
    expect(cut('設定在 "/etc/x.conf". 參見 x.conf(5).\n下一行。')).toEqual(['設定在 "/etc/x.conf". 參見 x.conf(5).\n下一行。']);
  });

  it('runs a line without a full stop on into the next one, keeping the line break', () => {
    expect(cut('安裝步驟如下：\n下載映像檔。\n重新開機。')).toEqual(['安裝步驟如下：\n下載映像檔。', '重新開機。']);
    expect(cut('第一章 安裝\n下載映像檔。')).toEqual(['第一章 安裝\n下載映像檔。']);
  });

  it('starts a segment at an indented line', () => {
    expect(cut('安裝步驟如下：\n  下載映像檔。')).toEqual(['安裝步驟如下：', '下載映像檔。']);
    expect(cut('安裝步驟如下：\n\t下載映像檔。')).toEqual(['安裝步驟如下：\n\t下載映像檔。']);
  });

  it('cuts English after . ? ! and white space, except after abbreviations', () => {
    expect(cut('It rains. Does it? Yes! Fine', 'en-US')).toEqual(['It rains.', 'Does it?', 'Yes!', 'Fine']);
    expect(cut('Mr. Smith met Dr. Lee, e.g. at noon.', 'en-US')).toEqual(['Mr. Smith met Dr. Lee, e.g. at noon.']);
    expect(cut('Tools etc. are here. Etc. Done.', 'en-US')).toEqual(['Tools etc. are here.', 'Etc.', 'Done.']);
    expect(cut('See systemd.unit(5).Next', 'en-US')).toEqual(['See systemd.unit(5).Next']);
  });

  it('gives offsets into the paragraph, white space around a segment left out', () => {
    expect(catSegments('一。  二。', 'zh-TW')).toEqual([
      { text: '一。', start: 0, end: 2 },
      { text: '二。', start: 4, end: 6 },
    ]);
  });
});
