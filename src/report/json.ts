/** The JSON report: a documented, versioned document (templates/schemas/report-v1.json) built from a plan. */
import type { Delta } from 'jsondiffpatch';

import { redactSecrets } from '../plan/redact.js';
import { isInvalidInput } from '../plan/risks.js';
import type { DeltaEntry, ItemSource, MigrationPlan, PlanFile, PlanItem, PlanSummary } from '../plan/types.js';
import type { Change, MigrationOptions, Warning } from '../core/types.js';

/** Where the schema of this report lives inside the package. */
export const REPORT_SCHEMA_PATH = 'templates/schemas/report-v1.json';
export const REPORT_SCHEMA_ID = 'https://github.com/dcos-calico-migrate/dcos-calico-migrate/templates/schemas/report-v1.json';

export interface JsonReportItem {
  key: string;
  id: string;
  kind: PlanItem['kind'];
  source: ItemSource;
  status: PlanItem['status'];
  onOldNetwork: boolean;
  networks: string[];
  risks: string[];
  changes: Change[];
  warnings: Warning[];
  invalid: Warning[];
  edits: DeltaEntry[];
  delta?: Delta;
}

export interface JsonReport {
  $schema: string;
  schemaVersion: number;
  tool: { name: 'dcos-calico-migrate'; version: string };
  command: 'diff' | 'scan';
  options: MigrationOptions;
  summary: PlanSummary;
  files: Omit<PlanFile, 'text'>[];
  items: JsonReportItem[];
}

export interface JsonReportOptions {
  command: 'diff' | 'scan';
  version: string;
  /** Scan lists only items on the old network unless this is set. */
  all?: boolean;
}

/** The report as a value (secret env values already replaced). */
export function toJsonReport(plan: MigrationPlan, options: JsonReportOptions): JsonReport {
  const items = options.command === 'scan' && !options.all ? plan.items.filter((item) => item.onOldNetwork || isInvalidInput(item)) : plan.items;
  return {
    $schema: REPORT_SCHEMA_ID,
    schemaVersion: plan.schemaVersion,
    tool: { name: 'dcos-calico-migrate', version: options.version },
    command: options.command,
    options: plan.options,
    summary: plan.summary,
    files: plan.files.map(({ text: _text, ...file }) => file),
    items: items.map((item) => {
      const entry: JsonReportItem = {
        key: item.key,
        id: item.id,
        kind: item.kind,
        source: item.source,
        status: item.status,
        onOldNetwork: item.onOldNetwork,
        networks: item.networks,
        risks: item.risks,
        changes: item.changes.map((change) => redactSecrets(change) as Change),
        warnings: item.warnings,
        invalid: item.invalid,
        edits: item.edits,
      };
      if (item.delta !== undefined) entry.delta = redactSecrets(item.delta) as Delta;
      return entry;
    }),
  };
}

/** Renders the JSON report (two-space indented, trailing newline). */
export function renderJson(plan: MigrationPlan, options: JsonReportOptions): string {
  return `${JSON.stringify(toJsonReport(plan, options), null, 2)}\n`;
}
