/**
 * Renders a simulation report as text, Markdown, JSON or Graphviz dot (the matrix as a graph).
 */
import type { EndpointProblem, MarathonEndpoint, NonCalicoItem } from '../../calico/endpoints.js';
import type { Suggestion } from '../../calico/suggest/index.js';
import type { DirectionVerdict, MatrixCell, MigrationDiff, PolicyRef, Protocol, TraceStep } from '../../calico/types.js';
import type { QueryAnswer } from './answer.js';
import type { ExpectationResult } from './expect.js';
import { formatTarget } from './query.js';

/** Above this many apps the full table is left out (it would hold N² cells); `blocked` always lists the rest. */
export const FULL_MATRIX_LIMIT = 200;

/** The matrix as plain data. */
export interface MatrixData {
  protocol: Protocol;
  port?: number;
  /** The apps of the rows (sources). */
  groups: string[];
  /** The apps of the columns (destinations); equal to `groups` unless the matrix was narrowed. */
  columns: string[];
  /** Instances per row app. */
  sizes: number[];
  /** Row-major: `cells[i][j]` is from `groups[i]` to `columns[j]`; only up to `FULL_MATRIX_LIMIT` apps. */
  cells?: MatrixCell[][];
  /** Every ordered app pair that is not fully allowed (pairs with no instance pair are left out). */
  blocked: { from: string; to: string; cell: MatrixCell }[];
}

/** Everything `simulate` found, for every output format. */
export interface SimulationReport {
  resources: {
    files: string[];
    policies: number;
    profiles: string[];
    /** True when DC/OS's default `calico` profile was assumed (no Profile `calico` among the resources). */
    assumedDefaultProfile: boolean;
    pools: { name: string; cidr: string }[];
    assumedDefaultPool: boolean;
    warnings: string[];
  };
  workloads: {
    sources: string[];
    /** The migration applied in memory (`dcos -> calico`), if any. */
    migrated?: string;
    endpoints: MarathonEndpoint[];
    nonCalico: NonCalicoItem[];
    problems: EndpointProblem[];
  };
  queries: QueryAnswer[];
  explain: boolean;
  /** List every endpoint with its address and labels (text and Markdown; JSON always has them). */
  listEndpoints: boolean;
  matrix?: MatrixData;
  diff?: MigrationDiff;
  expectations?: { file: string; results: ExpectationResult[] };
  /** Isolating policies suggested by `--suggest`, with their proof. */
  suggestion?: Suggestion;
}

