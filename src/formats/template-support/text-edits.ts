/** Offset/length edits on text, applied so that every byte outside an edit stays as it was. */

export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}

/**
 * Applies non-overlapping edits. Throws on overlapping edits (a programming error: each rewriter produces its own
 * disjoint spans).
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  let out = '';
  let position = 0;
  for (const edit of sorted) {
    if (edit.offset < position) throw new Error(`overlapping text edits at offset ${edit.offset}`);
    out += text.slice(position, edit.offset) + edit.text;
    position = edit.offset + edit.length;
  }
  return out + text.slice(position);
}

let cachedText: string | undefined;
let cachedStarts: number[] = [];

/** 1-based line number of an offset (line starts are indexed once per text, so scans stay linear). */
export function lineOfOffset(text: string, offset: number): number {
  if (text !== cachedText) {
    cachedStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) cachedStarts.push(i + 1);
    cachedText = text;
  }
  let low = 0;
  let high = cachedStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (cachedStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/** Escapes one segment of an RFC 6901 JSON pointer. */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds an RFC 6901 JSON pointer from segments. */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((segment) => `/${pointerSegment(segment)}`).join('');
}
