/**
 * A small, fast structural scanner over JSON text that is already known to be valid (JSON.parse accepted it).
 * It finds where values sit in the text without building a tree, so a 14 MB group tree is indexed in one pass.
 */

/** A value's place in the text: `[start, end)`. */
export interface TextRange {
  start: number;
  end: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Index of the first non-whitespace character at or after `offset`. */
export function skipWhitespace(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  return i;
}

/** End (exclusive) of the string literal whose opening quote is at `offset`. */
function stringEnd(text: string, offset: number): number {
  let i = offset + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) throw new Error(`unterminated string at offset ${offset}`);
    // An escaped quote is preceded by an odd number of backslashes.
    let backslashes = 0;
    for (let j = quote - 1; j > offset && text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/** End (exclusive) of the value that starts at `offset` (which must not be whitespace). */
export function valueEnd(text: string, offset: number): number {
  const first = text.charCodeAt(offset);
  if (first === QUOTE) return stringEnd(text, offset);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    // A plain charCodeAt loop measured faster here than regex jumps (strings are skipped with indexOf).
    let depth = 0;
    let i = offset;
    const length = text.length;
    while (i < length) {
      const code = text.charCodeAt(i);
      if (code === QUOTE) {
        i = stringEnd(text, i);
        continue;
      }
      if (code === OPEN_BRACE || code === OPEN_BRACKET) depth++;
      else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    throw new Error(`unterminated container at offset ${offset}`);
  }
  let i = offset;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isWhitespace(code)) break;
    i++;
  }
  return i;
}

function hasEscape(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === BACKSLASH) return true;
  return false;
}

/** The key whose string literal spans `[keyStart, keyEnd)`; cut out of the text only when it holds no escape. */
function keyAt(text: string, keyStart: number, keyEnd: number): string {
  return hasEscape(text, keyStart + 1, keyEnd - 1) ? (JSON.parse(text.slice(keyStart, keyEnd)) as string) : text.slice(keyStart + 1, keyEnd - 1);
}

/**
 * Walks the members of the object that starts at `offset`, in text order (duplicates too). `visit` gets the range of
 * each key literal and where its value starts, and returns where the value ends (skipping it with `valueEnd` or
 * descending into it). Returns the offset just past the closing brace.
 */
function walkMembers(text: string, offset: number, visit: (keyStart: number, keyEnd: number, valueStart: number) => number): number {
  let i = skipWhitespace(text, offset + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) return i + 1;
  for (;;) {
    const keyEnd = stringEnd(text, i);
    const colon = skipWhitespace(text, keyEnd);
    if (text.charCodeAt(colon) !== COLON) throw new Error(`expected ':' at offset ${colon}`);
    i = skipWhitespace(text, visit(i, keyEnd, skipWhitespace(text, colon + 1)));
    if (text.charCodeAt(i) !== COMMA) return i + 1;
    i = skipWhitespace(text, i + 1);
  }
}

/** The range of member `key`'s value in the object that starts at `offset`; the last one wins for duplicates, as in JSON.parse. */
function memberValue(text: string, offset: number, key: string): TextRange | undefined {
  let found: TextRange | undefined;
  walkMembers(text, offset, (keyStart, keyEnd, start) => {
    const end = valueEnd(text, start);
    // Compared in place: no string is cut out of the text unless the key holds an escape.
    const matches = hasEscape(text, keyStart + 1, keyEnd - 1)
      ? keyAt(text, keyStart, keyEnd) === key
      : keyEnd - keyStart - 2 === key.length && text.startsWith(key, keyStart + 1);
    if (matches) found = { start, end };
    return end;
  });
  return found;
}

/** The members of the object that starts at `offset`, in text order (duplicates too): key and end of value. */
export function memberEnds(text: string, offset: number): { key: string; end: number }[] {
  const members: { key: string; end: number }[] = [];
  walkMembers(text, offset, (keyStart, keyEnd, start) => {
    const end = valueEnd(text, start);
    members.push({ key: keyAt(text, keyStart, keyEnd), end });
    return end;
  });
  return members;
}