/** A compact, stable JSON document of the report (endpoint addresses included). */
export function renderJson(report: SimulationReport): string {
  const body = {
    resources: report.resources,
    workloads: {
      ...report.workloads,
      endpoints: report.workloads.endpoints.map((endpoint) => ({
        name: endpoint.name,
        app: endpoint.app,
        instance: endpoint.instance,
        network: endpoint.network,
        containerizer: endpoint.containerizer,
        ip: endpoint.ip,
        agent: endpoint.agent,
        namespace: endpoint.namespace,
        profiles: endpoint.profiles,
        labels: endpoint.labels,
      })),
    },
    queries: report.queries,
    ...(report.matrix ? { matrix: report.matrix } : {}),
    ...(report.diff ? { diff: report.diff } : {}),
    ...(report.expectations ? { expectations: report.expectations } : {}),
    ...(report.suggestion ? { suggestion: report.suggestion } : {}),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** Plain text for a terminal. */
export function renderText(report: SimulationReport): string {
  const lines: string[] = [];
  lines.push(summaryLine(report));
  for (const line of resourceNotes(report)) lines.push(`  ${line}`);
  if (report.workloads.nonCalico.length > 0) {
    lines.push('', 'Not Calico endpoints (Calico policies neither apply to nor select them):');
    for (const item of report.workloads.nonCalico) lines.push(`  ${item.app}: ${reasonText(item)}`);
  }
  if (report.listEndpoints) {
    lines.push('', 'Endpoints (name, address, agent, labels Calico sees):');
    for (const endpoint of report.workloads.endpoints) {
      lines.push(`  ${endpoint.name}  ${endpoint.ip ?? '(no address)'}  ${endpoint.agent ?? ''}  ${labelsText(endpoint.labels)}`.replace(/ {3,}/g, '  '));
    }
  }
  if (report.queries.length > 0) {
    lines.push('', 'Queries:');
    for (const answer of report.queries) {
      lines.push(`  ${answer.verdict.toUpperCase().padEnd(7)} ${queryText(answer)}${pairsText(answer)}`);
      for (const line of answerDetails(answer, report.explain)) lines.push(`          ${line}`);
    }
  }
  if (report.matrix) {
    lines.push('', `Matrix, ${portText(report.matrix.protocol, report.matrix.port)} (rows: from, columns: to; allowed/total instance pairs):`);
    // One push per line: a matrix of thousands of apps has more lines than a call may take arguments.
    for (const line of textMatrix(report.matrix)) lines.push(`  ${line}`);
  }
  if (report.diff) {
    lines.push('', `Migration from the dcos overlay (every task reaches every other), ${portText(report.diff.protocol, report.diff.port)}:`);
    if (report.diff.lost.length === 0 && report.diff.gained.length === 0) lines.push('  no connection changes');
    for (const change of report.diff.lost) lines.push(`  LOST    ${change.from} -> ${change.to} (${cellText(change.before)} before, ${cellText(change.after)} after)`);
    for (const change of report.diff.gained) lines.push(`  GAINED  ${change.from} -> ${change.to} (${cellText(change.before)} before, ${cellText(change.after)} after)`);
  }
  if (report.expectations) {
    const failed = report.expectations.results.filter((result) => !result.passed);
    lines.push('', `Expectations (${report.expectations.file}): ${report.expectations.results.length - failed.length} passed, ${failed.length} failed`);
    for (const result of report.expectations.results) {
      lines.push(`  ${result.passed ? 'ok  ' : 'FAIL'}  ${result.description}  [${report.expectations.file}#${result.pointer}]`);
      for (const failure of result.failures) lines.push(`        ${failure}`);
    }
  }
  if (report.suggestion) for (const line of suggestionLines(report.suggestion)) lines.push(line);
  const notes = report.workloads.problems.filter((problem) => problem.severity !== 'info');
  if (notes.length > 0) {
    lines.push('', 'Notes:');
    for (const problem of notes) lines.push(`  ${problem.severity}: ${problem.app ? `${problem.app}#${problem.pointer}: ` : ''}${problem.message}`);
  }
  return `${lines.join('\n')}\n`;
}

/** GitHub-flavoured Markdown, for pull requests and change tickets. */
export function renderMarkdown(report: SimulationReport): string {
  const lines: string[] = ['# Calico simulation', '', summaryLine(report), ''];
  for (const line of resourceNotes(report)) lines.push(`- ${line}`);
  if (report.workloads.nonCalico.length > 0) {
    lines.push('', '## Not Calico endpoints', '', '| app | why |', '| --- | --- |');
    for (const item of report.workloads.nonCalico) lines.push(`| \`${item.app}\` | ${reasonText(item)} |`);
  }
  if (report.listEndpoints) {
    lines.push('', '## Endpoints', '', '| endpoint | address | agent | labels Calico sees |', '| --- | --- | --- | --- |');
    for (const endpoint of report.workloads.endpoints) {
      lines.push(`| \`${endpoint.name}\` | ${endpoint.ip ?? '–'} | ${endpoint.agent ?? '–'} | ${escapeCell(labelsText(endpoint.labels))} |`);
    }
  }
  if (report.queries.length > 0) {
    lines.push('', '## Queries', '', '| verdict | connection | instance pairs allowed | decided by |', '| --- | --- | --- | --- |');
    for (const answer of report.queries) {
      lines.push(`| **${answer.verdict}** | \`${queryText(answer)}\` | ${answer.allowed}/${answer.total} | ${escapeCell(answerDetails(answer, true).join('<br>'))} |`);
    }
  }
  if (report.matrix) {
    const matrix = report.matrix;
    lines.push('', `## Matrix, ${portText(matrix.protocol, matrix.port)}`, '');
    if (matrix.cells && matrix.columns.length <= 30) {
      const cells = matrix.cells;
      lines.push(`Rows: from, columns: to; allowed/total instance pairs.`, '');
      lines.push(`| from \\ to | ${matrix.columns.map((group) => `\`${group}\``).join(' | ')} |`, `| --- |${matrix.columns.map(() => ' --- |').join('')}`);
      matrix.groups.forEach((group, i) => {
        lines.push(`| \`${group}\` | ${cells[i]!.map((cell) => markdownCell(cell)).join(' | ')} |`);
      });
    } else if (matrix.blocked.length === 0) {
      lines.push(`${matrix.groups.length} apps: every pair is allowed.`);
    } else {
      lines.push(`${matrix.groups.length} apps; the pairs not fully allowed:`, '', '| from | to | verdict | instance pairs allowed |', '| --- | --- | --- | --- |');
      for (const { from, to, cell } of matrix.blocked) lines.push(`| \`${from}\` | \`${to}\` | ${markdownCell(cell)} | ${cellText(cell)} |`);
    }
  }
  if (report.diff) {
    lines.push('', `## Migration from the dcos overlay, ${portText(report.diff.protocol, report.diff.port)}`, '');
    if (report.diff.lost.length === 0 && report.diff.gained.length === 0) lines.push('No connection changes.');
    else {
      lines.push('| change | from | to | before | after |', '| --- | --- | --- | --- | --- |');
      for (const change of report.diff.lost) lines.push(`| lost | \`${change.from}\` | \`${change.to}\` | ${cellText(change.before)} | ${cellText(change.after)} |`);
      for (const change of report.diff.gained) lines.push(`| gained | \`${change.from}\` | \`${change.to}\` | ${cellText(change.before)} | ${cellText(change.after)} |`);
    }
  }
  if (report.expectations) {
    const failed = report.expectations.results.filter((result) => !result.passed).length;
    lines.push('', `## Expectations (\`${report.expectations.file}\`): ${report.expectations.results.length - failed} passed, ${failed} failed`, '');
    for (const result of report.expectations.results) {
      lines.push(`- ${result.passed ? '✅' : '❌'} ${escapeCell(result.description)}`);
      for (const failure of result.failures) lines.push(`  - ${escapeCell(failure)}`);
    }
  }
  if (report.suggestion) {
    const suggestion = report.suggestion;
    lines.push('', `## Suggested policies (${suggestion.proof.proven ? 'proven with the simulator' : 'NOT proven: not ready to apply'})`, '');
    for (const group of suggestion.groups) lines.push(`- group \`${group.group}\`: ${group.apps.length} apps, selector \`${group.selector}\``);
    for (const label of suggestion.labelsToAdd) lines.push(`- add network label \`${label.key}=${label.value}\` to \`${label.app}\``);
    if (suggestion.uncovered.length > 0) lines.push(`- not covered (ingress unchanged): ${suggestion.uncovered.map((app) => `\`${app}\``).join(', ')}`);
    for (const probe of suggestion.proof.probes) {
      lines.push(`- proof, ${portText(probe.protocol, probe.port)}: ${probe.crossGroupAllowed.length} cross-group pairs allowed, ${probe.intraGroupLost.length} pairs inside a group lost`);
    }
    if (suggestion.proof.proven) lines.push('', '```yaml', suggestion.yaml.trimEnd(), '```');
  }
  const notes = report.workloads.problems.filter((problem) => problem.severity !== 'info');
  if (notes.length > 0) {
    lines.push('', '## Notes', '');
    for (const problem of notes) lines.push(`- **${problem.severity}** ${problem.app ? `\`${problem.app}#${problem.pointer}\`: ` : ''}${escapeCell(problem.message)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Graphviz dot of the matrix: one node per app, an edge per app pair (green allowed, red dashed denied, orange
 * partial). Above 50 apps only the pairs not fully allowed are drawn: a complete graph that size says nothing.
 */
export function renderDot(matrix: MatrixData): string {
  const complete = matrix.cells !== undefined && matrix.groups.length <= 50 && matrix.columns.length <= 50;
  const lines = [
    'digraph calico {',
    `  label=${quote(`Calico connectivity, ${portText(matrix.protocol, matrix.port)}${complete ? '' : ' (pairs not fully allowed only)'}`)};`,
    '  node [shape=box, fontname="Helvetica"];',
  ];
  for (const group of new Set([...matrix.groups, ...matrix.columns])) lines.push(`  ${quote(group)};`);
  const edge = (from: string, to: string, cell: MatrixCell): void => {
    if (cell.total === 0) return;
    const style = cell.verdict === 'allow' ? 'color="forestgreen"' : cell.verdict === 'deny' ? 'color="red", style="dashed"' : 'color="orange"';
    lines.push(`  ${quote(from)} -> ${quote(to)} [${style}, label=${quote(cell.verdict === 'partial' ? `${cell.allowed}/${cell.total}` : cell.verdict)}];`);
  };
  if (complete) matrix.groups.forEach((from, i) => matrix.columns.forEach((to, j) => edge(from, to, matrix.cells![i]![j]!)));
  else for (const { from, to, cell } of matrix.blocked) edge(from, to, cell);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function summaryLine(report: SimulationReport): string {
  const apps = new Set(report.workloads.endpoints.map((endpoint) => endpoint.app)).size;
  const migrated = report.workloads.migrated ? `, migrated in memory (${report.workloads.migrated})` : '';
  const policies = `${report.resources.policies} polic${report.resources.policies === 1 ? 'y' : 'ies'}`;
  return `Calico simulation: ${report.workloads.endpoints.length} endpoints of ${apps} apps${migrated}; ${policies}, profiles ${report.resources.profiles.join(', ') || '(none)'}.`;
}

function resourceNotes(report: SimulationReport): string[] {
  const notes: string[] = [];
  if (report.resources.assumedDefaultProfile) notes.push("profile calico: DC/OS's default assumed (allow all, labelsToApply calico: \"\"), as no resource defines it");
  if (report.resources.assumedDefaultPool) notes.push("IP pool: DC/OS's default assumed (172.29.0.0/16, VXLAN), as no resource defines one");
  for (const warning of report.resources.warnings) notes.push(`resources: ${warning}`);
  return notes;
}

function reasonText(item: NonCalicoItem): string {
  if (item.reason.startsWith('container:')) return `runs on the ${item.reason.slice('container:'.length)} network`;
  if (item.reason === 'host' || item.reason === 'bridge') return `runs on the ${item.reason} network`;
  if (item.reason === 'no-instances') return 'scaled to 0 instances';
  if (item.reason === 'rejected') return 'Calico or Marathon rejects it (see notes)';
  return 'invalid definition (see notes)';
}

function queryText(answer: QueryAnswer): string {
  return `${answer.from.text} -> ${formatTarget(answer.to.text, answer.protocol, answer.port)}`;
}

function pairsText(answer: QueryAnswer): string {
  return answer.total > 1 ? `  (${answer.allowed}/${answer.total} instance pairs)` : '';
}

/** The lines explaining an answer: both directions with --explain, else the direction that denied. */
function answerDetails(answer: QueryAnswer, explain: boolean): string[] {
  const lines: string[] = [];
  const pairs = [answer.example, ...(answer.counterexample ? [answer.counterexample] : [])];
  for (const pair of pairs) {
    const prefix = pairs.length > 1 || answer.total > 1 ? `${pair.from} -> ${pair.to} ${pair.result.verdict}: ` : '';
    const directions: DirectionVerdict[] = explain
      ? [pair.result.egress, pair.result.ingress]
      : [pair.result.egress, pair.result.ingress].filter((direction) => direction.verdict === 'deny');
    for (const direction of directions) {
      lines.push(prefix + direction.explanation);
      if (explain && direction.trace.length > 0) lines.push(`  on the way: ${direction.trace.map(traceText).join(', then ')}`);
    }
  }
  return lines;
}

function textMatrix(matrix: MatrixData): string[] {
  const cells = matrix.cells;
  if (!cells || matrix.columns.length > 12) {
    const scope = matrix.columns === matrix.groups || matrix.columns.length === matrix.groups.length ? `${matrix.groups.length} apps` : `${matrix.groups.length} x ${matrix.columns.length} apps`;
    const lines = [`${scope}; pairs not fully allowed:`];
    for (const { from, to, cell } of matrix.blocked) lines.push(`  ${cell.verdict.toUpperCase().padEnd(7)} ${from} -> ${to} (${cellText(cell)})`);
    if (lines.length === 1) lines.push('  (none: every pair is allowed)');
    return lines;
  }
  const header = ['from \\ to', ...matrix.columns];
  const rows = matrix.groups.map((group, i) => [group, ...cells[i]!.map((cell) => (cell.total === 0 ? '-' : `${cell.verdict} ${cellText(cell)}`))]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  return [header, ...rows].map((row) => row.map((text, column) => text.padEnd(widths[column]!)).join('  ').trimEnd());
}

function markdownCell(cell: MatrixCell): string {
  if (cell.total === 0) return '–';
  return `${cell.verdict === 'allow' ? '✅' : cell.verdict === 'deny' ? '❌' : '⚠️'} ${cellText(cell)}`;
}

function cellText(cell: MatrixCell): string {
  return `${cell.allowed}/${cell.total}`;
}

function portText(protocol: Protocol, port: number | undefined): string {
  return `${String(protocol)}${port !== undefined ? ` port ${port}` : ''}`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function quote(text: string): string {
  return JSON.stringify(text);
}

function policyText(policy: PolicyRef): string {
  return `${policy.kind} ${policy.namespace ? `${policy.namespace}/` : ''}${policy.name} (tier ${policy.tier})`;
}

/** A step that did not decide, in words. */
function traceText(step: TraceStep): string {
  switch (step.kind) {
    case 'pass-rule':
      return `rule ${step.ruleIndex} (Pass) of ${policyText(step.policy)} passed to the next tier`;
    case 'tier-default-pass':
      return `no policy of tier ${step.tier} decided and its defaultAction is Pass`;
    case 'log-rule':
      return `rule ${step.ruleIndex} (Log) of ${step.policy ? policyText(step.policy) : `profile ${step.profile ?? ''}`} logged the packet`;
    case 'profile-pass':
      return `rule ${step.ruleIndex} (Pass) of profile ${step.profile} passed to the next profile`;
  }
}

function labelsText(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}

/** The suggestion in words: groups, labels to add, the proof per probe, then the YAML when proven. */
function suggestionLines(suggestion: Suggestion): string[] {
  const lines = ['', `Suggested isolation (${suggestion.proof.proven ? 'proven with the simulator' : 'NOT proven: not ready to apply'}):`];
  for (const group of suggestion.groups) lines.push(`  group ${group.group}: ${group.apps.length} apps, selector ${group.selector}`);
  if (suggestion.labelsToAdd.length > 0) {
    lines.push('  network labels to add first (networks[].labels) so the selectors can tell the groups apart:');
    for (const label of suggestion.labelsToAdd) lines.push(`    ${label.app}: ${label.key}=${label.value}`);
  }
  if (suggestion.uncovered.length > 0) lines.push(`  not covered (no value to group by; ingress unchanged): ${suggestion.uncovered.join(', ')}`);
  for (const probe of suggestion.proof.probes) {
    const where = portText(probe.protocol, probe.port);
    const bad = probe.crossGroupAllowed.length + probe.intraGroupLost.length;
    lines.push(`  proof, ${where}: ${bad === 0 ? 'no connection across groups, none lost inside a group' : `${probe.crossGroupAllowed.length} cross-group pairs still allowed, ${probe.intraGroupLost.length} pairs inside a group lost`}`);
    for (const pair of probe.crossGroupAllowed.slice(0, 5)) lines.push(`    still allowed: ${pair.from} -> ${pair.to}`);
    for (const pair of probe.intraGroupLost.slice(0, 5)) lines.push(`    lost: ${pair.from} -> ${pair.to}`);
  }
  if (suggestion.proof.proven) {
    lines.push('  calicoctl YAML (dcos calico apply -f):', '');
    for (const line of suggestion.yaml.split('\n')) lines.push(line === '' ? '' : `    ${line}`);
  }
  return lines;
}
