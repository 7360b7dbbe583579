/**
 * Pure helpers over Marathon definitions for live updates: strip the read-only fields a GET returns, compare
 * definitions regardless of key order, and build the body of the one PUT that moves an app from one definition to
 * another (docs/marathon-api.md §3.1 and §8).
 */

/** Fields Marathon reports but never accepts back (status, counts, versions). */
const readOnlyAppFields = [
  'version',
  'versionInfo',
  'tasksStaged',
  'tasksRunning',
  'tasksHealthy',
  'tasksUnhealthy',
  'tasks',
  'deployments',
  'lastTaskFailure',
  'readinessCheckResults',
  'taskStats',
  'counts',
];
const readOnlyPodFields = ['version', 'versionInfo', 'status', 'instances_status', 'lastUpdated', 'lastChanged', 'terminationHistory'];

export type ItemKind = 'app' | 'pod';

/** A definition with the read-only fields removed: what may be sent back to Marathon. */
export function stripReadOnly(kind: ItemKind, definition: Record<string, unknown>): Record<string, unknown> {
  const drop = kind === 'app' ? readOnlyAppFields : readOnlyPodFields;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(definition)) {
    if (!drop.includes(key)) result[key] = value;
  }
  return result;
}

/**
 * Deep equality of definitions as they travel to Marathon: object key order is ignored, and so are members whose
 * value is `undefined` (JSON leaves them out, so Marathon never sees them). Core's `jsonEqual` counts them.
 */
export function equalAsSent(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((value, index) => equalAsSent(value, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const leftKeys = Object.keys(left).filter((key) => left[key] !== undefined);
  const rightKeys = Object.keys(right).filter((key) => right[key] !== undefined);
  return leftKeys.length === rightKeys.length && leftKeys.every((key) => Object.hasOwn(right, key) && equalAsSent(left[key], right[key]));
}

/** Top-level keys whose values differ between two definitions (present on either side). */
export function changedFields(from: Record<string, unknown>, to: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(from), ...Object.keys(to)]);
  return [...keys].filter((key) => !equalAsSent(from[key], to[key])).sort();
}

/** The PUT that turns `current` into `target`. */
export interface UpdateRequest {
  body: Record<string, unknown>;
  /** `false` when a field must disappear: a partial update cannot remove fields, so the whole definition goes. */
  partialUpdate: boolean;
  /** The top-level fields that change. */
  fields: string[];
}

/**
 * The one PUT for an app: every changed top-level field, and always `networks` together with the whole `container`
 * (Marathon replaces top-level fields wholesale, and a `networks` update without `container` resets the container).
 * Fields the target drops are removed with a full replacement (`partialUpdate=false`).
 */
export function appUpdate(current: Record<string, unknown>, target: Record<string, unknown>): UpdateRequest {
  const currentDef = stripReadOnly('app', current);
  const targetDef = stripReadOnly('app', target);
  const fields = changedFields(currentDef, targetDef);
  if (fields.some((key) => !(key in targetDef))) return { body: targetDef, partialUpdate: false, fields };
  const body: Record<string, unknown> = {};
  for (const key of new Set([...fields, 'networks', 'container'])) {
    if (key in targetDef) body[key] = targetDef[key];
  }
  return { body, partialUpdate: true, fields };
}

/**
 * True when `live` holds `target`'s value in every field of `fields`. A service port of 0 in the target matches any
 * port: Marathon replaces 0 with a port it assigns when it stores the definition (docs/marathon-api.md §6).
 */
export function holdsFields(live: Record<string, unknown>, target: Record<string, unknown>, fields: readonly string[]): boolean {
  return differingFields(live, target, fields).length === 0;
}

/** The fields of `fields` in which `live` does not hold `target`'s value (assigned service ports aside). */
export function differingFields(live: Record<string, unknown>, target: Record<string, unknown>, fields: readonly string[]): string[] {
  return fields.filter((key) => !holds(live[key], target[key]));
}

function holds(live: unknown, target: unknown): boolean {
  if (live === target) return true;
  if (typeof live !== 'object' || typeof target !== 'object' || live === null || target === null) return false;
  if (Array.isArray(live) !== Array.isArray(target)) return false;
  if (Array.isArray(live) && Array.isArray(target)) {
    return live.length === target.length && live.every((value, index) => holds(value, target[index]));
  }
  const left = live as Record<string, unknown>;
  const right = target as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    if ((key === 'servicePort' || key === 'port') && right[key] === 0 && typeof left[key] === 'number') continue;
    if (left[key] === undefined && right[key] === undefined) continue;
    if (!holds(left[key], right[key])) return false;
  }
  return true;
}
