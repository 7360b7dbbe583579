/**
 * The Marathon JSON rewriter: parse, find the items, migrate each with the injected migrator, turn every item's
 * difference into minimal text edits, and prove the result by re-parsing each edited item.
 */
import type { Change, MigrationOptions, Warning } from '../../core/types.js';
import { InputError, UsageError } from '../../errors.js';
import type { RewriteInput, RewriteResult, RewrittenItem } from '../types.js';
import { jsonEqual } from '../../core/json.js';
import { applyOps, diffOps } from './edit.js';
import type { EditOp } from './edit.js';
import { detectLayout } from './layout.js';
import { locateItems } from './locate.js';
import type { LocatedItem } from './locate.js';
import { parseJsonDocument } from './parse.js';
import { indexRanges } from './scan.js';

/** What the rewriter needs from the migration rules (bound to `src/core` by the handler). */
export interface RunSpecMigrator {
  migrate(
    kind: 'app' | 'pod',
    definition: Record<string, unknown>,
    options: MigrationOptions | undefined,
  ): { definition: unknown; changes: Change[]; warnings: Warning[] };
  /** Marathon's validation of one definition; problems carry pointers relative to the definition. */
  validate(kind: 'app' | 'pod', definition: unknown, options: MigrationOptions | undefined): Warning[];
  /** The problems of `after` (migrated from `before`) that are not among `beforeProblems`. */
  validateChange(
    kind: 'app' | 'pod',
    before: unknown,
    after: unknown,
    beforeProblems: readonly Warning[],
    options: MigrationOptions | undefined,
  ): Warning[];
}

/** Prefixes item-relative pointers with the item's pointer, for file-level lists. */
function relocate<T extends { pointer: string }>(entries: readonly T[], prefix: string): T[] {
  return prefix === '' ? [...entries] : entries.map((entry) => ({ ...entry, pointer: prefix + entry.pointer }));
}

/**
 * Migrates one located item and validates it before and after. `path` names the source in errors.
 * @throws InputError naming `path` and the item's pointer when the rules cannot handle the item.
 */
export function migrateItem(
  path: string,
  item: Pick<LocatedItem, 'kind' | 'id' | 'pointer' | 'value'>,
  migrator: RunSpecMigrator,
  options: MigrationOptions | undefined,
): RewrittenItem {
  return migrateLocated(path, item, migrator, options).rewritten;
}

