/**
 * Render-and-compare verification. A rewritten template is rendered before and after in every scenario (package
 * defaults, then each boolean option toggled; for svc.yml through the whole chain config.json -> marathon.json.mustache
 * -> scheduler env -> svc.yml), each render is parsed, and the semantic diff may hold only network-name changes and
 * carried labels. Anything else, or a scenario where the rewrite shows but cannot be parsed, fails the file.
 */
import { renderScenarios, schemaDefaults } from './config-schema.js';
import type { JsonObject, RenderScenario } from './config-schema.js';
import { scanMustache, tagNames } from './mustache-tags.js';
import type { MustacheTag } from './mustache-tags.js';
import { cosmosView, parseRender, renderMarathonTemplate, renderServiceSpec, schedulerEnv, sdkView } from './render.js';
import type { RenderOutcome } from './render.js';
import { classifyDiff, describeEntries, semanticDiff } from './semantic-diff.js';
import type { DiffEntry, RenderKind } from './semantic-diff.js';

/**
 * `same`: the rewrite does not show in this render; `verified`: it shows and the semantic diff holds only allowed
 * entries; `verified-text`: the template renders invalid JSON/YAML here even before the rewrite (an option without
 * a default, say), so the renders were compared line by line instead; `failed`: anything else.
 */
export type ScenarioStatus = 'same' | 'verified' | 'verified-text' | 'failed';

export interface ScenarioResult {
  name: string;
  status: ScenarioStatus;
  allowed: Array<DiffEntry & { reason: string }>;
  unexpected: DiffEntry[];
  error?: string;
  before?: unknown;
  after?: unknown;
}

export interface Verification {
  /** True when every scenario is `same` or `verified` and at least one shows the rewrite (if the text changed). */
  ok: boolean;
  scenarios: ScenarioResult[];
  /** Why verification failed, naming the scenario and the unexpected paths. */
  reason?: string;
}

/** A pair of render outcomes of one scenario. */
interface RenderPair {
  name: string;
  before: RenderOutcome;
  after: RenderOutcome;
}

