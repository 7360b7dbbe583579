/**
 * A small, fast structural scanner over JSON text that is already known to be valid (JSON.parse accepted it).
 * It finds where values sit in the text without building a tree, so a 14 MB group tree is indexed in one pass.
 */

/** A value's place in the text: `[start, end)`. */
export interface TextRange {
  start: number;
  end: number;
}

/** One object member: where its key and its value are. */
export interface MemberRange {
  key: string;
  keyStart: number;
  value: TextRange;
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

/** The members of the object that starts at `offset`, in text order (duplicates included, as written). */
export function objectMembers(text: string, offset: number): MemberRange[] {
  const members: MemberRange[] = [];
  let i = skipWhitespace(text, offset + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) return members;
  for (;;) {
    const keyStart = i;
    const keyEnd = stringEnd(text, i);
    const raw = text.slice(keyStart + 1, keyEnd - 1);
    const key = raw.includes('\\') ? (JSON.parse(text.slice(keyStart, keyEnd)) as string) : raw;
    i = skipWhitespace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) throw new Error(`expected ':' at offset ${i}`);
    const start = skipWhitespace(text, i + 1);
    const end = valueEnd(text, start);
    members.push({ key, keyStart, value: { start, end } });
    i = skipWhitespace(text, end);
    if (text.charCodeAt(i) === COMMA) {
      i = skipWhitespace(text, i + 1);
      continue;
    }
    return members;
  }
}

/** The elements of the array that starts at `offset`, in order. */
export function arrayElements(text: string, offset: number): TextRange[] {
  const elements: TextRange[] = [];
  let i = skipWhitespace(text, offset + 1);
  if (text.charCodeAt(i) === CLOSE_BRACKET) return elements;
  for (;;) {
    const end = valueEnd(text, i);
    elements.push({ start: i, end });
    i = skipWhitespace(text, end);
    if (text.charCodeAt(i) === COMMA) {
      i = skipWhitespace(text, i + 1);
      continue;
    }
    return elements;
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
    if (typeof segment === 'number') {
      if (code !== OPEN_BRACKET) return undefined;
      const element = arrayElements(text, range.start)[segment];
      if (!element) return undefined;
      range = element;
    } else {
      if (code !== OPEN_BRACE) return undefined;
      let found: MemberRange | undefined;
      for (const member of objectMembers(text, range.start)) if (member.key === segment) found = member;
      if (!found) return undefined;
      range = found.value;
    }
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
    let i = skipWhitespace(text, start + 1);
    if (text.charCodeAt(i) !== CLOSE_BRACE) {
      for (;;) {
        const keyEnd = stringEnd(text, i);
        const raw = text.slice(i + 1, keyEnd - 1);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw;
        i = skipWhitespace(text, keyEnd);
        if (text.charCodeAt(i) !== COLON) throw new Error(`expected ':' at offset ${i}`);
        const valueStart = skipWhitespace(text, i + 1);
        const child = node.children.get(key);
        const memberEnd = child ? descend(text, valueStart, child, [...path, key], out) : valueEnd(text, valueStart);
        i = skipWhitespace(text, memberEnd);
        if (text.charCodeAt(i) !== COMMA) break;
        i = skipWhitespace(text, i + 1);
      }
    }
    end = i + 1;
  } else {
    end = valueEnd(text, start);
  }
  if (node.wanted) out.set(path.join('\u0000'), { start, end });
  return end;
}
