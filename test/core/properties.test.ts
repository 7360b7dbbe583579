import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { migrateApp, migratePod, validateApp, validatePod } from '../../src/core/index.js';
import type { CarryPolicy, JsonObject, MigrationOptions } from '../../src/core/index.js';

const labelKey = fc.oneof(
  fc.constantFrom('app', 'tier', 'role', 'app/name', 'HAPROXY_GROUP', 'DCOS_SERVICE_NAME', 'traefik.enable', '_x', '__proto__', 'constructor', 'VIP_0'),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/),
  fc.string({ maxLength: 12 }),
);
const labelValue = fc.oneof(fc.stringMatching(/^[a-z0-9]{0,12}$/), fc.string({ maxLength: 20 }), fc.string({ minLength: 60, maxLength: 120 }));
const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 5 });

const networkName = fc.constantFrom('dcos', 'calico', 'other', 'dcos6', 'mesos-bridge');
const network = fc.oneof(
  fc.record({ mode: fc.constant('container'), name: networkName }, { requiredKeys: ['mode', 'name'] }),
  fc.record({ mode: fc.constant('container') }),
  fc.record({ name: networkName }),
  fc.constant({ mode: 'host' }),
  fc.constant({ mode: 'container/bridge' }),
  fc.record({ mode: fc.constant('container'), name: networkName, labels }),
);

const portMapping = fc.record(
  {
    containerPort: fc.integer({ min: 0, max: 65535 }),
    hostPort: fc.integer({ min: 0, max: 65535 }),
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
    labels: fc.dictionary(fc.constantFrom('VIP_0', 'VIP_1', 'x'), fc.constantFrom('/app:80', '9.0.0.1:80')),
    networkNames: fc.array(networkName, { maxLength: 2 }),
  },
  { requiredKeys: ['containerPort'] },
);

const env = fc.dictionary(
  fc.constantFrom('VIRTUAL_NETWORK_NAME', 'DSE_NODE_VIRTUAL_NETWORK_NAME', 'VIRTUAL_NETWORK_NAME_DATA', 'PEER', 'HOME', 'SECRET_REF'),
  fc.oneof(fc.constantFrom('dcos', 'calico', '9.0.1.2', '10.0.0.1'), fc.string({ maxLength: 10 }), fc.constant({ secret: 'pw' })),
  { maxKeys: 4 },
);

const legacy = fc.oneof(
  fc.constant(undefined),
  fc.record({ networkName: fc.option(networkName, { nil: undefined }), labels, groups: fc.array(fc.constant('g'), { maxLength: 1 }) }, { requiredKeys: [] }),
);

