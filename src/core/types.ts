/** Types shared by the migration rules, the format handlers and the plan. */

/** How app/pod labels are carried into the migrated network's `labels`. */
export interface CarryPolicy {
  /** `'all'`, `'none'`, or glob patterns of label keys to carry. Default: every label except reserved prefixes. */
  include: 'all' | 'none' | 'default' | readonly string[];
  /** Glob patterns of label keys never carried. */
  exclude: readonly string[];
  /** Renames applied to carried keys: old key -> new key. */
  rename: Readonly<Record<string, string>>;
}

/** Options of every migration; all optional, defaults in `resolveMigrationOptions`. */
export interface MigrationOptions {
  /** The network to move away from. Default `dcos`. */
  from?: string;
  /** The network to move to. Default `calico`. */
  to?: string;
  /** What an unnamed container network resolves to (Marathon's `default_network_name`). Default `dcos`. */
  defaultNetworkName?: string;
  /** Label carry policy. */
  carry?: Partial<CarryPolicy>;
  /**
   * When legacy network forms (`ipAddress`, `container.docker.network`, `docker.portMappings`) are converted to
   * `networks`: only in items that move to the new network (default), or in every item.
   */
  legacy?: 'when-migrating' | 'always';
}

export interface ResolvedMigrationOptions {
  from: string;
  to: string;
  defaultNetworkName: string;
  carry: CarryPolicy;
  legacy: 'when-migrating' | 'always';
}

/** What kind of change a rule made; stable identifiers used in reports and the JSON schema. */
export type ChangeKind =
  | 'network-renamed'
  | 'network-named'
  | 'network-names-renamed'
  | 'legacy-converted'
  | 'label-carried'
  | 'env-switched'
  | 'template-network-renamed'
  | 'config-default-switched';

/** One change, located by a JSON pointer into the item (or into the file for text formats). */
export interface Change {
  kind: ChangeKind;
  pointer: string;
  message: string;
  before?: unknown;
  after?: unknown;
}

export type Severity = 'info' | 'warning' | 'error';

/** One risk or caveat found while migrating, located by a JSON pointer (or line for text formats). */
export interface Warning {
  /** Stable identifier, e.g. `docker-engine-no-labels`, `ipv6-network`, `label-conflict`. */
  code: string;
  severity: Severity;
  pointer: string;
  message: string;
  /** 1-based line in the source file, when the format knows it. */
  line?: number;
}
