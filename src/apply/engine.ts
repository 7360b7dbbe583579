/**
 * The batch engine: applies migrated definitions to a live Marathon, item by item, under a concurrency limit, in
 * dependency order, inside an optional maintenance window, with a durable journal. Per item: read the live
 * definition (drift check against the plan), journal the original, ONE PUT, wait for the deployment (one
 * `GET /v2/deployments` per tick for all items in flight), gate on health, verify. A deployment that outlives
 * `--item-timeout` is cancelled with `DELETE /v2/deployments/{id}` WITHOUT force — Marathon then rolls the change
 * back — and the rollback is waited for. Nothing is ever forced unless the caller sets `force`.
 *
 * `runBatch` never throws for a failing item: every item ends with an outcome in the summary (and the journal).
 * It throws only when the journal cannot be written, because then nothing more may be changed.
 */
import { MarathonApiError } from '../errors.js';
import { lockingDeploymentIds, type MarathonClient } from '../marathon/client.js';
import type { MarathonApp } from '../marathon/schema.js';
import { appUpdate, changedFields, differingFields, holdsFields, type ItemKind, stripReadOnly } from './definitions.js';
import { failureOutcomes, finishedOutcomes, type ItemHistory, type JournalWriter, type Outcome, type Phase, timestamp } from './journal.js';
import { batchDependencies } from './order.js';
import { redactDefinition, unredact } from './redact.js';
import { createDeploymentWatcher, type DeploymentWatcher } from './watcher.js';
import { fitsInWindow, type MaintenanceWindow } from './window.js';

/** One item of a batch: its definition when the plan was made, and the migrated definition. */
export interface BatchItem {
  id: string;
  kind: ItemKind;
  /** The live definition the plan was computed from (read-only fields may be present; they are ignored). */
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  /** Marathon `dependencies` (ids of apps, pods or groups). */
  dependencies: readonly string[];
}

export interface ItemResult {
  id: string;
  kind: ItemKind;
  outcome: Outcome;
  message?: string;
  /** The deployment that carried the change, when there was one. */
  deploymentId?: string;
  /** Top-level fields changed (or that would change). */
  fields?: string[];
  durationMs: number;
}

export type BatchEvent =
  | { type: 'window-wait'; start: Date }
  | { type: 'item-start'; id: string; kind: ItemKind }
  | { type: 'item-progress'; id: string; message: string }
  | { type: 'item-done'; result: ItemResult }
  | { type: 'stopping'; reason: string }
  | { type: 'poll-error'; message: string };

export interface BatchOptions {
  client: MarathonClient;
  /** Where originals, deployments and outcomes go; required unless `dryRun`. */
  journal?: JournalWriter;
  /** `apply` moves items to `after`; `restore` (the rollback command) moves them back to their journaled original. */
  phase?: Phase;
  concurrency?: number;
  /** Stop starting new items once this many items have failed in this run (default 1). */
  maxFailures?: number;
  /** How long one item may take, deployment and health gate included (default 10 min). */
  itemTimeoutMs?: number;
  /** Deployment poll interval (default 1 s). */
  pollMs?: number;
  window?: MaintenanceWindow;
  /** Read and check only: no journal, no change. */
  dryRun?: boolean;
  /** Migrate items that changed since the plan (re-migrated from their live definition) instead of skipping them. */
  allowDrift?: boolean;
  /** Re-migrates a live definition; needed by `allowDrift`. Returns the migrated definition. */
  migrate?: (kind: ItemKind, definition: Record<string, unknown>) => Record<string, unknown>;
  /** Send `force=true` with the PUTs. Only when the user asked. Never used for cancelling deployments. */
  force?: boolean;
  /** What the journal already knows (resume and rollback). */
  history?: ReadonlyMap<string, ItemHistory>;
  /** Items finished in an earlier run: dependants may start. */
  finishedBefore?: ReadonlySet<string>;
  onEvent?: (event: BatchEvent) => void;
  /** Aborting stops starting new items; items in flight finish (bounded by their timeouts). */
  signal?: AbortSignal;
}

export interface BatchSummary {
  /** One result per item, in the order given. */
  results: ItemResult[];
  counts: Partial<Record<Outcome, number>>;
  /** True when some item failed, was rolled back, or could not be rolled back. */
  failed: boolean;
  wallMs: number;
  /** `GET /v2/deployments` polls sent. */
  polls: number;
}

