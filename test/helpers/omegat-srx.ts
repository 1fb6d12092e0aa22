/**
 * OmegaT's default segmentation of Chinese, as its defaultRules.srx (in OmegaT.jar,
 * org/omegat/core/segmentation/) applies it: the Chinese rules, then the Default ones, first match
 * wins at each position. Used to check, without OmegaT, that Glossa cuts Chinese as it does.
 */
const RULES: [boolean, RegExp, RegExp][] = [
  // Chinese: no break between 。？！— and a closing quote or bracket, ？ or —.
  [false, /[。？！—]$/u, /^[’”"」）』？—]/u],
  // Chinese: never after 、 , . ．, whatever follows.
  [false, /[、,.．]$/u, /^./u],
  [true, /[。？！]$/u, /^./u],
  // Default: "..." before a lower-case word; numbered headers; . ? ! before white space.
  [false, /\.\.\.$/u, /^\s+\P{Lu}/u],
  [true, /^\s*\p{Nd}+[\p{Nd}.)\]]+\s+$/u, /^\p{Lu}/u],
  [true, /[.?!]+$/u, /^\s/u],
];

/** Break offsets OmegaT finds in a Chinese paragraph (between characters, not at its ends). */
export function omegatChineseBreaks(paragraph: string): number[] {
  const breaks: number[] = [];
  for (let i = 1; i < paragraph.length; i++) {
    const before = paragraph.slice(0, i);
    const after = paragraph.slice(i);
    const rule = RULES.find(([, b, a]) => b.test(before) && a.test(after));
    if (rule?.[0]) breaks.push(i);
  }
  return breaks;
}

/** OmegaT's segments of a Chinese paragraph, trimmed. */
export function omegatChineseSegments(paragraph: string): string[] {
  const cuts = [0, ...omegatChineseBreaks(paragraph), paragraph.length];
  return cuts.slice(1).map((end, k) => paragraph.slice(cuts[k], end).trim()).filter(Boolean);
}
