/**
 * Dictionary pairing: a Chinese candidate whose CC-CEDICT sense is an English n-gram of the aligned
 * sentence (區塊鏈 / blockchain, 行政命令 / executive order). Three strengths:
 * - exact: the n-gram is a whole sense (after folding);
 * - partial: the n-gram is a sense minus one edge word (知識產權 "intellectual property rights" /
 *   intellectual property), at least two words;
 * - compositional: a compound missing from the dictionary whose words each translate one word of
 *   the n-gram, in order (風險資本 / venture capital: 資本 "capital", and 風險 "venture" as the
 *   first word of the senses of compounds that start with it, such as 風險投資 "venture capital
 *   investment"; 拜登政府 / Biden administration: 政府 "administration" as the last word of
 *   compounds that end with it, such as 布什政府 "Bush administration": Chinese and English noun
 *   compounds both put the modifier first and the head last).
 */
import { isStopKey, sameFamily, wordKey } from '../text/en-words.js';
import { wordClasses } from '../text/fold.js';
import { isModifierLike } from '../text/zh-words.js';
import type { Dictionary } from '../dict/cedict.js';
import type { AnalysedUnit, Link } from './types.js';

/** English occurrences offered to one occurrence of a Chinese candidate. */
const OFFERS = 8;

const SCORE = { exact: 0.8, partial: 0.62, verified: 0.7, compositional: 0.58 } as const;

/**
 * `known` holds English keys other evidence already pairs with a Chinese word in this corpus
 * (statistics: 監管 / regulatory); agent nouns and compounds may build on them like on a sense.
 */
