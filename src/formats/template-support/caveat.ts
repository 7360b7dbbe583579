/**
 * The caveat every switched default carries: Cosmos renders an update from the options stored at install time
 * merged with the new ones, so a new default reaches only new installs (and updated installs that never set the
 * option); everything already running on the old network needs an explicit options update.
 */
import { posix } from 'node:path';

import type { JsonObject } from './config-schema.js';
import { schemaDefaults } from './config-schema.js';
import { scanMarathonTemplate } from './marathon-template-scan.js';
import { scanMustache } from './mustache-tags.js';
import type { PackageFiles } from './package-files.js';

export interface ExistingInstallsCaveat {
  /** The package name, or `<package>` when neither the template nor the path says. */
  packageName: string;
  /** The default service name (`service.name`), when config.json has one. */
  serviceName?: string;
  /** True for a dcos-commons scheduler, which updates in place with `update start`. */
  sdk: boolean;
  /** The options file content that moves an existing install. */
  options: JsonObject;
  /** The command to run per existing install. */
  command: string;
  message: string;
}

/** The package name from the template's `PACKAGE_NAME` env, else from a universe or frameworks path. */
export function packageNameOf(path: string, files: PackageFiles): string | undefined {
  if (files.marathon) {
    const tags = scanMustache(files.marathon.text);
    const scan = tags.problem ? undefined : scanMarathonTemplate(files.marathon.text, tags.tags);
    const literal = scan?.envLiterals.get('PACKAGE_NAME');
    if (literal) return literal;
  }
  const normalised = (files.marathon?.path ?? path).replace(/\\/g, '/');
  const universe = /(?:^|\/)universe\/([^/]+)\/\d+\//.exec(normalised) ?? /(?:^|\/)packages\/[A-Z0-9]\/([^/]+)\/\d+\//.exec(normalised);
  if (universe) return universe[1];
  const framework = /(?:^|\/)frameworks\/([^/]+)\//.exec(normalised);
  if (framework) return framework[1];
  const repo = /(?:^|\/)([^/]+)\/universe(?:-[^/]+)?\/[^/]+$/.exec(normalised);
  if (repo) return posix.basename(repo[1]!).replace(/^dcos-/, '').replace(/-service$/, '');
  return undefined;
}

function nest(paths: readonly (readonly string[])[], value: string): JsonObject {
  const out: JsonObject = {};
  for (const path of paths) {
    let node = out;
    path.forEach((key, index) => {
      if (index === path.length - 1) node[key] = value;
      else node = (node[key] ??= {}) as JsonObject;
    });
  }
  return out;
}

/** Builds the caveat for the switched options (dotted paths as arrays), with the exact command and options JSON. */
export function existingInstallsCaveat(input: {
  path: string;
  files: PackageFiles;
  optionPaths: readonly (readonly string[])[];
  to: string;
  configDefaults?: unknown;
}): ExistingInstallsCaveat {
  const packageName = packageNameOf(input.path, input.files) ?? '<package>';
  const defaults = input.configDefaults === undefined ? {} : schemaDefaults(input.configDefaults);
  const service = (defaults.service as JsonObject | undefined)?.name;
  const serviceName = typeof service === 'string' ? service : undefined;
  const tags = input.files.marathon ? scanMustache(input.files.marathon.text) : undefined;
  const sdk = input.files.specs.length > 0 || (tags !== undefined && !tags.problem && scanMarathonTemplate(input.files.marathon!.text, tags.tags)?.sdkScheduler === true);
  const options = nest(input.optionPaths, input.to);
  const optionNames = input.optionPaths.map((path) => path.join('.')).join(', ');
  const command = sdk
    ? `dcos ${packageName} --name=${serviceName ?? '<service-name>'} update start --options=options.json`
    : `dcos package install ${packageName} --options=options.json`;
  const how = sdk
    ? `for each install, write options.json = ${JSON.stringify(options)} and run \`${command}\` (the scheduler then redeploys its pods on ${input.to})`
    : `this package's app is not an SDK scheduler: reinstall each install with options.json = ${JSON.stringify(options)} (\`${command}\`, after uninstalling it), or migrate the running app itself with this tool`;
  const message =
    `a new default reaches only new installs, and updated installs that never set ${optionNames}: Cosmos renders an update from the options stored at install time, so installs running on the old network keep it. ` +
    `To move them, ${how}.`;
  return { packageName, ...(serviceName === undefined ? {} : { serviceName }), sdk, options, command, message };
}
