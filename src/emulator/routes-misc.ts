/**
 * `/v2/deployments`, `/v2/groups` (read and delete), `/v2/info` and `/ping` (marathon-api.md §3.2, §3.4, §3.5).
 */

import { deploymentAnswer, queryFlag, type EmulatorRequest, type EmulatorResponse, type EmulatorState } from './context.js';
import { groupNotFound } from './http-error.js';
import { canonicalPathId, isWithin } from './path-id.js';
import { groupEmbeds, renderGroup } from './render.js';

/** The Marathon version the emulator answers as (its behaviour follows the 1.10/1.11 line). */
export const EMULATED_MARATHON_VERSION = '1.11.0';

/** GET /v2/deployments. */
export function listDeployments(_request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  return { status: 200, body: state.deployments.list() };
}

/** DELETE /v2/deployments/{id}: rollback (200 + new deployment) or, with `force=true`, cancel only (202, no body). */
export function deleteDeployment(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  const id = request.params[0]!;
  const result = state.deployments.cancel(id, queryFlag(request, 'force', false));
  return result ? deploymentAnswer(200, result) : { status: 202 };
}

/** GET /v2/groups[/{id}]: the GroupInfo tree with `embed`. */
export function getGroup(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  state.deployments.tick();
  const id = canonicalPathId(request.params[0] ?? '/');
  if (!state.store.groups.has(id)) throw groupNotFound(id);
  return { status: 200, body: renderGroup(id, groupEmbeds(request.query.getAll('embed')), state) };
}

/** DELETE /v2/groups/{id}: removes every app and pod inside as one deployment, then the groups. */
export function deleteGroup(request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  const id = canonicalPathId(request.params[0] ?? '/');
  const { store } = state;
  if (!store.groups.has(id)) throw groupNotFound(id);
  const changes = [
    ...[...store.apps.keys()].filter((app) => isWithin(app, id)).map((app) => ({ kind: 'app' as const, id: app, next: undefined })),
    ...[...store.pods.keys()].filter((pod) => isWithin(pod, id)).map((pod) => ({ kind: 'pod' as const, id: pod, next: undefined })),
  ];
  const result = state.deployments.apply(changes, queryFlag(request, 'force', false));
  for (const group of [...store.groups.keys()]) if (group !== '/' && isWithin(group, id)) store.groups.delete(group);
  return deploymentAnswer(200, result);
}

/** GET /v2/info. */
export function getInfo(_request: EmulatorRequest, state: EmulatorState): EmulatorResponse {
  const marathonConfig: Record<string, unknown> = {
    access_control_allow_origin: null,
    checkpoint: true,
    decline_offer_duration: 120000,
    default_network_name: state.config.defaultNetworkName ?? null,
    env_vars_prefix: null,
    executor: '//cmd',
    failover_timeout: 604800,
    features: ['vips', 'task_killing', 'external_volumes', 'secrets', 'gpu_resources'],
    framework_name: 'marathon',
    ha: true,
    hostname: '127.0.0.1',
    launch_token: 100,
    launch_token_refresh_interval: 30000,
    leader_proxy_connection_timeout_ms: 5000,
    leader_proxy_read_timeout_ms: 10000,
    local_port_max: 20000,
    local_port_min: 10000,
    master: 'zk://zk-1.zk:2181,zk-2.zk:2181,zk-3.zk:2181/mesos',
    max_instances_per_offer: 100,
    mesos_bridge_name: state.config.mesosBridgeName,
    mesos_heartbeat_failure_threshold: 5,
    mesos_heartbeat_interval: 15000,
    mesos_leader_ui_url: '/mesos',
    mesos_role: 'slave_public',
    mesos_user: 'root',
    min_revive_offers_interval: 5000,
    offer_matching_timeout: 3000,
    on_elected_prepare_timeout: 180000,
    reconciliation_initial_delay: 15000,
    reconciliation_interval: 600000,
    scale_apps_initial_delay: 15000,
    scale_apps_interval: 300000,
    store_cache: true,
    task_launch_confirm_timeout: 300000,
    task_launch_timeout: 86400000,
    task_lost_expunge_initial_delay: 300000,
    task_lost_expunge_interval: 30000,
    task_reservation_timeout: 20000,
    webui_url: null,
  };
  return {
    status: 200,
    body: {
      name: 'marathon',
      version: EMULATED_MARATHON_VERSION,
      buildref: 'dcos-calico-migrate-emulator',
      elected: true,
      leader: '127.0.0.1:8080',
      frameworkId: 'emulated-0000-0000-0000-000000000000-0001',
      marathon_config: marathonConfig,
      zookeeper_config: {
        zk: 'zk://zk-1.zk:2181,zk-2.zk:2181,zk-3.zk:2181/marathon',
        zk_compression: true,
        zk_compression_threshold: 65536,
        zk_connection_timeout: 10000,
        zk_max_node_size: 1024000,
        zk_max_versions: 50,
        zk_session_timeout: 10000,
        zk_timeout: 10000,
      },
      http_config: { http_port: 8080, https_port: 8443 },
    },
  };
}

/** GET /ping: `pong` as text, or `"pong"` for clients that accept only JSON. */
export function ping(request: EmulatorRequest): EmulatorResponse {
  const accept = String(request.headers.accept ?? '*/*');
  if (accept.includes('text/plain') || accept.includes('*/*')) return { status: 200, body: 'pong', contentType: 'text/plain' };
  if (accept.includes('application/json')) return { status: 200, body: '"pong"', contentType: 'application/json' };
  return { status: 204 };
}