export function dictionaryLinks(unit: AnalysedUnit, dict: Dictionary, known: ReadonlyMap<string, string> = new Map()): Link[] {
  const links: Link[] = [];
  const byKey = new Map<string, typeof unit.enNgrams>();
  for (const n of unit.enNgrams) {
    const list = byKey.get(n.key);
    if (list) list.push(n);
    else byKey.set(n.key, [n]);
  }
  // The k-th occurrence of a Chinese candidate is offered a few English occurrences from the k-th
  // on (OFFERS): linking is one to one anyway, and a unit repeating a term a thousand times on
  // both sides must not make a million links.
  const seen = new Map<string, number>();
  // Per unit caches: a term repeated many times is matched once.
  const singleWords = unit.enNgrams.filter((n) => n.to - n.from === 1);
  const familyOf = new Map<string, typeof unit.enNgrams>();
  const compositionOf = new Map<string, typeof unit.enNgrams>();
  const verifiedOf = new Map<string, typeof unit.enNgrams>();
  const hyphenHeadsOf = new Map<string, typeof unit.enNgrams>();
  for (const c of unit.zhCandidates) {
    if (!/\p{Script=Han}/u.test(c.key)) continue;
    const nth = seen.get(c.key) ?? 0;
    seen.set(c.key, nth + 1);
    const pick = (list: typeof unit.enNgrams | undefined): typeof unit.enNgrams => {
      if (!list || list.length <= OFFERS) return list ?? [];
      const from = Math.min(nth, list.length - OFFERS);
      return list.slice(from, from + OFFERS);
    };
    const glosses = dict.glosses(c.key);
    // A word the dictionary lists as one headword across jieba's cut (去|中心化) is lexicalised:
    // it needs no term shape of its own; everything else must look like a term (noun-headed).
    const suffix = glosses.size === 0 ? AGENT_SUFFIXES.find((x) => c.key.length >= x.length + 2 && c.key.endsWith(x)) : undefined;
    if (suffix) {
      const base = c.key.slice(0, -suffix.length);
      let agents = agentNgrams(unit, base, dict, INSTRUMENT_SUFFIXES.has(suffix));
      let note = `CC-CEDICT: ${base} + ${suffix} (agent)`;
      const k = known.get(base);
      if (agents.length === 0 && k) {
        agents = agentsOfFamily(unit, k);
        note = `${base} / ${k} (statistics) + ${suffix} (agent)`;
      }
      if (agents.length === 0 && PERSON_SUFFIXES.has(suffix)) {
        agents = agentCompoundNgrams(unit, base, dict);
        note = `CC-CEDICT: ${base} + ${suffix}, modifier + agent noun`;
      }
      links.push(...pick(agents).map((n) => link(unit, c, n, SCORE.partial, note, dict, true)));
      if (agents.length > 0) continue;
    }
    if (glosses.size === 0) {
      let verified = verifiedOf.get(c.key);
      if (!verified) {
        const shaped = c.tokens === 1 ? { parts: splitWord(c.key, dict), verbHead: false, verbFirst: false } : composableParts(unit, c, dict);
        verified = shaped?.parts ? verifiedCompositions(unit, shaped.parts, dict, shaped.verbHead, shaped.verbFirst) : [];
        verifiedOf.set(c.key, verified);
      }
      if (verified.length > 0) {
        links.push(...pick(verified).map((n) => ({ ...link(unit, c, n, SCORE.verified, 'CC-CEDICT, word by word, verified in the sentence', dict), composed: true })));
        continue;
      }
    }
    if (!c.termLike && !(c.tokens >= 2 && glosses.size > 0)) continue;
    if (glosses.size > 0) {
      for (const g of glosses) {
        const hits = pick(byKey.get(g));
        if (hits.length > 0) {
          for (const n of hits) links.push(link(unit, c, n, SCORE.exact, `CC-CEDICT: ${g}`, dict));
          continue;
        }
        const words = g.split(' ');
        // A two-word sense the English writes as one word (主頁, "home page" / Homepage; 檔名,
        // "file name" / filename).
        if (words.length === 2 && !words.some(isStopKey)) {
          const closed = pick(byKey.get(words.join('')));
          for (const n of closed) links.push(link(unit, c, n, SCORE.exact, `CC-CEDICT: ${g} (written as one word)`, dict));
          if (closed.length > 0) continue;
        }
        // A one-word sense that is the head of a hyphenated English word (頻寬 / bandwidth in
        // high-bandwidth): the term is that part, where the Chinese before the term is no part of it.
        if (words.length === 1 && g.length >= 4 && !isStopKey(g)) {
          let parts = hyphenHeadsOf.get(g);
          if (!parts) hyphenHeadsOf.set(g, (parts = headsOfHyphenated(unit, g)));
          for (const n of pick(parts)) links.push(link(unit, c, n, SCORE.partial, `CC-CEDICT: ${g} (head of ${unit.en.slice(unit.enTokens[n.from]!.start, n.end)})`, dict));
          if (parts.length > 0) continue;
        }
        // Two words of a sense the other way round around a preposition (interested party /
        // party in interest, liability limitation / limitation of liability).
        if (words.length === 2 && !words.some(isStopKey)) {
          for (const prep of REORDER_PREPOSITIONS) {
            const hits2 = pick(byKey.get(`${words[1]} ${prep} ${words[0]}`));
            for (const n of hits2) links.push(link(unit, c, n, SCORE.partial, `CC-CEDICT: ${g}, the other way round`, dict));
          }
        }
        if (words.length === 1) {
          let family = familyOf.get(g);
          if (!family) {
            family = singleWords.filter((n) => n.key !== g && sameWordFamily(n.key, g));
            familyOf.set(g, family);
          }
          for (const n of pick(family)) links.push(link(unit, c, n, SCORE.partial, `CC-CEDICT: ${g}`, dict));
        }
        if (words.length >= 3) {
          // A sense less its last prepositional phrase (chairman of the board [of directors]).
          const p = words.findLastIndex((w, i) => i > 0 && TRAILING_PREPOSITIONS.has(w));
          const head = p > 0 ? words.slice(0, p) : [];
          const trimmed = head.filter((w) => !isStopKey(w)).length >= 2 && p < words.length - 1 ? [head.join(' ')] : [];
          for (const sub of [words.slice(0, -1).join(' '), words.slice(1).join(' '), ...trimmed]) {
            for (const n of pick(byKey.get(sub))) links.push(link(unit, c, n, SCORE.partial, `CC-CEDICT: ${g}`, dict));
          }
        }
        if (words.length === 2 && !isStopKey(words[0]!) && headElided(c.key, words[1]!, dict)) {
          for (const n of pick(byKey.get(words[0]!))) {
            if (marked(unit, n)) links.push(link(unit, c, n, SCORE.compositional, `CC-CEDICT: ${g}, head left implicit`, dict));
          }
        }
      }
      continue;
    }
    let composed = compositionOf.get(c.key);
    if (!composed) {
      const parts = c.tokens === 1 ? splitWord(c.key, dict) : partsOf(unit, c);
      composed = parts && parts.length >= 2 && parts.length <= 3 ? compositionalNgrams(unit, parts, dict) : [];
      compositionOf.set(c.key, composed);
    }
    links.push(...pick(composed).map((n) => link(unit, c, n, SCORE.compositional, 'CC-CEDICT, word by word')));
  }
  // A composition inside a longer pair the dictionary gives on both sides (首席技術 / chief
  // technology in 首席技術官 / chief technology officer) is a piece of that pair, not a term.
  const within = (a: Link, b: Link): boolean => b.zh.start <= a.zh.start && a.zh.end <= b.zh.end && b.en.start <= a.en.start && a.en.end <= b.en.end && b.zh.end - b.zh.start > a.zh.end - a.zh.start;
  return links.filter((l) => !l.composed || !links.some((o) => !o.composed && within(l, o)));
}