/** Compares render pairs, kind-aware. `changed` says whether the template text changed at all. */
export function compareRenders(kind: RenderKind, pairs: readonly RenderPair[], from: string, to: string, changed: boolean): Verification {
  const scenarios: ScenarioResult[] = [];
  const format = kind === 'marathon-app' ? 'json' : 'yaml';
  for (const pair of pairs) {
    if (pair.before.text !== undefined && pair.before.text === pair.after.text) {
      // Only the first scenario is parsed when nothing differs: it gives the plan its before/after view.
      const value = scenarios.length === 0 ? parseRender(format, pair.before).value : undefined;
      scenarios.push({ name: pair.name, status: 'same', allowed: [], unexpected: [], before: value, after: value });
      continue;
    }
    parseRender(format, pair.before);
    parseRender(format, pair.after);
    if (pair.before.error !== undefined && pair.after.error !== undefined && pair.before.text !== undefined && pair.after.text !== undefined) {
      const textual = sameUpToRename(kind, pair.before.text, pair.after.text, from, to);
      scenarios.push({
        name: pair.name,
        status: textual ? 'verified-text' : 'failed',
        allowed: [],
        unexpected: [],
        ...(textual ? { error: pair.before.error } : { error: `the render does not parse even before the rewrite (${pair.before.error}), and it differs in more than the network name` }),
      });
      continue;
    }
    if (pair.before.error !== undefined || pair.after.error !== undefined) {
      const side = pair.after.error !== undefined && pair.before.error === undefined ? 'after the rewrite' : 'before the rewrite';
      scenarios.push({ name: pair.name, status: 'failed', allowed: [], unexpected: [], error: `${side}: ${pair.after.error ?? pair.before.error ?? ''}` });
      continue;
    }
    const diff = classifyDiff(kind, semanticDiff(pair.before.value, pair.after.value), from, to);
    scenarios.push({
      name: pair.name,
      status: diff.unexpected.length > 0 ? 'failed' : 'verified',
      allowed: diff.allowed,
      unexpected: diff.unexpected,
      before: pair.before.value,
      after: pair.after.value,
    });
  }
  const failed = scenarios.find((scenario) => scenario.status === 'failed');
  if (failed) {
    const detail = failed.error ?? `unexpected differences: ${describeEntries(failed.unexpected)}`;
    return { ok: false, scenarios, reason: `render check failed in scenario ${failed.name}: ${detail}` };
  }
  if (changed && !scenarios.some((scenario) => scenario.status === 'verified' || scenario.status === 'verified-text')) {
    return { ok: false, scenarios, reason: 'render check failed: no scenario renders the rewritten part, so the rewrite cannot be proven' };
  }
  return { ok: true, scenarios };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The fallback comparison for renders that do not parse on either side: same line count, and every differing line
 * becomes the other once the network name is renamed in a JSON string token or a YAML key.
 */
export function sameUpToRename(kind: RenderKind, before: string, after: string, from: string, to: string): boolean {
  const beforeLines = before.split('\n');
  const afterLines = after.split('\n');
  if (beforeLines.length !== afterLines.length) return false;
  const pattern = kind === 'marathon-app' ? new RegExp(`"${escapeRegExp(from)}"`, 'g') : new RegExp(`^(\\s*(?:-\\s+)?["']?)${escapeRegExp(from)}(["']?\\s*:)`);
  const replacement = kind === 'marathon-app' ? `"${to}"` : `$1${to}$2`;
  return beforeLines.every((line, index) => line === afterLines[index] || line.replace(pattern, replacement) === afterLines[index]);
}

function setDotted(target: JsonObject, dotted: string, value: unknown, overwrite: boolean): void {
  const keys = dotted.split('.');
  let node = target;
  keys.forEach((key, index) => {
    if (index === keys.length - 1) {
      if (overwrite || !(key in node)) node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as JsonObject;
  });
}

/**
 * Scenarios for a template with no config.json (or a spec with no marathon template): every section on, every
 * section off, then each section off alone; every variable a plain placeholder, network-name variables the old
 * network (so the render looks like a default install).
 */
export function syntheticScenarios(tags: readonly MustacheTag[], networkVariables: ReadonlySet<string>, from: string, placeholder: string): RenderScenario[] {
  const sections = [...new Set(tags.filter((tag) => tag.kind === 'section' || tag.kind === 'inverted').map((tag) => tag.name))].filter((name) => name !== '.');
  const variables = [...new Set(tags.filter((tag) => tag.kind === 'variable' || tag.kind === 'triple' || tag.kind === 'ampersand').map((tag) => tag.name))].filter((name) => name !== '.');
  const build = (on: (section: string) => boolean): JsonObject => {
    const view: JsonObject = {};
    for (const section of sections) setDotted(view, section, on(section), false);
    for (const variable of variables) setDotted(view, variable, networkVariables.has(variable) ? from : placeholder, false);
    return view;
  };
  const scenarios: RenderScenario[] = [
    { name: 'all sections on', options: build(() => true) },
    { name: 'all sections off', options: build(() => false) },
  ];
  for (const section of sections.slice(0, 64)) scenarios.push({ name: `${section} off`, options: build((name) => name !== section) });
  return scenarios;
}

/** Verifies a marathon.json.mustache rewrite against the package options (or synthetic ones). */
export function verifyMarathonTemplate(
  before: string,
  after: string,
  scenarios: readonly RenderScenario[],
  resource: unknown,
  from: string,
  to: string,
): Verification {
  const pairs = scenarios.map((scenario) => {
    const view = cosmosView(scenario.options, resource);
    return { name: scenario.name, before: renderMarathonTemplate(before, view, false), after: renderMarathonTemplate(after, view, false) };
  });
  return compareRenders('marathon-app', pairs, from, to, before !== after);
}

/** Scheduler env views for a spec: from the package chain when there is one, else synthetic. */
export function specEnvScenarios(marathon: string | undefined, scenarios: readonly RenderScenario[], resource: unknown): Array<{ name: string; view: JsonObject; error?: string }> {
  if (marathon === undefined) return scenarios.map((scenario) => ({ name: scenario.name, view: scenario.options }));
  return scenarios.map((scenario) => {
    const app = renderMarathonTemplate(marathon, cosmosView(scenario.options, resource));
    if (app.error !== undefined) return { name: scenario.name, view: {}, error: `marathon.json.mustache: ${app.error}` };
    return { name: scenario.name, view: sdkView(schedulerEnv(app.value)) };
  });
}

/** Verifies a svc.yml rewrite with the given scheduler env views. */
export function verifyServiceSpec(
  before: string,
  after: string,
  envs: ReadonlyArray<{ name: string; view: JsonObject; error?: string }>,
  from: string,
  to: string,
): Verification {
  // Scenarios that hand the scheduler the same env render the same spec: check each distinct env once.
  const seen = new Set<string>();
  const usable = envs.filter((env) => {
    if (env.error !== undefined) return false;
    const key = JSON.stringify(env.view);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const pairs = usable.map((env) => ({ name: env.name, before: renderServiceSpec(before, env.view, false), after: renderServiceSpec(after, env.view, false) }));
  return compareRenders('service-spec', pairs, from, to, before !== after);
}

/**
 * Verifies a config.json rewrite: the package's template rendered with the old and the new defaults (and each
 * boolean toggled), and every service spec rendered from both schedulers' envs.
 */
export function verifyPackageConfig(
  beforeSchema: unknown,
  afterSchema: unknown,
  marathon: string,
  resource: unknown,
  specs: ReadonlyArray<{ path: string; text: string }>,
  from: string,
  to: string,
): { template: Verification; specs: Array<{ path: string; verification: Verification }> } {
  const referenced = tagNames(scanMustache(marathon).tags);
  const beforeScenarios = renderScenarios(beforeSchema, referenced);
  const afterScenarios = renderScenarios(afterSchema, referenced);
  const appPairs: RenderPair[] = beforeScenarios.map((scenario, index) => ({
    name: scenario.name,
    before: renderMarathonTemplate(marathon, cosmosView(scenario.options, resource), false),
    after: renderMarathonTemplate(marathon, cosmosView(afterScenarios[index]?.options ?? schemaDefaults(afterSchema), resource), false),
  }));
  const changed = JSON.stringify(schemaDefaults(beforeSchema)) !== JSON.stringify(schemaDefaults(afterSchema));
  const template = compareRenders('marathon-app', appPairs, from, to, changed);
  const specResults = specs.map((spec) => {
    const pairs: RenderPair[] = appPairs
      // The same app renders the same env, hence the same spec: only differing renders need the chain.
      .filter((pair) => pair.before.text !== pair.after.text && parseRender('json', pair.before).error === undefined && parseRender('json', pair.after).error === undefined)
      .flatMap((pair) => {
        const beforeEnv = schedulerEnv(pair.before.value);
        const afterEnv = schedulerEnv(pair.after.value);
        // The same env renders the same spec: nothing to compare.
        if (JSON.stringify(beforeEnv) === JSON.stringify(afterEnv)) return [];
        return [{ name: pair.name, before: renderServiceSpec(spec.text, sdkView(beforeEnv), false), after: renderServiceSpec(spec.text, sdkView(afterEnv), false) }];
      });
    return { path: spec.path, verification: compareRenders('service-spec', pairs, from, to, false) };
  });
  return { template, specs: specResults };
}
