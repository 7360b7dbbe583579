/**
 * The package view: for a Universe package folder (marathon.json.mustache + config.json [+ resource.json]) or a
 * dcos-commons framework folder (svc.yml + universe/), the whole chain of a network name — which option drives it,
 * its old and new default, which pods (or which app) land on which network — and the caveat that a new default does
 * not reach existing installs, with the exact update command and options JSON. Pure: files in, a view out.
 */
import { posix } from 'node:path';

import { resolveMigrationOptions } from '../core/options.js';
import type { MigrationOptions } from '../core/types.js';
import { getFormatHandler } from '../formats/registry.js';
import { parseResource } from '../formats/template-support/build-placeholders.js';
import { existingInstallsCaveat, packageNameOf } from '../formats/template-support/caveat.js';
import type { ExistingInstallsCaveat } from '../formats/template-support/caveat.js';
import { listOptions, parseConfigSchema, schemaDefaults } from '../formats/template-support/config-schema.js';
import type { JsonObject } from '../formats/template-support/config-schema.js';
import { scanMustache } from '../formats/template-support/mustache-tags.js';
import { networkOptionUses } from '../formats/template-support/network-options.js';
import { collectPackageFiles, isMarathonTemplateName, looksLikeServiceSpec } from '../formats/template-support/package-files.js';
import type { PackageFiles } from '../formats/template-support/package-files.js';
import { cosmosView, renderMarathonTemplate, renderServiceSpec, schedulerEnv, sdkView } from '../formats/template-support/render.js';
import { scanServiceSpec } from '../formats/template-support/service-spec-scan.js';
import type { FormatId } from '../formats/types.js';

/** One option that names a network. */
export interface PackageViewOption {
  /** Dotted path, e.g. `service.virtual_network_name`. */
  option: string;
  /** Where the template uses it. */
  uses: string[];
  oldDefault: unknown;
  newDefault: unknown;
  /** False when the template reads an option config.json does not declare. */
  declared: boolean;
}

/** Where one pod (or the package's own Marathon app) lands, with the network switched on. */
export interface PackageViewPlacement {
  /** `svc.yml pod kafka` or `app /spark`. */
  what: string;
  /** The spec file for pods. */
  spec?: string;
  pod?: string;
  /** Networks before and after the migration (empty: host network). */
  before: string[];
  after: string[];
  /** How the name is chosen: `{{VIRTUAL_NETWORK_NAME}} <- service.virtual_network_name`, `literal`. */
  drivenBy: string;
}

export interface PackageView {
  /** The package or framework folder. */
  root: string;
  kind: 'package' | 'framework';
  packageName?: string;
  files: { config?: string; marathon?: string; resource?: string; specs: string[] };
  options: PackageViewOption[];
  /** Boolean options switched on to show the placements (`service.virtual_network_enabled`). */
  enabledWith: string[];
  placements: PackageViewPlacement[];
  /** Present when a default switches: what existing installs need. */
  caveat?: ExistingInstallsCaveat;
  /** Other facts an operator needs (a literal name that only a new release carries, dangling options...). */
  notes: string[];
}

function dirOf(path: string): string {
  return posix.dirname(path.replace(/\\/g, '/'));
}

/**
 * The package or framework folder a file belongs to, given all the files at hand: the folder of a
 * marathon.json.mustache / config.json / resource.json (its parent when that folder is `universe*`), and for a
 * service spec the nearest ancestor that holds such a package folder. Undefined for files of neither kind.
 */