/** Prepositions that join two words of a sense the other way round (party in interest). */
const REORDER_PREPOSITIONS = ['of', 'in', 'for'] as const;

/** Prepositions that open a phrase a sense may carry beyond what a text writes. */
const TRAILING_PREPOSITIONS: ReadonlySet<string> = new Set(['of', 'for', 'in', 'on', 'with', 'to', 'by']);

const DERIVATION = /(?:isation|ization|ation|ition|ised|ized|ise|ize|ion|ity|ive|ory|al|ed|er|or|ist|ism)$/;

/**
 * Two English words of one family: a clipping (crypto / cryptocurrency: the shorter, at least six
 * letters, starts the longer) or one stem with different derivational endings
 * (decentralized / decentralization).
 */
export function sameWordFamily(a: string, b: string): boolean {
  if (!/^[a-z]+$/.test(a) || !/^[a-z]+$/.test(b)) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 6 && long.startsWith(short) && long.length - short.length >= 4) return true;
  const stemA = a.replace(DERIVATION, '');
  const stemB = b.replace(DERIVATION, '');
  return stemA.length >= 7 && stemA === stemB;
}

function link(unit: AnalysedUnit, c: AnalysedUnit['zhCandidates'][number], n: AnalysedUnit['enNgrams'][number], score: number, note: string, dict?: Dictionary, derived = false): Link {
  // A capital only because the sentence starts there: the dictionary writes the word in lower
  // case (or the word is derived from a lower-case sense: Regulators from regulatory).
  let form: string | undefined;
  const first = n.text.split(/[\s-]/)[0]!;
  if (/^\p{Lu}\p{Ll}+$/u.test(first) && /^\s*$|[.!?:;]\s*$/.test(unit.en.slice(0, n.start)) && dict) {
    const lower = first.toLowerCase();
    if (derived || dict.lookup(c.key)?.senses.some((s) => new RegExp(`\\b${lower}`).test(s))) form = lower + n.text.slice(first.length);
  }
  return {
    ...(form ? { form } : {}),
    zh: { text: c.text, key: c.key, start: c.start, end: c.end },
    en: { text: n.text, key: n.key, start: n.start, end: n.end },
    method: 'dictionary',
    score,
    unitId: unit.id,
    note,
  };
}