/** Runs a batch; see the module comment. */
export async function runBatch(items: readonly BatchItem[], options: BatchOptions): Promise<BatchSummary> {
  const started = Date.now();
  const { client } = options;
  const phase = options.phase ?? 'apply';
  if (!options.dryRun && !options.journal) throw new Error('runBatch needs a journal unless dryRun is set');
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const maxFailures = Math.max(1, options.maxFailures ?? 1);
  const itemTimeoutMs = options.itemTimeoutMs ?? 600_000;
  const pollMs = options.pollMs ?? 1000;
  const emit = options.onEvent ?? (() => undefined);
  const watcher = createDeploymentWatcher(client, pollMs, (error) => emit({ type: 'poll-error', message: errorText(error) }));
  const dependencies = phase === 'apply' ? batchDependencies(items) : new Map<string, string[]>();
  const results = new Map<string, ItemResult>();
  const finishedBefore = options.finishedBefore ?? new Set<string>();
  const context: ItemContext = { options, watcher, itemTimeoutMs, pollMs, emit };

  let failures = 0;
  let stopReason: string | undefined;
  const pending = [...items];
  const inFlight = new Map<string, Promise<void>>();

  if (options.window && Date.now() < options.window.start.getTime() && !options.dryRun) {
    emit({ type: 'window-wait', start: options.window.start });
    await sleep(options.window.start.getTime() - Date.now(), options.signal);
  }

  const succeeded = (id: string): boolean =>
    finishedBefore.has(id) || (results.has(id) && finishedOutcomes.includes(results.get(id)!.outcome)) || results.get(id)?.outcome === 'would-migrate';

  for (;;) {
    if (options.signal?.aborted) stopReason ??= 'interrupted';
    // Start whatever may start.
    while (!stopReason && inFlight.size < concurrency) {
      const index = pending.findIndex((item) => (dependencies.get(item.id) ?? []).every((id) => results.has(id) || finishedBefore.has(id)));
      if (index < 0) break;
      const item = pending.splice(index, 1)[0]!;
      const blocked = (dependencies.get(item.id) ?? []).filter((id) => !succeeded(id));
      if (blocked.length > 0) {
        record(item, { outcome: 'dependency-failed', message: `depends on ${blocked.join(', ')}, which did not migrate` }, 0);
        continue;
      }
      if (!options.dryRun && !fitsInWindow(options.window, Date.now(), itemTimeoutMs)) {
        pending.unshift(item);
        stopReason = `the window closes at ${options.window!.end.toISOString()}; an item may take up to ${Math.round(itemTimeoutMs / 100) / 10} s`;
        break;
      }
      const itemStarted = Date.now();
      emit({ type: 'item-start', id: item.id, kind: item.kind });
      const run = (phase === 'apply' ? applyItem(item, context) : restoreItem(item, context)).then(
        (result) => {
          inFlight.delete(item.id);
          record(item, result, Date.now() - itemStarted);
        },
        (error: unknown) => {
          inFlight.delete(item.id);
          // A journal write failed: stop everything, nothing more may change without a backup on disk.
          stopReason ??= `internal failure on ${item.id}`;
          throw error;
        },
      );
      inFlight.set(item.id, run);
    }
    if (inFlight.size === 0) break;
    await Promise.race(inFlight.values());
  }

  if (stopReason && pending.length > 0) emit({ type: 'stopping', reason: stopReason });
  for (const item of pending) {
    record(item, { outcome: 'not-started', message: stopReason ?? 'its dependencies never finished' }, 0);
  }

  function record(item: BatchItem, result: Omit<ItemResult, 'id' | 'kind' | 'durationMs'>, durationMs: number): void {
    const full: ItemResult = { id: item.id, kind: item.kind, ...result, durationMs };
    results.set(item.id, full);
    if (failureOutcomes.includes(full.outcome)) {
      failures++;
      if (failures >= maxFailures && !stopReason) stopReason = `${failures} item(s) failed (--max-failures ${maxFailures})`;
    }
    if (options.journal && full.outcome !== 'would-migrate') {
      options.journal.append({
        type: 'outcome',
        at: timestamp(),
        id: item.id,
        phase,
        outcome: full.outcome,
        ...(full.message === undefined ? {} : { message: full.message }),
      });
    }
    emit({ type: 'item-done', result: full });
  }

  const ordered = items.map((item) => results.get(item.id)!);
  const counts: Partial<Record<Outcome, number>> = {};
  for (const result of ordered) counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
  return {
    results: ordered,
    counts,
    failed: ordered.some((result) => failureOutcomes.includes(result.outcome)),
    wallMs: Date.now() - started,
    polls: watcher.polls,
  };
}

