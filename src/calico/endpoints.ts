/**
 * Marathon apps and pods -> the Calico workload endpoints their tasks become on DC/OS: one per instance and
 * Calico network, in namespace `default`, with the labels Calico really sees (docs/calico-semantics.md §2.1, §8):
 *
 * - UCR (Mesos containerizer) apps and every pod: the network's `labels` after DC/OS's hashing of values over
 *   63 bytes and the Calico CNI plugin's Mesos label sanitisation (`calicoVisibleLabels` in core), orchestrator
 *   `cni`;
 * - Docker-engine apps: Marathon passes no network labels to Docker; the Calico libnetwork plugin takes labels
 *   only from Docker labels prefixed `org.projectcalico.label.` (`container.docker.parameters` key `label`),
 *   orchestrator `libnetwork`;
 * - then `projectcalico.org/namespace` and `projectcalico.org/orchestrator` (set by Calico, overriding any value),
 *   and for keys still absent the `labelsToApply` of the endpoint's profile (named after the network).
 *
 * Tasks on `dcos`, host or bridge networks are not Calico endpoints (policies neither apply to them nor match
 * them by label); they are reported, not returned. Addresses come from `ipam/` (see `allocateAddresses`).
 * Pure: no I/O; apps already fetched from a live Marathon go through the same function.
 */
import { calicoVisibleLabels, type LabelNote, validateLabelKey, validateLabelValue } from '../core/labels.js';
import { containerEngine, hasLegacyNetworkForm, normaliseLegacyApp } from '../core/legacy.js';
import { migrateApp, migratePod } from '../core/migrate.js';
import type { MigrationOptions, Severity, Warning } from '../core/types.js';
import { DCOS_DEFAULT_NETWORK, dcosDefaultIpPool, dcosDefaultProfile } from './dcos-config/defaults.js';
import { type AllocationResult, allocateAddresses } from './ipam/allocate.js';
import { type IpPool, ipPoolsFromResources } from './ipam/pools.js';
import { parseSelector } from './selector/index.js';
import type { Endpoint, Labels } from './types.js';

/** The label keys Calico itself sets on every workload endpoint. */
export const NAMESPACE_LABEL = 'projectcalico.org/namespace';
export const ORCHESTRATOR_LABEL = 'projectcalico.org/orchestrator';

/** The prefix of Docker labels the Calico libnetwork plugin copies onto the endpoint (the rest is the key). */
export const DOCKER_CALICO_LABEL_PREFIX = 'org.projectcalico.label.';

/** A profile as far as endpoints care: its name and the labels it applies. */
export interface ProfileLabels {
  name: string;
  labelsToApply: Labels;
}

/** Options of `endpointsFromMarathon`; every field has a DC/OS default. */
export interface MarathonEndpointOptions {
  /** Networks that are Calico networks (CNI and Docker networks of the Calico plugin). Default `['calico']`. */
  calicoNetworks?: readonly string[];
  /** What an unnamed container network resolves to (Marathon's `default_network_name`). Default `dcos`. */
  defaultNetworkName?: string;
  /** Profiles, for `labelsToApply`. Default: DC/OS's `calico` profile (`labelsToApply: {calico: ""}`). */
  profiles?: readonly ProfileLabels[];
  /** IP pools to assign addresses from. Default: DC/OS's default pool (172.29.0.0/16, VXLAN). */
  pools?: readonly IpPool[];
  /** Agents the instances are spread over for IPAM. Default 3. */
  agents?: number;
  /** Leave addresses out (faster; selectors still match by labels, `nets` rules never match). Default false. */
  noAddresses?: boolean;
  /**
   * Migrate every app and pod in memory first (core `migrateApp`/`migratePod` with these options); their
   * warnings join the problems. Default: no migration (the input is taken as it is).
   */
  migrate?: MigrationOptions;
}

/** The input: apps, pods (or PodStatus objects) and group trees, in any mix, as parsed JSON. */
export interface MarathonEndpointInput {
  apps?: readonly unknown[];
  pods?: readonly unknown[];
  /** Group trees as `GET /v2/groups` returns them (nested `groups`, `apps`, `pods`). */
  groups?: readonly unknown[];
  options?: MarathonEndpointOptions;
}

