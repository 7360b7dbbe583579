/** The CSV inventory (RFC 4180): one row per item, for spreadsheets. */
import { isInvalidInput } from '../plan/risks.js';
import type { MigrationPlan } from '../plan/types.js';

export const CSV_COLUMNS = [
  'source',
  'pointer',
  'id',
  'kind',
  'status',
  'on_old_network',
  'networks',
  'risks',
  'warnings',
  'invalid',
] as const;

/** Quotes a cell; cells a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) are prefixed with `'`. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Renders the inventory; only items on the old network (and invalid ones) unless `all`. Lines end with CRLF. */
export function renderCsv(plan: MigrationPlan, options: { all?: boolean } = {}): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const item of plan.items) {
    if (!options.all && !item.onOldNetwork && !isInvalidInput(item)) continue;
    rows.push([
      item.source.origin === 'file' ? item.source.path : 'marathon',
      item.source.pointer,
      item.id,
      item.kind,
      item.status,
      item.onOldNetwork ? 'yes' : 'no',
      item.networks.join(' '),
      item.risks.join(' '),
      item.warnings.map((warning) => warning.code).join(' '),
      String(item.invalid.filter((problem) => problem.severity === 'error').length),
    ]);
  }
  for (const file of plan.files) {
    if (file.status !== 'error') continue;
    rows.push([file.path, '', '', 'file', 'error', '', '', '', file.reason ?? '', '']);
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