interface ItemContext {
  options: BatchOptions;
  watcher: DeploymentWatcher;
  itemTimeoutMs: number;
  pollMs: number;
  emit: (event: BatchEvent) => void;
}

type Result = Omit<ItemResult, 'id' | 'kind' | 'durationMs'>;

/** Moves one item to its migrated definition. */
async function applyItem(item: BatchItem, context: ItemContext): Promise<Result> {
  const { options, emit } = context;
  const deadline = Date.now() + context.itemTimeoutMs;
  const history = options.history?.get(item.id);
  const before = redactDefinition(item.kind, stripReadOnly(item.kind, item.before));
  const plannedAfter = redactDefinition(item.kind, stripReadOnly(item.kind, item.after));
  let fields = changedFields(before, plannedAfter);

  // Resuming: an earlier run was cut off while its deployment or its rollback was running.
  if (history?.timedOut) return finishEarlierRollback(item, history, fields, context);
  const earlier = history?.deployments.filter((d) => d.phase === 'apply').map((d) => d.deploymentId) ?? [];
  if (earlier.length > 0) {
    emit({ type: 'item-progress', id: item.id, message: `waiting for deployment ${earlier.at(-1)} of the earlier run` });
    return awaitAndVerify(item, earlier, deadline, plannedAfter, fields, originalOf(item, history), context);
  }

  const liveRaw = await readLive(item, options.client);
  if ('outcome' in liveRaw) return liveRaw;
  const live = stripReadOnly(item.kind, liveRaw.definition);
  let target = fill(item.kind, plannedAfter, live);
  if ('outcome' in target) return target;

  if (holdsFields(live, target.definition, fields)) {
    // Already there: migrated by an earlier run (perhaps its answer was lost) or by someone else.
    const running = runningDeployments(liveRaw.definition);
    if (running.length > 0 && !options.dryRun) {
      return awaitAndVerify(item, running, deadline, plannedAfter, fields, originalOf(item, history), context);
    }
    return history?.original
      ? { outcome: 'migrated', message: 'the change of the earlier run is in place', fields }
      : { outcome: 'unchanged', message: 'already migrated' };
  }

  const redactedLive = redactDefinition(item.kind, live);
  const drift = differingFields(redactedLive, before, [...new Set([...Object.keys(before), ...Object.keys(redactedLive)])]).sort();
  if (drift.length > 0) {
    if (!options.allowDrift) {
      return { outcome: 'drifted', message: `changed since the plan (${drift.join(', ')}); skipped — re-plan, or pass --allow-drift` };
    }
    if (!options.migrate) return { outcome: 'failed', message: 'changed since the plan and no migration rules were given to re-migrate it' };
    const remigrated = stripReadOnly(item.kind, options.migrate(item.kind, live));
    fields = changedFields(live, remigrated);
    if (fields.length === 0) return { outcome: 'unchanged', message: `changed since the plan (${drift.join(', ')}); nothing left to migrate` };
    target = { definition: remigrated };
    emit({ type: 'item-progress', id: item.id, message: `changed since the plan (${drift.join(', ')}); re-migrated from the live definition` });
  }

  if (options.dryRun) return { outcome: 'would-migrate', message: `would change ${fields.join(', ')}`, fields };

  // The backup reaches the disk before the change is sent.
  await options.journal?.appendDurable({
    type: 'original',
    at: timestamp(),
    id: item.id,
    kind: item.kind,
    ...(typeof liveRaw.definition['version'] === 'string' ? { version: liveRaw.definition['version'] } : {}),
    definition: redactDefinition(item.kind, live),
  });
  const sent = await sendChange(item, live, target.definition, fields, deadline, context);
  if ('outcome' in sent) return sent;
  for (const deploymentId of sent.deploymentIds) {
    journal(options, { type: 'deployment', at: timestamp(), id: item.id, deploymentId, phase: 'apply' });
  }
  emit({ type: 'item-progress', id: item.id, message: `deploying (${sent.deploymentIds.join(', ')})` });
  const original = history?.original?.definition ?? live;
  // A finished deployment of the definition Marathon accepted from us is the proof; the read-back is needed only to
  // gate on health (Marathon's counts) and after an answer was lost.
  const verify = sent.adopted === true || needsHealthGate(item.kind, target.definition);
  return awaitAndVerify(item, sent.deploymentIds, deadline, redactDefinition(item.kind, target.definition), fields, original, context, verify);
}