const senseWordCache = new Map<string, Set<string>>();

/** English content words a Chinese word can stand for inside a compound (see the module comment). */
function senseWords(word: string, dict: Dictionary, position: 'first' | 'last' | 'middle'): Set<string> {
  const cacheKey = `${position}\u0000${word}`;
  const cached = senseWordCache.get(cacheKey);
  if (cached) return cached;
  const out = new Set<string>();
  for (const g of dict.glosses(word)) {
    const content = g.split(' ').filter((w) => !isStopKey(w));
    if (content.length === 1) out.add(content[0]!);
  }
  if (position !== 'middle') {
    const heads = position === 'first' ? dict.withPrefix(word, 2) : dict.withSuffix(word, 2);
    for (const head of heads) {
      for (const g of dict.glosses(head)) {
        const content = g.split(' ').filter((w) => !isStopKey(w));
        if (content.length >= 2) out.add(position === 'first' ? content[0]! : content[content.length - 1]!);
      }
    }
  }
  if (senseWordCache.size < 100_000) senseWordCache.set(cacheKey, out);
  return out;
}

/** The words of a multiword candidate (keys), when each has two characters or more. */
function partsOf(unit: AnalysedUnit, c: AnalysedUnit['zhCandidates'][number]): string[] | undefined {
  const parts = unit.zhTokens.filter((t) => t.start >= c.start && t.end <= c.end);
  if (parts.length !== c.tokens || parts.some((p) => p.end - p.start < 2)) return undefined;
  return parts.map((p) => p.key);
}

/**
 * A word the segmenter kept whole but the dictionary lacks (前沿技术), cut into two dictionary
 * words of two characters or more; the cut with the longer last word (the head) first.
 */
export function splitWord(key: string, dict: Dictionary): string[] | undefined {
  if (key.length < 3 || !/^\p{Script=Han}+$/u.test(key)) return undefined;
  // Three characters: a word and a head character (人格|權, personality right); not a number and
  // its measure (三十|日, 30 days).
  if (key.length === 3 && /^[零〇一二三四五六七八九十百千萬万億亿兩两]+/u.test(key)) return undefined;
  if (key.length === 3) return dict.glosses(key.slice(0, 2)).size > 0 && dict.glosses(key.slice(2)).size > 0 ? [key.slice(0, 2), key.slice(2)] : undefined;
  for (let i = 2; i <= key.length - 2; i++) {
    const a = key.slice(0, i);
    const b = key.slice(i);
    if (dict.glosses(a).size > 0 && dict.glosses(b).size > 0) return [a, b];
  }
  return undefined;
}

/**
 * The words of a multiword candidate shaped like a noun compound for a verified composition: two
 * or three words, every word but the last a modifier (noun, adjective, distinguishing word), the
 * last one a noun or a verb, of two characters or more unless the dictionary knows it as a word
 * of its own (樹 tree in 裝置樹; jieba's tag of a lone character says little). A head of two
 * characters or more tagged a verb (限制) must show as a noun on the English side (`verbHead`).
 */
