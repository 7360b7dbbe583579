/**
 * Generates a large `GET /v2/groups` tree for benchmarks: 50 apps per group, apps as Marathon returns them
 * (AppInfo with defaults filled in), a mix of UCR and Docker containers on dcos / unnamed / calico / bridge / host
 * networks, and one pod (as a PodStatus) in every fourth group. Deterministic: the same size gives the same text.
 */

const NETWORKS = ['dcos', 'unnamed', 'calico', 'bridge', 'host'] as const;

function app(groupId: string, index: number, serial: number): Record<string, unknown> {
  const network = NETWORKS[serial % NETWORKS.length]!;
  const docker = serial % 2 === 1;
  const id = `${groupId}/svc-${String(index).padStart(2, '0')}`;
  const hostMode = network === 'host';
  const networks =
    network === 'host'
      ? [{ mode: 'host' }]
      : network === 'bridge'
        ? [{ mode: 'container/bridge' }]
        : network === 'unnamed'
          ? [{ mode: 'container' }]
          : [{ name: network, mode: 'container' }];
  const container: Record<string, unknown> = {
    type: docker ? 'DOCKER' : 'MESOS',
    volumes: [],
    docker: { image: `registry.example.com/team-${serial % 17}/service-${serial % 101}:1.${serial % 13}.${serial % 7}`, forcePullImage: false, parameters: [] },
  };
  if (!hostMode) {
    container['portMappings'] = [
      {
        containerPort: 8080,
        hostPort: network === 'bridge' ? 0 : undefined,
        labels: serial % 10 === 0 ? { VIP_0: `${id}:8080` } : {},
        name: 'http',
        protocol: 'tcp',
        servicePort: 10000 + (serial % 10000),
      },
      { containerPort: 9090, labels: {}, name: 'metrics', protocol: 'tcp', servicePort: 0 },
    ];
  }
  return {
    id,
    backoffFactor: 1.15,
    backoffSeconds: 1,
    cmd: docker ? null : `./bin/service --listen 0.0.0.0:8080 --metrics 0.0.0.0:9090 --name ${id}`,
    constraints: serial % 3 === 0 ? [['hostname', 'UNIQUE']] : [],
    container,
    cpus: 0.25,
    disk: 0,
    env: {
      SERVICE_NAME: id,
      LOG_LEVEL: serial % 4 === 0 ? 'debug' : 'info',
      UPSTREAM: `http://upstream-${serial % 50}.marathon.l4lb.thisdcos.directory:80`,
    },
    executor: '',
    fetch: [],
    healthChecks: [
      {
        gracePeriodSeconds: 300,
        intervalSeconds: 60,
        maxConsecutiveFailures: 3,
        portIndex: 0,
        timeoutSeconds: 20,
        delaySeconds: 15,
        protocol: hostMode ? 'HTTP' : 'MESOS_HTTP',
        path: '/health',
        ipProtocol: 'IPv4',
      },
    ],
    instances: 1 + (serial % 3),
    labels: {
      team: `team-${serial % 17}`,
      tier: serial % 3 === 0 ? 'frontend' : 'backend',
      HAPROXY_GROUP: 'external',
    },
    maxLaunchDelaySeconds: 300,
    mem: 256,
    gpus: 0,
    networks,
    ...(hostMode ? { portDefinitions: [{ port: 10000 + (serial % 10000), name: 'http', protocol: 'tcp', labels: {} }] } : {}),
    requirePorts: false,
    upgradeStrategy: { maximumOverCapacity: 1, minimumHealthCapacity: 1 },
    unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 },
    version: '2026-03-01T12:00:00.000Z',
    versionInfo: { lastScalingAt: '2026-03-01T12:00:00.000Z', lastConfigChangeAt: '2026-03-01T12:00:00.000Z' },
    killSelection: 'YOUNGEST_FIRST',
    role: '*',
  };
}

function podStatus(groupId: string, serial: number): Record<string, unknown> {
  const id = `${groupId}/pod`;
  return {
    id,
    spec: {
      id,
      labels: { team: `team-${serial % 17}` },
      version: '2026-03-01T12:00:00.000Z',
      networks: [serial % 2 === 0 ? { name: 'dcos', mode: 'container' } : { mode: 'host' }],
      scaling: { kind: 'fixed', instances: 1 },
      containers: [
        {
          name: 'main',
          resources: { cpus: 0.1, mem: 64, disk: 0, gpus: 0 },
          image: { kind: 'DOCKER', id: 'busybox:1.36' },
          endpoints: [serial % 2 === 0 ? { name: 'http', containerPort: 80, protocol: ['tcp'] } : { name: 'http', hostPort: 0, protocol: ['tcp'] }],
        },
      ],
    },
    status: 'STABLE',
    statusSince: '2026-03-01T12:01:00.000Z',
    instances: [],
    terminationHistory: [],
    lastUpdated: '2026-03-01T12:05:00.000Z',
    lastChanged: '2026-03-01T12:01:00.000Z',
  };
}

/** The tree as a value: `apps` apps in groups of 50 under 10-group parents. */
export function generateGroupsTree(apps = 10_000): Record<string, unknown> {
  const perGroup = 50;
  const groupCount = Math.ceil(apps / perGroup);
  const parents: Record<string, unknown>[] = [];
  let serial = 0;
  for (let g = 0; g < groupCount; g++) {
    const parentIndex = Math.floor(g / 10);
    let parent = parents[parentIndex];
    if (!parent) {
      parent = { id: `/dept-${parentIndex}`, apps: [], pods: [], groups: [], dependencies: [], version: '2026-03-01T12:00:00.000Z', enforceRole: false };
      parents.push(parent);
    }
    const groupId = `/dept-${parentIndex}/group-${g}`;
    const groupApps: Record<string, unknown>[] = [];
    for (let i = 0; i < perGroup && serial < apps; i++) groupApps.push(app(groupId, i, serial++));
    (parent['groups'] as unknown[]).push({
      id: groupId,
      apps: groupApps,
      pods: g % 4 === 0 ? [podStatus(groupId, g)] : [],
      groups: [],
      dependencies: [],
      version: '2026-03-01T12:00:00.000Z',
      enforceRole: false,
    });
  }
  return { id: '/', apps: [], pods: [], groups: parents, dependencies: [], version: '2026-03-01T12:00:00.000Z' };
}

/** The tree as text, compact as Marathon's API sends it (`curl .../v2/groups > groups.json`). */
export function generateGroupsText(apps = 10_000): string {
  return JSON.stringify(generateGroupsTree(apps));
}
