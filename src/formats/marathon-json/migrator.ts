/** Binds the Marathon JSON rewriter to the migration rules of `src/core`. */
import { migrateApp, migratePod, validateApp, validateAppChange, validatePod, validatePodChange } from '../../core/index.js';
import type { ValidationOptions } from '../../core/index.js';
import type { MigrationOptions } from '../../core/types.js';
import type { RewrittenItem } from '../types.js';
import { migrateItem } from './rewrite.js';
import type { RunSpecMigrator } from './rewrite.js';

/** The core rules for apps and pods, as the rewriter calls them. */
export const coreMigrator: RunSpecMigrator = {
  migrate(kind, definition, options) {
    if (kind === 'app') {
      const { app, changes, warnings } = migrateApp(definition, options);
      return { definition: app, changes, warnings };
    }
    const { pod, changes, warnings } = migratePod(definition, options);
    return { definition: pod, changes, warnings };
  },
  validate(kind, definition, options) {
    const validation = validationOptions(options);
    return kind === 'app' ? validateApp(definition, validation) : validatePod(definition, validation);
  },
  validateChange(kind, before, after, beforeProblems, options) {
    const validation = validationOptions(options);
    return kind === 'app' ? validateAppChange(before, after, beforeProblems, validation) : validatePodChange(after, beforeProblems, validation);
  },
};

function validationOptions(options: MigrationOptions | undefined): ValidationOptions {
  return options?.defaultNetworkName !== undefined ? { defaultNetworkName: options.defaultNetworkName } : {};
}

/**
 * Migrates one app or pod that did not come from a file (a live definition). `label` names its source in errors.
 * @throws InputError naming `label` and the pointer when the rules cannot handle the definition.
 */
export function migrateRunSpec(
  kind: 'app' | 'pod',
  id: string,
  pointer: string,
  definition: Record<string, unknown>,
  options: MigrationOptions | undefined,
  label: string,
): RewrittenItem {
  return migrateItem(label, { kind, id, pointer, value: definition }, coreMigrator, options);
}
