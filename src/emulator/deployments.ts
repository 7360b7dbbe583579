/**
 * Marathon's deployment model: every accepted change becomes a plan of steps computed by diffing the old and new
 * definitions; the plan is listed in `GET /v2/deployments` until it finishes. A step takes the configured deploy
 * time of its slowest run spec and, when it starts or restarts instances, waits for the health model to call the
 * new definition healthy - an app that never becomes healthy makes its deployment run forever, as in Marathon.
 * Progress is evaluated lazily on every request, so an emulator with deploy time 0 finishes deployments instantly.
 */

import { randomUUID } from 'node:crypto';

import type { VersionClock } from './clock.js';
import { appLocked, MarathonHttpError } from './http-error.js';
import { clone, isObject, jsonEqual, type JsonObject } from './json.js';
import { assignServicePorts, servicePortsOf } from './service-ports.js';
import type { ClusterStore, RunSpecKind } from './store.js';

/** A Marathon deployment action name. */
export type ActionName =
  | 'StartApplication'
  | 'StopApplication'
  | 'ScaleApplication'
  | 'RestartApplication'
  | 'StartPod'
  | 'StopPod'
  | 'ScalePod'
  | 'RestartPod';

interface Action {
  action: ActionName;
  kind: RunSpecKind;
  id: string;
}

/** One run spec a change touches: its next definition (undefined = remove). */
export interface RunSpecChange {
  kind: RunSpecKind;
  id: string;
  next: JsonObject | undefined;
  /** The change is a restart request (`POST /v2/apps/{id}/restart`): restart even when the definition is equal. */
  restart?: boolean;
  /** Keep `next`'s version fields as they are (rollback to an earlier definition). */
  keepVersion?: boolean;
}

interface Deployment {
  id: string;
  version: string;
  actions: Action[][];
  /** Definitions before and after, per `kind:id`, for rollback. */
  before: Map<string, JsonObject | undefined>;
  after: Map<string, JsonObject | undefined>;
  step: number;
  stepStartedAt: number;
}

/** How healthy new instances of an app are. */
export interface HealthRule {
  healthy: boolean;
  /** `all`: the rule applies to every definition; `changes`: only to definitions other than `knownGood`. */
  scope: 'all' | 'changes';
  knownGood?: JsonObject;
}

/** Timing and health settings, mutable at run time through the admin endpoints. */
export interface DeploymentSettings {
  deployMs: number;
  deployMsById: Map<string, number>;
  health: Map<string, HealthRule>;
  maxRunningDeployments: number;
}

/** The answer to an accepted change. */
export interface DeploymentResult {
  deploymentId: string;
  version: string;
}

/** Runs deployments against a store. */
export class DeploymentManager {
  private readonly running = new Map<string, Deployment>();

  constructor(
    private readonly store: ClusterStore,
    private readonly clock: VersionClock,
    readonly settings: DeploymentSettings,
  ) {}

  /**
   * Applies a change as one deployment. Throws 409 when a run spec it affects is held by a running deployment and
   * `force` is false (with `force` those deployments are cancelled), 403 when too many deployments run. Nothing is
   * stored when it throws.
   */
  apply(changes: readonly RunSpecChange[], force: boolean): DeploymentResult {
    this.tick();
    if (this.running.size >= this.settings.maxRunningDeployments) {
      throw new MarathonHttpError(403, {
        message: `Max number (${this.settings.maxRunningDeployments}) of running deployments is achieved. Wait for existing deployments to complete or cancel oneusing force=true parameter. You can increase max deployment number by using --max_running_deployments parameter.`,
      });
    }
    const version = this.clock.next();
    const before = new Map<string, JsonObject | undefined>();
    const after = new Map<string, JsonObject | undefined>();
    const actions: Action[] = [];
    // Service ports: in use by an app outside this change, or already claimed by an app of this change.
    const changing = new Set(changes.filter((change) => change.kind === 'app').map((change) => change.id));
    const claimed = new Set(changes.flatMap((change) => (change.kind === 'app' ? servicePortsOf(change.next) : [])));
    const isTaken = (port: number): boolean => {
      const owner = this.store.portOwners.get(port);
      return (owner !== undefined && !changing.has(owner)) || claimed.has(port);
    };
    const claim = (port: number): void => {
      claimed.add(port);
    };
    for (const change of changes) {
      const key = `${change.kind}:${change.id}`;
      const old = this.store.get(change.kind, change.id);
      const prepared = change.kind === 'app' && change.next && !change.keepVersion ? { ...change, next: assignServicePorts(change.next, old, isTaken, claim) } : change;
      const next = prepared.next === undefined ? undefined : versioned(prepared, old, version);
      const action = actionFor(prepared, old, next);
      if (!action) continue;
      actions.push(action);
      // Stored definitions are never mutated in place, so the plan can hold them as they are.
      before.set(key, old);
      after.set(key, next);
    }
    const affected = new Set(actions.map((action) => `${action.kind}:${action.id}`));
    const conflicts = [...this.running.values()].filter((deployment) =>
      [...deployment.after.keys()].some((key) => affected.has(key)),
    );
    if (conflicts.length > 0 && !force) throw appLocked(conflicts.map((deployment) => deployment.id));
    for (const conflict of conflicts) this.running.delete(conflict.id);

    for (const change of changes) {
      const key = `${change.kind}:${change.id}`;
      if (after.has(key)) this.store.put(change.kind, change.id, after.get(key), version);
    }
    const deployment: Deployment = {
      id: randomUUID(),
      version,
      actions: orderSteps(actions, this.store),
      before,
      after,
      step: 0,
      stepStartedAt: this.clock.nowMs(),
    };
    if (deployment.actions.length > 0) this.running.set(deployment.id, deployment);
    this.tick();
    return { deploymentId: deployment.id, version };
  }