/** Moves one item back to the original the journal holds (the rollback command). */
async function restoreItem(item: BatchItem, context: ItemContext): Promise<Result> {
  const { options, watcher, emit } = context;
  const history = options.history?.get(item.id);
  if (!history?.original) return { outcome: 'unchanged', message: 'never changed by this batch' };
  const original = stripReadOnly(item.kind, history.original.definition);
  let deadline = Date.now() + context.itemTimeoutMs;

  // Our own deployments still running (e.g. a hung one): cancel them without force; Marathon rolls them back.
  const ours = history.deployments.map((d) => d.deploymentId);
  if (ours.length > 0 && (await watcher.wait(ours, Date.now())) === 'timeout') {
    const running = ours.filter((id) => watcher.lastSeen.some((deployment) => deployment.id === id));
    if (options.dryRun) return { outcome: 'would-migrate', message: `would cancel deployment ${running.join(', ')} (without force) and restore` };
    for (const deploymentId of running) {
      emit({ type: 'item-progress', id: item.id, message: `cancelling deployment ${deploymentId} (without force)` });
      try {
        const rollback = await options.client.deleteDeployment(deploymentId);
        if (rollback) {
          journal(options, { type: 'deployment', at: timestamp(), id: item.id, deploymentId: rollback.deploymentId, phase: 'rollback' });
          if ((await watcher.wait([rollback.deploymentId], deadline)) === 'timeout') {
            return { outcome: 'failed', message: `the rollback deployment ${rollback.deploymentId} is still running; nothing was forced` };
          }
        }
      } catch (error) {
        if (!(error instanceof MarathonApiError && error.status === 404)) return { outcome: 'failed', message: errorText(error) };
      }
    }
    deadline = Date.now() + context.itemTimeoutMs;
  }

  const liveRaw = await readLive(item, options.client);
  if ('outcome' in liveRaw) return liveRaw;
  const live = stripReadOnly(item.kind, liveRaw.definition);
  const target = fill(item.kind, original, live);
  if ('outcome' in target) return target;
  const fields = changedFields(live, target.definition);
  if (fields.length === 0) return history.outcome || history.deployments.length > 0 ? { outcome: 'restored', message: 'the original is in place' } : { outcome: 'unchanged' };
  if (options.dryRun) return { outcome: 'would-migrate', message: `would restore ${fields.join(', ')}`, fields };

  const sent = await sendChange(item, live, target.definition, fields, deadline, context);
  if ('outcome' in sent) return sent;
  for (const deploymentId of sent.deploymentIds) {
    journal(options, { type: 'deployment', at: timestamp(), id: item.id, deploymentId, phase: 'restore' });
  }
  emit({ type: 'item-progress', id: item.id, message: `restoring (${sent.deploymentIds.join(', ')})` });
  if ((await watcher.wait(sent.deploymentIds, deadline)) === 'timeout') {
    // Cancelling would undo the restore; leave it to Marathon and say so.
    return { outcome: 'failed', message: `the restore deployment ${sent.deploymentIds.join(', ')} is still running; the original is stored in Marathon and in the journal` };
  }
  const after = await readLive(item, options.client);
  if ('outcome' in after) return after;
  if (!holdsFields(stripReadOnly(item.kind, after.definition), target.definition, fields)) {
    return { outcome: 'failed', message: 'after the restore Marathon holds a different definition (changed by someone else?)' };
  }
  return { outcome: 'restored', fields, deploymentId: sent.deploymentIds[0]! };
}

