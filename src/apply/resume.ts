/**
 * What `resume` and `rollback` do with a journal: which items still need work and what the earlier runs achieved.
 */
import type { BatchItem, ItemResult } from './engine.js';
import { finishedOutcomes, type JournalState, type Outcome } from './journal.js';

export interface ResumeSelection {
  /** Items to run now, in the batch's order. */
  items: BatchItem[];
  /** Items an earlier run settled, with their outcome (not run again). */
  earlier: ItemResult[];
  /** Ids that finished earlier, so their dependants may start. */
  finishedBefore: Set<string>;
}

/** Outcomes an earlier run settled for good unless `retryFailed` is set. */
const settledUnlessRetried: readonly Outcome[] = ['failed', 'rolled-back', 'rollback-failed', 'drifted', 'dependency-failed'];

/**
 * Items of the batch not yet finished: never started, cut off mid-flight (a crash), or left by a closing window.
 * Finished items (`migrated`, `unchanged`) are never repeated; failed ones only with `retryFailed`.
 */
export function selectForResume(state: JournalState, options: { retryFailed?: boolean; filter?: (id: string) => boolean } = {}): ResumeSelection {
  const items: BatchItem[] = [];
  const earlier: ItemResult[] = [];
  const finishedBefore = new Set<string>();
  for (const history of state.items.values()) {
    const { item } = history;
    const outcome = history.outcome?.outcome;
    const settled = outcome !== undefined && (finishedOutcomes.includes(outcome) || (!options.retryFailed && settledUnlessRetried.includes(outcome)));
    if (settled || (options.filter && !options.filter(item.id))) {
      if (outcome && finishedOutcomes.includes(outcome)) finishedBefore.add(item.id);
      earlier.push({
        id: item.id,
        kind: item.kind,
        outcome: outcome ?? 'not-started',
        message: `earlier run${history.outcome?.message ? `: ${history.outcome.message}` : ''}`,
        durationMs: 0,
      });
      continue;
    }
    items.push({ id: item.id, kind: item.kind, before: item.before, after: item.after, dependencies: item.dependencies });
  }
  return { items, earlier, finishedBefore };
}

/** Items `rollback` restores: every item whose original the journal holds, in reverse batch order (dependants first). */
export function selectForRollback(state: JournalState, filter?: (id: string) => boolean): BatchItem[] {
  const items: BatchItem[] = [];
  for (const history of state.items.values()) {
    if (!history.original || (filter && !filter(history.item.id))) continue;
    const { item } = history;
    items.push({ id: item.id, kind: item.kind, before: item.before, after: item.after, dependencies: item.dependencies });
  }
  return items.reverse();
}
