/**
 * `/v2/apps`: list, get, create, update (partial and complete), patch, batch update, delete, restart and versions,
 * with Marathon's statuses, headers and error bodies (marathon-api.md §3.1).
 */

import { mergeAppUpdate, normaliseApp, versionMixViolation } from './app-normalise.js';
import { invalidTimestampMessage, parseTimestamp } from './clock.js';
import { deploymentAnswer, jsonBody, queryFlag, type EmulatorRequest, type EmulatorResponse, type EmulatorState } from './context.js';
import type { RunSpecChange } from './deployments.js';
import { appNotFound, groupNotFound, illegalArgument, invalidJsonShape, MarathonHttpError } from './http-error.js';
import { clone, isObject, type JsonObject } from './json.js';
import { LabelSelectorError, parseLabelSelector } from './label-selector.js';
import { canonicalPathId, parentId } from './path-id.js';
import { appEmbeds, renderApp, type AppEmbeds } from './render.js';

const ALWAYS_IN_LIST: AppEmbeds = {
  counts: true,
  deployments: true,
  tasks: false,
  readiness: false,
  lastTaskFailure: false,
  taskStats: false,
};

/** GET /v2/apps: `{"apps":[...]}`, filtered by `cmd`, `id` and `label`, with `embed`. */
export function listApps(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  const cmd = request.query.get('cmd')?.toLowerCase();
  const idFilter = request.query.get('id')?.toLowerCase();
  const labelQuery = request.query.get('label');
  let selector;
  try {
    selector = labelQuery ? parseLabelSelector(labelQuery) : undefined;
  } catch (error) {
    if (error instanceof LabelSelectorError) throw illegalArgument(error.message);
    throw error;
  }
  const embeds = appEmbeds(request.query.getAll('embed'), ['apps.', 'app.', 'group.apps.', ''], ALWAYS_IN_LIST);
  const apps = [...state.store.apps.values()]
    .map((record) => record.current)
    .filter((app) => cmd === undefined || String(app.cmd ?? '').toLowerCase().includes(cmd))
    .filter((app) => idFilter === undefined || String(app.id).toLowerCase().includes(idFilter))
    .filter((app) => !selector || selector.matches(app.labels as Record<string, string> | undefined))
    .sort((a, b) => String(a.id).localeCompare(String(b.id)))
    .map((app) => renderApp(app, embeds, state));
  return { status: 200, body: { apps } };
}

/** GET /v2/apps/{id}: `{"app":...}` with counts, tasks and deployments; `/v2/apps/{group}/*` lists a group. */
export function getApp(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  const raw = request.params[0]!;
  const embeds = appEmbeds(request.query.getAll('embed'), ['apps.', 'app.', ''], { ...ALWAYS_IN_LIST, tasks: true, lastTaskFailure: true });
  if (raw === '*' || raw.endsWith('/*')) {
    const groupId = canonicalPathId(raw.slice(0, -1));
    if (!state.store.groups.has(groupId)) throw groupNotFound(groupId);
    const apps = [...state.store.apps.values()]
      .map((record) => record.current)
      .filter((app) => parentId(String(app.id)) === groupId)
      .sort((a, b) => String(a.id).localeCompare(String(b.id)))
      .map((app) => renderApp(app, embeds, state));
    return { status: 200, body: { '*': apps } };
  }
  const id = canonicalPathId(raw);
  const app = state.store.get('app', id);
  if (!app) throw appNotFound(id);
  return { status: 200, body: { app: renderApp(app, embeds, state) } };
}

/** POST /v2/apps: 201 with the new AppInfo, `Location` and `Marathon-Deployment-Id`; 409 when the id exists. */
export function createApp(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  const body = jsonBody(request);
  const app = normaliseApp(body, state.config);
  const id = String(app.id);
  if (state.store.apps.has(id)) throw new MarathonHttpError(409, { message: `An app with id [${id}] already exists.` });
  if (state.store.pods.has(id) || state.store.groups.has(id)) {
    throw new MarathonHttpError(409, { message: `An app with id [${id}] already exists.` });
  }
  const result = state.deployments.apply([{ kind: 'app', id, next: app }], queryFlag(request, 'force', false));
  const stored = state.store.get('app', id)!;
  const info = renderApp(stored, { ...ALWAYS_IN_LIST }, state);
  Object.assign(info, { tasksStaged: 0, tasksRunning: 0, tasksHealthy: 0, tasksUnhealthy: 0, deployments: [{ id: result.deploymentId }] });
  return { status: 201, body: info, headers: { Location: id, 'Marathon-Deployment-Id': result.deploymentId } };
}

