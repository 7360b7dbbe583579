/**
 * Secrets never reach a report: values of env variables whose names look secret (`*PASSWORD*`, `*TOKEN*`, ...)
 * are replaced, wherever they sit (a definition, a jsondiffpatch delta, a flat delta entry).
 */

// `(^|_)KEY($|_)`: SIGNING_KEY, KEY_FILE, as the journal's redaction (src/apply/redact.ts) treats them; not MONKEY.
const SECRET_NAME = /(PASS(WORD|WD)?|SECRET|TOKEN|CREDENTIAL|PRIVATE|API_?KEY|AUTH)|(^|_)KEY($|_)/i;
const ENV_KEYS = new Set(['env', 'environment']);
export const REDACTED = '<redacted>';

/** True when an env variable of this name is treated as a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

function redactAll(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((entry) => (typeof entry === 'number' ? entry : redactAll(entry)));
  if (typeof value === 'string') return REDACTED;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, redactAll(entry)]));
  }
  return value;
}

/** A copy of `value` with secret env values replaced; values without env objects are returned as they are. */
export function redactSecrets(value: unknown, underEnv = false): unknown {
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((entry) => {
      const next = redactSecrets(entry, underEnv);
      if (next !== entry) changed = true;
      return next;
    });
    return changed ? out : value;
  }
  if (typeof value !== 'object' || value === null) return value;
  // Copied only from the first member that changes: most values hold no secret and come back as they are.
  const keys = Object.keys(value);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const entry = (value as Record<string, unknown>)[key];
    const next = underEnv && isSecretName(key) ? redactAll(entry) : redactSecrets(entry, ENV_KEYS.has(key));
    if (out === undefined && next !== entry) {
      out = {};
      for (let j = 0; j < i; j++) define(out, keys[j]!, (value as Record<string, unknown>)[keys[j]!]);
    }
    if (out !== undefined) define(out, key, next);
  }
  return out ?? value;
}

/** defineProperty keeps a key named `__proto__` a plain data property. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
