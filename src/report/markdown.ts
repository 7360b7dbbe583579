/** The Markdown report (for pull requests and change tickets), rendered from templates/report/diff.md.mustache. */
import { readFileSync } from 'node:fs';

import mustache from 'mustache';

import { resolveMigrationOptionsForReport } from './options-view.js';
import { templatePath } from '../paths.js';
import type { MigrationPlan, PlanItem } from '../plan/types.js';
import { summaryLine } from './summary.js';

/** Text safe inside a Markdown table cell or list item: pipes escaped, newlines flattened, backticks kept apart. */
export function markdownText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;');
}

function code(value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value) ?? '';
  const short = text.length > 100 ? `${text.slice(0, 97)}...` : text;
  // Inline code cannot hold a backtick; such values are shown as escaped text instead.
  return short.includes('`') ? markdownText(short) : `\`${short.replace(/\|/g, '\\|')}\``;
}

function itemView(item: PlanItem): Record<string, unknown> {
  const source =
    item.source.origin === 'file'
      ? `${item.source.path}${item.source.pointer ? `#${item.source.pointer}` : ''}`
      : `marathon${item.source.pointer ? `#${item.source.pointer}` : ''}`;
  const sign = { add: '+', remove: '−', replace: '~', move: '→' } as const;
  return {
    id: markdownText(item.id),
    kind: item.kind,
    source: markdownText(source),
    networks: item.networks.map(markdownText).join(', '),
    risks: item.risks.map((risk) => `\`${risk}\``).join(', '),
    hasEdits: item.edits.length > 0,
    edits: item.edits.map((edit) => ({
      sign: sign[edit.op],
      pointer: markdownText(edit.pointer),
      before: code(edit.before),
      after: code(edit.after),
    })),
    hasChanges: item.changes.length > 0,
    changes: item.changes.map((change) => ({ ...change, pointer: change.pointer || '/', message: markdownText(change.message) })),
    hasWarnings: item.warnings.length > 0,
    warnings: item.warnings.map((warning) => ({ ...warning, pointer: warning.pointer || '/', message: markdownText(warning.message) })),
    hasInvalid: item.invalid.length > 0,
    invalid: item.invalid.map((problem) => ({ pointer: problem.pointer || '/', message: markdownText(problem.message) })),
  };
}

let template: string | undefined;

/** Renders the Markdown report. Lists items that change or have findings; the tables count everything. */
export function renderMarkdown(plan: MigrationPlan): string {
  template ??= readFileSync(templatePath('report', 'diff.md.mustache'), 'utf8');
  const interesting = (item: PlanItem): boolean => item.status === 'changed' || item.warnings.length > 0 || item.invalid.length > 0;
  const byKey = new Map(plan.items.map((item) => [item.key, item]));
  const sections: Record<string, unknown>[] = plan.files.map((file) => ({
    title: `\`${markdownText(file.path)}\``,
    status: file.status,
    reason: file.reason ? markdownText(file.reason) : undefined,
    items: file.items.map((key) => byKey.get(key)).filter((item): item is PlanItem => item !== undefined && interesting(item)).map(itemView),
  }));
  const live = plan.items.filter((item) => item.source.origin === 'marathon' && interesting(item));
  if (live.length > 0) sections.push({ title: 'Marathon', status: undefined, items: live.map(itemView) });
  const risks = Object.entries(plan.summary.risks)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tag, count], index, all) => ({ tag, count, last: index === all.length - 1 }));
  const { from, to } = resolveMigrationOptionsForReport(plan.options);
  // Values are escaped by markdownText above; Mustache's HTML escaping would garble Markdown.
  return mustache.render(template, {
    from,
    to,
    summary: summaryLine(plan),
    files: plan.summary.files,
    items: plan.summary.items,
    hasRisks: risks.length > 0,
    risks,
    sections,
  });
}
