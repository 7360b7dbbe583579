/**
 * Marathon's own JSON Schema for apps (`templates/schemas/marathon/AppDefinition.json`), loaded on first use and
 * compiled once. Errors come back as Warnings whose message carries Marathon's error text and path.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { FormatsPlugin } from 'ajv-formats';

import { templatePath } from '../../paths.js';
import type { JsonObject } from '../json.js';
import { escapePointerToken, isObject, marathonPath, parsePointer } from '../json.js';
import type { Warning } from '../types.js';
import { dateTimeFormat } from './date-time.js';

/**
 * App fields Marathon added after the JSON Schema was frozen (app.raml) and the read-only fields of `AppInfo`
 * (API answers). Marathon accepts or ignores them, so the schema must not call them unknown.
 */
const NEWER_APP_FIELDS = ['role', 'tty', 'resourceLimits', 'check'];
const APP_INFO_FIELDS = [
  'tasksStaged',
  'tasksRunning',
  'tasksHealthy',
  'tasksUnhealthy',
  'deployments',
  'tasks',
  'lastTaskFailure',
  'readinessCheckResults',
  'taskStats',
  'tasksStats',
];

/** One compilation of the schema: the whole app, the app-level rules alone, and each declared member on its own. */
interface AppValidators {
  whole: ValidateFunction;
  /** Type, required `id`, not both `cmd` and `args`, unknown fields: the schema with every member accepted as is. */
  appLevel: ValidateFunction;
  /** The validator of one declared member's value (compiled on first use), or undefined for undeclared names. */
  member(name: string): ValidateFunction | undefined;
}

/**
 * Two compilations, each made on first use: `quick` stops at the first error (about twice as fast, and nearly
 * every app is valid), `complete` collects every error and runs only on what `quick` rejected.
 */
const compiled: { quick?: AppValidators; complete?: AppValidators } = {};
let appSchema: JsonObject | undefined;

function declare(properties: unknown, names: readonly string[]): void {
  if (!isObject(properties)) return;
  for (const name of names) if (!Object.hasOwn(properties, name)) properties[name] = {};
}

/** AppDefinition.json as shipped, with the fields Marathon added later declared; throws if the file is unreadable. */
export function loadAppSchema(): JsonObject {
  if (appSchema) return appSchema;
  const schema = JSON.parse(readFileSync(templatePath('schemas', 'marathon', 'AppDefinition.json'), 'utf8')) as JsonObject;
  // "http://json-schema.org/schema#" is not a meta-schema Ajv knows; the keywords used are draft-04..07 compatible.
  delete schema.$schema;
  const properties = schema.properties as JsonObject;
  declare(properties, [...NEWER_APP_FIELDS, ...APP_INFO_FIELDS]);
  const container = properties.container as JsonObject;
  declare(container.properties, ['linuxInfo']);
  const volumeItems = ((container.properties as JsonObject).volumes as JsonObject).items as JsonObject;
  declare(volumeItems.properties, ['secret']);
  appSchema = schema;
  return schema;
}

function appValidators(mode: 'quick' | 'complete'): AppValidators {
  const existing = compiled[mode];
  if (existing) return existing;
  const schema = loadAppSchema();
  const properties = schema.properties as JsonObject;
  // The shipped schema is checked against the JSON Schema meta-schema by a test, not on every run (~30 ms a compile).
  const ajv = new Ajv({ allErrors: mode === 'complete', strict: false, validateSchema: false });
  // ajv-formats is CommonJS with a default export; without esModuleInterop a default import does not type-check.
  const addFormats = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin;
  addFormats(ajv);
  const { validate: reference } = addFormats.get('date-time', 'full') as { validate: (text: string) => boolean };
  ajv.addFormat('date-time', { type: 'string', validate: dateTimeFormat(reference) });
  ajv.addSchema(schema, 'app');
  const { definitions: _definitions, ...rest } = schema;
  const appLevel = ajv.compile({ ...rest, properties: Object.fromEntries(Object.keys(properties).map((name) => [name, {}])) });
  const members = new Map<string, ValidateFunction>();
  const validators: AppValidators = {
    whole: ajv.getSchema('app')!,
    appLevel,
    member(name) {
      if (!Object.hasOwn(properties, name)) return undefined;
      let validate = members.get(name);
      if (!validate) {
        validate = ajv.getSchema(`app#/properties/${escapePointerToken(name)}`)!;
        members.set(name, validate);
      }
      return validate;
    },
  };
  compiled[mode] = validators;
  return validators;
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
