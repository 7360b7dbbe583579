/**
 * Ordering by Marathon `dependencies`: an item starts only after the batch items it depends on have finished, as
 * Marathon itself deploys dependencies first. A dependency may name an app, a pod or a group (then it means every
 * batch item under that group); relative ids are resolved against the item's group.
 */
import { UsageError } from '../errors.js';

export interface OrderedItem {
  id: string;
  dependencies: readonly string[];
}

/**
 * For every item, the ids of the batch items it waits for. Dependencies outside the batch are ignored (they are
 * running already). Throws UsageError naming the cycle when the dependencies loop.
 */
export function batchDependencies(items: readonly OrderedItem[]): Map<string, string[]> {
  const ids = items.map((item) => item.id);
  const result = new Map<string, string[]>();
  for (const item of items) {
    const waits = new Set<string>();
    for (const dependency of item.dependencies) {
      const target = resolveId(dependency, item.id);
      for (const id of ids) {
        if (id !== item.id && (id === target || id.startsWith(`${target}/`) || target === '/')) waits.add(id);
      }
    }
    result.set(item.id, [...waits].sort());
  }
  const cycle = findCycle(result);
  if (cycle) throw new UsageError(`the dependencies form a cycle: ${cycle.join(' -> ')}`);
  return result;
}

/** `../db` from `/shop/web` -> `/db`; absolute ids are kept (without a trailing slash). */
export function resolveId(dependency: string, from: string): string {
  if (dependency.startsWith('/')) return normalise(dependency);
  const base = from.split('/').slice(0, -1);
  return normalise([...base, dependency].join('/'));
}

function normalise(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return `/${out.join('/')}`;
}

function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  function visit(id: string): string[] | undefined {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of graph.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  }
  for (const id of graph.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}
