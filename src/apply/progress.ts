/**
 * Shows a batch as it runs: a progress bar on a terminal (cli-progress), plain timestamped log lines otherwise
 * (CI logs, `| tee`, cron mails). Writes to the stream it is given (stderr: logs never mix with results).
 */
import type { Writable } from 'node:stream';

import cliProgress from 'cli-progress';

import type { BatchEvent } from './engine.js';
import { failureOutcomes, type Outcome } from './journal.js';

export interface ProgressReporter {
  onEvent(event: BatchEvent): void;
  /** A line of its own (e.g. a retry notice). */
  log(message: string): void;
  /** Stops the bar; call before printing the summary. */
  stop(): void;
}

/**
 * A reporter for `total` items. `tty` picks the bar; `verbose` adds per-item progress lines; `quiet` keeps only
 * failed items (the summary on stdout says the rest).
 */
export function createProgressReporter(
  stream: Writable,
  options: { total: number; tty: boolean; verbose?: boolean; quiet?: boolean; label?: string },
): ProgressReporter {
  const label = options.label ?? 'migrating';
  let done = 0;
  let failed = 0;
  const line = (message: string): string => `${new Date().toISOString().slice(11, 19)} ${message}\n`;

  if (options.tty && options.total > 0) {
    const multibar = new cliProgress.MultiBar(
      {
        stream: stream as NodeJS.WriteStream,
        format: `${label} [{bar}] {value}/{total} | failed {failed} | {current}`,
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        forceRedraw: true,
      },
      cliProgress.Presets.shades_classic,
    );
    const bar = multibar.create(options.total, 0, { failed: 0, current: '' });
    const log = (message: string): void => multibar.log(line(message));
    return {
      onEvent(event) {
        switch (event.type) {
          case 'item-start':
            bar.update(done, { failed, current: event.id });
            break;
          case 'item-progress':
            if (options.verbose) log(`${event.id}: ${event.message}`);
            bar.update(done, { failed, current: `${event.id}: ${event.message}` });
            break;
          case 'item-done':
            done++;
            if (failureOutcomes.includes(event.result.outcome)) {
              failed++;
              log(`${event.result.id}: ${event.result.outcome}${event.result.message ? ` - ${event.result.message}` : ''}`);
            }
            bar.update(done, { failed, current: `${event.result.id}: ${event.result.outcome}` });
            break;
          default:
            log(describe(event));
        }
      },
      log,
      stop() {
        multibar.stop();
      },
    };
  }

  return {
    onEvent(event) {
      if (event.type === 'item-progress' && !options.verbose) return;
      if (event.type === 'item-done') done++;
      if (options.quiet && !(event.type === 'item-done' && failureOutcomes.includes(event.result.outcome))) return;
      stream.write(line(describe(event, `${done}/${options.total}`)));
    },
    log(message) {
      if (!options.quiet) stream.write(line(message));
    },
    stop() {},
  };
}

function describe(event: BatchEvent, position = ''): string {
  switch (event.type) {
    case 'window-wait':
      return `waiting for the maintenance window to open at ${event.start.toISOString()}`;
    case 'item-start':
      return `${event.id}: starting`;
    case 'item-progress':
      return `${event.id}: ${event.message}`;
    case 'item-done': {
      const { result } = event;
      return `[${position}] ${result.id}: ${result.outcome}${result.message ? ` - ${result.message}` : ''}`;
    }
    case 'stopping':
      return `not starting more items: ${event.reason}`;
    case 'poll-error':
      return `could not read /v2/deployments (will keep trying): ${event.message}`;
  }
}

/** Outcomes in the order a summary lists them. */
export const outcomeOrder: readonly Outcome[] = [
  'migrated',
  'restored',
  'unchanged',
  'would-migrate',
  'drifted',
  'not-started',
  'dependency-failed',
  'rolled-back',
  'failed',
  'rollback-failed',
];
