/**
 * Marathon's JSON Schema for apps (`templates/schemas/marathon/AppDefinition.json`) as this tool reads it, and the one
 * recipe for an Ajv instance holding it: used when compiling at run time and when precompiling at build time, so the
 * two cannot differ in options, formats or the fields declared on top of the shipped file.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import type * as AjvModule from 'ajv';
import type { Ajv, CodeOptions, ValidateFunction } from 'ajv';
import type { FormatsPlugin } from 'ajv-formats';

import { templatePath } from '../../paths.js';
import type { JsonObject } from '../json.js';
import { isObject } from '../json.js';
import { dateTimeFormat } from './date-time.js';

/** Schema ids inside the Ajv instance: the whole app, and the app-level rules with every member accepted as is. */
export const APP_SCHEMA_ID = 'app';
export const APP_LEVEL_SCHEMA_ID = 'app-level';

/** `quick` stops at the first problem (about twice as fast); `complete` collects every one. */
export type ValidatorMode = 'quick' | 'complete';

/** The validators of one mode: the whole app, the app-level rules alone, and each declared member on its own. */
export interface AppValidators {
  whole: ValidateFunction;
  /** Type, required `id`, not both `cmd` and `args`, unknown fields: the schema with every member accepted as is. */
  appLevel: ValidateFunction;
  /** The validator of one declared member's value, or undefined for undeclared names. */
  member(name: string): ValidateFunction | undefined;
}

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

// Ajv and ajv-formats are CommonJS; loaded on first use, so a run served by the precompiled validators never loads them.
const require = createRequire(import.meta.url);

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
  // The schema forbids `cmd` together with `args`; Marathon (AppValidation.containsCmdArgsOrContainer) only forbids
  // it together with a non-empty `args`, and Universe templates do send `"cmd": ..., "args": []`.
  schema.not = { allOf: [{ required: ['cmd'] }, { required: ['args'], properties: { args: { minItems: 1 } } }] };
  appSchema = schema;
  return schema;
}

/** The names of the app members the schema declares. */
export function declaredMembers(): string[] {
  return Object.keys(loadAppSchema().properties as JsonObject);
}

/**
 * What the validators are compiled from: the schema as declared above and the options of `createAppAjv`. Precompiled
 * validators carry it, so a build made from another schema is never used.
 */
export function appSchemaDigest(): string {
  return createHash('sha256').update(JSON.stringify([loadAppSchema(), VALIDATOR_OPTIONS_VERSION])).digest('hex');
}

/** Bump when `createAppAjv` changes in a way the schema text does not show (options, formats). */
const VALIDATOR_OPTIONS_VERSION = 1;

let referenceDateTime: ((text: string) => boolean) | undefined;

/** The `date-time` check: the fast path, then ajv-formats (full mode) for the shapes it leaves. */
export const checkDateTime = dateTimeFormat((text) => {
  referenceDateTime ??= ((require('ajv-formats') as FormatsPlugin).get('date-time', 'full') as { validate: (value: string) => boolean }).validate;
  return referenceDateTime(text);
});

/** The format objects the schema needs, as Ajv and the precompiled code call them. */
export const APP_FORMATS = { 'date-time': { type: 'string' as const, validate: checkDateTime } };

/** An Ajv instance holding the app schema (`APP_SCHEMA_ID`) and the app-level rules (`APP_LEVEL_SCHEMA_ID`). */
export function createAppAjv(mode: ValidatorMode, code?: CodeOptions): Ajv {
  const schema = loadAppSchema();
  const properties = schema.properties as JsonObject;
  const { Ajv: AjvClass } = require('ajv') as typeof AjvModule;
  // The shipped schema is checked against the JSON Schema meta-schema by a test, not on every run (~30 ms a compile).
  const ajv = new AjvClass({ allErrors: mode === 'complete', strict: false, validateSchema: false, ...(code ? { code } : {}) });
  ajv.addFormat('date-time', APP_FORMATS['date-time']);
  ajv.addSchema(schema, APP_SCHEMA_ID);
  const { definitions: _definitions, ...rest } = schema;
  ajv.addSchema({ ...rest, properties: Object.fromEntries(Object.keys(properties).map((name) => [name, {}])) }, APP_LEVEL_SCHEMA_ID);
  return ajv;
}
