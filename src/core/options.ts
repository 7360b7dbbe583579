import { UsageError } from '../errors.js';

import type { CarryPolicy, MigrationOptions, ResolvedMigrationOptions } from './types.js';

/** The carry policy when none is given: every Calico-valid label except the reserved prefixes, no renames. */
export const DEFAULT_CARRY_POLICY: CarryPolicy = Object.freeze({ include: 'default', exclude: [], rename: {} });

const NETWORK_NAME_RE = /^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$/;

/**
 * Fills in the defaults of MigrationOptions: `from` `dcos`, `to` `calico`, `defaultNetworkName` `dcos`, the default
 * carry policy, `legacy` `when-migrating`. Throws a UsageError naming the option when a network name is not a valid
 * Marathon network name (`^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$`, at most 63 characters) or when `from` equals `to`.
 */
export function resolveMigrationOptions(options: MigrationOptions = {}): ResolvedMigrationOptions {
  const resolved: ResolvedMigrationOptions = {
    from: options.from ?? 'dcos',
    to: options.to ?? 'calico',
    defaultNetworkName: options.defaultNetworkName ?? 'dcos',
    carry: {
      include: options.carry?.include ?? DEFAULT_CARRY_POLICY.include,
      exclude: options.carry?.exclude ?? DEFAULT_CARRY_POLICY.exclude,
      rename: options.carry?.rename ?? DEFAULT_CARRY_POLICY.rename,
    },
    legacy: options.legacy ?? 'when-migrating',
  };
  for (const name of ['from', 'to', 'defaultNetworkName'] as const) {
    const value = resolved[name];
    if (typeof value !== 'string' || value.length > 63 || !NETWORK_NAME_RE.test(value)) {
      throw new UsageError(
        `option ${name} must be a Marathon network name (lower-case letters, digits, '-' and '_', at most 63 characters), got ${JSON.stringify(value)}`,
      );
    }
  }
  if (resolved.from === resolved.to) throw new UsageError(`options from and to must differ, both are ${JSON.stringify(resolved.from)}`);
  return resolved;
}
