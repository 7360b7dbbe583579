import type { MigrationPlan } from '../plan/types.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * The closing summary line of every command: files by outcome, items, warnings. Example:
 * `3 files: 3 changed, 0 unchanged, 0 skipped, 0 errors; 3 items: 3 changed, 0 unchanged; 2 warnings`.
 */
export function summaryLine(plan: MigrationPlan): string {
  const { files, items, warnings } = plan.summary;
  const parts: string[] = [];
  if (files.total > 0) {
    parts.push(
      `${plural(files.total, 'file')}: ${files.changed} changed, ${files.unchanged} unchanged, ${files.skipped} skipped, ${plural(files.error, 'error')}`,
    );
  }
  parts.push(`${plural(items.total, 'item')}: ${items.changed} changed, ${items.unchanged} unchanged, ${items.onOldNetwork} on the old network`);
  const problems = warnings.warning + warnings.error;
  parts.push(warnings.error > 0 ? `${plural(problems, 'warning')} (${warnings.error} severe)` : plural(problems, 'warning'));
  if (items.invalid > 0) parts.push(`${plural(items.invalid, 'invalid input')}`);
  return parts.join('; ');
}
