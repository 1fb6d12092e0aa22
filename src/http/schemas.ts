/**
 * Request and response schemas of the API (zod). The routes validate with them and
 * /api/openapi.json is generated from them (src/http/openapi.ts), so the two cannot drift.
 */
import { z } from 'zod';
import { TERM_STATUSES } from '../model.js';

/** A language tag as the API takes it (after trimming). */
export const LANG_TAG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/;

export const LangTag = z
  .string()
  .trim()
  .regex(LANG_TAG, 'a BCP 47 language tag such as zh-TW or en')
  .meta({ description: 'BCP 47 language tag; the primary subtag is compared (zh finds zh-TW and zh-CN)' });

const Text = (what: string) => z.string().trim().min(1, `${what} is empty`).max(2000, `${what} is longer than 2000 characters`);
const Status = z.enum(TERM_STATUSES as [string, ...string[]]);

export const TermsQuery = z.strictObject({
  q: Text('q').meta({ description: 'the term to look up, in any language of the glossary' }),
  lang: LangTag.optional().meta({ description: 'only terms in this language' }),
  tgt: LangTag.optional().meta({ description: 'translations in this language' }),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

export const TmQuery = z.strictObject({
  q: Text('q').meta({ description: 'the segment to find fuzzy matches for' }),
  src: LangTag.optional().meta({ description: 'language of q (the matched side)' }),
  tgt: LangTag.optional().meta({ description: 'language of the translations' }),
  limit: z.coerce.number().int().min(1).max(100).default(10),
  min: z.coerce.number().int().min(0).max(100).default(50).meta({ description: 'lowest score returned' }),
});

export const TermInput = z.strictObject({
  lang: LangTag,
  text: z.string().trim().min(1, 'a term text is empty').max(500),
  status: Status.default('candidate'),
  partOfSpeech: z.string().max(50).optional(),
  note: z.string().max(2000).optional(),
});

/** A new entry: a source/target pair, or a concept with its terms (as TBX). */
export const NewTermBody = z.union([
  z.strictObject({
    source: z.string().trim().min(1, 'source is empty').max(500),
    target: z.string().trim().min(1, 'target is empty').max(500),
    srcLang: LangTag,
    tgtLang: LangTag,
    status: Status.default('approved'),
    note: z.string().max(2000).optional(),
    subject: z.string().max(200).optional(),
  }),
  z.strictObject({
    terms: z.array(TermInput).min(1, 'terms is empty').max(50),
    note: z.string().max(2000).optional(),
    subject: z.string().max(200).optional(),
  }),
]);

export const PatchTermBody = z
  .strictObject({
    status: Status.optional().meta({ description: 'new status of every term of the entry' }),
    terms: z.array(TermInput).min(1).max(50).optional(),
    note: z.string().max(2000).optional(),
    subject: z.string().max(200).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const BackupBody = z.strictObject({
  file: z.string().min(1, 'the file to write').max(4096, 'at most 4096 characters').describe('path of the copy on the server'),
  force: z.boolean().default(false).describe('replace an existing file'),
});
export const BackupResponse = z.object({ file: z.string(), bytes: z.number(), milliseconds: z.number() });

export const IdParam = z.strictObject({ id: z.coerce.number().int().min(1, 'id must be a positive whole number') });

const TermOut = z.object({
  id: z.number().meta({ description: 'concept entry id' }),
  termId: z.number(),
  source: z.string(),
  target: z.string().nullable(),
  srcLang: z.string(),
  tgtLang: z.string().nullable(),
  targets: z.array(z.object({ text: z.string(), lang: z.string(), status: Status })),
  status: Status,
  score: z.number().nullable(),
  method: z.string().nullable(),
  match: z.enum(['exact', 'folded', 'pinyin', 'initials', 'fuzzy']).meta({ description: 'exact, folded (script, width, case, inflection), pinyin (a Chinese term by its reading, tones optional), initials (by the initials of its reading), fuzzy' }),
  similarity: z.number(),
});
export const TermsResponse = z.object({ terms: z.array(TermOut) });

const TmMatchOut = z.object({
  id: z.number(),
  source: z.string(),
  target: z.string(),
  srcLang: z.string(),
  tgtLang: z.string(),
  score: z.number().meta({ description: '0–100; 100 only for an exact match' }),
  reversed: z.boolean(),
  terms: z.array(z.object({ id: z.number(), source: z.string(), target: z.string().nullable(), status: z.string() })),
});
export const TmResponse = z.object({ matches: z.array(TmMatchOut) });

export const EntryResponse = z.object({
  id: z.number(),
  terms: z.array(z.object({ id: z.number().optional(), lang: z.string(), text: z.string(), status: Status })),
  note: z.string().optional(),
  subject: z.string().optional(),
  origin: z.string().optional(),
});

export const ErrorResponse = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export const HealthResponse = z.object({ status: z.literal('ok') });
export const StatsResponse = z.object({
  units: z.number(),
  pairs: z.array(z.object({ srcLang: z.string(), tgtLang: z.string(), units: z.number() })),
  concepts: z.number(),
  terms: z.number(),
});

export const AuditQuery = z.strictObject({
  term: Text('term').optional().meta({ description: 'audit this source term only (else every glossary term)' }),
  src: LangTag.optional().meta({ description: 'source language of the pair (with tgt; default: the TM\'s largest pair)' }),
  tgt: LangTag.optional().meta({ description: 'target language of the pair' }),
});

const AuditRendering = z.object({
  text: z.string(),
  kind: z.enum(['accepted', 'forbidden', 'tm']),
  count: z.number(),
  estimated: z.boolean().optional(),
  examples: z.array(z.number()),
});

export const AuditResponse = z.object({
  srcLang: z.string(),
  tgtLang: z.string(),
  units: z.number(),
  terms: z.array(
    z.object({
      term: z.string(),
      expected: z.array(z.string()),
      approved: z.boolean(),
      inGlossary: z.boolean(),
      units: z.number(),
      estimated: z.boolean().optional(),
      renderings: z.array(AuditRendering),
      unrendered: z.object({ count: z.number(), examples: z.array(z.number()) }),
      verdict: z.enum(['consistent', 'split', 'disagrees', 'unused']),
      note: z.string().optional(),
    }),
  ),
  summary: z.object({ terms: z.number(), used: z.number(), consistent: z.number(), split: z.number(), disagrees: z.number() }),
});
