/** Assembles a MigrationPlan from rewrite results; pure, shared by file and live sources. */
import type { MigrationOptions, Warning } from '../core/types.js';
import { jsonEqual } from '../core/json.js';
import type { FormatId, RewriteStatus, RewrittenItem } from '../formats/types.js';
import { computeDelta, flattenDelta } from './delta.js';
import { describeNetworks, isInvalidInput, movesNetwork, riskTags } from './risks.js';
import type { ItemSource, MigrationPlan, PlanFile, PlanItem, PlanSummary } from './types.js';
import { PLAN_SCHEMA_VERSION } from './types.js';

/** Applies Marathon's defaults to a definition so deltas show only real changes (identity for unknown kinds); read-only result. */
export type Normaliser = (kind: RewrittenItem['kind'], definition: unknown) => unknown;

/** One source's outcome: a file with its rewrite result, or a live definition's rewritten items. */
export interface SourceOutcome {
  file?: { path: string; format?: FormatId; status: RewriteStatus; reason?: string; text?: string; warnings?: Warning[] };
  origin: { type: 'file'; path: string; format: FormatId } | { type: 'marathon'; endpoint?: string };
  items: readonly RewrittenItem[];
}

function safeNormalise(normalise: Normaliser, kind: RewrittenItem['kind'], definition: unknown): unknown {
  try {
    return normalise(kind, definition);
  } catch {
    // An input the defaults cannot be applied to (e.g. wrong types) is diffed as written; validation reports it.
    return definition;
  }
}

/** Turns one rewritten item into a plan item; the delta is computed only when the item changed. */
export function planItem(item: RewrittenItem, origin: SourceOutcome['origin'], normalise: Normaliser): PlanItem {
  const changed = item.changed ?? !jsonEqual(item.before, item.after);
  const delta = changed
    ? computeDelta(safeNormalise(normalise, item.kind, item.before), safeNormalise(normalise, item.kind, item.after))
    : undefined;
  const source: ItemSource =
    origin.type === 'file'
      ? { origin: 'file', path: origin.path, format: origin.format, pointer: item.pointer }
      : { origin: 'marathon', ...(origin.endpoint ? { endpoint: origin.endpoint } : {}), pointer: item.pointer };
  const key = origin.type === 'file' ? `${origin.path}#${item.pointer}` : `marathon:${item.kind}:${item.id}`;
  const invalid = item.invalid ?? [];
  return {
    key,
    id: item.id,
    kind: item.kind,
    source,
    status: changed ? 'changed' : 'unchanged',
    onOldNetwork: movesNetwork(item.changes),
    networks: item.kind === 'app' || item.kind === 'pod' ? describeNetworks(item.before) : [],
    before: item.before,
    after: item.after,
    delta,
    edits: flattenDelta(delta),
    changes: item.changes,
    warnings: item.warnings,
    risks: riskTags({ kind: item.kind, changed, changes: item.changes, warnings: item.warnings, invalid }),
    invalid,
  };
}

/** Counts for the summary line and the reports. */
export function summarise(items: readonly PlanItem[], files: readonly PlanFile[]): PlanSummary {
  const summary: PlanSummary = {
    files: { changed: 0, unchanged: 0, skipped: 0, error: 0, total: files.length },
    items: { total: items.length, changed: 0, unchanged: 0, onOldNetwork: 0, invalid: 0 },
    warnings: { info: 0, warning: 0, error: 0 },
    risks: {},
  };
  for (const file of files) summary.files[file.status]++;
  for (const item of items) {
    summary.items[item.status]++;
    if (item.onOldNetwork) summary.items.onOldNetwork++;
    if (isInvalidInput(item)) summary.items.invalid++;
    for (const warning of item.warnings) summary.warnings[warning.severity]++;
    for (const risk of item.risks) summary.risks[risk] = (summary.risks[risk] ?? 0) + 1;
  }
  for (const file of files) for (const warning of file.warnings) summary.warnings[warning.severity]++;
  return summary;
}

/** Builds the plan from the outcomes of every source, in source order. */
export function assemblePlan(outcomes: readonly SourceOutcome[], options: MigrationOptions, normalise: Normaliser): MigrationPlan {
  const items: PlanItem[] = [];
  const files: PlanFile[] = [];
  for (const outcome of outcomes) {
    const planned = outcome.items.map((item) => planItem(item, outcome.origin, normalise));
    items.push(...planned);
    if (outcome.file) {
      const file: PlanFile = {
        path: outcome.file.path,
        status: outcome.file.status,
        items: planned.map((item) => item.key),
        warnings: outcome.file.warnings ?? [],
      };
      if (outcome.file.format) file.format = outcome.file.format;
      if (outcome.file.reason !== undefined) file.reason = outcome.file.reason;
      if (outcome.file.status === 'changed' && outcome.file.text !== undefined) file.text = outcome.file.text;
      files.push(file);
    }
  }
  return { schemaVersion: PLAN_SCHEMA_VERSION, options, items, files, summary: summarise(items, files) };
}
