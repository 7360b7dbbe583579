/** Deltas between definitions (jsondiffpatch), and their flat form for reports. */
import { create } from 'jsondiffpatch';
import type { Delta, DiffPatcher } from 'jsondiffpatch';

import { escapePointerSegment } from '../formats/marathon-json/locate.js';
import { isSecretName, REDACTED, redactSecrets } from './redact.js';
import type { DeltaEntry } from './types.js';

let differ: DiffPatcher | undefined;

/** The structural delta from `before` to `after`; undefined when they are equal. Array items match by position. */
export function computeDelta(before: unknown, after: unknown): Delta {
  differ ??= create({ arrays: { detectMove: false } });
  return differ.diff(before, after);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