function composableParts(unit: AnalysedUnit, c: AnalysedUnit['zhCandidates'][number], dict?: Dictionary): { parts: string[]; verbHead: boolean; verbFirst: boolean } | undefined {
  const parts = unit.zhTokens.filter((t) => t.start >= c.start && t.end <= c.end);
  if (parts.length !== c.tokens || parts.length < 2 || parts.length > 3) return undefined;
  // A verb of two characters or more may modify as the first word (配置|檔案 / configuration
  // file) where the English shows it as a noun (`verbFirst`); a verb that takes an object
  // (管理|帳號資訊 / manage account information) does not.
  const verbFirst = /^v$/.test(parts[0]!.pos) && parts[0]!.end - parts[0]!.start >= 2;
  // A count (多個 multiple, 幾個 several) modifies a phrase, not a term.
  if (!parts.slice(0, -1).every((p, i) => p.end - p.start >= 2 && (isModifierLike(p.pos) || (i === 0 && verbFirst)) && p.pos !== 'm')) return undefined;
  const head = parts[parts.length - 1]!;
  if (!/^(?:n\w*|vn?|j|l)$/.test(head.pos)) return undefined;
  // A word jieba keeps whole that the dictionary lacks is cut into its words (系統管理 → 系統 +
  // 管理 in 系統管理操作; 管理工具 in 網路管理工具), up to three parts in all.
  const keys = parts.flatMap((p) => (dict && dict.glosses(p.key).size === 0 ? splitWord(p.key, dict) ?? [p.key] : [p.key]));
  const split = keys.length <= 3 ? keys : parts.map((p) => p.key);
  return { parts: split, verbHead: head.pos === 'v' && head.end - head.start >= 2, verbFirst: verbFirst && split[0] === parts[0]!.key };
}

/** Endings of English nouns made from verbs (limitation, settlement, discovery). */
const NOMINAL_ENDING = /(?:tion|sion|ment|ance|ence|ure|ery|ry|al)s?$/;

/** English content words of a Chinese word's own senses: glosses of one content word. */
function ownSenseWords(word: string, dict: Dictionary): Set<string> {
  const out = new Set<string>();
  for (const g of dict.glosses(word)) {
    const content = g.split(' ').filter((w) => !isStopKey(w));
    if (content.length === 1) out.add(content[0]!);
  }
  return out;
}

/**
 * A compound missing from the dictionary translated word by word and found so in the sentence
 * (compositional translation with target-side verification): an English n-gram made of exactly
 * one word per Chinese word, each a sense of that word (as senseWords reads them) or of its
 * family (limit / limitation), in
 * the Chinese order (裝置樹 / device tree), or with the head first and "of" (責任限制 / limitation
 * of liability; three words: head of first second). Nothing else may stand between them, and the
 * English must read as a noun phrase.
 */
export function verifiedCompositions(unit: AnalysedUnit, parts: readonly string[], dict: Dictionary, verbHead = false, verbFirst = false): AnalysedUnit['enNgrams'] {
  if (parts.length < 2 || parts.length > 3) return [];
  // Each part must have a sense of one content word of its own (責任 "responsibility"): then a
  // word it takes at the same place in the dictionary's compounds counts too (責任保險 "liability
  // insurance"). A part all of whose senses need two words (訴訟法 "procedural law") cannot be
  // rendered by one.
  if (parts.some((p) => ownSenseWords(p, dict).size === 0)) return [];
  const sets = parts.map((p, i) => senseWords(p, dict, i === 0 ? 'first' : i === parts.length - 1 ? 'last' : 'middle'));
  const covers = (w: string, i: number): boolean => {
    if (isStopKey(w)) return false;
    const s = sets[i]!;
    if (s.has(w)) return true;
    for (const x of s) if (x.length >= 4 && sameFamily(w, x)) return true;
    return false;
  };
  const k = parts.length;
  return unit.enNgrams.filter((n) => {
    const words = n.key.split(' ');
    // Head first, then "of": a noun phrase by its shape (limitation of liability).
    if (words.length === k + 1 && words[1] === 'of' && covers(words[0]!, k - 1)) return !verbFirst && words.slice(2).every((w, i) => covers(w, i));
    if (words.length !== k || !words.every((w, i) => covers(w, i))) return false;
    // Head last: a noun, not a verb after its subject (program shows, stored), and no adverb
    // inside (fully explain).
    const surface = n.text.split(/[\s-]+/).map((w) => w.toLowerCase());
    if (/ed$/.test(surface[surface.length - 1]!) || surface.some((w) => /ly$/.test(w))) return false;
    // A last word that is a verb and never a noun, and no gerund, ends a clause (directory contain).
    if (verbOnly(surface[surface.length - 1]!)) return false;
    // The modifiers of an English noun compound are singular: a plural before the last word is
    // its subject (modules providing, rights include).
    const tokens = unit.enTokens.slice(n.from, n.to);
    if (tokens.slice(0, -1).some((t) => /s$/i.test(t.text) && !t.key.endsWith('s'))) return false;
    // A Chinese verb first shows as a noun made from the verb (configuration file), in the
    // Chinese order.
    if (verbFirst && !/(?:tion|sion|ment|ance|ence)s?$/.test(surface[0]!)) return false;
    // A Chinese verb head shows as a noun: a derived noun, a gerund or the bare word (fair use).
    const head = tokens[tokens.length - 1]!;
    return !verbHead || NOMINAL_ENDING.test(surface[surface.length - 1]!) || /ing$/i.test(head.text) || head.text.toLowerCase() === head.key;
  });
}