/** The range of element `index` of the array that starts at `offset`. */
function arrayElement(text: string, offset: number, index: number): TextRange | undefined {
  let i = skipWhitespace(text, offset + 1);
  if (text.charCodeAt(i) === CLOSE_BRACKET) return undefined;
  for (let position = 0; ; position++) {
    const end = valueEnd(text, i);
    if (position === index) return { start: i, end };
    i = skipWhitespace(text, end);
    if (text.charCodeAt(i) !== COMMA) return undefined;
    i = skipWhitespace(text, i + 1);
  }
}

/**
 * The range of the value at `path` below the value starting at `offset`, or undefined when the path does not
 * exist. For duplicate keys the last one wins, as in JSON.parse.
 */
export function rangeAt(text: string, offset: number, path: readonly (string | number)[]): TextRange | undefined {
  let range: TextRange = { start: offset, end: -1 };
  for (const segment of path) {
    const code = text.charCodeAt(range.start);
    const next =
      typeof segment === 'number'
        ? code === OPEN_BRACKET
          ? arrayElement(text, range.start, segment)
          : undefined
        : code === OPEN_BRACE
          ? memberValue(text, range.start, segment)
          : undefined;
    if (!next) return undefined;
    range = next;
  }
  if (range.end < 0) range = { start: range.start, end: valueEnd(text, range.start) };
  return range;
}

/** A tree of the paths whose ranges are wanted; children keyed by member name or array index. */
export interface PathTrie {
  /** Set when the path ending here is wanted. */
  wanted?: boolean;
  children: Map<string | number, PathTrie>;
}

/** Builds the trie of `paths` for `indexRanges`. */
export function pathTrie(paths: readonly (readonly (string | number)[])[]): PathTrie {
  const root: PathTrie = { children: new Map() };
  for (const path of paths) {
    let node = root;
    for (const segment of path) {
      let child = node.children.get(segment);
      if (!child) {
        child = { children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.wanted = true;
  }
  return root;
}

/**
 * The ranges of many paths at once, in a single pass over the text: containers on a wanted path are descended
 * member by member, everything else is skipped, so no byte is scanned twice. Keys of the result are the paths
 * joined by `\u0000`.
 */
export function indexRanges(
  text: string,
  paths: readonly (readonly (string | number)[])[],
  offset = 0,
): Map<string, TextRange> {
  const result = new Map<string, TextRange>();
  descend(text, skipWhitespace(text, offset), pathTrie(paths), [], result);
  return result;
}

/** Visits the value at `start`, recording wanted ranges below it; returns the value's end. */
function descend(text: string, start: number, node: PathTrie, path: (string | number)[], out: Map<string, TextRange>): number {
  let end: number;
  const code = text.charCodeAt(start);
  if (node.children.size === 0) {
    end = valueEnd(text, start);
  } else if (code === OPEN_BRACKET) {
    let i = skipWhitespace(text, start + 1);
    let index = 0;
    if (text.charCodeAt(i) !== CLOSE_BRACKET) {
      for (;;) {
        const child = node.children.get(index);
        const elementEnd = child ? descend(text, i, child, [...path, index], out) : valueEnd(text, i);
        index++;
        i = skipWhitespace(text, elementEnd);
        if (text.charCodeAt(i) !== COMMA) break;
        i = skipWhitespace(text, i + 1);
      }
    }
    end = i + 1;
  } else if (code === OPEN_BRACE) {
    // Duplicate keys: JSON.parse keeps the last, so a later duplicate overwrites what an earlier one recorded.
    end = walkMembers(text, start, (keyStart, keyEnd, valueStart) => {
      const key = keyAt(text, keyStart, keyEnd);
      const child = node.children.get(key);
      return child ? descend(text, valueStart, child, [...path, key], out) : valueEnd(text, valueStart);
    });
  } else {
    end = valueEnd(text, start);
  }
  if (node.wanted) out.set(path.join('\u0000'), { start, end });
  return end;
}
