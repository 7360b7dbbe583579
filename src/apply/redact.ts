/**
 * Keeps secret env values out of journals and summaries. A value is secret when its variable's name looks like a
 * credential (PASSWORD, SECRET, TOKEN, KEY, ...). Secret *references* (`{"secret": "name"}`) are not secrets and stay.
 * The migration never changes such values, so a redacted definition can be restored by taking them from the live
 * definition (`unredact`).
 */
import type { ItemKind } from './definitions.js';

/** What a secret value is replaced with. */
export const REDACTED = '<redacted: secret-like env value>';

// The same names the plan's reports redact, plus bare `*_KEY` variables.
const secretName = /pass(word|wd)?|secret|token|credential|private|api_?key|auth|(^|_)key($|_)/i;

/** True when an env variable's name suggests its value is a credential. */
export function isSecretLikeName(name: string): boolean {
  return secretName.test(name);
}

/** A copy of the definition with secret-like env values replaced by REDACTED. */
export function redactDefinition(kind: ItemKind, definition: Record<string, unknown>): Record<string, unknown> {
  return mapEnvironments(kind, definition, (env) => redactEnv(env));
}

/**
 * Puts the real values back into a redacted definition, taking them from `live` (same variable name and place).
 * Returns the names it could not fill (the variable is gone from the live definition).
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
  return { definition: filled, missing };
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
