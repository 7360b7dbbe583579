/** Plain-text renderers (terminal): the diff and the scan inventory. Colour only when asked for. */
import { createColors } from 'picocolors';

import { isInvalidInput } from '../plan/risks.js';
import type { MigrationPlan, PlanItem } from '../plan/types.js';
import { summaryLine } from './summary.js';

export interface TextOptions {
  /** Colour with ANSI escapes (the CLI enables it on a TTY without NO_COLOR). */
  color?: boolean;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function location(item: PlanItem): string {
  return item.source.origin === 'file'
    ? `${item.source.path}${item.source.pointer ? `#${item.source.pointer}` : ''}`
    : `marathon${item.source.endpoint ? ` ${item.source.endpoint}` : ''}`;
}

/**
 * The dry-run diff: per file its outcome; per item that changes or has findings, its edits (defaults-normalised),
 * the changes the rules made, warnings and risk tags; then the summary line.
 */
export function renderTextDiff(plan: MigrationPlan, options: TextOptions = {}): string {
  const c = createColors(options.color ?? false);
  const lines: string[] = [];
  const byKey = new Map(plan.items.map((item) => [item.key, item]));
  const renderItem = (item: PlanItem, underFile: boolean): void => {
    const mark = item.status === 'changed' ? c.yellow('~') : c.dim('=');
    const where = underFile ? (item.source.pointer ? `#${item.source.pointer}` : '') : location(item);
    const kind = `(${item.kind}${item.networks.length ? `, ${item.networks.join(' ')}` : ''})`;
    lines.push(`  ${mark} ${c.bold(item.id)} ${c.dim(kind)}${where ? ` ${c.dim(where)}` : ''}`);
    for (const edit of item.edits) {
      if (edit.op === 'add') lines.push(`      ${c.green(`+ ${edit.pointer}: ${show(edit.after)}`)}`);
      else if (edit.op === 'remove') lines.push(`      ${c.red(`- ${edit.pointer}: ${show(edit.before)}`)}`);
      else if (edit.op === 'move') lines.push(`      ${c.cyan(`> ${edit.pointer} -> ${show(edit.after)}`)}`);
      else lines.push(`      ${c.yellow(`~ ${edit.pointer}: ${show(edit.before)} -> ${show(edit.after)}`)}`);
    }
    for (const change of item.changes) lines.push(`      ${c.dim(`* ${change.kind} ${change.pointer}: ${change.message}`)}`);
    for (const warning of item.warnings) {
      const colour = warning.severity === 'error' ? c.red : warning.severity === 'warning' ? c.yellow : c.dim;
      lines.push(`      ${colour(`! ${warning.severity} ${warning.code} ${warning.pointer || '/'}: ${warning.message}`)}`);
    }
    for (const problem of item.invalid) {
      const colour = problem.severity === 'error' ? c.red : c.yellow;
      lines.push(`      ${colour(`x ${problem.severity === 'error' ? 'invalid' : 'note'} ${problem.pointer || '/'}: ${problem.message}`)}`);
    }
    if (item.risks.length > 0) lines.push(`      ${c.magenta(`risks: ${item.risks.join(', ')}`)}`);
  };
  const interesting = (item: PlanItem): boolean =>
    item.status === 'changed' || item.warnings.length > 0 || item.invalid.length > 0;
  for (const file of plan.files) {
    const status =
      file.status === 'changed' ? c.yellow(file.status) : file.status === 'error' ? c.red(file.status) : c.dim(file.status);
    lines.push(`${c.bold(file.path)}  ${status}${file.reason ? ` ${c.dim(`(${file.reason})`)}` : ''}`);
    for (const warning of file.warnings) lines.push(`  ${c.yellow(`! ${warning.severity} ${warning.code} ${warning.pointer}: ${warning.message}`)}`);
    for (const key of file.items) {
      const item = byKey.get(key);
      if (item && interesting(item)) renderItem(item, true);
    }
  }
  const live = plan.items.filter((item) => item.source.origin === 'marathon' && interesting(item));
  if (live.length > 0) {
    lines.push(c.bold('marathon'));
    for (const item of live) renderItem(item, false);
  }
  lines.push('', summaryLine(plan));
  return `${lines.join('\n')}\n`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/**
 * The scan inventory: one row per item on the old network (every item with `all`), with its networks and risk
 * tags, then files that could not be read, then the summary line.
 */
export function renderTextScan(plan: MigrationPlan, options: TextOptions & { all?: boolean } = {}): string {
  const c = createColors(options.color ?? false);
  const rows = plan.items.filter((item) => options.all || item.onOldNetwork || isInvalidInput(item));
  const header = ['ID', 'KIND', 'NETWORKS', 'RISKS', 'SOURCE'];
  const table = rows.map((item) => [item.id, item.kind, item.networks.join(' ') || '-', item.risks.join(',') || '-', location(item)]);
  const widths = header.map((title, column) => Math.min(48, Math.max(title.length, ...table.map((row) => row[column]!.length))));
  const lines: string[] = [];
  if (table.length > 0) {
    lines.push(c.bold(header.map((title, column) => pad(title, widths[column]!)).join('  ').trimEnd()));
    for (const row of table) lines.push(row.map((cell, column) => pad(cell, widths[column]!)).join('  ').trimEnd());
  } else {
    lines.push(c.dim(`nothing on the old network${plan.items.length > 0 ? '' : ' (no items found)'}`));
  }
  const failed = plan.files.filter((file) => file.status === 'error');
  if (failed.length > 0) {
    lines.push('', c.red('errors:'));
    for (const file of failed) lines.push(`  ${file.reason ?? file.path}`);
  }
  lines.push('', summaryLine(plan));
  return `${lines.join('\n')}\n`;
}