  /**
   * Cancels a deployment. Without `force` the run specs it changed are reverted to their definitions before it,
   * as a new (forced) deployment whose result is returned; with `force` it is only dropped. Throws 404 when no
   * such deployment runs.
   */
  cancel(id: string, force: boolean): DeploymentResult | undefined {
    this.tick();
    const deployment = this.running.get(id);
    if (!deployment) throw new MarathonHttpError(404, { message: `DeploymentPlan ${id} does not exist` });
    this.running.delete(id);
    if (force) return undefined;
    const changes: RunSpecChange[] = [...deployment.before].map(([key, original]) => {
      const [kind, ...rest] = key.split(':');
      return { kind: kind as RunSpecKind, id: rest.join(':'), next: original, keepVersion: true };
    });
    return this.apply(changes, true);
  }

  /** Running deployments as `GET /v2/deployments` shows them. */
  list(): JsonObject[] {
    this.tick();
    return [...this.running.values()].map((deployment) => this.render(deployment));
  }

  /** The ids of running deployments that affect a run spec. */
  deploymentsOf(kind: RunSpecKind, id: string): string[] {
    const key = `${kind}:${id}`;
    return [...this.running.values()].filter((deployment) => deployment.after.has(key)).map((deployment) => deployment.id);
  }

  /** How many deployments are running. */
  get size(): number {
    return this.running.size;
  }

  /** True when new instances of `app` at `definition` count as healthy under the health model. */
  isHealthy(id: string, definition: JsonObject | undefined): boolean {
    const rule = this.settings.health.get(id);
    if (!rule) return true;
    if (rule.scope === 'changes' && definition && rule.knownGood && sameDefinition(definition, rule.knownGood)) return true;
    return rule.healthy;
  }

  /** Advances every running deployment to now: finishes the steps whose time is up and whose apps are healthy. */
  tick(): void {
    const now = this.clock.nowMs();
    for (const deployment of [...this.running.values()]) {
      while (deployment.step < deployment.actions.length) {
        const step = deployment.actions[deployment.step]!;
        const duration = Math.max(0, ...step.map((action) => this.durationOf(action.id)));
        if (now - deployment.stepStartedAt < duration) break;
        const healthy = step.every(
          (action) => action.action.startsWith('Stop') || this.isHealthy(action.id, deployment.after.get(`${action.kind}:${action.id}`)),
        );
        if (!healthy) break;
        deployment.step++;
        deployment.stepStartedAt += duration;
      }
      if (deployment.step >= deployment.actions.length) this.running.delete(deployment.id);
    }
  }

  private durationOf(id: string): number {
    return this.settings.deployMsById.get(id) ?? this.settings.deployMs;
  }

  private render(deployment: Deployment): JsonObject {
    const all = deployment.actions.flat();
    const renderAction = (action: Action): JsonObject =>
      action.kind === 'app' ? { action: action.action, app: action.id } : { action: action.action, pod: action.id };
    const current = deployment.actions[deployment.step] ?? [];
    return {
      id: deployment.id,
      version: deployment.version,
      affectedApps: unique(all.filter((action) => action.kind === 'app').map((action) => action.id)),
      affectedPods: unique(all.filter((action) => action.kind === 'pod').map((action) => action.id)),
      steps: deployment.actions.map((step) => ({ actions: step.map(renderAction) })),
      currentActions: current.map((action) =>
        action.kind === 'app' ? { ...renderAction(action), readinessCheckResults: [] } : renderAction(action),
      ),
      currentStep: deployment.step + 1,
      totalSteps: deployment.actions.length,
    };
  }
}

