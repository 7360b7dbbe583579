/** Deltas between definitions (jsondiffpatch), and their flat form for reports. */
import { create } from 'jsondiffpatch';
import type { Delta, DiffPatcher } from 'jsondiffpatch';

import { isObject, jsonEqual, setOwn } from '../core/json.js';
import { escapePointerSegment } from '../formats/marathon-json/locate.js';
import { isSecretName, REDACTED, redactSecrets } from './redact.js';
import type { DeltaEntry } from './types.js';

let differ: DiffPatcher | undefined;

/** The structural delta from `before` to `after`; undefined when they are equal. Array items match by position. */
export function computeDelta(before: unknown, after: unknown): Delta {
  differ ??= create({ arrays: { detectMove: false } });
  if (!isObject(before) || !isObject(after)) return differ.diff(before, after);
  // jsondiffpatch's own answer for two objects, built member by member (its order: before's members, then added
  // ones), so that equal members - nearly all of a migrated definition - cost one deep compare, not its pipeline.
  let delta: Record<string, unknown> | undefined;
  const record = (name: string, memberDelta: Delta): void => {
    if (memberDelta !== undefined) setOwn((delta ??= {}), name, memberDelta);
  };
  for (const name of Object.keys(before)) {
    const left = before[name];
    const right = Object.hasOwn(after, name) ? after[name] : undefined;
    if (!jsonEqual(left, right)) record(name, differ.diff(left, right));
  }
  for (const name of Object.keys(after)) {
    if (!Object.hasOwn(before, name)) record(name, differ.diff(undefined, after[name]));
  }
  return delta as Delta;
}

/** Replaces secret env values in a delta entry: the variable itself, or env objects inside its values. */
export function redactEntry(entry: DeltaEntry): DeltaEntry {
  const match = /\/(env|environment)\/([^/]+)$/.exec(entry.pointer);
  const secret = match !== null && isSecretName(match[2]!);
  const redacted: DeltaEntry = { pointer: entry.pointer, op: entry.op };
  const envObject = /\/(env|environment)$/.test(entry.pointer);
  if ('before' in entry) redacted.before = secret ? REDACTED : redactSecrets(entry.before, envObject);
  if ('after' in entry) redacted.after = secret ? REDACTED : redactSecrets(entry.after, envObject);
  return redacted;
}

/** Flattens a jsondiffpatch delta into `{pointer, op, before, after}` entries in document order. */
export function flattenDelta(delta: Delta, pointer = '', out: DeltaEntry[] = []): DeltaEntry[] {
  if (delta === undefined) return out;
  if (Array.isArray(delta)) {
    const start = out.length;
    if (delta.length === 1) out.push({ pointer, op: 'add', after: delta[0] });
    else if (delta.length === 2) out.push({ pointer, op: 'replace', before: delta[0], after: delta[1] });
    else if (delta[2] === 0) out.push({ pointer, op: 'remove', before: delta[0] });
    else if (delta[2] === 3) out.push({ pointer, op: 'move', after: `${pointer.slice(0, pointer.lastIndexOf('/'))}/${String(delta[1])}` });
    else out.push({ pointer, op: 'replace', before: delta[0], after: delta[1] });
    for (let i = start; i < out.length; i++) out[i] = redactEntry(out[i]!);
    return out;
  }
  if (!isObject(delta)) return out;
  const isArrayDelta = (delta as Record<string, unknown>)['_t'] === 'a';
  const keys = Object.keys(delta).filter((key) => key !== '_t');
  if (isArrayDelta) {
    // Array deltas name removed items `_<old index>` and others by new index; report both by index.
    keys.sort((a, b) => Number(a.replace('_', '')) - Number(b.replace('_', '')) || (a.startsWith('_') ? -1 : 1));
  }
  for (const key of keys) {
    const segment = isArrayDelta ? key.replace(/^_/, '') : escapePointerSegment(key);
    flattenDelta((delta as Record<string, unknown>)[key] as Delta, `${pointer}/${segment}`, out);
  }
  return out;
}
