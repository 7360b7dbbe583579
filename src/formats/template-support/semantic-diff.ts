/**
 * The semantic difference between two renders (jsondiffpatch), flattened into located entries and sorted into
 * "allowed" (a network-name change or a carried label) and "unexpected" (anything else, which refuses the rewrite).
 */
import { create } from 'jsondiffpatch';
import type { Delta } from 'jsondiffpatch';

import { toPointer } from './text-edits.js';

export type DiffEntryKind = 'added' | 'removed' | 'modified' | 'moved';

export interface DiffEntry {
  kind: DiffEntryKind;
  path: Array<string | number>;
  before?: unknown;
  after?: unknown;
}

/** What a render is: a Marathon app (from a marathon.json.mustache) or a service spec (from svc.yml). */
export type RenderKind = 'marathon-app' | 'service-spec';

export interface ClassifiedDiff {
  allowed: Array<DiffEntry & { reason: string }>;
  unexpected: DiffEntry[];
}

const differ = create({});

/** Flattens a jsondiffpatch delta into entries with paths (array indices as numbers). */
export function semanticDiff(before: unknown, after: unknown): DiffEntry[] {
  const delta = differ.diff(before, after);
  const entries: DiffEntry[] = [];
  if (delta !== undefined) flatten(delta, [], entries);
  return entries;
}

function flatten(delta: Delta, path: Array<string | number>, out: DiffEntry[]): void {
  if (Array.isArray(delta)) {
    const parts = delta as unknown[];
    if (parts.length === 1) out.push({ kind: 'added', path, after: parts[0] });
    else if (parts.length === 2) out.push({ kind: 'modified', path, before: parts[0], after: parts[1] });
    else if (parts[2] === 0) out.push({ kind: 'removed', path, before: parts[0] });
    else if (parts[2] === 3) out.push({ kind: 'moved', path, after: parts[1] });
    else out.push({ kind: 'modified', path, before: parts[0] });
    return;
  }
  if (typeof delta !== 'object' || delta === null) return;
  const record = delta as Record<string, unknown>;
  const isArray = record._t === 'a';
  const level: DiffEntry[] = [];
  for (const [key, child] of Object.entries(record)) {
    if (isArray && key === '_t') continue;
    let segment: string | number = key;
    if (isArray) segment = Number(key.startsWith('_') ? key.slice(1) : key);
    flatten(child as Delta, [...path, segment], level);
  }
  if (isArray) {
    // jsondiffpatch writes a replaced primitive element as "removed at i" plus "added at i"; that is a modification.
    for (const removed of level.filter((entry) => entry.kind === 'removed' && entry.path.length === path.length + 1)) {
      const index = removed.path[path.length];
      const added = level.find((entry) => entry.kind === 'added' && entry.path.length === path.length + 1 && entry.path[path.length] === index);
      if (!added) continue;
      level.splice(level.indexOf(added), 1);
      level.splice(level.indexOf(removed), 1, { kind: 'modified', path: removed.path, before: removed.before, after: added.after });
    }
  }
  out.push(...level);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return differ.diff(a, b) === undefined;
}

/** Env keys that carry a network name (`VIRTUAL_NETWORK_NAME`, `DSE_NODE_VIRTUAL_NETWORK_NAME`, `VIRTUAL_NETWORK_LABELS`, ...). */
export function isNetworkEnvKey(key: string): boolean {
  return /NETWORK/i.test(key) && !/ENABLE|PLUGIN_LABELS/i.test(key);
}

function marathonReason(entry: DiffEntry, from: string, to: string): string | undefined {
  const path = entry.path;
  if (entry.kind === 'added' && path[0] === 'networks' && path[2] === 'labels' && path.length === 4) return 'label carried onto the network';
  if (entry.kind !== 'modified' || entry.before !== from || entry.after !== to) return undefined;
  const [first, second, third, fourth] = path;
  if (first === 'networks' && typeof second === 'number' && third === 'name' && path.length === 3) return 'network renamed';
  if (first === 'networks' && typeof second === 'number' && third === 'labels' && fourth === 'network_name') return 'network_name label follows the network';
  if (first === 'ipAddress' && second === 'networkName' && path.length === 2) return 'legacy ipAddress.networkName renamed';
  if (first === 'env' && typeof second === 'string' && path.length === 2 && isNetworkEnvKey(second)) return `scheduler env ${second} switched`;
  if (first === 'container' && second === 'portMappings' && fourth === 'networkNames' && path.length === 5) return 'port mapping networkNames renamed';
  return undefined;
}

/**
 * Sorts the entries of a render diff. For service specs a removed `pods/<pod>/networks/<from>` paired with an added
 * `pods/<pod>/networks/<to>` of equal body is a rename; for Marathon apps a `from` -> `to` change at a
 * network-name location (networks[].name, its `network_name` label, ipAddress.networkName, a network env, port
 * mapping networkNames) is allowed, as is a label added to a network. Everything else is unexpected.
 */
export function classifyDiff(kind: RenderKind, entries: readonly DiffEntry[], from: string, to: string): ClassifiedDiff {
  const result: ClassifiedDiff = { allowed: [], unexpected: [] };
  if (kind === 'marathon-app') {
    for (const entry of entries) {
      const reason = marathonReason(entry, from, to);
      if (reason) result.allowed.push({ ...entry, reason });
      else result.unexpected.push(entry);
    }
    return result;
  }
  const used = new Set<DiffEntry>();
  const isNetworkKey = (entry: DiffEntry, name: string): boolean =>
    entry.path.length === 4 && entry.path[0] === 'pods' && entry.path[2] === 'networks' && entry.path[3] === name;
  for (const removed of entries) {
    if (removed.kind !== 'removed' || !isNetworkKey(removed, from)) continue;
    const added = entries.find(
      (entry) => entry.kind === 'added' && !used.has(entry) && isNetworkKey(entry, to) && entry.path[1] === removed.path[1] && deepEqual(entry.after, removed.before),
    );
    if (!added) continue;
    used.add(removed).add(added);
    result.allowed.push({ ...removed, reason: `pod ${String(removed.path[1])} moves from network ${from} to ${to}` });
    result.allowed.push({ ...added, reason: `pod ${String(removed.path[1])} moves from network ${from} to ${to}` });
  }
  for (const entry of entries) if (!used.has(entry)) result.unexpected.push(entry);
  return result;
}

/** One line per unexpected entry, for error reasons: `/pods/node/cmd modified`. */
export function describeEntries(entries: readonly DiffEntry[], limit = 5): string {
  const lines = entries.slice(0, limit).map((entry) => `${toPointer(entry.path) || '/'} ${entry.kind}`);
  if (entries.length > limit) lines.push(`... and ${entries.length - limit} more`);
  return lines.join('; ');
}
