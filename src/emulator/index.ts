/**
 * The bundled Marathon emulator: a real HTTP server on 127.0.0.1 that answers like Marathon behind DC/OS Admin
 * Router, for tests, demos and rehearsals. See `startEmulator`.
 */

import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

import type { MarathonConfig } from './app-normalise.js';
import type { AuthSettings } from './auth.js';
import { createClock } from './clock.js';
import type { EmulatorRequest, EmulatorResponse, EmulatorState } from './context.js';
import { jsonBody } from './context.js';
import { DeploymentManager, type HealthRule } from './deployments.js';
import { createFaultInjector, parseFaultSpec, type FaultInjector, type FaultSpec } from './faults.js';
import { clone, isObject, type JsonObject } from './json.js';
import { canonicalPathId } from './path-id.js';
import { loadGroupTree, readStateFile, writeStateFile } from './persistence.js';
import { groupEmbeds, renderGroup } from './render.js';
import { createEmulatorServer } from './server.js';
import { StatsCounter, type RequestStats } from './stats.js';
import { ClusterStore } from './store.js';

export { parseFaultSpec } from './faults.js';
export type { FaultSpec } from './faults.js';
export type { RequestStats } from './stats.js';

/** Options of `startEmulator`; all optional. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /**
   * Initial cluster: a path to a `GET /v2/groups`-shaped JSON file (a missing file starts empty), or such a tree
   * as an object. A path is also where the state is saved on `close()` unless `persist` is false.
   */
  state?: string | JsonObject;
  /** Where the state is saved on close and by `save()`; default: the `state` path. */
  saveTo?: string;
  /** Save on close (default true when there is a save path). */
  persist?: boolean;
  /** Fault spec (see faults.ts), e.g. `latency=50,5xx=0.1,reset=0.02,409=0.05,seed=42`. */
  faults?: string | FaultSpec;
  /** When set, every Marathon route requires this token (Admin Router style 401 otherwise). */
  token?: string;
  /** A token that may only read (writes get 403). Needs `token`. */
  readOnlyToken?: string;
  /** Time each deployment step takes in milliseconds (default 0: deployments finish instantly). */
  deployMs?: number;
  /** Marathon's `--default_network_name` (default `dcos`, as on DC/OS); null means unset. */
  defaultNetworkName?: string | null;
  /** Marathon's `--mesos_bridge_name` (default `mesos-bridge`). */
  mesosBridgeName?: string;
  /** Marathon's `--max_running_deployments` (default 100). */
  maxRunningDeployments?: number;
  /** Clock for version timestamps and deployment timing (default `Date.now`). */
  now?: () => number;
}

/** A running emulator. */
export interface EmulatorHandle {
  /** Base URL, e.g. `http://127.0.0.1:38123` (Marathon's root; `/service/marathon` is accepted too). */
  url: string;
  port: number;
  /** Stops the server (saving state when configured). Idempotent. */
  close(): Promise<void>;
  /** Request counters of the Marathon routes. */
  stats(): RequestStats;
  resetStats(): void;
  /** Sets the health model of an app (see `POST /_emulator/health`). */
  setHealth(appId: string, healthy: boolean, scope?: 'all' | 'changes'): void;
  /** Sets the deploy time, globally or for one run spec. */
  setDeployTime(ms: number, runSpecId?: string): void;
  /** Replaces the fault spec ('' for none). */
  setFaults(spec: string | FaultSpec): void;
  /** The cluster as a `GET /v2/groups`-shaped tree (what a save writes). */
  snapshot(): JsonObject;
  /** Saves to the state path now. Throws when the emulator has no state path. */
  save(): Promise<void>;
}

