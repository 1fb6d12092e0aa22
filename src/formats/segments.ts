/** Segment content shared by the readers of inline-code formats (TMX, XLIFF). */
import { partsToText, type SegmentPart } from '../model.js';

/** A segment's parts as plain text, keeping the parts only when they hold an inline code. */
export function segmentContent(parts: SegmentPart[]): { text: string; parts?: SegmentPart[] } {
  if (parts.length === 0) return { text: '' };
  if (parts.length === 1 && typeof parts[0] === 'string') return { text: parts[0] };
  if (parts.every((p) => typeof p === 'string')) return { text: parts.join('') };
  return { text: partsToText(parts), parts };
}

/** The attributes of `attrs` named in `names`, in that order (those an element's schema allows). */
export function pickAttrs(attrs: Record<string, string>, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) if (attrs[n] !== undefined) out[n] = attrs[n];
  return out;
}
