/**
 * Where the Marathon items (apps and pods) are inside a parsed JSON document, for every shape Marathon's API and
 * users produce: one app, an array of apps, `{"apps": [...]}`, `{"app": {...}}`, `{"*": [...]}`, a group tree as
 * `GET /v2/groups` returns it (nested `groups`, `apps`, and `pods` as PodStatus objects with the pod under `spec`),
 * one pod, an array of pods, and PodStatus objects on their own (`GET /v2/pods/::status`).
 */

/** The shape of a whole document. */
export type DocumentShape =
  | 'app'
  | 'app-response'
  | 'apps'
  | 'apps-response'
  | 'group'
  | 'pod'
  | 'pod-status'
  | 'pods';

/** One item found in the document. */
export interface LocatedItem {
  kind: 'app' | 'pod';
  /** Marathon id as written (may be relative in files). */
  id: string;
  /** Path of the item from the document root (member names and array indices). */
  path: (string | number)[];
  /** RFC 6901 pointer of `path`. */
  pointer: string;
  value: Record<string, unknown>;
}

export interface LocatedDocument {
  shape: DocumentShape;
  items: LocatedItem[];
}

/** Keys only Marathon apps carry (besides `id`); one of them must be present for an object to count as an app. */
const APP_KEYS = [
  'cmd',
  'args',
  'container',
  'networks',
  'ipAddress',
  'instances',
  'cpus',
  'mem',
  'portDefinitions',
  'ports',
  'healthChecks',
  'constraints',
  'fetch',
  'uris',
  'env',
  'labels',
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Escapes one pointer segment (RFC 6901: `~` -> `~0`, `/` -> `~1`). */
export function escapePointerSegment(segment: string | number): string {
  if (typeof segment === 'number') return String(segment);
  return segment.includes('~') || segment.includes('/') ? segment.replace(/~/g, '~0').replace(/\//g, '~1') : segment;
}

/** The RFC 6901 pointer of a path. */
export function toPointer(path: readonly (string | number)[]): string {
  let pointer = '';
  for (const segment of path) pointer += `/${escapePointerSegment(segment)}`;
  return pointer;
}

function isPod(value: Record<string, unknown>): boolean {
  return Array.isArray(value['containers']);
}

function isPodStatus(value: Record<string, unknown>): boolean {
  return isRecord(value['spec']) && isPod(value['spec']) && 'status' in value;
}

function isApp(value: Record<string, unknown>): boolean {
  // An id of the wrong type still makes an app: the rules and validation then name `/id`.
  if (!('id' in value)) return false;
  if (isPod(value)) return false;
  return APP_KEYS.some((key) => key in value);
}

function isGroupLike(value: Record<string, unknown>): boolean {
  return Array.isArray(value['apps']) || Array.isArray(value['groups']) || Array.isArray(value['pods']);
}

function idOf(value: Record<string, unknown>, fallback: string): string {
  return typeof value['id'] === 'string' ? value['id'] : fallback;
}

/** An item for a run spec object at `path`: an app, a pod, or a PodStatus (its `spec`). */
function runSpecItem(value: unknown, path: (string | number)[]): LocatedItem | undefined {
  if (!isRecord(value)) return undefined;
  if (isPodStatus(value)) {
    const spec = value['spec'] as Record<string, unknown>;
    const specPath = [...path, 'spec'];
    return { kind: 'pod', id: idOf(spec, idOf(value, toPointer(specPath))), path: specPath, pointer: toPointer(specPath), value: spec };
  }
  if (isPod(value)) return { kind: 'pod', id: idOf(value, toPointer(path)), path, pointer: toPointer(path), value };
  if (isApp(value)) return { kind: 'app', id: idOf(value, toPointer(path)), path, pointer: toPointer(path), value };
  return undefined;
}

function collectGroup(group: Record<string, unknown>, path: (string | number)[], items: LocatedItem[]): void {
  for (const key of ['apps', 'pods'] as const) {
    const list = group[key];
    if (!Array.isArray(list)) continue;
    list.forEach((entry: unknown, index) => {
      const item = runSpecItem(entry, [...path, key, index]);
      if (item) items.push(item);
    });
  }
  const groups = group['groups'];
  if (Array.isArray(groups)) {
    groups.forEach((child: unknown, index) => {
      if (isRecord(child)) collectGroup(child, [...path, 'groups', index], items);
    });
  }
}

/**
 * Finds the items of a parsed document; undefined when the document is not a Marathon app, pod or group (the
 * caller reports the file as skipped). Entries of a list that are not run specs are ignored.
 */
export function locateItems(document: unknown): LocatedDocument | undefined {
  if (Array.isArray(document)) {
    const items: LocatedItem[] = [];
    document.forEach((entry: unknown, index) => {
      const item = runSpecItem(entry, [index]);
      if (item) items.push(item);
    });
    if (items.length === 0) return undefined;
    return { shape: items.every((item) => item.kind === 'pod') ? 'pods' : 'apps', items };
  }
  if (!isRecord(document)) return undefined;
  if (isRecord(document['app']) && Object.keys(document).length === 1) {
    const item = runSpecItem(document['app'], ['app']);
    return item ? { shape: 'app-response', items: [item] } : undefined;
  }
  if (Array.isArray(document['*'])) {
    const items: LocatedItem[] = [];
    (document['*'] as unknown[]).forEach((entry, index) => {
      const item = runSpecItem(entry, ['*', index]);
      if (item) items.push(item);
    });
    return { shape: 'apps-response', items };
  }
  if (isGroupLike(document) && !isApp(document)) {
    const items: LocatedItem[] = [];
    collectGroup(document, [], items);
    const shape = typeof document['id'] === 'string' || Array.isArray(document['groups']) ? 'group' : 'apps-response';
    return { shape, items };
  }
  const item = runSpecItem(document, []);
  if (!item) return undefined;
  const shape = item.kind === 'app' ? 'app' : item.pointer === '' ? 'pod' : 'pod-status';
  return { shape, items: [item] };
}
