/**
 * Cleaning of web artefacts (docs/architecture.md, Text rules): stored text is the text as written, minus
 * what a web page added that is not part of it. Everything else (punctuation, script) stays.
 */

const TONE_MARKS = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ';
// A pinyin syllable: optional initial, a vowel cluster, optional nasal/rhotic coda, optional tone digit.
const SYLLABLE = `(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouüv${TONE_MARKS}]+(?:ng|n|r)?[1-5]?`;
/**
 * A pinyin annotation right after a Han character: `國(guó)`, `創(chuàng)`. It must carry a tone
 * (a tone mark or a tone digit) so that glosses such as `(SEC)` or `(DeepSeek)` are never touched.
 */
const PINYIN_ANNOTATION = new RegExp(`(?<=\\p{Script=Han})[(（](?=[^)）]*[${TONE_MARKS}1-5])(${SYLLABLE})[)）]`, 'gu');

/** A footnote reference glued to the preceding word or punctuation: `open[1] AI`, `text.[12]`. */
const FOOTNOTE_MARKER = /(?<=[\p{L}\p{N}.,;:!?)"'”’」])\[\d{1,3}\]/gu;

/** Characters a web page leaves that carry no text: zero-width spaces and joiners, stray BOMs, soft hyphens. */
const INVISIBLE = /[\u200B\u200C\u200D\u2060\uFEFF\u00AD]/g;

export function stripPinyinAnnotations(text: string): string {
  return text.replace(PINYIN_ANNOTATION, '');
}

export function stripFootnoteMarkers(text: string): string {
  return text.replace(FOOTNOTE_MARKER, '');
}

/** Clean one paragraph: artefacts out, white space at its ends trimmed, nothing else changed. */
export function cleanParagraph(text: string): string {
  return stripFootnoteMarkers(stripPinyinAnnotations(text.replace(INVISIBLE, ''))).trim();
}
