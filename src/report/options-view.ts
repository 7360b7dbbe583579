import type { MigrationOptions } from '../core/types.js';

/** The network names a report is about, with the documented defaults filled in. */
export function resolveMigrationOptionsForReport(options: MigrationOptions): { from: string; to: string } {
  return { from: options.from ?? 'dcos', to: options.to ?? 'calico' };
}