/** Apps of every network shape, canonical or legacy, MESOS or DOCKER, with labels, ports and env. */
const app = fc
  .record(
    {
      id: fc.stringMatching(/^\/[a-z][a-z0-9-]{0,10}$/),
      cmd: fc.constantFrom('sleep 1000', 'curl 9.0.3.4:80', 'ping x'),
      instances: fc.integer({ min: 0, max: 5 }),
      labels,
      env,
      type: fc.constantFrom('MESOS', 'DOCKER', undefined),
      dockerNetwork: fc.constantFrom(undefined, undefined, 'USER', 'BRIDGE', 'HOST'),
      networks: fc.option(fc.array(network, { maxLength: 3 }), { nil: undefined }),
      portMappings: fc.option(fc.array(portMapping, { maxLength: 3 }), { nil: undefined }),
      ipAddress: legacy,
      extra: fc.record(
        {
          constraints: fc.constant([['hostname', 'UNIQUE']]),
          fetch: fc.constant([{ uri: 'https://example.com/app.tgz' }]),
          upgradeStrategy: fc.record({ minimumHealthCapacity: fc.double({ min: 0, max: 1, noNaN: true }), maximumOverCapacity: fc.constantFrom(0, 1) }),
          user: fc.string({ maxLength: 5 }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['id', 'cmd', 'type', 'dockerNetwork', 'networks', 'portMappings', 'ipAddress'] },
  )
  .map((g) => {
    const result: JsonObject = { id: g.id, cmd: g.cmd };
    for (const key of ['instances', 'labels', 'env'] as const) if (g[key] !== undefined) result[key] = g[key];
    Object.assign(result, g.extra);
    if (g.type !== undefined || g.portMappings !== undefined || g.dockerNetwork !== undefined) {
      const container: JsonObject = {};
      if (g.type !== undefined) container.type = g.type;
      if (g.type !== 'MESOS' || g.dockerNetwork === undefined) container.docker = { image: 'nginx' };
      if (g.dockerNetwork !== undefined && g.type !== 'MESOS') (container.docker as JsonObject).network = g.dockerNetwork;
      if (g.portMappings !== undefined) container.portMappings = g.portMappings;
      result.container = container;
    }
    if (g.networks !== undefined) result.networks = g.networks;
    if (g.ipAddress !== undefined) result.ipAddress = g.ipAddress;
    return result;
  });

const endpoint = fc.record(
  {
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
    containerPort: fc.integer({ min: 1, max: 65535 }),
    hostPort: fc.integer({ min: 0, max: 65535 }),
    networkNames: fc.oneof(fc.constantFrom([], ['dcos']), fc.array(networkName, { maxLength: 2 })),
    labels: fc.dictionary(fc.constantFrom('VIP_0', 'x'), fc.constantFrom('/pod:80', 'y')),
  },
  { requiredKeys: ['name', 'containerPort'] },
);

const pod = fc.record(
  {
    id: fc.stringMatching(/^\/[a-z][a-z0-9-]{0,10}$/),
    labels,
    environment: env,
    networks: fc.oneof(fc.constant([{ mode: 'container', name: 'dcos' }]), fc.constant([{ mode: 'container' }]), fc.array(network, { maxLength: 3 })),
    containers: fc.array(
      fc.record({
        name: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
        resources: fc.constant({ cpus: 0.1, mem: 32 }),
        endpoints: fc.array(endpoint, { maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 2 },
    ),
  },
  { requiredKeys: ['id', 'containers'] },
);

const options = fc.record(
  {
    carry: fc.record({ include: fc.constantFrom<CarryPolicy['include']>('default', 'all', 'none', ['app*', 'tier']) }),
    legacy: fc.constantFrom<'when-migrating' | 'always'>('when-migrating', 'always'),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<MigrationOptions>;

/** Fields no rule may touch in an app: everything except networks, container, env and the legacy fields. */
const APP_RULE_FIELDS = new Set(['networks', 'container', 'env', 'ipAddress', 'ports', 'portDefinitions']);

const errorsOf = (warnings: { severity: string }[]) => warnings.filter((w) => w.severity === 'error');

describe('migrateApp properties', () => {
  it('generates enough valid apps that change for the properties to bite', () => {
    const samples = fc.sample(app, { numRuns: 400, seed: 42 });
    const valid = samples.filter((a) => errorsOf(validateApp(a)).length === 0);
    const validAndChanged = valid.filter((a) => migrateApp(a).changes.length > 0);
    const legacy = validAndChanged.filter((a) => a.ipAddress !== undefined || (a.container as JsonObject | undefined)?.docker !== undefined);
    expect(valid.length, `${valid.length} valid, ${validAndChanged.length} changed, ${legacy.length} legacy`).toBeGreaterThan(60);
    expect(validAndChanged.length).toBeGreaterThan(20);
    expect(legacy.length).toBeGreaterThan(5);
  });

  it('is idempotent, never mutates its input, keeps untouched fields and keeps valid apps valid', () => {
    fc.assert(
      fc.property(app, options, (input, opts) => {
        const snapshot = structuredClone(input);
        const first = migrateApp(input, opts);
        expect(input).toEqual(snapshot);

        const second = migrateApp(first.app, opts);
        expect(second.changes).toEqual([]);
        expect(second.app).toEqual(first.app);

        for (const key of Object.keys(input)) {
          if (!APP_RULE_FIELDS.has(key)) expect(first.app[key], key).toEqual(input[key]);
        }
        const env = input.env as Record<string, unknown> | undefined;
        for (const [name, value] of Object.entries(env ?? {})) {
          const switched = first.changes.some((c) => c.kind === 'env-switched' && c.pointer === `/env/${name}`);
          expect((first.app.env as Record<string, unknown>)[name]).toEqual(switched ? 'calico' : value);
        }
        if (first.changes.length === 0) expect(first.app).toEqual(input);

        if (errorsOf(validateApp(input)).length === 0) expect(errorsOf(validateApp(first.app))).toEqual([]);
        // Never ipAddress together with networks.
        if (Array.isArray(first.app.networks) && first.app.networks.length > 0 && !first.warnings.some((w) => w.code === 'legacy-rejected')) {
          expect(first.app.ipAddress ?? undefined).toBeUndefined();
        }
      }),
      { numRuns: 400 },
    );
  });

  it('writes only into its own copies: a deep-frozen input migrates exactly like a plain one', () => {
    fc.assert(
      fc.property(app, options, (input, opts) => {
        const plain = migrateApp(structuredClone(input), opts);
        const frozen = migrateApp(deepFreeze(structuredClone(input)), opts);
        expect(frozen).toEqual(plain);
      }),
      { numRuns: 400 },
    );
  });

  it('leaves no container network on dcos unless it cannot rename it', () => {
    fc.assert(
      fc.property(app, (input) => {
        const { app: out, warnings } = migrateApp(input);
        const blocked = ['from-and-to-both-present', 'from-network-twice', 'legacy-rejected', 'invalid-app'];
        if (warnings.some((w) => blocked.includes(w.code))) return;
        const networks = Array.isArray(out.networks) ? (out.networks as JsonObject[]) : [];
        for (const n of networks) {
          if ((n.mode ?? 'container') === 'container') expect(n.name ?? 'dcos').not.toBe('dcos');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('migratePod properties', () => {
  it('generates enough valid pods that change for the properties to bite', () => {
    const samples = fc.sample(pod, { numRuns: 300, seed: 42 });
    const validAndChanged = samples.filter((p) => errorsOf(validatePod(p)).length === 0 && migratePod(p).changes.length > 0);
    expect(validAndChanged.length).toBeGreaterThan(15);
  });

  it('is idempotent, never mutates its input, keeps untouched fields and keeps valid pods valid', () => {
    fc.assert(
      fc.property(pod, options, (input, opts) => {
        const snapshot = structuredClone(input);
        const first = migratePod(input, opts);
        expect(input).toEqual(snapshot);
        const second = migratePod(first.pod, opts);
        expect(second.changes).toEqual([]);
        expect(second.pod).toEqual(first.pod);
        for (const key of ['id', 'labels', 'environment'] as const) expect(first.pod[key]).toEqual(input[key]);
        input.containers.forEach((container, index) => {
          const out = (first.pod.containers as JsonObject[])[index]!;
          expect(out.name).toEqual(container.name);
          expect(out.resources).toEqual(container.resources);
        });
        if (errorsOf(validatePod(input)).length === 0) expect(errorsOf(validatePod(first.pod))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

/** Freezes a JSON value at every depth, so a write into it throws (modules run in strict mode). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const entry of Object.values(value)) deepFreeze(entry);
    Object.freeze(value);
  }
  return value;
}
