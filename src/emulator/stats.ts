/** Request counters, per route template and per concrete path, exposed at `GET /_emulator/stats`. */

/** A snapshot of the counters. */
export interface RequestStats {
  total: number;
  /** `METHOD /v2/apps/{id}` -> count. */
  byRoute: Record<string, number>;
  /** `METHOD /v2/apps/bookstore-server` -> count. */
  byPath: Record<string, number>;
  /** HTTP status (or `reset`) -> count. */
  byStatus: Record<string, number>;
}

/** Mutable counters. */
export class StatsCounter {
  private stats: RequestStats = emptyStats();

  record(method: string, template: string, path: string, status: number | 'reset'): void {
    this.stats.total++;
    bump(this.stats.byRoute, `${method} ${template}`);
    bump(this.stats.byPath, `${method} ${path}`);
    bump(this.stats.byStatus, String(status));
  }

  snapshot(): RequestStats {
    return structuredClone(this.stats);
  }

  reset(): void {
    this.stats = emptyStats();
  }
}

function emptyStats(): RequestStats {
  return { total: 0, byRoute: {}, byPath: {}, byStatus: {} };
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