/**
 * Sends the one PUT. A 409 lock is waited out (or, when the live definition already holds the target — an earlier
 * answer was lost — the blocking deployment is adopted as ours). An answer that never came is resolved by reading
 * the live definition back.
 */
async function sendChange(
  item: BatchItem,
  live: Record<string, unknown>,
  target: Record<string, unknown>,
  fields: string[],
  deadline: number,
  context: ItemContext,
): Promise<{ deploymentIds: string[]; adopted?: boolean } | Result> {
  const { options, watcher, emit } = context;
  const { client } = options;
  const force = options.force === true;
  for (;;) {
    try {
      if (item.kind === 'app') {
        const update = appUpdate(live, target);
        const result = await client.putApp(item.id, update.body, { partialUpdate: update.partialUpdate, force, onLocked: 'throw' });
        return { deploymentIds: [result.deploymentId] };
      }
      const result = await client.putPod(item.id, target, { force, onLocked: 'throw' });
      return { deploymentIds: [result.deploymentId] };
    } catch (error) {
      if (!(error instanceof MarathonApiError)) throw error;
      const blockers = lockingDeploymentIds(error);
      if (blockers.length > 0 || error.status === undefined || error.status >= 500) {
        // Did an earlier attempt get through after all?
        const now = await readLive(item, client);
        if (!('outcome' in now) && holdsFields(stripReadOnly(item.kind, now.definition), target, fields)) {
          const running = blockers.length > 0 ? blockers : runningDeployments(now.definition);
          emit({ type: 'item-progress', id: item.id, message: 'the change arrived although its answer was lost' });
          return { deploymentIds: running, adopted: true };
        }
      }
      if (blockers.length > 0) {
        emit({ type: 'item-progress', id: item.id, message: `locked by deployment ${blockers.join(', ')}; waiting for it (not forcing)` });
        if ((await watcher.wait(blockers, deadline)) === 'timeout') {
          return { outcome: 'failed', message: `still locked by deployment ${blockers.join(', ')} when its time ran out; nothing was changed` };
        }
        continue;
      }
      return { outcome: 'failed', message: `${errorText(error)}; nothing was changed` };
    }
  }
}

/** Waits for the item's deployment, rolls back on timeout, then gates on health and verifies the definition. */
async function awaitAndVerify(
  item: BatchItem,
  deploymentIds: string[],
  deadline: number,
  target: Record<string, unknown>,
  fields: string[],
  original: Record<string, unknown>,
  context: ItemContext,
  verify = true,
): Promise<Result> {
  const { options, watcher } = context;
  const deploymentId = deploymentIds.at(-1);
  if ((await watcher.wait(deploymentIds, deadline)) === 'timeout') {
    return rollBack(item, deploymentIds, fields, original, context);
  }
  if (!verify) return { outcome: 'migrated', fields, ...(deploymentId ? { deploymentId } : {}) };
  for (;;) {
    const liveRaw = await readLive(item, options.client);
    if ('outcome' in liveRaw) return liveRaw;
    const live = stripReadOnly(item.kind, liveRaw.definition);
    const filled = fill(item.kind, target, live);
    if ('outcome' in filled) return filled;
    const differing = differingFields(live, filled.definition, fields);
    if (differing.length > 0) {
      return { outcome: 'failed', message: `after the deployment Marathon holds a different ${differing.join(', ')} (changed by someone else?)` };
    }
    const health = healthState(liveRaw.definition);
    if (health === 'healthy') return { outcome: 'migrated', fields, ...(deploymentId ? { deploymentId } : {}) };
    if (Date.now() >= deadline) {
      return { outcome: 'failed', message: `deployed but ${health} when its time ran out; restore it with \`rollback --journal\``, fields };
    }
    context.emit({ type: 'item-progress', id: item.id, message: `deployed; waiting until healthy (${health})` });
    await sleep(Math.min(context.pollMs, deadline - Date.now()));
  }
}

