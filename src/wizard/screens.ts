/**
 * What the wizard shows between questions: the inventory, the labels Calico will see, the per-item diff, and the
 * list of effects awaiting confirmation. Pure text renderers (colour only when asked for).
 */
import { createColors } from 'picocolors';

import { calicoVisibleLabels, evaluateCarryPolicy } from '../core/labels.js';
import type { CarryPolicy } from '../core/types.js';
import type { MigrationPlan, PlanItem } from '../plan/types.js';

type Colors = ReturnType<typeof createColors>;

function show(value: unknown, max = 100): string {
  const text = JSON.stringify(value);
  if (text === undefined) return 'undefined';
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

function where(item: PlanItem): string {
  return item.source.origin === 'file' ? `${item.source.path}${item.source.pointer ? `#${item.source.pointer}` : ''}` : 'marathon';
}

/** The group an item is listed under when choosing: its Marathon group (live) or its file. */
export function itemGroup(item: PlanItem): string {
  if (item.source.origin === 'file') return item.source.path;
  const slash = item.id.lastIndexOf('/');
  return slash <= 0 ? '/' : item.id.slice(0, slash);
}

/** The items the migration would change: the wizard's candidates. */
export function candidates(plan: MigrationPlan): PlanItem[] {
  return plan.items.filter((item) => item.status === 'changed');
}

/** The inventory: every item on the old network (and every changed one) with its networks and risk tags. */
export function inventoryScreen(plan: MigrationPlan, color: boolean): string {
  const c = createColors(color);
  const lines: string[] = [c.bold('Inventory')];
  const shown = plan.items.filter((item) => item.onOldNetwork || item.status === 'changed' || item.invalid.length > 0);
  const width = Math.min(48, Math.max(8, ...shown.map((item) => item.id.length)));
  for (const item of shown) {
    const mark = item.status === 'changed' ? c.yellow('~') : c.dim('=');
    const risks = item.risks.length > 0 ? item.risks.map((tag) => (tag === 'restart' ? c.dim(tag) : c.yellow(tag))).join(' ') : c.dim('no risks found');
    lines.push(`  ${mark} ${item.id.padEnd(width)} ${c.dim(item.kind.padEnd(5))} ${c.dim((item.networks.join(' ') || 'no network').padEnd(18))} ${risks}`);
  }
  const others = plan.items.length - shown.length;
  if (others > 0) lines.push(c.dim(`  (${others} other item${others === 1 ? '' : 's'} not on the old network: left alone)`));
  const broken = plan.files.filter((file) => file.status === 'error');
  for (const file of broken) lines.push(`  ${c.red('!')} ${file.path}: ${file.reason ?? 'error'}`);
  const s = plan.summary;
  lines.push(
    `  ${s.items.changed} of ${s.items.total} item${s.items.total === 1 ? '' : 's'} would change; ` +
      `${s.warnings.warning} warning${s.warnings.warning === 1 ? '' : 's'}, ${s.warnings.error} error${s.warnings.error === 1 ? '' : 's'}.`,
  );
  return `${lines.join('\n')}\n`;
}

/** The network labels of a migrated definition, per container network named `to`. */
export function migratedNetworkLabels(item: PlanItem, to: string): Array<{ pointer: string; labels: Record<string, string> }> {
  const after = item.after as { networks?: unknown } | undefined;
  const networks = Array.isArray(after?.networks) ? (after.networks as unknown[]) : [];
  const result: Array<{ pointer: string; labels: Record<string, string> }> = [];
  networks.forEach((network, index) => {
    if (typeof network !== 'object' || network === null) return;
    const { name, labels } = network as { name?: unknown; labels?: unknown };
    if (name !== to) return;
    const plain = typeof labels === 'object' && labels !== null ? (labels as Record<string, string>) : {};
    result.push({ pointer: `/networks/${index}/labels`, labels: plain });
  });
  return result;
}

function isDockerEngine(item: PlanItem): boolean {
  const after = item.after as { container?: { type?: unknown } } | undefined;
  return item.kind === 'app' && after?.container?.type === 'DOCKER';
}

/**
 * Per item: the labels Calico will see on the new network (after DC/OS's hashing and the CNI plugin's
 * sanitisation), the app labels the carry policy left behind and why, and labels Calico alters or rejects.
 */
export function labelsScreen(items: readonly PlanItem[], carry: CarryPolicy, to: string, color: boolean): string {
  const c = createColors(color);
  const lines: string[] = [c.bold(`Labels Calico will see on ${to}`)];
  for (const item of items) {
    lines.push(`  ${c.bold(item.id)}`);
    if (isDockerEngine(item)) {
      lines.push(`    ${c.yellow('Docker engine: Marathon passes no network labels to Docker, so Calico policies cannot select this app by label.')}`);
    }
    const networks = migratedNetworkLabels(item, to);
    if (networks.length === 0) lines.push(c.dim(`    no ${to} network`));
    for (const network of networks) {
      const visible = calicoVisibleLabels(network.labels);
      const pairs = Object.entries(visible.labels).map(([key, value]) => `${key}=${value}`);
      lines.push(`    ${pairs.length > 0 ? c.green(pairs.join(' ')) : c.dim('(no labels: only profile labels; policies select it by nothing else)')}`);
      for (const note of visible.notes) {
        const tint = note.effect === 'rejected' ? c.red : c.yellow;
        lines.push(`    ${tint(`${note.effect}: ${note.message}`)}`);
      }
    }
    const before = item.before as { labels?: unknown } | undefined;
    const appLabels = typeof before?.labels === 'object' && before.labels !== null ? (before.labels as Record<string, unknown>) : {};
    const left = evaluateCarryPolicy(appLabels, carry).decisions.filter((decision) => !decision.carried);
    if (left.length > 0) {
      lines.push(`    ${c.dim(`not carried: ${left.map((d) => `${d.key} (${d.reason})`).join(', ')}`)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Per item: each edit (defaults-normalised), the rules that made it, and the warnings with their location. */
export function diffScreen(items: readonly PlanItem[], color: boolean): string {
  const c: Colors = createColors(color);
  const lines: string[] = [c.bold('What changes')];
  for (const item of items) {
    lines.push(`  ${c.yellow('~')} ${c.bold(item.id)} ${c.dim(`(${item.kind}, ${where(item)})`)}`);
    for (const edit of item.edits) {
      if (edit.op === 'add') lines.push(`      ${c.green(`+ ${edit.pointer}: ${show(edit.after)}`)}`);
      else if (edit.op === 'remove') lines.push(`      ${c.red(`- ${edit.pointer}: ${show(edit.before)}`)}`);
      else if (edit.op === 'move') lines.push(`      ${c.cyan(`> ${edit.pointer} -> ${show(edit.after)}`)}`);
      else lines.push(`      ${c.yellow(`~ ${edit.pointer}: ${show(edit.before)} -> ${show(edit.after)}`)}`);
    }
    for (const warning of item.warnings) {
      const tint = warning.severity === 'error' ? c.red : warning.severity === 'warning' ? c.yellow : c.dim;
      lines.push(`      ${tint(`${warning.severity} ${warning.code} at ${item.source.pointer}${warning.pointer || '/'}: ${warning.message}`)}`);
    }
    if (item.risks.includes('restart')) lines.push(`      ${c.dim('applying restarts every task of this item (a Marathon deployment)')}`);
  }
  return `${lines.join('\n')}\n`;
}