function migrateLocated(
  path: string,
  item: Pick<LocatedItem, 'kind' | 'id' | 'pointer' | 'value'>,
  migrator: RunSpecMigrator,
  options: MigrationOptions | undefined,
): { rewritten: RewrittenItem; ops: EditOp[] } {
  let result: ReturnType<RunSpecMigrator['migrate']>;
  try {
    result = migrator.migrate(item.kind, item.value, options);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (error instanceof InputError) {
      const inner = error.location.pointer ?? '';
      const message = error.message.slice(error.message.indexOf(': ') + 2);
      throw new InputError({ file: path, pointer: item.pointer + inner }, message, { cause: error });
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError({ file: path, pointer: item.pointer }, `could not migrate ${item.kind} ${item.id}: ${message}`, {
      cause: error,
    });
  }
  const warnings = [...result.warnings];
  // The edit list doubles as the equality test: no edits, no change.
  const ops = diffOps(item.value, result.definition);
  // Every input is checked against Marathon's rules, changed or not: an operator reading the report must learn that
  // a definition in the repository would be refused, even when the migration leaves it alone. An unchanged item is
  // validated once (its "after" is its "before").
  const invalid = migrator.validate(item.kind, item.value, options);
  if (ops.length > 0) {
    // A valid input must never become invalid; say so loudly if the rules ever break that promise.
    for (const problem of migrator.validateChange(item.kind, item.value, result.definition, invalid, options)) {
      warnings.push({
        code: 'invalid-after-migration',
        severity: 'error',
        pointer: problem.pointer,
        message: `the migrated ${item.kind} would be rejected by Marathon: ${problem.message}`,
      });
    }
  }
  const rewritten: RewrittenItem = {
    id: item.id,
    kind: item.kind,
    pointer: item.pointer,
    before: item.value,
    after: result.definition,
    changes: result.changes,
    warnings,
    changed: ops.length > 0,
  };
  if (invalid.length > 0) rewritten.invalid = invalid;
  return { rewritten, ops };
}

/**
 * Rewrites a Marathon JSON document. Pure. Returns `skipped` for JSON that is not a Marathon app, pod or group.
 * @throws InputError for unparseable JSON (file:line:column) or an item the rules cannot handle (file#pointer).
 * Returns `error` (text unchanged) when the edited text does not re-parse to the migrated definition.
 */
export function rewriteMarathonJson(input: RewriteInput, migrator: RunSpecMigrator): RewriteResult {
  const { path, text, options } = input;
  const document = parseJsonDocument(path, text);
  const located = locateItems(document);
  if (!located) {
    return {
      format: 'marathon-json',
      status: 'skipped',
      text,
      items: [],
      changes: [],
      warnings: [],
      reason: 'not a Marathon app, pod, group or API response',
    };
  }
  const migrated = located.items.map((item) => migrateLocated(path, item, migrator, options));
  const items = migrated.map(({ rewritten }) => rewritten);
  const edited: Edited[] = [];
  migrated.forEach(({ rewritten, ops }, index) => {
    if (ops.length > 0) edited.push({ item: located.items[index]!, after: rewritten.after, ops });
  });
  const changes = items.flatMap((item) => relocate(item.changes, item.pointer));
  const warnings = items.flatMap((item) => relocate(item.warnings, item.pointer));
  const blocking = items.flatMap((item) =>
    item.warnings.filter((warning) => warning.severity === 'error').map((warning) => ({ item, warning })),
  );
  if (blocking.length > 0) {
    // An item the rules refuse (wrong types, a legacy mix Marathon rejects) keeps the whole file as it is.
    const { item, warning } = blocking[0]!;
    const more = blocking.length > 1 ? ` (and ${blocking.length - 1} more)` : '';
    const reason = `${path}#${item.pointer}${warning.pointer}: ${warning.message}${more}`;
    return { format: 'marathon-json', status: 'error', text, items, changes, warnings, reason };
  }
  if (edited.length === 0) return { format: 'marathon-json', status: 'unchanged', text, items, changes, warnings };
  let output: string;
  try {
    output = editText(path, text, edited);
  } catch (error) {
    // Not the input's fault: the edit could not be proven, so nothing is written and the file is an error.
    const reason = error instanceof Error ? error.message : String(error);
    return { format: 'marathon-json', status: 'error', text, items, changes, warnings, reason };
  }
  return { format: 'marathon-json', status: 'changed', text: output, items, changes, warnings };
}

interface Edited {
  item: LocatedItem;
  after: unknown;
  ops: EditOp[];
}

function editText(path: string, text: string, edited: readonly Edited[]): string {
  const layout = detectLayout(text);
  const pretty = text.trimEnd().includes('\n');
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const ranges = indexRanges(text, edited.map(({ item }) => item.path), bom);
  const pieces: string[] = [];
  let cursor = 0;
  const ordered = edited
    .map((entry) => ({ ...entry, range: ranges.get(entry.item.path.join('\u0000')) }))
    .sort((a, b) => (a.range?.start ?? 0) - (b.range?.start ?? 0));
  for (const { item, after, ops, range } of ordered) {
    if (!range) throw new Error(`${path}#${item.pointer}: item not found in the text`);
    // Include the item's indentation when it starts its line (looking back over blanks only, never the whole file).
    let lineStart = range.start;
    while (lineStart > cursor && (text.charCodeAt(lineStart - 1) === 0x20 || text.charCodeAt(lineStart - 1) === 0x09)) lineStart--;
    const startsLine = lineStart === 0 || text.charCodeAt(lineStart - 1) === 0x0a;
    const start = startsLine && lineStart >= cursor ? lineStart : range.start;
    const original = text.slice(start, range.end);
    const rewritten = applyOps(original, ops, layout, pretty);
    // Prove the edit: the new item text must parse to exactly the migrated definition.
    let reparsed: unknown;
    try {
      reparsed = JSON.parse(rewritten);
    } catch {
      reparsed = Symbol('unparseable');
    }
    if (!jsonEqual(reparsed, after)) {
      throw new Error(`${path}#${item.pointer}: the edited text does not re-parse to the migrated definition; file left unchanged`);
    }
    pieces.push(text.slice(cursor, start), rewritten);
    cursor = range.end;
  }
  pieces.push(text.slice(cursor));
  return pieces.join('');
}