/** Cancels a deployment that ran out of time, without force, and waits for Marathon's rollback. */
async function rollBack(
  item: BatchItem,
  deploymentIds: string[],
  fields: string[],
  original: Record<string, unknown>,
  context: ItemContext,
): Promise<Result> {
  const { options, emit } = context;
  const limit = Math.round(context.itemTimeoutMs / 100) / 10;
  const rollbackIds: string[] = [];
  for (const deploymentId of deploymentIds) {
    journal(options, { type: 'timeout', at: timestamp(), id: item.id, deploymentId });
    emit({ type: 'item-progress', id: item.id, message: `deployment ${deploymentId} not done after ${limit} s; rolling back (without force)` });
    const cancelled = await cancelWithoutForce(item, deploymentId, context);
    if ('outcome' in cancelled) return cancelled;
    if (cancelled.rollbackId) {
      journal(options, { type: 'deployment', at: timestamp(), id: item.id, deploymentId: cancelled.rollbackId, phase: 'rollback' });
      rollbackIds.push(cancelled.rollbackId);
    }
  }
  return awaitRollback(item, rollbackIds, fields, original, `deployment did not finish within ${limit} s`, context);
}

const CANCEL_ATTEMPTS = 4;

/**
 * `DELETE /v2/deployments/{id}` without force, repeated on transient failures (no answer, 5xx, a 409 lock). The
 * DELETE is not idempotent (each accepted one starts a rollback), so before repeating it the deployment list
 * settles what the lost attempt did: our deployment still listed -> nothing happened, try again; gone, with a
 * deployment of this item listed -> that is the rollback our DELETE started; gone and nothing listed -> the
 * deployment finished meanwhile (the caller then checks the definition).
 */
async function cancelWithoutForce(item: BatchItem, deploymentId: string, context: ItemContext): Promise<{ rollbackId?: string } | Result> {
  const { options, emit } = context;
  let lastError: unknown;
  for (let attempt = 1; attempt <= CANCEL_ATTEMPTS; attempt++) {
    if (attempt > 1) {
      await sleep(Math.min(8000, 250 * 2 ** (attempt - 2)) * (0.5 + Math.random() / 2), options.signal);
      try {
        const running = await options.client.deployments();
        if (!running.some((deployment) => deployment.id === deploymentId)) {
          const rollback = running.find((deployment) => deploymentAffects(deployment, item.id));
          return rollback ? { rollbackId: rollback.id } : {};
        }
      } catch (error) {
        lastError = error;
        continue;
      }
      emit({ type: 'item-progress', id: item.id, message: `cancelling deployment ${deploymentId} again (attempt ${attempt}: ${errorText(lastError)})` });
    }
    try {
      const rollback = await options.client.deleteDeployment(deploymentId);
      return rollback ? { rollbackId: rollback.deploymentId } : {};
    } catch (error) {
      if (error instanceof MarathonApiError && error.status === 404) return {}; // it finished meanwhile
      if (!isTransient(error)) return cancelFailed(deploymentId, error);
      lastError = error;
    }
  }
  return cancelFailed(deploymentId, lastError);
}

function isTransient(error: unknown): boolean {
  return error instanceof MarathonApiError && (error.status === undefined || error.status === 409 || error.status >= 500);
}

function cancelFailed(deploymentId: string, error: unknown): Result {
  return {
    outcome: 'rollback-failed',
    message: `deployment ${deploymentId} timed out and could not be cancelled (${errorText(error)}); nothing was forced — run \`rollback --journal\``,
  };
}

function deploymentAffects(deployment: { affectedApps?: readonly string[]; affectedPods?: readonly string[] }, id: string): boolean {
  return (deployment.affectedApps ?? []).includes(id) || (deployment.affectedPods ?? []).includes(id);
}

async function awaitRollback(
  item: BatchItem,
  rollbackIds: string[],
  fields: string[],
  original: Record<string, unknown>,
  why: string,
  context: ItemContext,
): Promise<Result> {
  const { options, watcher } = context;
  if ((await watcher.wait(rollbackIds, Date.now() + context.itemTimeoutMs)) === 'timeout') {
    return {
      outcome: 'rollback-failed',
      message: `${why}; the rollback deployment ${rollbackIds.join(', ')} is still running (not forced) — the original is in the journal`,
    };
  }
  const live = await readLive(item, options.client);
  if ('outcome' in live) return live;
  const restored = fill(item.kind, stripReadOnly(item.kind, original), stripReadOnly(item.kind, live.definition));
  if (!('outcome' in restored) && !holdsFields(stripReadOnly(item.kind, live.definition), restored.definition, fields)) {
    return { outcome: 'rollback-failed', message: `${why}; after the rollback the definition is not the original — run \`rollback --journal\`` };
  }
  return { outcome: 'rolled-back', message: `${why}; rolled back${rollbackIds.length ? ` (deployment ${rollbackIds.join(', ')})` : ''}` };
}

