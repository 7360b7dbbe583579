import { parse as parseLenient, printParseErrorCode } from 'jsonc-parser';
import type { ParseError } from 'jsonc-parser';

import { InputError } from '../../errors.js';

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Deeper than any real definition; the rules and the lenient scanner walk documents recursively. */
export const MAX_NESTING = 1000;

/**
 * The offset of the bracket that opens level `limit + 1` (outside strings), or -1 when the text stays within `limit`
 * levels. One pass over the characters; strings are skipped with indexOf.
 */
export function nestingBeyond(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      // Skip the string: find its closing quote that is not escaped.
      let end = text.indexOf('"', i + 1);
      while (end > 0) {
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (end < 0) return -1;
      i = end;
    } else if (code === 0x7b || code === 0x5b) {
      if (++depth > limit) return i;
    } else if (code === 0x7d || code === 0x5d) {
      depth--;
    }
  }
  return -1;
}

/**
 * Parses strict JSON (no comments, no trailing commas). Native JSON.parse does the work; only when it fails is the
 * text scanned again to find where, so the error names `file:line:column` and what was expected.
 * @throws InputError naming the file, line and column.
 */
export function parseJsonDocument(path: string, text: string): unknown {
  // A byte-order mark is legal in files but not to JSON.parse.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const tooDeep = nestingBeyond(body, MAX_NESTING);
  if (tooDeep >= 0) {
    const where = lineColumn(text, tooDeep + (body === text ? 0 : 1));
    throw new InputError(
      { file: path, line: where.line, column: where.column },
      `JSON nested more than ${MAX_NESTING} levels deep; no Marathon definition is, so the file is refused`,
    );
  }
  try {
    return JSON.parse(body) as unknown;
  } catch (cause) {
    const errors: ParseError[] = [];
    parseLenient(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    // When the lenient scanner finds nothing, trust the position V8 reports (e.g. control characters in strings).
    const reported = /position (\d+)/.exec(cause instanceof Error ? cause.message : '');
    const offset = first ? first.offset : reported ? Number(reported[1]) : body.length;
    const where = lineColumn(text, offset + (body === text ? 0 : 1));
    const found = describeToken(body, offset);
    const what = first ? humanParseError(printParseErrorCode(first.error)) : 'invalid JSON';
    throw new InputError(
      { file: path, line: where.line, column: where.column },
      `could not parse JSON - ${what}, found ${found}. Marathon definitions are strict JSON (no comments, no trailing commas).`,
      { cause },
    );
  }
}

function describeToken(text: string, offset: number): string {
  if (offset >= text.length) return 'end of input';
  const snippet = text.slice(offset, offset + 20).split(/\r?\n/)[0] ?? '';
  return JSON.stringify(snippet.length > 0 ? snippet : text.charAt(offset));
}

function humanParseError(code: string): string {
  switch (code) {
    case 'InvalidSymbol':
      return 'invalid symbol';
    case 'InvalidNumberFormat':
      return 'invalid number';
    case 'PropertyNameExpected':
      return 'expected a property name';
    case 'ValueExpected':
      return 'expected a value';
    case 'ColonExpected':
      return "expected ':'";
    case 'CommaExpected':
      return "expected ','";
    case 'CloseBraceExpected':
      return "expected '}'";
    case 'CloseBracketExpected':
      return "expected ']'";
    case 'EndOfFileExpected':
      return 'expected end of input';
    case 'InvalidCommentToken':
      return 'comments are not allowed in JSON';
    case 'UnexpectedEndOfComment':
      return 'unterminated comment';
    case 'UnexpectedEndOfString':
      return 'unterminated string';
    case 'UnexpectedEndOfNumber':
      return 'unterminated number';
    case 'InvalidUnicode':
      return 'invalid unicode escape';
    case 'InvalidEscapeCharacter':
      return 'invalid escape character';
    case 'InvalidCharacter':
      return 'invalid character';
    default:
      return code;
  }
}