/**
 * Starts the emulator. Resolves once it listens. Rejects with InputError when the state file is not valid JSON or
 * holds a definition Marathon would reject, with UsageError for a malformed fault spec, and with the listen error
 * (e.g. EADDRINUSE) when the port is taken.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const clock = createClock(options.now);
  const config: MarathonConfig = {
    defaultNetworkName: options.defaultNetworkName === null ? undefined : (options.defaultNetworkName ?? 'dcos'),
    mesosBridgeName: options.mesosBridgeName ?? 'mesos-bridge',
    defaultRole: '*',
  };
  const store = new ClusterStore(clock.next());
  const loadPath = typeof options.state === 'string' ? options.state : undefined;
  const statePath = options.saveTo ?? loadPath;
  if (loadPath !== undefined && existsSync(loadPath)) {
    loadGroupTree(await readStateFile(loadPath), store, config, loadPath, clock.next());
  } else if (isObject(options.state)) {
    loadGroupTree(options.state, store, config, '<state option>', clock.next());
  }
  const deployments = new DeploymentManager(store, clock, {
    deployMs: options.deployMs ?? 0,
    deployMsById: new Map(),
    health: new Map(),
    maxRunningDeployments: options.maxRunningDeployments ?? 100,
  });
  const state: EmulatorState = { store, deployments, config, clock };
  const stats = new StatsCounter();
  let injector: FaultInjector | undefined;
  const setFaults = (spec: string | FaultSpec): void => {
    const parsed = typeof spec === 'string' ? parseFaultSpec(spec) : spec;
    injector = createFaultInjector(parsed);
  };
  if (options.faults !== undefined && options.faults !== '') setFaults(options.faults);
  if (options.readOnlyToken !== undefined && options.token === undefined) {
    throw new TypeError('startEmulator: readOnlyToken needs token');
  }
  const auth: AuthSettings | undefined =
    options.token === undefined ? undefined : { token: options.token, ...(options.readOnlyToken === undefined ? {} : { readOnlyToken: options.readOnlyToken }) };

  const setHealth = (appId: string, healthy: boolean, scope: 'all' | 'changes' = 'all'): void => {
    const id = canonicalPathId(appId);
    const rule: HealthRule = { healthy, scope };
    const current = store.get('app', id) ?? store.get('pod', id);
    if (scope === 'changes' && current) rule.knownGood = current;
    if (healthy && scope === 'all') deployments.settings.health.delete(id);
    else deployments.settings.health.set(id, rule);
  };
  const setDeployTime = (ms: number, runSpecId?: string): void => {
    if (runSpecId === undefined) deployments.settings.deployMs = ms;
    else deployments.settings.deployMsById.set(canonicalPathId(runSpecId), ms);
  };
  const snapshot = (): JsonObject => {
    deployments.tick();
    // A deep copy: callers may edit what they get, and rendered apps share objects with the store.
    return clone(renderGroup('/', groupEmbeds([]), state));
  };
  const save = async (): Promise<void> => {
    if (statePath === undefined) throw new Error('the emulator was started without a state file path');
    await writeStateFile(statePath, snapshot());
  };

  const admin = (request: EmulatorRequest): Promise<EmulatorResponse> | undefined => {
    const { method, path } = request;
    const route = `${method} ${path.replace(/\/$/, '')}`;
    switch (route) {
      case 'GET /_emulator/stats':
        return Promise.resolve({ status: 200, body: stats.snapshot() });
      case 'DELETE /_emulator/stats':
        stats.reset();
        return Promise.resolve({ status: 200, body: stats.snapshot() });
      case 'GET /_emulator/state':
        return Promise.resolve({ status: 200, body: snapshot() });
      case 'POST /_emulator/save':
        if (statePath === undefined) return Promise.resolve({ status: 409, body: { message: 'no state file configured' } });
        return save().then(() => ({ status: 200, body: { saved: statePath } }));
      case 'POST /_emulator/health':
        return adminCall(request, (body) => {
          if (typeof body.appId !== 'string' || typeof body.healthy !== 'boolean') {
            return { status: 400, body: { message: 'expected {"appId": "/x", "healthy": false, "scope": "all" | "changes"}' } };
          }
          const scope = body.scope === 'changes' ? 'changes' : 'all';
          setHealth(body.appId, body.healthy, scope);
          return { status: 200, body: { appId: canonicalPathId(body.appId), healthy: body.healthy, scope } };
        });
      case 'POST /_emulator/deploy-time':
        return adminCall(request, (body) => {
          if (typeof body.ms !== 'number' || body.ms < 0) {
            return { status: 400, body: { message: 'expected {"ms": 500} or {"ms": 500, "id": "/x"}' } };
          }
          setDeployTime(body.ms, typeof body.id === 'string' ? body.id : undefined);
          return { status: 200, body: { ms: body.ms, ...(typeof body.id === 'string' ? { id: canonicalPathId(body.id) } : {}) } };
        });
      case 'POST /_emulator/faults':
        return adminCall(request, (body) => {
          if (typeof body.spec !== 'string') return { status: 400, body: { message: 'expected {"spec": "latency=50,5xx=0.1,seed=42"}' } };
          try {
            if (body.spec === '') injector = undefined;
            else setFaults(body.spec);
          } catch (error) {
            return { status: 400, body: { message: (error as Error).message } };
          }
          return { status: 200, body: { spec: body.spec } };
        });
      default:
        return undefined;
    }
  };

  const server = createEmulatorServer({ state, stats, auth, faults: () => injector, admin });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const persist = statePath !== undefined && options.persist !== false;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        if (persist) await save();
      })();
      return closing;
    },
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    setHealth,
    setDeployTime,
    setFaults: (spec) => {
      if (spec === '') injector = undefined;
      else setFaults(spec);
    },
    snapshot,
    save,
  };
}

async function adminCall(request: EmulatorRequest, act: (body: JsonObject) => EmulatorResponse): Promise<EmulatorResponse> {
  let body: unknown;
  try {
    body = jsonBody(request);
  } catch {
    return { status: 400, body: { message: 'expected a JSON object body' } };
  }
  if (!isObject(body)) return { status: 400, body: { message: 'expected a JSON object body' } };
  return act(body);
}