/** Resume: the earlier run had timed out this item and started (or was about to start) the rollback. */
async function finishEarlierRollback(item: BatchItem, history: ItemHistory, fields: string[], context: ItemContext): Promise<Result> {
  const rollbacks = history.deployments.filter((d) => d.phase === 'rollback').map((d) => d.deploymentId);
  const original = originalOf(item, history);
  if (rollbacks.length > 0) return awaitRollback(item, rollbacks, fields, original, 'the deployment of the earlier run timed out', context);
  const applied = history.deployments.filter((d) => d.phase === 'apply').map((d) => d.deploymentId);
  return rollBack(item, applied, fields, original, context);
}

/** The definition before the batch: the journaled original, else the plan's. */
function originalOf(item: BatchItem, history: ItemHistory | undefined): Record<string, unknown> {
  return stripReadOnly(item.kind, history?.original?.definition ?? item.before);
}

async function readLive(item: BatchItem, client: MarathonClient): Promise<{ definition: Record<string, unknown> } | Result> {
  try {
    const definition = item.kind === 'app' ? await client.getApp(item.id) : await client.getPod(item.id);
    return { definition };
  } catch (error) {
    if (error instanceof MarathonApiError && error.status === 404) return { outcome: 'failed', message: `${item.kind} ${item.id} no longer exists` };
    return { outcome: 'failed', message: errorText(error) };
  }
}

function fill(kind: ItemKind, definition: Record<string, unknown>, live: Record<string, unknown>): { definition: Record<string, unknown> } | Result {
  const { definition: filled, missing } = unredact(kind, definition, live);
  if (missing.length > 0) {
    return { outcome: 'failed', message: `redacted secrets (${missing.join(', ')}) are not in the journal and gone from Marathon` };
  }
  return { definition: filled };
}

/** Apps with health or readiness checks, and pods (their checks sit in the containers), are read back after deploying. */
function needsHealthGate(kind: ItemKind, definition: Record<string, unknown>): boolean {
  if (kind === 'pod') return true;
  const checks = [definition['healthChecks'], definition['readinessChecks']];
  return checks.some((list) => Array.isArray(list) && list.length > 0);
}

function runningDeployments(app: Record<string, unknown>): string[] {
  const deployments = (app as MarathonApp).deployments;
  return Array.isArray(deployments) ? deployments.map((deployment) => deployment.id) : [];
}

/** `healthy`, or a short description of why not, from the task counts Marathon reports for an app. */
function healthState(definition: Record<string, unknown>): string {
  const app = definition as MarathonApp;
  if (!Array.isArray(app.healthChecks) || app.healthChecks.length === 0) return 'healthy';
  const instances = app.instances ?? 1;
  if (instances === 0 || typeof app.tasksHealthy !== 'number') return 'healthy';
  if (app.tasksHealthy >= instances && (app.tasksUnhealthy ?? 0) === 0) return 'healthy';
  return `${app.tasksHealthy}/${instances} healthy, ${app.tasksUnhealthy ?? 0} unhealthy`;
}

function journal(options: BatchOptions, record: Parameters<JournalWriter['append']>[0]): void {
  options.journal?.append(record);
}

/** One line describing a failure, with Marathon's details (e.g. 422 validation paths). */
export function errorText(error: unknown): string {
  if (error instanceof MarathonApiError) {
    const details = Array.isArray(error.details)
      ? error.details
          .map((entry: unknown) => {
            if (typeof entry !== 'object' || entry === null) return String(entry);
            const { path, errors, id } = entry as { path?: unknown; errors?: unknown; id?: unknown };
            if (path !== undefined) return `${String(path)}: ${Array.isArray(errors) ? errors.join('; ') : String(errors)}`;
            return id !== undefined ? String(id) : JSON.stringify(entry);
          })
          .join(', ')
      : typeof error.details === 'string'
        ? error.details
        : '';
    return details && !error.message.includes(details) ? `${error.message} [${details}]` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