/** A workload endpoint built from a Marathon task, with where it came from. */
export interface MarathonEndpoint extends Endpoint {
  name: string;
  labels: Labels;
  namespace: string;
  profiles: readonly string[];
  /** The Marathon app or pod id, absolute (`/shop/bookstore-server`). */
  app: string;
  /** The Marathon group holding it (`/shop`, or `/` at the root). */
  group: string;
  kind: 'workload';
  source: 'app' | 'pod';
  /** 0-based instance index. */
  instance: number;
  /** The Calico network the endpoint is on. */
  network: string;
  containerizer: 'mesos' | 'docker';
  /** The agent IPAM placed the instance on (`agent-1` …), when addresses are assigned. */
  agent?: string;
}

/** A finding about one app or pod, located by a JSON pointer into it. */
export interface EndpointProblem extends Warning {
  /** The app or pod id. */
  app: string;
}

/** An app or pod that produced no Calico endpoint, and why. */
export interface NonCalicoItem {
  app: string;
  source: 'app' | 'pod';
  /** `host`, `bridge`, `container:<name>` (a non-Calico container network), `no-instances`, `rejected`, `invalid`. */
  reason: string;
  instances: number;
}

export interface MarathonEndpoints {
  endpoints: MarathonEndpoint[];
  problems: EndpointProblem[];
  /** Apps and pods whose tasks are not Calico endpoints. */
  nonCalico: NonCalicoItem[];
  /** The address allocation (absent with `noAddresses`). */
  ipam?: AllocationResult;
}

interface NetworkSlot {
  index: number;
  name: string;
  labels: unknown;
}

interface ItemContext {
  id: string;
  group: string;
  source: 'app' | 'pod';
  value: Record<string, unknown>;
}

/**
 * Builds the workload endpoints of Marathon apps and pods. Endpoint names are `<id without leading slash>#<n>`
 * (`bookstore-server#0`), with `@<network>` appended when a task joins several Calico networks; `app` keeps the
 * Marathon id for grouping. Tasks IPAM cannot serve are left out (their launch fails) and reported. Never throws
 * for bad input: items that are not apps or pods, legacy forms Marathon rejects, and labels Calico rejects become
 * problems. Throws RangeError only for a non-positive `agents`.
 */
