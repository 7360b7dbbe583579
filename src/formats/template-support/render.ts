/**
 * Renders templates the way their real consumers do, so verification compares what DC/OS would actually see:
 * Cosmos for `marathon.json.mustache` (HTML escaping off, strings JSON-escaped, Java-list `.isEmpty`), and the
 * dcos-commons scheduler for `svc.yml` (its process env as the view, `true`/`false` strings as booleans, Mustache's
 * HTML escaping on).
 */
import { load } from 'js-yaml';
import mustache from 'mustache';

import { aliasBombMessage, expandedNodeCount, MAX_EXPANDED_NODES } from '../../core/yaml-bounds.js';
import { substituteBuildPlaceholders } from './build-placeholders.js';
import type { JsonObject } from './config-schema.js';

/** The outcome of rendering and parsing one template in one scenario. */
export interface RenderOutcome {
  text?: string;
  value?: unknown;
  /** Why rendering or parsing failed. */
  error?: string;
  /** False while the text is rendered but not parsed yet (parsing is skipped when both sides render the same). */
  parsed?: boolean;
}

/** Parses a rendered text in place (JSON for Marathon apps, YAML for service specs); a no-op once parsed. */
export function parseRender(kind: 'json' | 'yaml', outcome: RenderOutcome): RenderOutcome {
  if (outcome.parsed !== false || outcome.text === undefined) return outcome;
  outcome.parsed = true;
  try {
    outcome.value = kind === 'json' ? (JSON.parse(outcome.text) as unknown) : load(outcome.text);
    if (kind === 'yaml' && expandedNodeCount(outcome.value) > MAX_EXPANDED_NODES) {
      delete outcome.value;
      outcome.error = `rendered YAML refused: ${aliasBombMessage()}`;
      return outcome;
    }
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? '';
    outcome.error = kind === 'json' ? `rendered JSON does not parse: ${message}` : `rendered YAML does not parse: ${message}`;
  }
  return outcome;
}

function jsonEscapeInner(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

const converted = new WeakMap<object, unknown>();

/** Cosmos's view of the options: strings pre-escaped for JSON, arrays answering `.isEmpty` like Java lists. */
export function cosmosView(options: JsonObject, resource?: unknown): JsonObject {
  const convert = (value: unknown): unknown => {
    if (typeof value === 'string') return jsonEscapeInner(value);
    // Scenarios share every option subtree they do not toggle; convert each subtree once.
    if (typeof value === 'object' && value !== null && converted.has(value)) return converted.get(value);
    const result = convertFresh(value);
    if (typeof value === 'object' && value !== null) converted.set(value, result);
    return result;
  };
  const convertFresh = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const list = value.map(convert);
      // Java lists answer `.isEmpty`; a list or object used as a value (`"constraints": {{x}}`) renders as JSON.
      Object.defineProperty(list, 'isEmpty', { value: list.length === 0, enumerable: false });
      Object.defineProperty(list, 'toString', { value: () => JSON.stringify(value), enumerable: false });
      return list;
    }
    if (typeof value === 'object' && value !== null) {
      const object = Object.fromEntries(Object.entries(value).map(([key, child]) => [key, convert(child)]));
      Object.defineProperty(object, 'toString', { value: () => JSON.stringify(value), enumerable: false });
      return object;
    }
    return value;
  };
  const view = convert(options) as JsonObject;
  // A fresh top level: the converted options are cached and shared, so `resource` must not be written into them.
  return resource === undefined ? { ...view } : { ...view, resource: convert(resource) };
}

/**
 * Renders with a writer of its own: Mustache's shared writer caches every template it has parsed, keyed by the whole
 * text, which grows without bound when many distinct templates are rendered (a fuzzing campaign ran out of heap).
 */
function renderOnce(template: string, view: unknown, escape: (value: unknown) => string): string {
  return new mustache.Writer().render(template, view, {}, { escape });
}

/** Renders a marathon.json.mustache with a Cosmos view and (unless `parse` is false) parses it as one JSON document. */
export function renderMarathonTemplate(template: string, view: JsonObject, parse = true): RenderOutcome {
  let text: string;
  try {
    // Cosmos switches HTML escaping off; strings in the view are already JSON-escaped.
    text = renderOnce(substituteBuildPlaceholders(template), view, (value: unknown) => String(value));
  } catch (error) {
    return { error: `Mustache: ${(error as Error).message}` };
  }
  const outcome: RenderOutcome = { text, parsed: false };
  return parse ? parseRender('json', outcome) : outcome;
}

const SDK_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '=': '&#61;',
};

/** mustache.java's HTML escaper, which the SDK leaves on: it also escapes backtick and `=`, not `/`. */
function sdkEscape(value: unknown): string {
  return String(value).replace(/[&<>"'`=]/g, (character) => SDK_ESCAPES[character] ?? character);
}

/** The scheduler's view of its env: `true`/`false` (any case) become booleans, everything else stays a string. */
export function sdkView(env: Readonly<Record<string, string>>): JsonObject {
  const view: JsonObject = {};
  for (const [key, value] of Object.entries(env)) {
    view[key] = /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : value;
  }
  return view;
}

/**
 * Renders a service spec with a scheduler env view and (unless `parse` is false) parses it as YAML; duplicate keys
 * are errors, as in the SDK.
 */
export function renderServiceSpec(template: string, view: JsonObject, parse = true): RenderOutcome {
  let text: string;
  try {
    text = renderOnce(substituteBuildPlaceholders(template), view, sdkEscape);
  } catch (error) {
    return { error: `Mustache: ${(error as Error).message}` };
  }
  const outcome: RenderOutcome = { text, parsed: false };
  return parse ? parseRender('yaml', outcome) : outcome;
}

/** The scheduler env a rendered Marathon app hands to the SDK: its `env` entries that are plain strings. */
export function schedulerEnv(app: unknown): Record<string, string> {
  const env: Record<string, string> = {};
  if (typeof app !== 'object' || app === null) return env;
  const raw = (app as { env?: unknown }).env;
  if (typeof raw !== 'object' || raw === null) return env;
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') env[key] = String(value);
  }
  return env;
}