/** Fields that describe state rather than configuration; they never make two definitions differ. */
const STATUS_FIELDS = ['version', 'versionInfo'];

/** True when two definitions are the same configuration (versions aside). */
export function sameDefinition(a: JsonObject, b: JsonObject): boolean {
  return jsonEqual(withoutStatus(a), withoutStatus(b));
}

function withoutStatus(definition: JsonObject): JsonObject {
  const copy = { ...definition };
  for (const field of STATUS_FIELDS) delete copy[field];
  return copy;
}

/** Marathon's versioning rules: upgrade, scale-only and restart set different `versionInfo` fields. */
function versioned(change: RunSpecChange, old: JsonObject | undefined, version: string): JsonObject {
  // Only top-level version fields change: a shallow copy keeps the caller's object intact.
  const next = { ...change.next! };
  if (change.keepVersion && next.version !== undefined) return next;
  if (change.kind === 'pod') {
    next.version = old && sameDefinition(old, next) && !change.restart ? old.version : version;
    return next;
  }
  const oldInfo = isObject(old?.versionInfo) ? old.versionInfo : undefined;
  if (!old || !oldInfo) {
    next.version = version;
    next.versionInfo = { lastScalingAt: version, lastConfigChangeAt: version };
    return next;
  }
  if (change.restart) {
    next.version = version;
    next.versionInfo = { lastScalingAt: oldInfo.lastScalingAt, lastConfigChangeAt: version };
  } else if (sameDefinition(old, next)) {
    next.version = old.version;
    next.versionInfo = clone(oldInfo);
  } else if (scaleOnly(old, next)) {
    next.version = version;
    next.versionInfo = { lastScalingAt: version, lastConfigChangeAt: oldInfo.lastConfigChangeAt };
  } else {
    next.version = version;
    next.versionInfo = { lastScalingAt: version, lastConfigChangeAt: version };
  }
  return next;
}

function scaleOnly(old: JsonObject, next: JsonObject): boolean {
  const strip = (definition: JsonObject): JsonObject => {
    const copy = withoutStatus(definition);
    delete copy.instances;
    if (isObject(copy.scaling)) copy.scaling = { ...copy.scaling, instances: undefined };
    return copy;
  };
  return jsonEqual(strip(old), strip(next));
}

function actionFor(change: RunSpecChange, old: JsonObject | undefined, next: JsonObject | undefined): Action | undefined {
  const suffix = change.kind === 'app' ? 'Application' : 'Pod';
  const make = (verb: string): Action => ({ action: `${verb}${suffix}` as ActionName, kind: change.kind, id: change.id });
  if (!old && !next) return undefined;
  if (!old) return make('Start');
  if (!next) return make('Stop');
  if (change.restart) return make('Restart');
  if (sameDefinition(old, next) && (change.keepVersion ? old.version === next.version : true)) return undefined;
  if (scaleOnly(old, next)) return make('Scale');
  return make('Restart');
}

/**
 * Steps as Marathon orders them: removals first, then new run specs are started, then restarts and scales follow
 * the dependency graph (a run spec waits for the affected run specs it depends on).
 */
function orderSteps(actions: Action[], store: ClusterStore): Action[][] {
  const steps: Action[][] = [];
  const stops = actions.filter((action) => action.action.startsWith('Stop'));
  if (stops.length > 0) steps.push(stops);
  const starts = actions.filter((action) => action.action.startsWith('Start'));
  if (starts.length > 0) steps.push(starts);
  // A started run spec is then scaled to its instances, like Marathon's StartApplication + ScaleApplication.
  const rest = [
    ...actions.filter((action) => !action.action.startsWith('Stop') && !action.action.startsWith('Start')),
    ...starts.map((action): Action => ({ ...action, action: action.kind === 'app' ? 'ScaleApplication' : 'ScalePod' })),
  ];
  const ids = new Set(rest.map((action) => action.id));
  const level = new Map<string, number>();
  const levelOf = (id: string, seen: Set<string>): number => {
    const known = level.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0;
    seen.add(id);
    const dependencies = store.apps.get(id)?.current.dependencies;
    const deps = Array.isArray(dependencies) ? (dependencies as string[]).filter((dep) => ids.has(dep)) : [];
    const value = deps.length === 0 ? 0 : 1 + Math.max(...deps.map((dep) => levelOf(dep, seen)));
    level.set(id, value);
    return value;
  };
  const byLevel = new Map<number, Action[]>();
  for (const action of rest) {
    const value = levelOf(action.id, new Set());
    byLevel.set(value, [...(byLevel.get(value) ?? []), action]);
  }
  for (const value of [...byLevel.keys()].sort((a, b) => a - b)) steps.push(byLevel.get(value)!);
  return steps;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