export function packageRootOf(path: string, allPaths: readonly string[]): string | undefined {
  const normalised = path.replace(/\\/g, '/');
  const base = posix.basename(normalised);
  const packageDirs = new Set(allPaths.filter((candidate) => isMarathonTemplateName(candidate)).map((candidate) => dirOf(candidate)));
  const rootOfDir = (dir: string): string => (/^universe/.test(posix.basename(dir)) ? dirOf(dir) : dir);
  if (isMarathonTemplateName(normalised) || base === 'config.json' || base === 'resource.json') {
    const dir = dirOf(normalised);
    return packageDirs.has(dir) || isMarathonTemplateName(normalised) ? rootOfDir(dir) : undefined;
  }
  if (!/\.ya?ml$/i.test(base)) return undefined;
  for (let dir = dirOf(normalised); ; dir = dirOf(dir)) {
    for (const packageDir of packageDirs) if (rootOfDir(packageDir) === dir) return dir;
    if (dir === '.' || dir === '/' || dirOf(dir) === dir) return undefined;
  }
}

/**
 * Sibling maps for a set of files: each file of a package or framework gets the other files of the same folder
 * (as `RewriteInput.siblings`); files of neither kind get none.
 */
export function packageSiblings(files: ReadonlyMap<string, string>): Map<string, Map<string, string>> {
  const paths = [...files.keys()];
  const roots = new Map(paths.map((path) => [path, packageRootOf(path, paths)]));
  const out = new Map<string, Map<string, string>>();
  for (const path of paths) {
    const root = roots.get(path);
    if (root === undefined) continue;
    out.set(path, new Map(paths.filter((other) => other !== path && roots.get(other) === root).map((other) => [other, files.get(other)!])));
  }
  return out;
}

function formatOf(path: string, text: string): FormatId | undefined {
  if (isMarathonTemplateName(path)) return 'marathon-template';
  if (looksLikeServiceSpec(path, text)) return 'service-spec';
  if (posix.basename(path) === 'config.json') return 'package-config';
  return undefined;
}