export function endpointsFromMarathon(input: MarathonEndpointInput): MarathonEndpoints {
  const options = input.options ?? {};
  const calicoNetworks = new Set(options.calicoNetworks ?? [DCOS_DEFAULT_NETWORK]);
  const defaultNetworkName = options.defaultNetworkName ?? 'dcos';
  const profiles = new Map((options.profiles ?? [profileLabels(dcosDefaultProfile())]).map((profile) => [profile.name, profile.labelsToApply]));
  const endpoints: MarathonEndpoint[] = [];
  const problems: EndpointProblem[] = [];
  const nonCalico: NonCalicoItem[] = [];
  const missingProfiles = new Set<string>();

  const visit = (item: ItemContext): void => {
    const problem = (code: string, severity: Severity, pointer: string, message: string): void => {
      problems.push({ app: item.id, code, severity, pointer, message });
    };
    let value = item.value;
    if (options.migrate) {
      const migrated = item.source === 'app' ? migrateApp(value, options.migrate) : migratePod(value, options.migrate);
      value = (item.source === 'app' ? (migrated as { app: unknown }).app : (migrated as { pod: unknown }).pod) as Record<string, unknown>;
      for (const warning of migrated.warnings) problems.push({ app: item.id, ...warning });
    }
    if (item.source === 'app' && hasLegacyNetworkForm(value)) {
      const legacy = normaliseLegacyApp(value);
      if (legacy.rejected) {
        for (const warning of legacy.warnings) problems.push({ app: item.id, ...warning });
        nonCalico.push({ app: item.id, source: item.source, reason: 'rejected', instances: 0 });
        return;
      }
      for (const warning of legacy.warnings) problems.push({ app: item.id, ...warning });
      value = legacy.app;
    }
    const instances = instanceCount(value, item.source);
    const networks = value.networks;
    if (networks !== undefined && !Array.isArray(networks)) {
      problem('invalid-networks', 'error', '/networks', 'networks must be an array; Marathon rejects the definition');
      nonCalico.push({ app: item.id, source: item.source, reason: 'invalid', instances });
      return;
    }
    const slots: NetworkSlot[] = [];
    const others: string[] = [];
    (networks ?? []).forEach((network: unknown, index) => {
      const entry = isRecord(network) ? network : {};
      const mode = entry.mode ?? 'container';
      if (mode !== 'container') {
        others.push(mode === 'container/bridge' ? 'bridge' : String(mode));
        return;
      }
      const name = typeof entry.name === 'string' && entry.name !== '' ? entry.name : defaultNetworkName;
      if (calicoNetworks.has(name)) slots.push({ index, name, labels: entry.labels });
      else others.push(`container:${name}`);
    });
    if (slots.length === 0) {
      const reason = others[0] ?? 'host';
      nonCalico.push({ app: item.id, source: item.source, reason, instances });
      problem(
        'not-calico-endpoint',
        'info',
        '/networks',
        `${describeNetwork(reason)}: its tasks are not Calico endpoints, Calico policies neither apply to them nor select them by label`,
      );
      return;
    }
    if (instances === 0) {
      nonCalico.push({ app: item.id, source: item.source, reason: 'no-instances', instances });
      problem('no-instances', 'info', item.source === 'app' ? '/instances' : '/scaling/instances', 'scaled to 0 instances: no endpoints');
      return;
    }
    const docker = item.source === 'app' && containerEngine(value.container) === 'DOCKER';
    const perNetwork: { slot: NetworkSlot; labels: Record<string, string>; namespace: string }[] = [];
    let rejected = false;
    for (const slot of slots) {
      const labelsPointer = `/networks/${slot.index}/labels`;
      let own: Record<string, string>;
      let namespace = 'default';
      if (docker) {
        if (isRecord(slot.labels) && Object.keys(slot.labels).length > 0) {
          problem(
            'docker-engine-no-labels',
            'warning',
            labelsPointer,
            'the app runs on the Docker engine: Marathon passes no network labels to Docker, so Calico never sees these labels; ' +
              `only Docker labels prefixed ${DOCKER_CALICO_LABEL_PREFIX} (container.docker.parameters key "label") reach the endpoint`,
          );
        }
        const docked = dockerCalicoLabels(value.container);
        for (const note of docked.notes) problem(note.code, note.severity, note.pointer, note.message);
        own = docked.labels;
      } else {
        const visible = calicoVisibleLabels(isRecord(slot.labels) ? (slot.labels as Record<string, string>) : {});
        for (const note of visible.notes) {
          problem(note.code, noteSeverity(note), labelPointer(labelsPointer, note), note.message);
          if (note.effect === 'rejected') rejected = true;
        }
        own = visible.labels;
        if (visible.namespace !== undefined) namespace = visible.namespace;
      }
      perNetwork.push({ slot, labels: own, namespace });
    }
    if (rejected) {
      problem(
        'endpoint-rejected',
        'error',
        '/networks',
        'Calico rejects the workload endpoint because of an invalid label, so every task of it fails to launch: no endpoints',
      );
      nonCalico.push({ app: item.id, source: item.source, reason: 'rejected', instances });
      return;
    }
    const baseName = item.id.replace(/^\/+/, '');
    // Every instance of an app carries the same labels: build them once and share the frozen map.
    const shared = perNetwork.map(({ slot, labels, namespace }) => {
      if (!profiles.has(slot.name)) missingProfiles.add(slot.name);
      return { slot, namespace, labels: endpointLabels(labels, namespace, docker ? 'libnetwork' : 'cni', profiles.get(slot.name)) };
    });
    for (let instance = 0; instance < instances; instance++) {
      for (const { slot, labels, namespace } of shared) {
        const profile = slot.name;
        endpoints.push({
          name: `${baseName}#${instance}${perNetwork.length > 1 ? `@${slot.name}` : ''}`,
          labels,
          namespace,
          profiles: [profile],
          ports: [],
          app: item.id,
          group: item.group,
          kind: 'workload',
          source: item.source,
          instance,
          network: slot.name,
          containerizer: docker ? 'docker' : 'mesos',
        });
      }
    }
  };

  for (const app of input.apps ?? []) visitRunSpec(app, '/', 'app', visit, problems);
  for (const pod of input.pods ?? []) visitRunSpec(pod, '/', 'pod', visit, problems);
  for (const group of input.groups ?? []) visitGroup(group, '/', visit, problems);

  for (const profile of [...missingProfiles].sort()) {
    problems.push({
      app: '',
      code: 'missing-profile',
      severity: 'error',
      pointer: '',
      message: `no Calico profile named ${profile}: endpoints on network ${profile} get it as their profile, and Calico treats a missing profile as deny-all`,
    });
  }

  const result: MarathonEndpoints = { endpoints, problems, nonCalico };
  if (!options.noAddresses) {
    const ipam = allocateAddresses(
      endpoints.map((endpoint) => ({ name: endpoint.name, network: endpoint.network })),
      {
        pools: options.pools ?? ipPoolsFromResources([dcosDefaultIpPool()]),
        networks: [...calicoNetworks],
        nodeSelectorMatches: (selector, labels) => parseSelector(selector).evaluate(labels),
        ...(options.agents !== undefined ? { agents: options.agents } : {}),
      },
    );
    // A task that gets no address fails to start (the CNI ADD fails), so it is no endpoint.
    result.endpoints = endpoints.filter((endpoint) => {
      const assignment = ipam.assignments.get(endpoint.name);
      if (!assignment) return false;
      endpoint.ip = assignment.ip;
      endpoint.agent = assignment.agent;
      return true;
    });
    for (const exhaustion of ipam.exhausted) {
      problems.push({
        app: '',
        code: exhaustion.reason === 'no-pool' ? 'no-ip-pool' : 'ip-pool-exhausted',
        severity: 'error',
        pointer: '',
        message:
          exhaustion.reason === 'no-pool'
            ? `no enabled IP pool serves network ${exhaustion.network}: ${exhaustion.requested} tasks would fail to start`
            : `IP pools ${exhaustion.pools.join(', ')} of network ${exhaustion.network} are exhausted: ${exhaustion.requested} tasks need addresses, ` +
              `${exhaustion.capacity} are available for tasks, ${exhaustion.unallocated.length} tasks get none and fail to start ` +
              `(first: ${exhaustion.unallocated.slice(0, 3).join(', ')})`,
      });
    }
    for (const poolProblem of ipam.problems) {
      problems.push({ app: '', code: 'ip-pool-unusable', severity: 'warning', pointer: '', message: `IP pool ${poolProblem.pool}: ${poolProblem.message}` });
    }
    result.ipam = ipam;
  }
  return result;
}

