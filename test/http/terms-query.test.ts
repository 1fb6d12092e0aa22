import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { plainTermsQuery } from '../../src/http/routes/terms.js';
import { TermsQuery } from '../../src/http/schemas.js';

/** What zod's query validation sees for these parameters (one value: a string, more: an array). */
const asValidated = (queries: Record<string, string[]>): Record<string, string | string[]> =>
  Object.fromEntries(Object.entries(queries).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));

describe('the look-up query read by hand', () => {
  it('reads a plain query as zod does', () => {
    expect(plainTermsQuery({ q: [' blockchain '] })).toEqual({ q: 'blockchain', limit: 10 });
    expect(plainTermsQuery({ q: ['區塊鏈'], lang: ['zh-TW'], tgt: ['en'], limit: ['100'] })).toEqual({ q: '區塊鏈', lang: 'zh-TW', tgt: 'en', limit: 100 });
  });

  it('leaves to zod whatever is not plain', () => {
    const cases: Record<string, string[]>[] = [{}, { q: [''] }, { q: ['  '] }, { q: ['a', 'b'] }, { q: ['a'], limit: ['0'] }, { q: ['a'], limit: ['101'] }, { q: ['a'], limit: ['07'] }, { q: ['a'], lang: ['<script>'] }, { q: ['a'], other: ['1'] }, { q: ['x'.repeat(2001)] }];
    for (const q of cases) {
      expect(plainTermsQuery(q)).toBeUndefined();
    }
  });

  it('never accepts what zod refuses, nor reads a value otherwise', () => {
    const value = fc.oneof(fc.string(), fc.constantFrom('en', 'zh-TW', ' en ', 'x', '10', '1', '100', '0', '101', '1.5', ' 5', 'e1', ''), fc.string({ unit: 'grapheme' }));
    const key = fc.constantFrom('q', 'lang', 'tgt', 'limit', 'min', 'Q');
    fc.assert(
      fc.property(fc.dictionary(key, fc.array(value, { minLength: 1, maxLength: 2 })), (queries) => {
        const plain = plainTermsQuery(queries);
        if (plain === undefined) return;
        const zod = TermsQuery.safeParse(asValidated(queries));
        expect(zod.success).toBe(true);
        expect(plain).toEqual(zod.data);
      }),
      { numRuns: 3000 },
    );
  });
});
