/**
 * A Universe `config.json` read as Cosmos reads it: a JSON Schema whose `default`s form the options a package is
 * rendered with. Also derives the render scenarios (defaults, then each boolean option toggled) that verification
 * runs, so both sides of `{{#service.virtual_network_enabled}}` are exercised.
 */
import { parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';

import { InputError } from '../../errors.js';
import { lineOfOffset } from './text-edits.js';

export type JsonObject = { [key: string]: unknown };

/** A config.json parsed with its jsonc-parser tree (offsets into the original text). */
export interface ConfigSchema {
  value: JsonObject;
  tree: Node;
}

/** One set of options to render with. */
export interface RenderScenario {
  /** `defaults`, or `service.virtual_network_enabled=true` for a toggled boolean. */
  name: string;
  options: JsonObject;
}

/**
 * Parses config.json strictly (no comments, no trailing commas, as Cosmos does). Throws InputError naming the file,
 * line and column of the first syntax error, or when the top level is not an object.
 */
export function parseConfigSchema(path: string, text: string): ConfigSchema {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (first) {
    const line = lineOfOffset(text, first.offset);
    const column = first.offset - text.lastIndexOf('\n', first.offset - 1);
    throw new InputError({ file: path, line, column }, `could not parse ${path} - invalid JSON (${printParseErrorCode(first.error)}).`);
  }
  if (!tree || tree.type !== 'object') throw new InputError({ file: path, pointer: '' }, `${path} is not a JSON object.`);
  return { value: JSON.parse(text) as JsonObject, tree };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when the document looks like a package options schema: `properties` of typed sub-schemas. */
export function looksLikeOptionsSchema(value: unknown): boolean {
  if (!isObject(value) || !isObject(value.properties)) return false;
  if (value.type !== undefined && value.type !== 'object') return false;
  const children = Object.values(value.properties);
  return children.length > 0 && children.every((child) => isObject(child) && ('type' in child || 'properties' in child || 'default' in child));
}

/** The option values Cosmos starts from: every `default`, nested as the `properties` are. */
export function schemaDefaults(schema: unknown): JsonObject {
  const out: JsonObject = {};
  if (!isObject(schema) || !isObject(schema.properties)) return out;
  for (const [key, child] of Object.entries(schema.properties)) {
    if (!isObject(child)) continue;
    if (isObject(child.properties)) {
      const nested = schemaDefaults(child);
      out[key] = isObject(child.default) ? { ...child.default, ...nested } : nested;
    } else if ('default' in child) {
      out[key] = child.default;
    }
  }
  return out;
}

/** Dotted paths (`service.virtual_network_enabled`) of every option, with its sub-schema. */
export function listOptions(schema: unknown, prefix: string[] = []): Array<{ path: string[]; schema: JsonObject }> {
  const out: Array<{ path: string[]; schema: JsonObject }> = [];
  if (!isObject(schema) || !isObject(schema.properties)) return out;
  for (const [key, child] of Object.entries(schema.properties)) {
    if (!isObject(child)) continue;
    const path = [...prefix, key];
    if (isObject(child.properties)) out.push(...listOptions(child, path));
    else out.push({ path, schema: child });
  }
  return out;
}

/** The sub-schema of an option path, or undefined when config.json does not declare it. */
export function optionSchema(schema: unknown, path: readonly string[]): JsonObject | undefined {
  let node: unknown = schema;
  for (const key of path) {
    if (!isObject(node) || !isObject(node.properties)) return undefined;
    node = node.properties[key];
  }
  return isObject(node) ? node : undefined;
}

/** JSON pointer of an option's `default` inside config.json. */
export function defaultPointer(path: readonly string[]): string {
  return path.map((key) => `/properties/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('') + '/default';
}

function setPath(target: JsonObject, path: readonly string[], value: unknown): JsonObject {
  const copy: JsonObject = { ...target };
  const [head, ...rest] = path;
  if (head === undefined) return copy;
  copy[head] = rest.length === 0 ? value : setPath(isObject(copy[head]) ? copy[head] : {}, rest, value);
  return copy;
}

/**
 * The scenarios verification renders: the defaults, then every boolean option flipped one at a time (a boolean
 * without a default counts as false). `referenced` (the tag names of the template) leaves out booleans the
 * template never reads. Capped so that a schema with hundreds of switches stays fast; network booleans come first.
 */
export function renderScenarios(schema: unknown, referenced?: ReadonlySet<string>, limit = 64): RenderScenario[] {
  const defaults = schemaDefaults(schema);
  const scenarios: RenderScenario[] = [{ name: 'defaults', options: defaults }];
  // A boolean no tag reads renders exactly like the defaults, so toggling it proves nothing new.
  const isReferenced = (path: readonly string[]): boolean =>
    referenced === undefined || path.some((_key, index) => referenced.has(path.slice(0, index + 1).join('.')));
  const booleans = listOptions(schema).filter((option) => option.schema.type === 'boolean' && isReferenced(option.path));
  booleans.sort((a, b) => Number(/network/i.test(b.path.join('.'))) - Number(/network/i.test(a.path.join('.'))));
  for (const option of booleans.slice(0, limit)) {
    const current = option.schema.default === true;
    scenarios.push({ name: `${option.path.join('.')}=${String(!current)}`, options: setPath(defaults, option.path, !current) });
  }
  return scenarios;
}
