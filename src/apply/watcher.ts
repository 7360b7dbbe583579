/**
 * Waits for deployments the economical way: however many items are in flight, each tick is ONE
 * `GET /v2/deployments`, and every waiter whose deployments are no longer listed is released. A deployment that
 * is absent from the list has finished (Marathon keeps no record of finished deployments, docs/marathon-api.md §3.4).
 */
import type { MarathonClient } from '../marathon/client.js';
import type { MarathonDeployment } from '../marathon/schema.js';

export type WaitResult = 'finished' | 'timeout';

export interface DeploymentWatcher {
  /** Resolves `finished` once none of `ids` is running, or `timeout` once `deadline` (epoch ms) passes first. */
  wait(ids: readonly string[], deadline: number): Promise<WaitResult>;
  /** Number of `GET /v2/deployments` sent so far. */
  readonly polls: number;
  /** The deployments seen at the last tick. */
  readonly lastSeen: readonly MarathonDeployment[];
}

interface Waiter {
  ids: readonly string[];
  deadline: number;
  resolve: (result: WaitResult) => void;
}

/**
 * Creates a watcher that polls every `pollMs`. A failed poll (after the client's own retries) is reported through
 * `onError` and the waiters keep waiting until their deadlines: a flaky answer is no reason to give up on a
 * deployment.
 */
export function createDeploymentWatcher(client: MarathonClient, pollMs: number, onError?: (error: unknown) => void): DeploymentWatcher {
  const waiters = new Set<Waiter>();
  let running = false;
  let polls = 0;
  let lastSeen: readonly MarathonDeployment[] = [];
  let lastTick = 0;

  async function loop(): Promise<void> {
    running = true;
    try {
      // Let every item that registers in this turn of the event loop share the first tick.
      await new Promise((resolve) => setImmediate(resolve));
      while (waiters.size > 0) {
        const wait = lastTick + pollMs - Date.now();
        if (wait > 0) await sleep(Math.min(wait, nearestDeadline() - Date.now() + 1));
        lastTick = Date.now();
        let list: readonly MarathonDeployment[] | undefined;
        try {
          polls++;
          list = await client.deployments();
          lastSeen = list;
        } catch (error) {
          onError?.(error);
        }
        const runningIds = list ? new Set(list.map((deployment) => deployment.id)) : undefined;
        const now = Date.now();
        for (const waiter of [...waiters]) {
          if (runningIds && !waiter.ids.some((id) => runningIds.has(id))) {
            waiters.delete(waiter);
            waiter.resolve('finished');
          } else if (now >= waiter.deadline) {
            waiters.delete(waiter);
            waiter.resolve('timeout');
          }
        }
      }
    } finally {
      running = false;
    }
  }

  function nearestDeadline(): number {
    let nearest = Infinity;
    for (const waiter of waiters) nearest = Math.min(nearest, waiter.deadline);
    return nearest;
  }

  return {
    wait(ids, deadline) {
      if (ids.length === 0) return Promise.resolve('finished');
      return new Promise<WaitResult>((resolve) => {
        waiters.add({ ids, deadline, resolve });
        if (!running) void loop();
      });
    },
    get polls() {
      return polls;
    },
    get lastSeen() {
      return lastSeen;
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