/** A Profile resource's name and `labelsToApply` (calicoctl object or loaded resource). */
export function profileLabels(profile: { name?: string; metadata?: { name: string }; labelsToApply?: Labels; spec?: Record<string, unknown> }): ProfileLabels {
  const name = profile.name ?? profile.metadata?.name ?? '';
  const fromSpec = profile.spec?.labelsToApply;
  const labelsToApply = profile.labelsToApply ?? (isRecord(fromSpec) ? (fromSpec as Labels) : {});
  return { name, labelsToApply };
}

/** The labels of one endpoint: own labels, Calico's namespace and orchestrator labels, then inherited ones. */
function endpointLabels(own: Record<string, string>, namespace: string, orchestrator: string, inherited: Labels | undefined): Labels {
  const labels: Record<string, string> = { ...own, [NAMESPACE_LABEL]: namespace, [ORCHESTRATOR_LABEL]: orchestrator };
  for (const [key, value] of Object.entries(inherited ?? {})) {
    if (!Object.hasOwn(labels, key)) labels[key] = value;
  }
  return Object.freeze(labels);
}

/**
 * Labels the libnetwork plugin copies from Docker labels `org.projectcalico.label.<key>=<value>` (given to
 * Marathon as `container.docker.parameters` entries `{key: "label", value: "..."}`), validated as Kubernetes labels.
 */
