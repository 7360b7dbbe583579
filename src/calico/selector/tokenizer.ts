/**
 * Calico's selector lexer (libcalico-go/lib/selector/tokenizer): only space and tab are whitespace, labels are runs of
 * `[A-Za-z0-9_./-]` up to 512 characters, strings have no escapes, and keywords are context-sensitive — `has(`,
 * `all(`, `global(` only where a label is not expected to be followed by an operator, and the word operators only
 * right after a label.
 */
import { SelectorSyntaxError } from '../../errors.js';

export type TokenKind =
  | 'label'
  | 'string'
  | '=='
  | '!='
  | '!'
  | '&&'
  | '||'
  | 'contains'
  | 'starts with'
  | 'ends with'
  | 'in'
  | 'not in'
  | '('
  | ')'
  | '{'
  | '}'
  | ','
  | 'has'
  | 'all'
  | 'global'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** The label (for `label` and `has`) or the string literal's content. */
  value?: string;
  /** 0-based character position where the token starts. */
  index: number;
}

const MAX_LABEL_LENGTH = 512;

function isLabelChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x5f || // _
    code === 0x2e || // .
    code === 0x2f || // /
    code === 0x2d // -
  );
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** Word operators, tried in this order right after a label; spaces inside are one or more spaces/tabs. */
const WORD_OPERATORS: ReadonlyArray<{ words: readonly string[]; kind: TokenKind }> = [
  { words: ['contains'], kind: 'contains' },
  { words: ['starts', 'with'], kind: 'starts with' },
  { words: ['startswith'], kind: 'starts with' },
  { words: ['ends', 'with'], kind: 'ends with' },
  { words: ['endswith'], kind: 'ends with' },
  { words: ['not', 'in'], kind: 'not in' },
  { words: ['notin'], kind: 'not in' },
  { words: ['in'], kind: 'in' },
];

/**
 * Splits a selector into tokens, ending with an `eof` token.
 * @throws SelectorSyntaxError with the character position of the offending input.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const length = source.length;
  let pos = 0;

  const fail = (index: number, message: string): never => {
    throw new SelectorSyntaxError(source, index, message);
  };
  const skipSpace = (from: number): number => {
    let p = from;
    while (p < length && isSpace(source.charCodeAt(p))) p++;
    return p;
  };
  const readLabel = (from: number): number => {
    let p = from;
    while (p < length && isLabelChar(source.charCodeAt(p))) p++;
    if (p === from) fail(from, 'expected identifier');
    if (p - from > MAX_LABEL_LENGTH) fail(from, `label too long: ${source.slice(from, p)}`);
    return p;
  };
  /** Position after `words` (separated by whitespace) at `from` ending on a word boundary, or -1. */
  const matchWords = (from: number, words: readonly string[]): number => {
    let p = from;
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      if (i > 0) {
        const q = skipSpace(p);
        if (q === p) return -1;
        p = q;
      }
      if (!source.startsWith(word, p)) return -1;
      p += word.length;
    }
    if (p < length && isLabelChar(source.charCodeAt(p))) return -1;
    return p;
  };
  /** `name(` ws [label] ws `)` at `from`; returns the end position and the label, or undefined. */
  const matchFunction = (from: number, name: string, withLabel: boolean): { end: number; label?: string } | undefined => {
    if (!source.startsWith(`${name}(`, from)) return undefined;
    let p = skipSpace(from + name.length + 1);
    let label: string | undefined;
    if (withLabel) {
      const end = readLabel(p);
      label = source.slice(p, end);
      p = skipSpace(end);
    }
    if (source.charCodeAt(p) !== 0x29) fail(from, `no closing ')' after ${name}(`);
    return label === undefined ? { end: p + 1 } : { end: p + 1, label };
  };

  for (;;) {
    pos = skipSpace(pos);
    if (pos >= length) break;
    const start = pos;
    const ch = source[pos]!;
    const code = source.charCodeAt(pos);
    const previous = tokens[tokens.length - 1];

    if (ch === '"' || ch === "'") {
      const close = source.indexOf(ch, pos + 1);
      if (close < 0) fail(start, 'unterminated string');
      tokens.push({ kind: 'string', value: source.slice(pos + 1, close), index: start });
      pos = close + 1;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === '{' || ch === '}' || ch === ',') {
      tokens.push({ kind: ch, index: start });
      pos++;
      continue;
    }
    if (ch === '=') {
      if (source[pos + 1] !== '=') fail(start, 'expected ==');
      tokens.push({ kind: '==', index: start });
      pos += 2;
      continue;
    }
    if (ch === '!') {
      if (source[pos + 1] === '=') {
        tokens.push({ kind: '!=', index: start });
        pos += 2;
      } else {
        tokens.push({ kind: '!', index: start });
        pos++;
      }
      continue;
    }
    if (ch === '&' || ch === '|') {
      if (source[pos + 1] !== ch) fail(start, `expected ${ch}${ch}`);
      tokens.push({ kind: ch === '&' ? '&&' : '||', index: start });
      pos += 2;
      continue;
    }
    if (!isLabelChar(code)) fail(start, `unexpected character ${JSON.stringify(ch)}`);

    if (previous?.kind === 'label') {
      // After a label only an operator may follow.
      let matched = false;
      for (const op of WORD_OPERATORS) {
        const end = matchWords(pos, op.words);
        if (end >= 0) {
          tokens.push({ kind: op.kind, index: start });
          pos = end;
          matched = true;
          break;
        }
      }
      if (!matched) fail(start, `expected operator after label ${JSON.stringify(previous.value)}`);
      continue;
    }

    const has = matchFunction(pos, 'has', true);
    if (has) {
      tokens.push({ kind: 'has', value: has.label!, index: start });
      pos = has.end;
      continue;
    }
    const all = matchFunction(pos, 'all', false);
    if (all) {
      tokens.push({ kind: 'all', index: start });
      pos = all.end;
      continue;
    }
    const global = matchFunction(pos, 'global', false);
    if (global) {
      tokens.push({ kind: 'global', index: start });
      pos = global.end;
      continue;
    }
    const end = readLabel(pos);
    tokens.push({ kind: 'label', value: source.slice(pos, end), index: start });
    pos = end;
  }
  tokens.push({ kind: 'eof', index: length });
  return tokens;
}
