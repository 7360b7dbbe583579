/**
 * Marathon's own JSON Schema for apps (`templates/schemas/marathon/AppDefinition.json`), loaded on first use and
 * compiled once. Errors come back as Warnings whose message carries Marathon's error text and path.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';

import { escapePointerToken, isObject, marathonPath, parsePointer } from '../json.js';
import type { Warning } from '../types.js';
import type { AppValidators, ValidatorMode } from './app-schema.js';
import { APP_LEVEL_SCHEMA_ID, APP_SCHEMA_ID, createAppAjv, loadAppSchema } from './app-schema.js';
import { loadPrecompiled } from './precompiled.js';

export { loadAppSchema };

/**
 * Two sets of validators, each made on first use: `quick` stops at the first error (about twice as fast, and nearly
 * every app is valid) and comes precompiled in a built package; `complete` collects every error and runs only on
 * what `quick` rejected.
 */
const compiled: { quick?: AppValidators; complete?: AppValidators } = {};

function appValidators(mode: ValidatorMode): AppValidators {
  const existing = compiled[mode];
  if (existing) return existing;
  const validators = (mode === 'quick' ? loadPrecompiled() : undefined) ?? compileAppValidators(mode);
  compiled[mode] = validators;
  return validators;
}

/** The validators of `mode`, compiled now (members on first use). */
export function compileAppValidators(mode: ValidatorMode): AppValidators {
  const ajv = createAppAjv(mode);
  const properties = loadAppSchema().properties as Record<string, unknown>;
  const members = new Map<string, ValidateFunction>();
  return {
    whole: ajv.getSchema(APP_SCHEMA_ID)!,
    appLevel: ajv.getSchema(APP_LEVEL_SCHEMA_ID)!,
    member(name) {
      if (!Object.hasOwn(properties, name)) return undefined;
      let validate = members.get(name);
      if (!validate) {
        validate = ajv.getSchema(`${APP_SCHEMA_ID}#/properties/${escapePointerToken(name)}`)!;
        members.set(name, validate);
      }
      return validate;
    },
  };
}

/** Runs `pick(quick)`; only when it fails, `pick(complete)` for the full list of errors, prefixed with `prefix`. */
function check(pick: (validators: AppValidators) => ValidateFunction | undefined, value: unknown, prefix: string): Warning[] {
  const quick = pick(appValidators('quick'));
  if (!quick || quick(value)) return [];
  const complete = pick(appValidators('complete'))!;
  return complete(value) ? [] : schemaWarnings(complete.errors ?? [], prefix);
}

const JS_TYPE: Record<string, string> = {
  string: 'jsstring',
  number: 'jsnumber',
  integer: 'jsnumber',
  boolean: 'jsboolean',
  array: 'jsarray',
  object: 'jsobject',
};

/** Marathon's (Play JSON) error key for one schema error, e.g. `error.expected.jsstring`. */
function marathonErrorKey(error: ErrorObject): string {
  switch (error.keyword) {
    case 'type': {
      const type = String((error.params as { type: string }).type).split(',')[0]!;
      return `error.expected.${JS_TYPE[type] ?? `js${type}`}`;
    }
    case 'enum':
      return 'error.unknown.enum.literal';
    case 'required':
      return 'error.path.missing';
    case 'pattern':
      return 'error.pattern';
    case 'minLength':
      return 'error.minLength';
    case 'maxLength':
      return 'error.maxLength';
    case 'minimum':
      return 'error.min';
    case 'maximum':
      return 'error.max';
    case 'minItems':
      return 'error.minLength';
    default:
      return error.keyword;
  }
}

/**
 * Checks an app against Marathon's JSON Schema. Returns one Warning per problem: `schema` errors (severity
 * `error`) with Marathon's error key and path in the message, and `schema-unknown-field` warnings for fields the
 * schema does not know (Marathon ignores undeclared fields, so they are most likely typos). Throws only when the
 * shipped schema cannot be loaded.
 */
export function validateAppSchema(app: unknown): Warning[] {
  return check((validators) => validators.whole, app, '');
}

/**
 * The part of `validateAppSchema(app)` that concerns the app as a whole (type, required `id`, `cmd` with `args`,
 * unknown fields) and the members named in `names`. The schema judges each declared member on its own, so checking
 * only the members that changed since a validated version finds every problem the change can introduce.
 */
export function validateAppSchemaMembers(app: unknown, names: Iterable<string>): Warning[] {
  const warnings = check((validators) => validators.appLevel, app, '');
  if (!isObject(app)) return warnings;
  for (const name of names) {
    if (Object.hasOwn(app, name)) warnings.push(...check((validators) => validators.member(name), app[name], `/${escapePointerToken(name)}`));
  }
  return warnings;
}

/** Marathon-style warnings for Ajv errors whose instance paths lie below `prefix`. */
function schemaWarnings(errors: readonly ErrorObject[], prefix: string): Warning[] {
  const warnings: Warning[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // oneOf/anyOf wrappers repeat what their branches said.
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if') continue;
    const instancePath = prefix + error.instancePath;
    let pointerText = instancePath;
    let warning: Warning;
    if (error.keyword === 'additionalProperties') {
      const field = (error.params as { additionalProperty: string }).additionalProperty;
      pointerText = `${pointerText}/${field.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      warning = {
        code: 'schema-unknown-field',
        severity: 'warning',
        pointer: pointerText,
        message: `${marathonPath(toTokens(pointerText))}: unknown field ${JSON.stringify(field)}; Marathon ignores it (a typo?)`,
      };
    } else if (error.keyword === 'required') {
      const field = (error.params as { missingProperty: string }).missingProperty;
      pointerText = `${pointerText}/${field.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      warning = { code: 'schema', severity: 'error', pointer: pointerText, message: `${marathonPath(toTokens(pointerText))}: error.path.missing` };
    } else if (error.keyword === 'not' && instancePath === '') {
      warning = {
        code: 'schema',
        severity: 'error',
        pointer: '',
        message: "/: AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.",
      };
    } else {
      warning = {
        code: 'schema',
        severity: 'error',
        pointer: pointerText,
        message: `${marathonPath(toTokens(pointerText))}: ${marathonErrorKey(error)} (${error.message ?? error.keyword})`,
      };
    }
    const key = `${warning.pointer}\u0000${warning.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      warnings.push(warning);
    }
  }
  return warnings;
}

/** JSON pointer tokens with array indices as numbers, for Marathon's path rendering. */
function toTokens(pointerText: string): (string | number)[] {
  return parsePointer(pointerText).map((token) => (/^(0|[1-9]\d*)$/.test(token) ? Number(token) : token));
}
