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
import { isObject, marathonPath, parsePointer } from '../json.js';
import type { Warning } from '../types.js';

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

let compiled: ValidateFunction | undefined;

function declare(properties: unknown, names: readonly string[]): void {
  if (!isObject(properties)) return;
  for (const name of names) if (!Object.hasOwn(properties, name)) properties[name] = {};
}

/** Loads and compiles AppDefinition.json once; throws if the shipped schema file is missing or unreadable. */
function appValidator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(templatePath('schemas', 'marathon', 'AppDefinition.json'), 'utf8')) as JsonObject;
  // "http://json-schema.org/schema#" is not a meta-schema Ajv knows; the keywords used are draft-04..07 compatible.
  delete schema.$schema;
  const properties = schema.properties as JsonObject;
  declare(properties, [...NEWER_APP_FIELDS, ...APP_INFO_FIELDS]);
  const container = properties.container as JsonObject;
  declare(container.properties, ['linuxInfo']);
  const volumeItems = ((container.properties as JsonObject).volumes as JsonObject).items as JsonObject;
  declare(volumeItems.properties, ['secret']);
  const ajv = new Ajv({ allErrors: true, strict: false });
  // ajv-formats is CommonJS with a default export; without esModuleInterop a default import does not type-check.
  const addFormats = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin;
  addFormats(ajv);
  compiled = ajv.compile(schema);
  return compiled;
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
  const validate = appValidator();
  if (validate(app)) return [];
  const warnings: Warning[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    // oneOf/anyOf wrappers repeat what their branches said.
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf' || error.keyword === 'if') continue;
    let pointerText = error.instancePath;
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
    } else if (error.keyword === 'not' && error.instancePath === '') {
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