function dockerCalicoLabels(container: unknown): {
  labels: Record<string, string>;
  notes: { code: string; severity: Severity; pointer: string; message: string }[];
} {
  const labels: Record<string, string> = {};
  const notes: { code: string; severity: Severity; pointer: string; message: string }[] = [];
  const docker = isRecord(container) && isRecord(container.docker) ? container.docker : undefined;
  const parameters = docker && Array.isArray(docker.parameters) ? docker.parameters : [];
  parameters.forEach((parameter: unknown, index) => {
    if (!isRecord(parameter) || parameter.key !== 'label' || typeof parameter.value !== 'string') return;
    const text = parameter.value;
    if (!text.startsWith(DOCKER_CALICO_LABEL_PREFIX)) return;
    const equals = text.indexOf('=');
    const key = text.slice(DOCKER_CALICO_LABEL_PREFIX.length, equals < 0 ? undefined : equals);
    const value = equals < 0 ? '' : text.slice(equals + 1);
    const errors = [...validateLabelKey(key).map((e) => `key ${e}`), ...validateLabelValue(value).map((e) => `value ${e}`)];
    if (errors.length > 0) {
      notes.push({
        code: 'label-invalid',
        severity: 'warning',
        pointer: `/container/docker/parameters/${index}/value`,
        message: `Docker label ${JSON.stringify(key)} is not a valid Calico label (${errors.join('; ')}); the libnetwork plugin cannot set it`,
      });
      return;
    }
    labels[key] = value;
  });
  return { labels, notes };
}

function noteSeverity(note: LabelNote): Severity {
  if (note.effect === 'rejected' || note.code === 'label-non-string') return 'error';
  if (note.code === 'label-namespace') return 'info';
  return 'warning';
}

function labelPointer(labelsPointer: string, note: LabelNote): string {
  return `${labelsPointer}/${note.key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function describeNetwork(reason: string): string {
  if (reason === 'host') return 'runs on the host network';
  if (reason === 'bridge') return 'runs on the bridge network';
  if (reason.startsWith('container:')) return `runs on the ${reason.slice('container:'.length)} network, not on Calico`;
  return `runs on the ${reason} network`;
}

function instanceCount(value: Record<string, unknown>, source: 'app' | 'pod'): number {
  const raw = source === 'app' ? value.instances : isRecord(value.scaling) ? value.scaling.instances : undefined;
  // Marathon's default is one instance, for apps and for pods.
  return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? raw : 1;
}

function visitRunSpec(
  value: unknown,
  parent: string,
  source: 'app' | 'pod',
  visit: (item: ItemContext) => void,
  problems: EndpointProblem[],
): void {
  // A PodStatus (GET /v2/groups, /v2/pods/::status) holds the pod under `spec`.
  const spec = source === 'pod' && isRecord(value) && isRecord(value.spec) ? value.spec : value;
  if (!isRecord(spec) || typeof spec.id !== 'string' || spec.id === '') {
    problems.push({ app: '', code: 'not-a-run-spec', severity: 'warning', pointer: '', message: `an entry of the ${source}s is not a Marathon ${source} with an id; skipped` });
    return;
  }
  const id = absoluteId(spec.id, parent);
  visit({ id, group: parentOf(id), source, value: spec });
}

function visitGroup(group: unknown, parent: string, visit: (item: ItemContext) => void, problems: EndpointProblem[]): void {
  if (!isRecord(group)) return;
  const id = typeof group.id === 'string' ? absoluteId(group.id, parent) : parent;
  for (const app of Array.isArray(group.apps) ? group.apps : []) visitRunSpec(app, id, 'app', visit, problems);
  for (const pod of Array.isArray(group.pods) ? group.pods : []) visitRunSpec(pod, id, 'pod', visit, problems);
  for (const child of Array.isArray(group.groups) ? group.groups : []) visitGroup(child, id, visit, problems);
}

/** Marathon resolves a relative id against the enclosing group. */
function absoluteId(id: string, parent: string): string {
  if (id.startsWith('/')) return id.replace(/\/+$/, '') || '/';
  return `${parent === '/' ? '' : parent}/${id}`.replace(/\/+$/, '');
}

function parentOf(id: string): string {
  const cut = id.lastIndexOf('/');
  return cut <= 0 ? '/' : id.slice(0, cut);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
