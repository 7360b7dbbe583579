import type { Delta } from 'jsondiffpatch';

import type { Change, MigrationOptions, Warning } from '../core/types.js';
import type { FormatId, RewriteStatus, RewrittenItem } from '../formats/types.js';

/** The version of the plan and of the JSON report built from it; bumped on any incompatible change. */
export const PLAN_SCHEMA_VERSION = 1;

/** A file to migrate: its path (for messages and detection) and its text. */
export interface FileSource {
  path: string;
  text: string;
  /** Force a format instead of detecting it. */
  format?: FormatId;
  /** Other files of the same package (path -> text), for formats whose meaning depends on them. */
  siblings?: ReadonlyMap<string, string>;
}

/**
 * A definition read from a live Marathon: an app or pod as `GET /v2/apps/{id}` / `GET /v2/pods/{id}` return
 * them, or a whole `GET /v2/groups` tree (its apps and pods become items).
 */
export interface LiveSource {
  origin: 'marathon';
  kind: 'app' | 'pod' | 'group';
  definition: unknown;
  /** Where it was read from, for messages (e.g. `https://cluster/service/marathon`). */
  endpoint?: string;
}

export interface PlanInput {
  files?: readonly FileSource[];
  live?: readonly LiveSource[];
  options?: MigrationOptions;
}

/** Where an item came from. */
export type ItemSource =
  | { origin: 'file'; path: string; format: FormatId; pointer: string }
  | { origin: 'marathon'; endpoint?: string; pointer: string };

/**
 * A short tag naming a risk of an item, for scanning and filtering: a warning code (`docker-engine-no-labels`,
 * `ipv6-network`, `vip-port-labels`, ...), `restart` (the change restarts every task), `legacy-form`,
 * `invalid-input`.
 */
export type RiskTag = string;

/** One path that differs between before and after (defaults applied on both sides). */
export interface DeltaEntry {
  pointer: string;
  op: 'add' | 'remove' | 'replace' | 'move';
  before?: unknown;
  after?: unknown;
}

export interface PlanItem {
  /** Unique within the plan: `<path>#<pointer>` for files, `marathon:<kind>:<id>` for live items. */
  key: string;
  id: string;
  kind: RewrittenItem['kind'];
  source: ItemSource;
  status: 'changed' | 'unchanged';
  /** True when the item uses the old network (it is what the migration moves). */
  onOldNetwork: boolean;
  /** Short descriptions of the item's networks before migration, e.g. `container:dcos`, `host`. */
  networks: string[];
  before: unknown;
  after: unknown;
  /** jsondiffpatch delta from before to after, both with Marathon's defaults applied; undefined when equal. */
  delta: Delta;
  /** The same delta as a flat list of JSON pointers. */
  edits: DeltaEntry[];
  /** Pointers relative to the item. */
  changes: Change[];
  warnings: Warning[];
  risks: RiskTag[];
  /** Marathon's validation problems of the input item. */
  invalid: Warning[];
}

export interface PlanFile {
  path: string;
  format?: FormatId;
  status: RewriteStatus;
  /** Why the file was skipped or failed; names the place (line:column or pointer) for input errors. */
  reason?: string;
  /** Keys of the file's items. */
  items: string[];
  /** The rewritten text, present only when `status` is `changed`. */
  text?: string;
  /** File-level warnings that belong to no item. */
  warnings: Warning[];
}

export interface PlanSummary {
  files: Record<RewriteStatus, number> & { total: number };
  items: { total: number; changed: number; unchanged: number; onOldNetwork: number; invalid: number };
  warnings: Record<'info' | 'warning' | 'error', number>;
  risks: Record<RiskTag, number>;
}

/** Everything a migration would do, computed without side effects. Reports render it; `rewrite` writes it. */
export interface MigrationPlan {
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  options: MigrationOptions;
  items: PlanItem[];
  files: PlanFile[];
  summary: PlanSummary;
}