function compositionalNgrams(unit: AnalysedUnit, parts: readonly string[], dict: Dictionary): AnalysedUnit['enNgrams'] {
  const sets = parts.map((p, i) => senseWords(p, dict, i === 0 ? 'first' : i === parts.length - 1 ? 'last' : 'middle'));
  if (sets.some((s) => s.size === 0)) return [];
  return unit.enNgrams.filter((n) => {
    const words = n.key.split(' ');
    return words.length === parts.length && !words.some(isStopKey) && words.every((w, i) => sets[i]!.has(w));
  });
}

/**
 * The English leaves out a head the Chinese spells (共和黨 "Republican Party" / the Republicans,
 * 初創公司 "startup company" / startups): the sense's last word must translate the Chinese word's
 * own last word (黨 "party", 公司 "company"), so that only a generic head goes unsaid.
 */
function headElided(key: string, head: string, dict: Dictionary): boolean {
  for (let n = 1; n <= 2 && n < key.length; n++) {
    const tail = key.slice(-n);
    if ([...dict.glosses(tail)].some((g) => g === head)) return true;
  }
  return false;
}

/**
 * The English word stands for a name or a count noun on its own: capitalised inside the sentence
 * (Republican) or inflected (startups). A bare lower-case word is too often the modifier of
 * something else (capital in capital gains).
 */
function marked(unit: AnalysedUnit, n: AnalysedUnit['enNgrams'][number]): boolean {
  if (n.to - n.from !== 1) return false;
  const midSentence = !/^\s*$|[.!?:;]\s*$/.test(unit.en.slice(0, n.start));
  if (midSentence && /^\p{Lu}\p{Ll}+$/u.test(n.text)) return true;
  return /^\p{Ll}+$/u.test(n.text) && n.text !== n.key && n.text.startsWith(n.key.replace(/y$/, ''));
}

/**
 * Endings that make an agent of what precedes them: persons (者 one who, 人, 员 member, 家, 商
 * dealer) and bodies (机构 agency: 监管机构 / regulators). Simplified, as keys are.
 */
const AGENT_SUFFIXES = ['机构', '者', '人', '员', '家', '商', '器'];
/**
 * Endings that make an instrument of what precedes them (器: 闸道器 gateway device, 浏览器 browse
 * + device): the English is the agent noun (browser, compiler) or the noun X names itself (gateway).
 */
const INSTRUMENT_SUFFIXES: ReadonlySet<string> = new Set(['器']);
const PERSON_SUFFIXES: ReadonlySet<string> = new Set(['者', '人', '员', '家', '商']);
const AGENT_ENDING = /(?:er|or|ist|ant|ent)$/;

/** English agent nouns of a verb: launder → launderer, regulate → regulator, build → builder. */
function agentForms(verb: string): string[] {
  const stem = verb.endsWith('e') ? verb.slice(0, -1) : verb;
  return [`${verb}r`, `${verb}er`, `${stem}er`, `${stem}or`, `${verb}ist`];
}

