/**
 * Minimal, format-preserving edits of one item's JSON text: the structural difference between the item before and
 * after migration becomes a few jsonc-parser `modify` calls, each run on the smallest enclosing object or array so
 * the cost does not grow with the file and every byte outside the touched members stays as it was.
 */
import { applyEdits, modify } from 'jsonc-parser';
import type { Edit, FormattingOptions } from 'jsonc-parser';

import type { JsonLayout } from './layout.js';
import { memberEnds, rangeAt, skipWhitespace } from './scan.js';

/** One structural edit: set (replace or insert) a member or element, or remove a member. */
export interface EditOp {
  path: (string | number)[];
  /** The new value; undefined removes the member. */
  value: unknown;
  /** Key order of the parent object after migration, to place inserted members where they belong. */
  order?: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The edits that turn `before` into `after`: changed scalars are replaced in place, members added or removed one by
 * one, arrays of the same length compared element-wise, anything else replaced whole. An empty list means equal.
 */
export function diffOps(before: unknown, after: unknown): EditOp[] {
  const ops: EditOp[] = [];
  // One shared path stack; it is copied only when an op is recorded (most of a large file is equal).
  collectOps(before, after, [], ops);
  return ops;
}

function collectOps(before: unknown, after: unknown, path: (string | number)[], ops: EditOp[]): void {
  if (before === after) return;
  if (isRecord(before) && isRecord(after)) {
    for (const key in before) {
      if (Object.prototype.hasOwnProperty.call(before, key) && !Object.prototype.hasOwnProperty.call(after, key)) {
        ops.push({ path: [...path, key], value: undefined });
      }
    }
    let order: string[] | undefined;
    for (const key of Object.keys(after)) {
      if (Object.prototype.hasOwnProperty.call(before, key)) {
        path.push(key);
        collectOps(before[key], after[key], path, ops);
        path.pop();
      } else {
        ops.push({ path: [...path, key], value: after[key], order: (order ??= Object.keys(after)) });
      }
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    for (let i = 0; i < before.length; i++) {
      path.push(i);
      collectOps(before[i], after[i], path, ops);
      path.pop();
    }
    return;
  }
  ops.push({ path: [...path], value: after });
}

/** JSON text on one line, spaced like `{"a": 1, "b": [2, 3]}` or compact like `{"a":1}`. */
function inline(value: unknown, spaced: boolean): string {
  if (!spaced) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((entry) => inline(entry, true)).join(', ')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .map((key) => `${JSON.stringify(key)}: ${inline(value[key], true)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** Where a member goes among the existing ones: right after the nearest member that precedes it after migration. */
function insertionIndex(key: string, order: readonly string[] | undefined): ((existing: string[]) => number) | undefined {
  if (!order) return undefined;
  return (existing) => {
    const position = order.indexOf(key);
    for (let i = position - 1; i >= 0; i--) {
      const at = existing.lastIndexOf(order[i]!);
      if (at >= 0) return at + 1;
    }
    return position <= 0 ? 0 : existing.length;
  };
}

/**
 * Applies `ops` to `text` (the item, possibly preceded by the whitespace of its first line) and returns the new
 * text. Throws when an op's parent is missing, which means the ops do not belong to this text (a bug).
 */
export function applyOps(text: string, ops: readonly EditOp[], layout: JsonLayout, pretty: boolean): string {
  let current = text;
  const formatting: FormattingOptions = {
    insertSpaces: layout.indent !== '\t',
    tabSize: layout.indent === '\t' ? 1 : layout.indent.length,
    eol: layout.eol,
  };
  for (const op of ops) {
    const root = skipWhitespace(current, 0);
    if (op.path.length === 0) {
      const edits = modify(current, [], op.value, { formattingOptions: pretty ? formatting : undefined });
      current = applyEdits(current, edits);
      continue;
    }
    // The parent first (one scan from the item's start), then the member inside it.
    const parentPath = op.path.slice(0, -1);
    const last = op.path[op.path.length - 1]!;
    const parent = rangeAt(current, root, parentPath);
    if (!parent) throw new Error(`no parent at ${JSON.stringify(parentPath)} to edit`);
    // The common edit (a network name, an env value): one existing scalar replaced by another. Splicing the new
    // literal over the old one's range is what `modify` would do, without re-scanning the parent.
    if (isScalar(op.value)) {
      const target = rangeAt(current, parent.start, [last]);
      if (target && isScalar(JSON.parse(current.slice(target.start, target.end)))) {
        let literal = JSON.stringify(op.value);
        if (NON_ASCII.test(literal) && layout.ascii()) literal = escapeNonAscii(literal);
        current = current.slice(0, target.start) + literal + current.slice(target.end);
        continue;
      }
    }
    // Start the slice at its line's start when only indentation precedes it, so the formatter sees the real indent.
    const lineStart = current.lastIndexOf('\n', parent.start - 1) + 1;
    const sliceStart = /^[ \t]*$/.test(current.slice(lineStart, parent.start)) ? lineStart : parent.start;
    const slice = current.slice(sliceStart, parent.end);
    const parentText = current.slice(parent.start, parent.end);
    const empty = /^[[{]\s*[\]}]$/.test(parentText);
    const multiLine = parentText.includes('\n') || (empty && pretty);
    // A member added to a one-line object (a network's name or labels in an API answer) is placed by hand;
    // everything else goes through jsonc-parser.
    const members = !multiLine && typeof last === 'string' && op.value !== undefined && current.charCodeAt(parent.start) === OPEN_BRACE ? memberEnds(current, parent.start) : undefined;
    let edits: Edit[];
    if (members && typeof last === 'string' && !members.some((member) => member.key === last)) {
      const insertion = inlineInsertion(members, parent.start, last, op, spacedStyle(empty ? current : parentText));
      edits = [{ ...insertion, offset: insertion.offset - sliceStart }];
    } else {
      edits = modify(slice, [last], op.value, {
        formattingOptions: multiLine ? formatting : undefined,
        getInsertionIndex: typeof last === 'string' ? insertionIndex(last, op.order) : undefined,
      });
      if (!multiLine) edits = edits.map((edit) => inlineEdit(edit, op, last, spacedStyle(empty ? current : parentText)));
    }
    // A file that escapes every non-ASCII character gets escaped insertions too.
    if (edits.some((edit) => NON_ASCII.test(edit.content)) && layout.ascii()) edits = edits.map((edit) => ({ ...edit, content: escapeNonAscii(edit.content) }));
    current = current.slice(0, sliceStart) + applyEdits(slice, edits) + current.slice(parent.end);
  }
  return current;
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

// eslint-disable-next-line no-control-regex -- the ASCII range is the point
const NON_ASCII = /[^\x00-\x7f]/;

/** Writes non-ASCII characters as `\uXXXX` (JSON syntax is ASCII, so this only touches string contents). */
function escapeNonAscii(text: string): string {
  // eslint-disable-next-line no-control-regex -- the ASCII range is the point
  return text.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function spacedStyle(text: string): boolean {
  return /":\s/.test(text) || /,\s/.test(text);
}

const OPEN_BRACE = 0x7b;

/**
 * The edit inserting member `key` into the one-line object at `objectStart` (members as `memberEnds` lists them):
 * where jsonc-parser's `modify` would put it (after the member that precedes it in the migrated order, or first),
 * written in the object's compact or spaced style as `inlineEdit` would.
 */
function inlineInsertion(members: readonly { key: string; end: number }[], objectStart: number, key: string, op: EditOp, spaced: boolean): Edit {
  const index = insertionIndex(key, op.order)?.(members.map((member) => member.key)) ?? members.length;
  const body = `${JSON.stringify(key)}:${spaced ? ' ' : ''}${inline(op.value, spaced)}`;
  if (index > 0) return { offset: members[index - 1]!.end, length: 0, content: `,${spaced ? ' ' : ''}${body}` };
  if (members.length === 0) return { offset: objectStart + 1, length: 0, content: body };
  return { offset: objectStart + 1, length: 0, content: `${body},${spaced ? ' ' : ''}` };
}

/** Rewrites an unformatted jsonc-parser edit in the one-line style of its surroundings. */
function inlineEdit(edit: Edit, op: EditOp, last: string | number, spaced: boolean): Edit {
  if (op.value === undefined || edit.content === '') return edit;
  const value = inline(op.value, spaced);
  if (edit.length > 0) return { ...edit, content: value };
  const separator = spaced ? ', ' : ',';
  const body = typeof last === 'string' ? `${JSON.stringify(last)}:${spaced ? ' ' : ''}${value}` : value;
  if (edit.content.startsWith(',')) return { ...edit, content: `${separator.trimEnd()}${spaced ? ' ' : ''}${body}` };
  if (edit.content.endsWith(',')) return { ...edit, content: `${body}${separator}` };
  return { ...edit, content: body };
}