function lookup(value: unknown, dotted: string): unknown {
  let node = value;
  for (const key of dotted.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function setDotted(target: JsonObject, path: readonly string[], value: unknown): void {
  let node = target;
  path.forEach((key, index) => {
    if (index === path.length - 1) node[key] = value;
    else node = (typeof node[key] === 'object' && node[key] !== null ? node[key] : (node[key] = {})) as JsonObject;
  });
}

interface Side {
  files: PackageFiles;
  schema?: unknown;
}

/** Renders the app and the specs of one side with the network switched on; returns network names per placement. */
function placementsOf(side: Side, enable: readonly string[][]): { app?: { id: string; networks: string[] }; pods: Map<string, string[]> } {
  const options = side.schema === undefined ? {} : schemaDefaults(side.schema);
  for (const path of enable) setDotted(options, path, true);
  const pods = new Map<string, string[]>();
  if (!side.files.marathon) return { pods };
  const app = renderMarathonTemplate(side.files.marathon.text, cosmosView(options, parseResource(side.files.resource?.text)));
  if (app.error !== undefined || typeof app.value !== 'object' || app.value === null) return { pods };
  const value = app.value as { id?: unknown; networks?: Array<{ name?: unknown; mode?: unknown }>; ipAddress?: { networkName?: unknown } };
  const appNetworks = [
    ...(value.networks ?? []).filter((network) => network.mode === undefined || network.mode === 'container').map((network) => (typeof network.name === 'string' ? network.name : '(default network)')),
    ...(typeof value.ipAddress?.networkName === 'string' ? [value.ipAddress.networkName] : []),
  ];
  const env = sdkView(schedulerEnv(app.value));
  for (const spec of side.files.specs) {
    const rendered = renderServiceSpec(spec.text, env);
    const specPods = (rendered.value as { pods?: Record<string, { networks?: Record<string, unknown> | null } | null> } | undefined)?.pods ?? {};
    for (const [pod, body] of Object.entries(specPods)) pods.set(`${spec.path}\u0000${pod}`, Object.keys(body?.networks ?? {}));
  }
  return { app: { id: typeof value.id === 'string' ? value.id : '(app)', networks: appNetworks }, pods };
}

/**
 * Builds the package views of a set of files (path -> text): one per package or framework folder that holds a
 * marathon.json.mustache. Never throws for bad content: unreadable files simply contribute nothing, and the
 * format handlers report them in the plan.
 */
export function packageViews(files: ReadonlyMap<string, string>, options?: MigrationOptions): PackageView[] {
  const { from, to } = resolveMigrationOptions(options);
  const siblings = packageSiblings(files);
  const byRoot = new Map<string, string[]>();
  for (const path of siblings.keys()) {
    const root = packageRootOf(path, [...files.keys()])!;
    byRoot.set(root, [...(byRoot.get(root) ?? []), path]);
  }
  const views: PackageView[] = [];
  for (const [root, paths] of [...byRoot].sort(([a], [b]) => a.localeCompare(b))) {
    const anchor = paths.find((path) => isMarathonTemplateName(path)) ?? paths[0]!;
    const before = collectPackageFiles({ path: anchor, text: files.get(anchor)! }, siblings.get(anchor));
    if (!before.marathon) continue;
    // The after side: every file of the folder through its handler (unchanged, refused or skipped files stay as they are).
    const afterTexts = new Map<string, string>();
    for (const path of paths) {
      const text = files.get(path)!;
      const format = formatOf(path, text);
      let rewritten = text;
      if (format) {
        try {
          const result = getFormatHandler(format).rewrite({ path, text, siblings: siblings.get(path), ...(options ? { options } : {}) });
          if (result.status === 'changed') rewritten = result.text;
        } catch {
          // An unreadable file changes nothing here; the plan reports it.
        }
      }
      afterTexts.set(path, rewritten);
    }
    const after = collectPackageFiles({ path: anchor, text: afterTexts.get(anchor)! }, new Map([...afterTexts].filter(([path]) => path !== anchor)));
    const parse = (text: string | undefined, path: string | undefined): unknown => {
      if (text === undefined || path === undefined) return undefined;
      try {
        return parseConfigSchema(path, text).value;
      } catch {
        return undefined;
      }
    };
    const beforeSide: Side = { files: before, schema: parse(before.config?.text, before.config?.path) };
    const afterSide: Side = { files: after, schema: parse(after.config?.text, after.config?.path) };
    const beforeDefaults = beforeSide.schema === undefined ? {} : schemaDefaults(beforeSide.schema);
    const afterDefaults = afterSide.schema === undefined ? {} : schemaDefaults(afterSide.schema);
    const declared = new Set(beforeSide.schema === undefined ? [] : listOptions(beforeSide.schema).map((option) => option.path.join('.')));
    const { uses, scan } = networkOptionUses(before);
    const viewOptions: PackageViewOption[] = uses
      .filter((use) => !use.envOnlyUnread)
      .map((use) => ({ option: use.option, uses: use.uses, oldDefault: lookup(beforeDefaults, use.option), newDefault: lookup(afterDefaults, use.option), declared: declared.has(use.option) }));

    // Switch on what gates the network: booleans around the uses, and network-looking booleans.
    const booleans = beforeSide.schema === undefined ? [] : listOptions(beforeSide.schema).filter((option) => option.schema.type === 'boolean');
    const gates = new Set(uses.flatMap((use) => use.sections));
    const enable = booleans.filter((option) => gates.has(option.path.join('.')) || /virtual_network|cni_network|cni_support|virtual-network/i.test(option.path.join('.'))).map((option) => option.path);
    const placedBefore = placementsOf(beforeSide, enable);
    const placedAfter = placementsOf(afterSide, enable);

    const placements: PackageViewPlacement[] = [];
    if (placedBefore.app && (placedBefore.app.networks.length > 0 || (placedAfter.app?.networks.length ?? 0) > 0)) {
      const driver = scan?.sites.find((site) => site.role === 'networks-name' || site.role === 'ip-address-network-name');
      placements.push({
        what: `app ${placedBefore.app.id}`,
        before: placedBefore.app.networks,
        after: placedAfter.app?.networks ?? [],
        drivenBy: driver?.option ? `option ${driver.option}` : driver?.literal !== undefined ? `literal ${JSON.stringify(driver.literal)} in marathon.json.mustache` : 'Marathon default network',
      });
    }
    const notes: string[] = [];
    for (const [key, networks] of placedBefore.pods) {
      const [spec, pod] = key.split('\u0000') as [string, string];
      const afterNetworks = placedAfter.pods.get(key) ?? [];
      const specText = files.get(spec) ?? '';
      const specTags = scanMustache(specText);
      const entries = specTags.problem ? [] : scanServiceSpec(specText, specTags.tags).networks.filter((network) => network.pod === pod);
      const variable = networks.length > 0 ? entries.find((network) => network.variable !== undefined)?.variable : undefined;
      const option = variable ? scan?.envOptions.get(variable) : undefined;
      const drivenBy = networks.length === 0 ? 'no networks' : option ? `{{${variable}}} <- ${option}` : variable ? `{{${variable}}}` : 'literal key in the spec';
      placements.push({ what: `${spec} pod ${pod}`, spec, pod, before: networks, after: afterNetworks, drivenBy });
      if (networks.includes(from) && drivenBy === 'literal key in the spec') {
        const name = packageNameOf(anchor, before) ?? '<package>';
        notes.push(`${spec} pod ${pod}: the network is a literal key, not an option; existing installs move only with a new package version carrying the rewritten spec (\`dcos ${name} --name=<service-name> update start --package-version=<new version>\`).`);
      }
    }
    for (const option of viewOptions.filter((entry) => !entry.declared)) {
      notes.push(`the template reads option ${option.option} as a network name, but config.json does not declare it: it renders empty unless set.`);
    }
    const switched = viewOptions.filter((entry) => entry.oldDefault === from && entry.newDefault === to).map((entry) => entry.option.split('.'));
    const packageName = packageNameOf(anchor, before);
    const view: PackageView = {
      root,
      ...(packageName === undefined ? {} : { packageName }),
      kind: before.specs.length > 0 ? 'framework' : 'package',
      files: {
        ...(before.config ? { config: before.config.path } : {}),
        marathon: before.marathon.path,
        ...(before.resource ? { resource: before.resource.path } : {}),
        specs: before.specs.map((spec) => spec.path),
      },
      options: viewOptions,
      enabledWith: enable.map((path) => path.join('.')),
      placements,
      notes,
    };
    if (switched.length > 0) {
      view.caveat = existingInstallsCaveat({ path: before.marathon.path, files: before, optionPaths: switched, to, configDefaults: beforeSide.schema });
    }
    views.push(view);
  }
  return views;
}

/** The view as plain text lines (for `scan` and `diff` text output). */
export function describePackageView(view: PackageView): string[] {
  const lines = [`${view.kind} ${view.root}${view.packageName ? ` (${view.packageName})` : ''}`];
  for (const option of view.options) {
    lines.push(`  option ${option.option}: default ${JSON.stringify(option.oldDefault)} -> ${JSON.stringify(option.newDefault)}${option.declared ? '' : ' (not declared in config.json)'}`);
    for (const use of option.uses) lines.push(`    names the network in ${use}`);
  }
  if (view.options.length === 0) lines.push('  no option names a network');
  if (view.placements.length > 0) lines.push(`  with ${view.enabledWith.length > 0 ? view.enabledWith.join(', ') : 'the defaults'}:`);
  for (const placement of view.placements) {
    const show = (networks: string[]): string => (networks.length === 0 ? 'host' : networks.join(', '));
    lines.push(`    ${placement.what}: ${show(placement.before)} -> ${show(placement.after)} (${placement.drivenBy})`);
  }
  for (const note of view.notes) lines.push(`  note: ${note}`);
  if (view.caveat) {
    lines.push(`  existing installs: ${view.caveat.message}`);
    lines.push(`    options.json: ${JSON.stringify(view.caveat.options)}`);
    lines.push(`    ${view.caveat.command}`);
  }
  return lines;
}