/**
 * X者 ("one who does X") missing from the dictionary: an English n-gram holding the words of a
 * sense of X with one verb turned into its agent noun, in any order (洗錢者: 洗錢 "launder money" /
 * money launderer; 建設者: 建設 "build" / builder).
 */
function agentNgrams(unit: AnalysedUnit, base: string, dict: Dictionary, plainNoun = false): AnalysedUnit['enNgrams'] {
  const senses = [...dict.glosses(base)].map((g) => g.split(' ').filter((w) => !isStopKey(w))).filter((w) => w.length >= 1 && w.length <= 3);
  if (senses.length === 0) return [];
  return unit.enNgrams.filter((n) => {
    const words = n.key.split(' ');
    return senses.some((sense) => {
      if (sense.length !== words.length) return false;
      const rest = [...words];
      let agent = false;
      for (const w of sense) {
        const i = rest.indexOf(w);
        if (i >= 0) {
          rest.splice(i, 1);
          continue;
        }
        const j = agent ? -1 : rest.findIndex((r) => agentForms(w).includes(r));
        if (j < 0) return false;
        rest.splice(j, 1);
        agent = true;
      }
      // An instrument may be named by the noun itself (闸道 gateway → 闸道器 / gateway).
      return agent || (plainNoun && wordClasses(sense[sense.length - 1]!).noun);
    });
  });
}

/**
 * X paired with an English word by other evidence (监管 / regulatory, by statistics): the agent
 * noun of that word's family (regulator), written as one word.
 */
function agentsOfFamily(unit: AnalysedUnit, word: string): AnalysedUnit['enNgrams'] {
  if (!/^[a-z]+$/.test(word)) return [];
  return unit.enNgrams.filter((n) => n.to - n.from === 1 && n.key !== word && AGENT_ENDING.test(n.key) && sameWordFamily(n.key, word));
}

/**
 * Modifier + agent (政策制定者 / policymakers, policy makers): the first word of X translates the
 * first part of an English compound whose rest is an agent noun (-er, -or, -ist), written as one
 * word or two. The verb itself is not checked (制定 "formulate" / make): the Chinese agent ending
 * and the modifier's translation must both be there.
 */
function agentCompoundNgrams(unit: AnalysedUnit, base: string, dict: Dictionary): AnalysedUnit['enNgrams'] {
  const parts = splitWord(base, dict);
  if (!parts) return [];
  const mods = senseWords(parts[0]!, dict, 'first');
  return unit.enNgrams.filter((n) => {
    const words = n.key.split(' ');
    if (words.length === 2) return mods.has(words[0]!) && words[1]!.length >= 4 && AGENT_ENDING.test(words[1]!);
    if (words.length !== 1) return false;
    const w = words[0]!;
    for (const m of mods) {
      if (m.length >= 3 && w.startsWith(m) && w.length - m.length >= 4 && AGENT_ENDING.test(w)) return true;
    }
    return false;
  });
}

/** An English word that is a verb and never a noun, and no gerund (contain, select; not use, booting). */
export function verbOnly(word: string): boolean {
  if (/ing$/i.test(word)) return false;
  const c = wordClasses(word);
  return c.verb && !c.noun;
}

/** The last parts of the unit's hyphenated English words (high-bandwidth) whose key is `key`, as n-grams of their own. */
function headsOfHyphenated(unit: AnalysedUnit, key: string): AnalysedUnit['enNgrams'] {
  const out: AnalysedUnit['enNgrams'] = [];
  unit.enTokens.forEach((t, i) => {
    const dash = t.text.lastIndexOf('-');
    if (dash <= 0 || dash === t.text.length - 1 || !t.key.endsWith(` ${key}`)) return;
    const part = t.text.slice(dash + 1);
    if (wordKey(part) !== key) return;
    out.push({ key, text: part, start: t.start + dash + 1, end: t.end, from: i, to: i + 1 });
  });
  return out;
}
