import { describe, expect, it } from 'vitest';
import { normaliseWordKey, phraseWords, sameFamily, wordMatches } from '../../src/text/en-words.js';

describe('English word comparison', () => {
  it('keys a phrase by its folded words, abbreviations without their dots', () => {
    expect(phraseWords('Executive Orders')).toEqual(['executive', 'order']);
    expect(phraseWords('open-sourced U.S. tokens')).toEqual(['open', 'source', 'us', 'token']);
    expect(normaliseWordKey('u.s.')).toBe('us');
    expect(normaliseWordKey('web3.0')).toBe('web3.0');
  });

  it('tells words of one family (derivation, British and American spelling) from look-alikes', () => {
    expect(sameFamily('regulator', 'regulation')).toBe(true);
    expect(sameFamily('regulatory', 'regulation')).toBe(true);
    expect(sameFamily('decentralised', 'decentralized')).toBe(true);
    expect(sameFamily('order', 'ordinary')).toBe(false);
    expect(sameFamily('bank', 'banal')).toBe(false);
  });

  it('lets a name match itself and its demonyms only', () => {
    expect(wordMatches('singaporean', 'singapore', 'name')).toBe(true);
    expect(wordMatches('american', 'america', 'name')).toBe(true);
    expect(wordMatches('singapur', 'singapore', 'name')).toBe(false);
    expect(wordMatches('american', 'america', 'exact')).toBe(false);
    expect(wordMatches('regulation', 'regulator', 'family')).toBe(true);
  });
});
