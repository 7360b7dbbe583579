/**
 * Maintenance windows: `--window START/END` or `START/DURATION` in ISO 8601 (e.g.
 * `2026-11-28T01:00:00Z/2026-11-28T03:00:00Z` or `2026-11-28T01:00:00Z/PT2H`). The batch waits for the start and
 * never begins an item that could not finish (its `--item-timeout`, rollback included) before the end.
 */
import { UsageError } from '../errors.js';

export interface MaintenanceWindow {
  start: Date;
  end: Date;
}

const example = 'Example: --window 2026-11-28T01:00:00Z/2026-11-28T03:00:00Z or --window 2026-11-28T01:00:00Z/PT2H';

/** Parses a window; throws UsageError for anything ambiguous (a time without a zone) or empty. */
export function parseWindow(text: string): MaintenanceWindow {
  const parts = text.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new UsageError(`--window expects START/END, got ${JSON.stringify(text)}. ${example}`);
  }
  const start = parseInstant(parts[0]);
  const end = /^P/i.test(parts[1]) ? new Date(start.getTime() + parseDuration(parts[1])) : parseInstant(parts[1]);
  if (end.getTime() <= start.getTime()) {
    throw new UsageError(`--window ends (${end.toISOString()}) before it starts (${start.toISOString()}). ${example}`);
  }
  return { start, end };
}

/** An ISO 8601 date-time with a zone (`Z` or `+02:00`). */
export function parseInstant(text: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    throw new UsageError(
      `--window: ${JSON.stringify(text)} is not an ISO 8601 date-time with a time zone (add Z or an offset, so the window means the same everywhere). ${example}`,
    );
  }
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--window: ${JSON.stringify(text)} is not a valid date. ${example}`);
  return date;
}

/** An ISO 8601 duration of days, hours, minutes and seconds (`PT2H`, `P1DT30M`, `PT90S`) in milliseconds. */
export function parseDuration(text: string): number {
  const match = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text);
  if (!match || text.toUpperCase() === 'P' || text.toUpperCase() === 'PT' || /T$/i.test(text)) {
    throw new UsageError(`--window: ${JSON.stringify(text)} is not an ISO 8601 duration such as PT2H or PT90M. ${example}`);
  }
  const [, days, hours, minutes, seconds] = match;
  return ((Number(days ?? 0) * 24 + Number(hours ?? 0)) * 60 + Number(minutes ?? 0)) * 60_000 + Number(seconds ?? 0) * 1000;
}

/** True when an item started at `now` and taking up to `itemTimeoutMs` would end inside the window. */
export function fitsInWindow(window: MaintenanceWindow | undefined, now: number, itemTimeoutMs: number): boolean {
  return window === undefined || now + itemTimeoutMs <= window.end.getTime();
}
