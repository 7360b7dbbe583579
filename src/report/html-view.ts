/**
 * The view model of the HTML report: plain data that the Mustache template prints, built from a MigrationPlan and
 * from simulator results. Pure; every value that could hold a secret (env values with secret-like names) is
 * replaced before it reaches the view.
 */
import { create } from 'jsondiffpatch';
import { format as formatDeltaHtml } from 'jsondiffpatch/formatters/html';

import type { CheckResult, ConnectionQuery, Matrix, MatrixCell, MigrationDiff, Protocol } from '../calico/types.js';
import type { Warning } from '../core/types.js';
import { formatLocation } from '../errors.js';
import { redactSecrets } from '../plan/redact.js';
import type { MigrationPlan, PlanItem } from '../plan/types.js';

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"'<>]+@/gi;

/** A copy of a definition with credentials in URLs (`https://user:pass@host`, e.g. in `fetch`) removed. */
export function stripUrlCredentials(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(URL_CREDENTIALS, '$1');
  if (Array.isArray(value)) return value.map(stripUrlCredentials);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    Object.defineProperty(out, key, { value: stripUrlCredentials(entry), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** One row of a side-by-side line diff. A missing side is a blank cell (the line exists only on the other). */
export interface SideBySideRow {
  left?: { number: number; text: string; changed: boolean };
  right?: { number: number; text: string; changed: boolean };
}

/**
 * A side-by-side line diff of two texts (longest common subsequence over lines). Runs of deleted and inserted
 * lines are paired row by row, the way code-review tools show a modified block.
 */
export function sideBySide(beforeText: string, afterText: string): SideBySideRow[] {
  const a = beforeText.split('\n');
  const b = afterText.split('\n');
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the LCS of a[i..] and b[j..]; definitions are small (hundreds of lines).
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const rows: SideBySideRow[] = [];
  let deleted: number[] = [];
  let inserted: number[] = [];
  const flush = (): void => {
    for (let k = 0; k < Math.max(deleted.length, inserted.length); k++) {
      const row: SideBySideRow = {};
      const left = deleted[k];
      const right = inserted[k];
      if (left !== undefined) row.left = { number: left + 1, text: a[left]!, changed: true };
      if (right !== undefined) row.right = { number: right + 1, text: b[right]!, changed: true };
      rows.push(row);
    }
    deleted = [];
    inserted = [];
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      flush();
      rows.push({ left: { number: i + 1, text: a[i]!, changed: false }, right: { number: j + 1, text: b[j]!, changed: false } });
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      inserted.push(j++);
    } else {
      deleted.push(i++);
    }
  }
  flush();
  return rows;
}

/** Where a warning points: the item's file (and line) plus the JSON pointer inside the file. */
export function warningLocation(item: PlanItem, warning: Pick<Warning, 'pointer' | 'line'>): string {
  const pointer = `${item.source.pointer}${warning.pointer}`;
  if (item.source.origin === 'file') {
    return formatLocation({
      file: item.source.path,
      ...(warning.line !== undefined ? { line: warning.line } : {}),
      ...(pointer ? { pointer } : {}),
    });
  }
  return formatLocation({ file: `marathon:${item.id}`, ...(pointer ? { pointer } : {}) });
}

let differ: ReturnType<typeof create> | undefined;

interface ItemView {
  anchor: string;
  id: string;
  kind: string;
  status: string;
  changed: boolean;
  location: string;
  networks: string;
  risks: { tag: string }[];
  changes: { kind: string; pointer: string; message: string }[];
  warnings: { severity: string; code: string; message: string; location: string }[];
  invalid: { message: string; location: string }[];
  rows: { leftNumber: string; leftText: string; leftClass: string; rightNumber: string; rightText: string; rightClass: string }[];
  /** jsondiffpatch's HTML (it escapes every value itself). */
  deltaHtml: string;
}

/**
 * Changed items shown with their full definitions (side by side and structural). Beyond it the page lists the
 * changes and warnings only: a 10,000-app cluster would otherwise make a page no browser opens comfortably.
 */
export const DETAILED_ITEMS_LIMIT = 300;

function itemView(item: PlanItem, index: number, detailed: boolean): ItemView {
  const showDefinitions = detailed && item.status === 'changed';
  const before = showDefinitions ? stripUrlCredentials(redactSecrets(item.before)) : undefined;
  const after = showDefinitions ? stripUrlCredentials(redactSecrets(item.after)) : undefined;
  differ ??= create({ arrays: { detectMove: false } });
  const delta = showDefinitions ? differ.diff(before, after) : undefined;
  const lines = showDefinitions ? sideBySide(JSON.stringify(before, null, 2) ?? '', JSON.stringify(after, null, 2) ?? '') : [];
  const rows = lines.map((row) => ({
    leftNumber: row.left ? String(row.left.number) : '',
    leftText: row.left?.text ?? '',
    leftClass: row.left ? (row.left.changed ? 'del' : '') : 'blank',
    rightNumber: row.right ? String(row.right.number) : '',
    rightText: row.right?.text ?? '',
    rightClass: row.right ? (row.right.changed ? 'ins' : '') : 'blank',
  }));
  return {
    anchor: `item-${index + 1}`,
    id: item.id,
    kind: item.kind,
    status: item.status,
    changed: showDefinitions,
    location: item.source.origin === 'file' ? formatLocation({ file: item.source.path, ...(item.source.pointer ? { pointer: item.source.pointer } : {}) }) : `marathon:${item.id}`,
    networks: item.networks.join(', ') || 'none',
    risks: item.risks.map((tag) => ({ tag })),
    changes: item.changes.map((change) => ({ kind: change.kind, pointer: change.pointer || '/', message: change.message })),
    warnings: item.warnings.map((warning) => ({
      severity: warning.severity,
      code: warning.code,
      message: warning.message,
      location: warningLocation(item, warning),
    })),
    invalid: item.invalid.map((problem) => ({ message: problem.message, location: warningLocation(item, problem) })),
    rows,
    deltaHtml: delta === undefined ? '' : (formatDeltaHtml(delta, before) ?? ''),
  };
}

/** A connectivity check shown with its explanation (a `--query`, an `--expect` assertion, or a lost connection). */
export interface ExplainedCheck {
  query: ConnectionQuery;
  result: CheckResult;
  /** Set for `--expect` assertions. */
  expected?: 'allow' | 'deny';
  /** Why the check is listed, e.g. `lost by the migration`. */
  reason?: string;
}

/** Simulator results for one protocol and port, as the report shows them. */
export interface SimulationSection {
  protocol: Protocol;
  port?: number;
  /** Connectivity under Calico (after the migration); without one only the explained checks are shown. */
  matrix?: Matrix;
  /** Lost and gained connections against the `dcos` overlay (where everything reaches everything). */
  diff?: MigrationDiff;
  checks: ExplainedCheck[];
  /** The Calico resource files the verdicts were computed with. */
  resources: string[];
  /** Outcomes of an expectations file (`simulate --expect`), when one was checked. */
  expectations?: { description: string; passed: boolean; failures: string[] }[];
}

function cellMark(cell: MatrixCell): string {
  if (cell.verdict === 'allow') return '✓';
  if (cell.verdict === 'deny') return '✗';
  return `${cell.allowed}/${cell.total}`;
}

function target(protocol: Protocol, port: number | undefined): string {
  return port === undefined ? String(protocol) : `${String(protocol)} port ${port}`;
}

function simulationView(section: SimulationSection, index: number): unknown {
  const lost = new Set((section.diff?.lost ?? []).map((e) => `${e.from}\u0000${e.to}`));
  const gained = new Set((section.diff?.gained ?? []).map((e) => `${e.from}\u0000${e.to}`));
  const before = new Map<string, MatrixCell>();
  for (const entry of [...(section.diff?.lost ?? []), ...(section.diff?.gained ?? [])]) before.set(`${entry.from}\u0000${entry.to}`, entry.before);
  const matrix = section.matrix;
  const groups = matrix?.groups ?? [];
  const table = (which: 'before' | 'after'): unknown => ({
    columns: groups.map((name) => ({ name })),
    rows: groups.map((from) => ({
      name: from,
      cells: groups.map((to) => {
        const key = `${from}\u0000${to}`;
        const after = matrix!.cell(from, to);
        const cell = which === 'after' ? after : (before.get(key) ?? after);
        const change = lost.has(key) ? 'lost' : gained.has(key) ? 'gained' : '';
        return {
          mark: cellMark(cell),
          verdict: cell.verdict,
          change: which === 'after' ? change : '',
          title: `${from} → ${to}: ${cell.allowed} of ${cell.total} instance pairs allowed${change ? ` (${change} by the migration)` : ''}`,
        };
      }),
    })),
  });
  const explain = (check: ExplainedCheck): unknown => {
    const { query, result } = check;
    const ok = check.expected === undefined ? undefined : check.expected === result.verdict;
    return {
      query: `${query.from} → ${query.to} ${target(query.protocol, query.port)}`,
      verdict: result.verdict,
      reason: check.reason ?? '',
      expectation: check.expected === undefined ? '' : `expected ${check.expected}: ${ok ? 'as expected' : 'MISMATCH'}`,
      mismatch: ok === false,
      egress: `${result.egress.verdict}: ${result.egress.explanation}`,
      ingress: `${result.ingress.verdict}: ${result.ingress.explanation}`,
    };
  };
  return {
    anchor: `simulation-${index + 1}`,
    target: target(section.protocol, section.port),
    resources: section.resources.map((path) => ({ path })),
    hasDiff: section.diff !== undefined && matrix !== undefined,
    hasMatrix: matrix !== undefined,
    before: table('before'),
    after: table('after'),
    lostCount: section.diff?.lost.length ?? 0,
    gainedCount: section.diff?.gained.length ?? 0,
    lost: (section.diff?.lost ?? []).map((e) => ({ from: e.from, to: e.to, before: cellMark(e.before), after: cellMark(e.after) })),
    gained: (section.diff?.gained ?? []).map((e) => ({ from: e.from, to: e.to, before: cellMark(e.before), after: cellMark(e.after) })),
    blockedCount: matrix ? matrix.blocked().length : 0,
    checks: section.checks.map(explain),
    hasChecks: section.checks.length > 0,
    expectations: (section.expectations ?? []).map((e) => ({ ...e, failures: e.failures.map((text) => ({ text })) })),
    hasExpectations: (section.expectations ?? []).length > 0,
  };
}

/** Everything one HTML report shows. Either part may be absent (`diff` has no simulation, `simulate` no plan). */
export interface HtmlReportInput {
  title?: string;
  /** ISO timestamp printed in the header; tests pass a fixed one. */
  generatedAt: string;
  /** The command line (or wizard session) that produced the report. */
  command?: string;
  plan?: MigrationPlan;
  simulations?: SimulationSection[];
}

/** Builds the template's view. Pure. */
export function htmlReportView(input: HtmlReportInput): Record<string, unknown> {
  const plan = input.plan;
  // Items worth reading: those that change or have findings; the summary counts the rest.
  const shown = plan ? plan.items.filter((item) => item.status === 'changed' || item.warnings.length > 0 || item.invalid.length > 0) : [];
  let detailedBudget = DETAILED_ITEMS_LIMIT;
  const items = shown.map((item, index) => itemView(item, index, item.status === 'changed' && detailedBudget-- > 0));
  const changedCount = shown.filter((item) => item.status === 'changed').length;
  const notShown = plan ? plan.items.length - shown.length : 0;
  const simulations = (input.simulations ?? []).map(simulationView);
  const warnings = items.flatMap((item) => item.warnings.map((w) => ({ ...w, id: item.id, anchor: item.anchor })));
  const fileProblems = (plan?.files ?? [])
    .filter((file) => file.status === 'error' || file.status === 'skipped' || file.warnings.length > 0)
    .map((file) => ({
      path: file.path,
      status: file.status,
      reason: file.reason ?? '',
      warnings: file.warnings.map((w) => ({ code: w.code, message: w.message, location: formatLocation({ file: file.path, ...(w.line !== undefined ? { line: w.line } : {}), ...(w.pointer ? { pointer: w.pointer } : {}) }) })),
    }));
  const lostTotal = (input.simulations ?? []).reduce((sum, s) => sum + (s.diff?.lost.length ?? 0), 0);
  const gainedTotal = (input.simulations ?? []).reduce((sum, s) => sum + (s.diff?.gained.length ?? 0), 0);
  const mismatches = (input.simulations ?? []).reduce(
    (sum, s) => sum + s.checks.filter((c) => c.expected !== undefined && c.expected !== c.result.verdict).length + (s.expectations ?? []).filter((e) => !e.passed).length,
    0,
  );
  return {
    title: input.title ?? 'dcos-calico-migrate report',
    generatedAt: input.generatedAt,
    command: input.command ?? '',
    hasPlan: plan !== undefined,
    summary: plan
      ? {
          items: plan.summary.items.total,
          changed: plan.summary.items.changed,
          unchanged: plan.summary.items.unchanged,
          onOldNetwork: plan.summary.items.onOldNetwork,
          invalid: plan.summary.items.invalid,
          files: plan.summary.files.total,
          fileErrors: plan.summary.files.error,
          warnings: plan.summary.warnings.warning,
          errors: plan.summary.warnings.error,
          infos: plan.summary.warnings.info,
          from: plan.options.from ?? 'dcos',
          to: plan.options.to ?? 'calico',
          risks: Object.entries(plan.summary.risks)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([tag, count]) => ({ tag, count })),
        }
      : undefined,
    hasSimulations: simulations.length > 0,
    simulationSummary: { lost: lostTotal, gained: gainedTotal, mismatches, sections: simulations.length },
    items,
    hasItems: items.length > 0,
    notShown,
    undetailed: Math.max(0, changedCount - DETAILED_ITEMS_LIMIT),
    detailedLimit: DETAILED_ITEMS_LIMIT,
    warnings,
    hasWarnings: warnings.length > 0,
    fileProblems,
    hasFileProblems: fileProblems.length > 0,
    simulations,
  };
}
