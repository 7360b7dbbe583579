/**
 * `/v2/pods`: list, get, create, replace (no partial update), delete, status and versions (marathon-api.md §3.3),
 * including the double-encoded 404 of `GET /v2/pods/{id}`.
 */

import { invalidTimestampMessage, parseTimestamp } from './clock.js';
import { jsonBody, queryFlag, type EmulatorRequest, type EmulatorResponse, type EmulatorState } from './context.js';
import { illegalArgument, MarathonHttpError, podNotFound } from './http-error.js';
import { isObject } from './json.js';
import { canonicalPathId } from './path-id.js';
import { normalisePod } from './pod-normalise.js';
import { renderPodStatus } from './render.js';

function podsInOrder(state: EmulatorState): string[] {
  return [...state.store.pods.keys()].sort();
}

/** GET /v2/pods: a bare array of pods. */
export function listPods(_request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  return { status: 200, body: podsInOrder(state).map((id) => state.store.pods.get(id)!.current) };
}

/** GET /v2/pods/::status: every pod's status. */
export function listPodStatus(_request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  state.deployments.tick();
  return { status: 200, body: podsInOrder(state).map((id) => renderPodStatus(state.store.pods.get(id)!.current, state)) };
}

/** GET /v2/pods/{id}: the pod; 404 with Marathon's double-encoded message. */
export function getPod(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  const id = canonicalPathId(request.params[0]!);
  const pod = state.store.get('pod', id);
  if (!pod) throw new MarathonHttpError(404, { message: JSON.stringify({ message: `pod with ${id} does not exist` }).replace(':', ': ') });
  return { status: 200, body: pod };
}

/** GET /v2/pods/{id}::status. */
export function getPodStatus(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  state.deployments.tick();
  const id = canonicalPathId(request.params[0]!);
  const pod = state.store.get('pod', id);
  if (!pod) throw podNotFound(id);
  return { status: 200, body: renderPodStatus(pod, state) };
}

/** GET /v2/pods/{id}::versions: newest first. */
export function listPodVersions(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  const id = canonicalPathId(request.params[0]!);
  const record = state.store.pods.get(id);
  if (!record) throw podNotFound(id);
  return { status: 200, body: [...record.versions.keys()].sort().reverse() };
}

/** GET /v2/pods/{id}::versions/{ts}. */
export function getPodVersion(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  const id = canonicalPathId(request.params[0]!);
  const rawVersion = request.params[1]!;
  const version = parseTimestamp(rawVersion);
  if (version === undefined) throw illegalArgument(invalidTimestampMessage(rawVersion));
  const pod = state.store.pods.get(id)?.versions.get(version);
  if (!pod) throw podNotFound(id, version);
  return { status: 200, body: pod };
}

/** POST /v2/pods: 201 with the pod, `Location` and `Marathon-Deployment-Id`; 409 when it exists. */
export function createPod(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  const pod = normalisePod(jsonBody(request), state.config);
  const id = String(pod.id);
  if (state.store.exists(id)) throw new MarathonHttpError(409, { message: `A pod with id [${id}] already exists.` });
  const result = state.deployments.apply([{ kind: 'pod', id, next: pod }], queryFlag(request, 'force', false));
  return {
    status: 201,
    body: state.store.get('pod', id),
    headers: { Location: id, 'Marathon-Deployment-Id': result.deploymentId },
  };
}

/** PUT /v2/pods/{id}: full replacement (creates when absent), always 200 with the pod. */
export function replacePod(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  const id = canonicalPathId(request.params[0]!);
  const body = jsonBody(request);
  if (isObject(body) && typeof body.id === 'string' && canonicalPathId(body.id) !== id) {
    throw new MarathonHttpError(400, { message: `'${id}' does not match definition's id ('${canonicalPathId(body.id)}')` });
  }
  const pod = normalisePod(body, state.config);
  const result = state.deployments.apply([{ kind: 'pod', id, next: pod }], queryFlag(request, 'force', false));
  return { status: 200, body: state.store.get('pod', id), headers: { 'Marathon-Deployment-Id': result.deploymentId } };
}

/** DELETE /v2/pods/{id}: 202, no body, `Location` and `Marathon-Deployment-Id` naming the deployment. */
export function deletePod(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  const id = canonicalPathId(request.params[0]!);
  if (!state.store.get('pod', id)) throw podNotFound(id);
  const result = state.deployments.apply([{ kind: 'pod', id, next: undefined }], queryFlag(request, 'force', false));
  return { status: 202, headers: { Location: result.deploymentId, 'Marathon-Deployment-Id': result.deploymentId } };
}