/** PUT /v2/apps/{id} (`partialUpdate`, default true) and PATCH /v2/apps/{id} (`patch`: never creates). */
export function updateApp(request: EmulatorRequest, state: EmulatorState, patch = false): EmulatorResponse {
  const id = canonicalPathId(request.params[0]!);
  const body = jsonBody(request);
  if (!isObject(body)) throw invalidJsonShape([{ path: '/', message: 'error.expected.jsobject' }]);
  const partial = patch || queryFlag(request, 'partialUpdate', true);
  const existing = state.store.get('app', id);
  if (patch && !existing) throw appNotFound(id);
  const change = appChange(id, body, partial, existing, state);
  const result = state.deployments.apply([change], queryFlag(request, 'force', false));
  return existing ? deploymentAnswer(200, result) : deploymentAnswer(201, result, { Location: id });
}

/** PUT/PATCH /v2/apps: a JSON array of apps (updates need `id`), applied as one deployment. */
export function updateApps(request: EmulatorRequest, state: EmulatorState, patch = false): EmulatorResponse {
  const body = jsonBody(request);
  if (!Array.isArray(body)) throw invalidJsonShape([{ path: '/', message: 'error.expected.jsarray' }]);
  const partial = patch || queryFlag(request, 'partialUpdate', true);
  const changes: RunSpecChange[] = body.map((item, index) => {
    if (!isObject(item)) throw invalidJsonShape([{ path: `(${index})`, message: 'error.expected.jsobject' }]);
    if (typeof item.id !== 'string') {
      if (partial) throw illegalArgument('requirement failed: App Update must have app id set');
      throw invalidJsonShape([{ path: `(${index})/id`, message: 'error.path.missing' }]);
    }
    const id = canonicalPathId(item.id);
    const existing = state.store.get('app', id);
    if (patch && !existing) throw appNotFound(id);
    return appChange(id, item, partial, existing, state);
  });
  const result = state.deployments.apply(changes, queryFlag(request, 'force', false));
  return deploymentAnswer(200, result);
}

function appChange(id: string, body: JsonObject, partial: boolean, existing: JsonObject | undefined, state: EmulatorState): RunSpecChange {
  if (partial) {
    const mix = versionMixViolation(body);
    if (mix) throw mix;
    if (body.version !== undefined) return { kind: 'app', id, next: rollbackTarget(id, String(body.version), state) };
    if (existing) return { kind: 'app', id, next: mergeAppUpdate(existing, body, state.config) };
  }
  const next = normaliseApp({ ...body, version: undefined }, state.config, id);
  return { kind: 'app', id, next };
}

function rollbackTarget(id: string, rawVersion: string, state: EmulatorState): JsonObject {
  const version = parseTimestamp(rawVersion);
  if (version === undefined) throw illegalArgument(invalidTimestampMessage(rawVersion));
  const record = state.store.apps.get(id);
  const target = record?.versions.get(version);
  if (!target) throw appNotFound(id, version);
  const next = clone(target);
  delete next.version;
  delete next.versionInfo;
  return next;
}

/** DELETE /v2/apps/{id}: `force` defaults to true here, as in Marathon. */
export function deleteApp(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  const id = canonicalPathId(request.params[0]!);
  if (!state.store.get('app', id)) throw appNotFound(id);
  const result = state.deployments.apply([{ kind: 'app', id, next: undefined }], queryFlag(request, 'force', true));
  return deploymentAnswer(200, result);
}

/** POST /v2/apps/{id}/restart: a deployment that restarts every instance. */
export function restartApp(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  const id = canonicalPathId(request.params[0]!);
  const app = state.store.get('app', id);
  if (!app) throw appNotFound(id);
  const result = state.deployments.apply([{ kind: 'app', id, next: app, restart: true }], queryFlag(request, 'force', false));
  return deploymentAnswer(200, result);
}

/** GET /v2/apps/{id}/versions: newest first. */
export function listAppVersions(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  const id = canonicalPathId(request.params[0]!);
  const record = state.store.apps.get(id);
  if (!record) throw appNotFound(id);
  return { status: 200, body: { versions: [...record.versions.keys()].sort().reverse() } };
}

/** GET /v2/apps/{id}/versions/{ts}: the bare App at that version. */
export function getAppVersion(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  const id = canonicalPathId(request.params[0]!);
  const rawVersion = request.params[1]!;
  const version = parseTimestamp(rawVersion);
  if (version === undefined) throw illegalArgument(invalidTimestampMessage(rawVersion));
  const app = state.store.apps.get(id)?.versions.get(version);
  if (!app) throw appNotFound(id, version);
  return { status: 200, body: app };
}
