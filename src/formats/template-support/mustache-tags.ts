/**
 * A byte-exact scanner for Mustache tags. The rewriters never let Mustache re-emit a template: they only need to
 * know where every tag is, what kind it is and how sections nest, so that edits land outside tags and the rest of
 * the file stays byte-for-byte.
 */

/** The Mustache tag kinds, by their sigil. */
export type MustacheTagKind =
  | 'variable' // {{x}}
  | 'triple' // {{{x}}}
  | 'ampersand' // {{& x}}
  | 'section' // {{#x}}
  | 'inverted' // {{^x}}
  | 'close' // {{/x}}
  | 'comment' // {{! x}}
  | 'partial' // {{> x}}
  | 'delimiter'; // {{= <% %> =}}

export interface MustacheTag {
  kind: MustacheTagKind;
  /** Tag name with surrounding whitespace trimmed (`service.virtual_network_name`, `package-version`). */
  name: string;
  /** Offset of the first `{` and one past the last `}` in the text. */
  start: number;
  end: number;
  /** 1-based line of `start`. */
  line: number;
  /** For sections and inverted sections: the names of the enclosing sections, outermost first. */
  enclosing: readonly string[];
}

/** A template that cannot be scanned: an unclosed tag, a stray or mismatched section end, a set-delimiter tag. */
export interface MustacheScanProblem {
  line: number;
  message: string;
}

export interface MustacheScan {
  tags: MustacheTag[];
  problem?: MustacheScanProblem;
}

const SIGILS: Record<string, MustacheTagKind> = {
  '#': 'section',
  '^': 'inverted',
  '/': 'close',
  '!': 'comment',
  '>': 'partial',
  '&': 'ampersand',
  '=': 'delimiter',
};

/**
 * Finds every `{{...}}` tag of a template with its offsets and section nesting. Never throws: a template Mustache
 * itself would reject (unclosed tag or section, mismatched end) or that changes delimiters is reported as
 * `problem`, and the tags found before it are still returned.
 */
export function scanMustache(text: string): MustacheScan {
  const tags: MustacheTag[] = [];
  const open: MustacheTag[] = [];
  let line = 1;
  let lineScanned = 0;
  const lineAt = (offset: number): number => {
    for (let i = lineScanned; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
    lineScanned = offset;
    return line;
  };

  let position = 0;
  for (;;) {
    const start = text.indexOf('{{', position);
    if (start < 0) break;
    const tagLine = lineAt(start);
    const triple = text[start + 2] === '{';
    const closer = triple ? '}}}' : '}}';
    const closeAt = text.indexOf(closer, start + (triple ? 3 : 2));
    if (closeAt < 0) return { tags, problem: { line: tagLine, message: 'unclosed Mustache tag' } };
    const end = closeAt + closer.length;
    const inner = text.slice(start + (triple ? 3 : 2), closeAt);
    let kind: MustacheTagKind = triple ? 'triple' : 'variable';
    let name = inner.trim();
    if (!triple) {
      const sigil = SIGILS[name[0] ?? ''];
      if (sigil) {
        kind = sigil;
        name = name.slice(1).trim();
      }
    }
    const tag: MustacheTag = { kind, name, start, end, line: tagLine, enclosing: open.map((section) => section.name) };
    tags.push(tag);
    position = end;

    if (kind === 'delimiter') {
      // Changed delimiters would make every later `{{` meaningless; no real package uses them, so refuse.
      return { tags, problem: { line: tagLine, message: 'set-delimiter tags ({{= =}}) are not supported' } };
    }
    if (kind === 'section' || kind === 'inverted') open.push(tag);
    if (kind === 'close') {
      const opener = open.pop();
      if (!opener) return { tags, problem: { line: tagLine, message: `section end {{/${name}}} without an opening tag` } };
      if (opener.name !== name) {
        return {
          tags,
          problem: { line: tagLine, message: `section end {{/${name}}} does not match {{#${opener.name}}} opened on line ${opener.line}` },
        };
      }
    }
  }
  const unclosed = open.pop();
  if (unclosed) return { tags, problem: { line: unclosed.line, message: `section {{#${unclosed.name}}} is never closed` } };
  return { tags };
}

/** True when `offset` lies inside one of the (sorted) tags. */
export function insideTag(tags: readonly MustacheTag[], offset: number): boolean {
  let low = 0;
  let high = tags.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const tag = tags[middle]!;
    if (offset < tag.start) high = middle - 1;
    else if (offset >= tag.end) low = middle + 1;
    else return true;
  }
  return false;
}

/**
 * The text with every tag replaced by a same-length stand-in, so offsets stay valid: variable tags become `0`
 * padded with spaces (a JSON number / YAML scalar wherever a value was), every other tag becomes spaces. Newlines
 * inside tags are kept so line numbers stay valid too.
 */
export function maskMustache(text: string, tags: readonly MustacheTag[]): string {
  let out = '';
  let position = 0;
  for (const tag of tags) {
    out += text.slice(position, tag.start);
    const body = text.slice(tag.start, tag.end).replace(/[^\n]/g, ' ');
    const valueLike = tag.kind === 'variable' || tag.kind === 'triple' || tag.kind === 'ampersand';
    out += valueLike ? `0${body.slice(1)}` : body;
    position = tag.end;
  }
  return out + text.slice(position);
}

/** Names of the sections and inverted sections open at `offset`, outermost first (inverted ones as `^name`). */
export function sectionsAt(tags: readonly MustacheTag[], offset: number): string[] {
  const open: string[] = [];
  for (const tag of tags) {
    if (tag.start >= offset) break;
    if (tag.kind === 'section') open.push(tag.name);
    else if (tag.kind === 'inverted') open.push(`^${tag.name}`);
    else if (tag.kind === 'close') open.pop();
  }
  return open;
}

/** The variable name when `text` is exactly one value tag (`{{x}}`, `{{{x}}}`, `{{& x}}`), else undefined. */
export function singleValueTag(text: string): string | undefined {
  const match = /^\{\{(?:\{\s*([^{}]+?)\s*\}|&\s*([^{}]+?)|\s*([^#^/!>&={}\s][^{}]*?))\s*\}\}$/.exec(text);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** Every tag name of a scan (variables and sections), for "does the template read this option?" checks. */
export function tagNames(tags: readonly MustacheTag[]): Set<string> {
  return new Set(tags.filter((tag) => tag.kind !== 'comment' && tag.kind !== 'close').map((tag) => tag.name));
}
