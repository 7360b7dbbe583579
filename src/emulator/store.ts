/**
 * The emulated cluster: apps and pods with their version histories, and the group tree. Run specs are stored in
 * canonical form with `version` (and for apps `versionInfo`); groups are kept explicitly (created on demand as run
 * specs appear inside them, never removed implicitly), as Marathon keeps them.
 */

import { clone, type JsonObject } from './json.js';
import { ancestors } from './path-id.js';

/** A run spec kind. */
export type RunSpecKind = 'app' | 'pod';

/** One stored run spec and every version it has had (version timestamp -> definition). */
export interface RunSpecRecord {
  current: JsonObject;
  versions: Map<string, JsonObject>;
}

/** A group's own fields (its content is derived from the run specs). */
export interface GroupRecord {
  dependencies: string[];
  version: string;
  enforceRole?: boolean;
}

/** The mutable cluster state. */
export class ClusterStore {
  readonly apps = new Map<string, RunSpecRecord>();
  readonly pods = new Map<string, RunSpecRecord>();
  readonly groups = new Map<string, GroupRecord>();

  constructor(rootVersion: string) {
    this.groups.set('/', { dependencies: [], version: rootVersion });
  }

  /** The map holding run specs of `kind`. */
  specs(kind: RunSpecKind): Map<string, RunSpecRecord> {
    return kind === 'app' ? this.apps : this.pods;
  }

  /** The current definition of a run spec, or undefined. */
  get(kind: RunSpecKind, id: string): JsonObject | undefined {
    return this.specs(kind).get(id)?.current;
  }

  /**
   * Stores `definition` (which carries its `version`) as the current one, or removes the run spec when undefined.
   * Ancestor groups are created as needed and all get `version`.
   */
  put(kind: RunSpecKind, id: string, definition: JsonObject | undefined, version: string): void {
    const specs = this.specs(kind);
    if (definition === undefined) {
      specs.delete(id);
    } else {
      const record = specs.get(id) ?? { current: definition, versions: new Map<string, JsonObject>() };
      record.current = clone(definition);
      record.versions.set(String(definition.version), clone(definition));
      specs.set(id, record);
    }
    for (const group of ancestors(id)) {
      const existing = this.groups.get(group);
      if (existing) existing.version = version;
      else if (definition !== undefined) this.groups.set(group, { dependencies: [], version });
    }
  }

  /** True when `id` is an existing app, pod or group (Marathon forbids reusing an id across kinds). */
  exists(id: string): boolean {
    return this.apps.has(id) || this.pods.has(id) || this.groups.has(id);
  }
}
