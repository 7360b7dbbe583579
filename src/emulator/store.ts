/**
 * The emulated cluster: apps and pods with their version histories, and the group tree. Run specs are stored in
 * canonical form with `version` (and for apps `versionInfo`); groups are kept explicitly (created on demand as run
 * specs appear inside them, never removed implicitly), as Marathon keeps them.
 */

import type { JsonObject } from './json.js';
import { ancestors } from './path-id.js';
import { assignServicePorts, servicePortsOf } from './service-ports.js';

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
  /** Service port -> the app holding it (kept by `put`). */
  readonly portOwners = new Map<number, string>();

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
    if (kind === 'app') {
      for (const port of servicePortsOf(specs.get(id)?.current)) if (this.portOwners.get(port) === id) this.portOwners.delete(port);
      for (const port of servicePortsOf(definition)) if (port !== 0) this.portOwners.set(port, id);
    }
    if (definition === undefined) {
      specs.delete(id);
    } else {
      // Stored definitions are never edited in place (readers copy before changing), so no copy is needed here
      // and one object serves as current and as the version entry.
      const stored = definition;
      const record = specs.get(id) ?? { current: stored, versions: new Map<string, JsonObject>() };
      record.current = stored;
      record.versions.set(String(stored.version), stored);
      specs.set(id, record);
    }
    for (const group of ancestors(id)) {
      const existing = this.groups.get(group);
      if (existing) existing.version = version;
      else if (definition !== undefined) this.groups.set(group, { dependencies: [], version });
    }
  }

  /** Assigns service ports to every app still holding a dynamic one (`0`), as Marathon did when it stored them. */
  assignMissingServicePorts(): void {
    for (const [id, record] of this.apps) {
      if (!servicePortsOf(record.current).includes(0)) continue;
      const assigned = assignServicePorts(record.current, undefined, (port) => this.portOwners.has(port), (port) => this.portOwners.set(port, id));
      record.current = assigned;
      record.versions.set(String(assigned.version), assigned);
    }
  }

  /** True when `id` is an existing app, pod or group (Marathon forbids reusing an id across kinds). */
  exists(id: string): boolean {
    return this.apps.has(id) || this.pods.has(id) || this.groups.has(id);
  }
}
