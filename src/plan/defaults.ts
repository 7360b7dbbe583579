import { withAppDefaults, withPodDefaults } from '../core/defaults.js';
import { isObject } from '../core/json.js';
import { hasLegacyNetworkForm, normaliseLegacyApp } from '../core/legacy.js';
import type { MigrationOptions } from '../core/types.js';
import type { Normaliser } from './assemble.js';

/**
 * Marathon's view of a definition (docs/marathon-api.md §6): legacy network forms translated as Marathon does on
 * input, then defaults filled in, unnamed container networks named. Deltas between two such views show only what
 * Marathon would store differently. Kinds other than apps and pods are compared as written. The view shares the
 * members it does not default with the definition, so it is cheap and read-only.
 */
export function defaultsNormaliser(options: MigrationOptions): Normaliser {
  const defaults = { defaultNetworkName: options.defaultNetworkName ?? 'dcos' };
  return (kind, definition) => {
    if (!isObject(definition)) return definition;
    if (kind === 'pod') return withPodDefaults(definition, defaults);
    if (kind !== 'app') return definition;
    const canonical = hasLegacyNetworkForm(definition) ? normaliseLegacyApp(definition).app : definition;
    return withAppDefaults(canonical, defaults);
  };
}
