/**
 * Keeps secrets out of journals and summaries: env values whose variable's name looks like a credential (PASSWORD,
 * SECRET, TOKEN, KEY, ...), and the user-info part of URLs anywhere in a definition (`https://user:pass@host` in
 * `fetch`, or in a `DATABASE_URL` whose name gives nothing away). Secret *references* (`{"secret": "name"}`) are not
 * secrets and stay. The migration never changes such values, so a redacted definition can be restored by taking them
 * from the live definition (`unredact`).
 */
import { pointer } from '../core/json.js';
import type { ItemKind } from './definitions.js';

/** What a secret value is replaced with. */
export const REDACTED = '<redacted: secret-like env value>';

/** What replaces a URL's user info: `https://user:pass@host/x` becomes `https://<redacted>@host/x`. */
export const REDACTED_USERINFO = '<redacted>';

const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"'<>]+@/gi;
const REDACTED_URL_MARK = `://${REDACTED_USERINFO}@`;

// The same names the plan's reports redact, plus bare `*_KEY` variables.
const secretName = /pass(word|wd)?|secret|token|credential|private|api_?key|auth|(^|_)key($|_)/i;

/** True when an env variable's name suggests its value is a credential. */
export function isSecretLikeName(name: string): boolean {
  return secretName.test(name);
}

/** A copy of the definition with secret-like env values replaced by REDACTED and URL user info by REDACTED_USERINFO. */
export function redactDefinition(kind: ItemKind, definition: Record<string, unknown>): Record<string, unknown> {
  return mapStrings(mapEnvironments(kind, definition, (env) => redactEnv(env)), [], redactUserInfo) as Record<string, unknown>;
}

/** The text with the user info of every URL in it replaced. */
export function redactUserInfo(text: string): string {
  return text.includes('://') && text.includes('@') ? text.replace(URL_USERINFO, `$1${REDACTED_USERINFO}@`) : text;
}

/**
 * Puts the real values back into a redacted definition, taking them from `live`: env values from the same variable
 * name and place; URLs from the same place, else from the one URL of `live` that redacts to the same text (a value
 * that moved, e.g. a label carried into a network). Returns what it could not fill: variable names, and JSON
 * pointers of URLs.
 */
export function unredact(
  kind: ItemKind,
  definition: Record<string, unknown>,
  live: Record<string, unknown>,
): { definition: Record<string, unknown>; missing: string[] } {
  const missing: string[] = [];
  const liveEnvs: Record<string, unknown>[] = [];
  mapEnvironments(kind, live, (env) => {
    liveEnvs.push(env);
    return env;
  });
  let index = 0;
  const filled = mapEnvironments(kind, definition, (env) => {
    const source = liveEnvs[index++] ?? {};
    const result: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(env)) {
      if (value !== REDACTED) {
        result[name] = value;
      } else if (typeof source[name] === 'string' && source[name] !== REDACTED) {
        result[name] = source[name];
      } else {
        missing.push(name);
        result[name] = value;
      }
    }
    return result;
  });
  const originals = new Map<string, Set<string>>();
  mapStrings(live, [], (text) => {
    const redacted = redactUserInfo(text);
    if (redacted !== text) originals.set(redacted, (originals.get(redacted) ?? new Set()).add(text));
    return text;
  });
  const withUrls = mapStrings(filled, [], (text, path) => {
    if (!text.includes(REDACTED_URL_MARK)) return text;
    const atPlace = valueAt(live, path);
    if (typeof atPlace === 'string' && redactUserInfo(atPlace) === text) return atPlace;
    const candidates = originals.get(text);
    if (candidates?.size === 1) return [...candidates][0]!;
    missing.push(pointer(...path));
    return text;
  });
  return { definition: withUrls as Record<string, unknown>, missing };
}

/** Applies `map` to every string of a JSON value; copies only what changes, keeps `__proto__` members as data. */
function mapStrings(value: unknown, path: (string | number)[], map: (text: string, path: (string | number)[]) => string): unknown {
  if (typeof value === 'string') return map(value, path);
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((entry: unknown, index) => {
      const next = mapStrings(entry, [...path, index], map);
      if (next !== entry) changed = true;
      return next;
    });
    return changed ? out : value;
  }
  if (!isRecord(value)) return value;
  let out: Record<string, unknown> | undefined;
  const keys = Object.keys(value);
  keys.forEach((key, index) => {
    const entry = value[key];
    const next = mapStrings(entry, [...path, key], map);
    if (out === undefined && next !== entry) {
      out = {};
      for (const earlier of keys.slice(0, index)) define(out, earlier, value[earlier]);
    }
    if (out !== undefined) define(out, key, next);
  });
  return out ?? value;
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const token of path) {
    if (typeof token === 'number' ? !Array.isArray(current) : !isRecord(current) || !Object.hasOwn(current, token)) return undefined;
    current = (current as Record<string | number, unknown>)[token];
  }
  return current;
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function redactEnv(env: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(env)) {
    result[name] = typeof value === 'string' && value !== '' && isSecretLikeName(name) ? REDACTED : value;
  }
  return result;
}

/** Applies `map` to every env map of a definition, in a fixed order: app `env`; pod `environment`, then containers'. */
function mapEnvironments(
  kind: ItemKind,
  definition: Record<string, unknown>,
  map: (env: Record<string, unknown>) => Record<string, unknown>,
): Record<string, unknown> {
  const result = { ...definition };
  if (kind === 'app') {
    if (isRecord(result['env'])) result['env'] = map(result['env']);
    return result;
  }
  if (isRecord(result['environment'])) result['environment'] = map(result['environment']);
  if (Array.isArray(result['containers'])) {
    result['containers'] = result['containers'].map((container: unknown) =>
      isRecord(container) && isRecord(container['environment']) ? { ...container, environment: map(container['environment']) } : container,
    );
  }
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
