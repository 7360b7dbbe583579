/**
 * Marathon's version timestamps: ISO-8601 UTC with exactly three fraction digits. The clock never hands out the
 * same timestamp twice, so every change gets a distinct version even when several land in one millisecond.
 */

/** A source of strictly increasing version timestamps. */
export interface VersionClock {
  /** The next version timestamp, e.g. `2015-09-29T15:59:51.164Z`. */
  next(): string;
  /** Milliseconds now, from the same source (for deployment timing). */
  nowMs(): number;
}

/** Creates a clock over `now` (default `Date.now`). */
export function createClock(now: () => number = Date.now): VersionClock {
  let last = 0;
  return {
    next(): string {
      last = Math.max(now(), last + 1);
      return new Date(last).toISOString();
    },
    nowMs: now,
  };
}

/**
 * Parses a version timestamp from a URL or body. Marathon answers an unparseable one with 422; this returns
 * undefined so the caller can build that answer.
 */
export function parseTimestamp(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The 422 message Marathon sends for an unparseable timestamp. */
export function invalidTimestampMessage(text: string): string {
  return `Invalid timestamp provided '${text}'. Expecting ISO-8601 datetime string.`;
}
