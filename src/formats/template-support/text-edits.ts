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

/** 1-based line number of an offset. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Escapes one segment of an RFC 6901 JSON pointer. */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds an RFC 6901 JSON pointer from segments. */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((segment) => `/${pointerSegment(segment)}`).join('');
}
