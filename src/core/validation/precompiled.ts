/**
 * The first-error validators compiled to code at build time (Ajv's standalone code), so a CLI run loads them in
 * ~20 ms instead of loading Ajv and compiling Marathon's schema (~200 ms, most of a small `diff`). The build writes
 * them next to this module in dist/; run from the sources (tests), or built from another schema, they are not there
 * or not used, and the validators are compiled at run time as before.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import type * as AjvModule from 'ajv';
import type { ValidateFunction } from 'ajv';
import type * as StandaloneModule from 'ajv/dist/standalone/index.js';

import { escapePointerToken } from '../json.js';
import type { AppValidators } from './app-schema.js';
import { APP_FORMATS, APP_LEVEL_SCHEMA_ID, APP_SCHEMA_ID, appSchemaDigest, createAppAjv, declaredMembers } from './app-schema.js';

/** Where the build puts the precompiled validators: beside this module. */
export const PRECOMPILED_FILE = fileURLToPath(new URL('./app-validators.precompiled.cjs', import.meta.url));

const require = createRequire(import.meta.url);

/** The module's exports: one validator per name, plus the digest of what it was compiled from. */
type PrecompiledExports = Record<string, ValidateFunction> & { digest?: unknown };

/**
 * The CommonJS source of the precompiled first-error validators: `module.exports = (formats) => exports`, where the
 * exports are `whole`, `appLevel`, one `member:<name>` per declared member, and `digest` (see appSchemaDigest).
 */
export function precompiledSource(): string {
  const { _ } = require('ajv') as typeof AjvModule;
  const standaloneCode = (require('ajv/dist/standalone/index.js') as typeof StandaloneModule).default;
  // Formats are passed in by the loader: the date-time check is this package's code, not something to inline.
  const ajv = createAppAjv('quick', { source: true, formats: _`formats` });
  const refs: Record<string, string> = { whole: APP_SCHEMA_ID, appLevel: APP_LEVEL_SCHEMA_ID };
  for (const name of declaredMembers()) refs[`member:${name}`] = `${APP_SCHEMA_ID}#/properties/${escapePointerToken(name)}`;
  const code = standaloneCode(ajv, refs);
  return [
    '// Generated at build time by dcos-calico-migrate (src/core/validation/precompiled.ts); do not edit.',
    '"use strict";',
    'module.exports = function validators(formats) {',
    'const exports = {};',
    code,
    `exports.digest = ${JSON.stringify(appSchemaDigest())};`,
    'return exports;',
    '};',
    '',
  ].join('\n');
}

/** The precompiled first-error validators from `file`, or undefined when there are none or they were built from another schema. */
export function loadPrecompiled(file: string = PRECOMPILED_FILE): AppValidators | undefined {
  if (!existsSync(file)) return undefined;
  const factory = require(file) as (formats: typeof APP_FORMATS) => PrecompiledExports;
  const exports = factory(APP_FORMATS);
  if (exports.digest !== appSchemaDigest()) return undefined;
  const whole = exports['whole'];
  const appLevel = exports['appLevel'];
  if (!whole || !appLevel) return undefined;
  return {
    whole,
    appLevel,
    member: (name) => (Object.hasOwn(exports, `member:${name}`) ? exports[`member:${name}`] : undefined),
  };
}
