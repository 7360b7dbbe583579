/**
 * The end-of-batch summary: every item with its outcome, then the counts. Plain text for stdout, or JSON.
 */
import type { BatchSummary } from './engine.js';
import { outcomeOrder } from './progress.js';

/** A fixed-width table of every item's outcome followed by one line of counts. */
export function formatSummary(summary: BatchSummary, options: { journal?: string; dryRun?: boolean } = {}): string {
  const rows = summary.results.map((result) => [result.outcome, result.kind, result.id, result.message ?? (result.deploymentId ? `deployment ${result.deploymentId}` : '')]);
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length), column === 0 ? 'OUTCOME'.length : 'KIND'.length));
  const idWidth = Math.min(60, Math.max('ID'.length, ...rows.map((row) => row[2]!.length)));
  const pad = (text: string, width: number): string => text.padEnd(width);
  const lines = [`${pad('OUTCOME', widths[0]!)}  ${pad('KIND', widths[1]!)}  ${pad('ID', idWidth)}  DETAIL`];
  for (const row of rows) lines.push(`${pad(row[0]!, widths[0]!)}  ${pad(row[1]!, widths[1]!)}  ${pad(row[2]!, idWidth)}  ${row[3]}`.trimEnd());
  const counts = outcomeOrder.filter((outcome) => summary.counts[outcome]).map((outcome) => `${summary.counts[outcome]} ${outcome}`);
  lines.push('');
  lines.push(`${summary.results.length} item(s): ${counts.join(', ') || 'nothing to do'} in ${(summary.wallMs / 1000).toFixed(1)} s${options.dryRun ? ' (dry run: nothing changed)' : ''}`);
  if (options.journal) lines.push(`journal: ${options.journal}`);
  return `${lines.join('\n')}\n`;
}
