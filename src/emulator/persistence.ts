/**
 * Cluster state files: the same shape as `GET /v2/groups` (a GroupInfo tree whose `apps` are Apps and whose `pods`
 * are PodStatus objects or bare pods). Loading normalises every definition as Marathon would on submission;
 * saving is atomic (temporary file, fsync, rename) and keeps the previous file as `<file>.bak`.
 */

import { copyFile, open, readFile, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';

import { InputError } from '../errors.js';
import { normaliseApp, ordered, type MarathonConfig } from './app-normalise.js';
import { MarathonHttpError } from './http-error.js';
import { isObject, type JsonObject } from './json.js';
import { canonicalPathId } from './path-id.js';
import { normalisePod } from './pod-normalise.js';
import type { ClusterStore } from './store.js';

/**
 * Loads a GroupInfo tree into an empty store. `source` names the origin in error messages. Throws InputError with
 * a JSON pointer when a definition is not valid Marathon input.
 */
export function loadGroupTree(tree: unknown, store: ClusterStore, config: MarathonConfig, source: string, seedVersion: string): void {
  if (!isObject(tree)) throw new InputError({ file: source, pointer: '' }, 'expected a GET /v2/groups object with "id", "apps", "pods" and "groups"');
  walk(tree, '', '/');
  store.assignMissingServicePorts();

  function walk(group: JsonObject, pointer: string, fallbackId: string): void {
    const id = canonicalPathId(typeof group.id === 'string' ? group.id : fallbackId);
    const version = typeof group.version === 'string' ? group.version : seedVersion;
    store.groups.set(id, {
      dependencies: Array.isArray(group.dependencies) ? (group.dependencies as string[]).map((dep) => canonicalPathId(dep, id)) : [],
      version,
      ...(typeof group.enforceRole === 'boolean' ? { enforceRole: group.enforceRole } : {}),
    });
    const apps = Array.isArray(group.apps) ? group.apps : [];
    apps.forEach((raw, index) => {
      const at = `${pointer}/apps/${index}`;
      if (!isObject(raw) || typeof raw.id !== 'string') throw new InputError({ file: source, pointer: at }, 'an app needs a string "id"');
      const appId = canonicalPathId(raw.id, id);
      const app = definition(() => normaliseApp({ ...raw, id: appId, version: undefined }, config), at);
      const appVersion = typeof raw.version === 'string' ? raw.version : version;
      app.version = appVersion;
      app.versionInfo = isObject(raw.versionInfo) ? raw.versionInfo : { lastScalingAt: appVersion, lastConfigChangeAt: appVersion };
      store.put('app', appId, ordered(app), version);
    });
    const pods = Array.isArray(group.pods) ? group.pods : [];
    pods.forEach((raw, index) => {
      const at = `${pointer}/pods/${index}`;
      const spec = isObject(raw) && isObject(raw.spec) ? raw.spec : raw;
      if (!isObject(spec) || typeof spec.id !== 'string') throw new InputError({ file: source, pointer: at }, 'a pod needs a string "id"');
      const podId = canonicalPathId(spec.id, id);
      const pod = definition(() => normalisePod({ ...spec, id: podId }, config), at);
      pod.version = typeof spec.version === 'string' ? spec.version : version;
      store.put('pod', podId, pod, version);
    });
    const groups = Array.isArray(group.groups) ? group.groups : [];
    groups.forEach((child, index) => {
      if (!isObject(child)) throw new InputError({ file: source, pointer: `${pointer}/groups/${index}` }, 'a group must be an object');
      walk(child, `${pointer}/groups/${index}`, `${id}/group-${index}`);
    });
    // Loading a run spec bumps its groups' versions; restore the ones the file states.
    store.groups.get(id)!.version = version;
  }

  function definition(make: () => JsonObject, pointer: string): JsonObject {
    try {
      return make();
    } catch (error) {
      if (error instanceof MarathonHttpError) {
        throw new InputError({ file: source, pointer }, `Marathon would reject this definition: ${JSON.stringify(error.body)}`, { cause: error });
      }
      throw error;
    }
  }
}

/** Reads a state file. Throws InputError naming the file when it is not JSON. */
export async function readStateFile(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError({ file }, `could not parse the cluster state - invalid JSON (${(error as Error).message})`, { cause: error });
  }
}

/** Writes `tree` to `file` atomically, keeping the previous content as `<file>.bak`. */
export async function writeStateFile(file: string, tree: unknown): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}-${Date.now()}`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(`${JSON.stringify(tree, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (existsSync(file)) await copyFile(file, `${file}.bak`);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
