import { describe, expect, it } from 'vitest';

import { applyAppDefaults, applyPodDefaults } from '../../src/core/index.js';

describe('applyAppDefaults', () => {
  it('fills Marathon defaults for a minimal host app', () => {
    expect(applyAppDefaults({ id: '/a', cmd: 'sleep 1' })).toEqual({
      id: '/a',
      cmd: 'sleep 1',
      instances: 1,
      cpus: 1,
      mem: 128,
      disk: 0,
      gpus: 0,
      executor: '',
      backoffSeconds: 1,
      backoffFactor: 1.15,
      maxLaunchDelaySeconds: 300,
      requirePorts: false,
      killSelection: 'YOUNGEST_FIRST',
      upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
      unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 },
      networks: [{ mode: 'host' }],
      portDefinitions: [{ port: 0, name: 'default', protocol: 'tcp' }],
    });
  });

  it('adds the default container, port mapping and names on container networks', () => {
    const app = applyAppDefaults({ id: '/a', cmd: 'x', requirePorts: true, networks: [{}] }, { defaultNetworkName: 'dcos' });
    expect(app.networks).toEqual([{ mode: 'container', name: 'dcos' }]);
    expect(app.container).toEqual({ type: 'MESOS', portMappings: [{ containerPort: 0, name: 'default', servicePort: 0, protocol: 'tcp' }] });
    expect(app.requirePorts).toBe(false);
  });

  it('gives bridge mappings a hostPort of 0 and keeps present values', () => {
    const app = applyAppDefaults({ id: '/a', cmd: 'x', instances: 3, networks: [{ mode: 'container/bridge' }], container: { type: 'DOCKER', portMappings: [{ containerPort: 80 }, { containerPort: 81, hostPort: 8081 }] } });
    expect(app.instances).toBe(3);
    expect((app.container as { portMappings: unknown[] }).portMappings).toEqual([
      { containerPort: 80, servicePort: 0, protocol: 'tcp', hostPort: 0 },
      { containerPort: 81, hostPort: 8081, servicePort: 0, protocol: 'tcp' },
    ]);
  });

  it('uses the resident strategies for apps with persistent volumes', () => {
    const app = applyAppDefaults({ id: '/a', cmd: 'x', container: { type: 'MESOS', volumes: [{ containerPath: 'data', mode: 'RW', persistent: { size: 1 } }] } });
    expect(app.upgradeStrategy).toEqual({ minimumHealthCapacity: 0.5, maximumOverCapacity: 0 });
    expect(app.unreachableStrategy).toBe('disabled');
  });

  it('makes a migrated app and its input differ only where the migration changed them', () => {
    const before = applyAppDefaults({ id: '/a', cmd: 'x', networks: [{ mode: 'container', name: 'dcos' }] });
    const after = applyAppDefaults({ id: '/a', cmd: 'x', networks: [{ mode: 'container', name: 'calico' }] });
    expect({ ...after, networks: before.networks }).toEqual(before);
  });

  it('does not modify its input', () => {
    const input = { id: '/a', networks: [{ mode: 'container/bridge' }], container: { portMappings: [{ containerPort: 1 }] } };
    const copy = structuredClone(input);
    applyAppDefaults(input);
    expect(input).toEqual(copy);
  });
});

describe('applyPodDefaults', () => {
  it('adds hostPort 0 to endpoints under host networking and names unnamed networks', () => {
    expect(applyPodDefaults({ id: '/p', containers: [{ name: 'c', endpoints: [{ name: 'e' }] }] })).toEqual({
      id: '/p',
      containers: [{ name: 'c', endpoints: [{ name: 'e', hostPort: 0 }] }],
    });
    expect(applyPodDefaults({ id: '/p', networks: [{}], containers: [{ name: 'c', endpoints: [{ name: 'e', containerPort: 80 }] }] }, { defaultNetworkName: 'dcos' })).toEqual({
      id: '/p',
      networks: [{ mode: 'container', name: 'dcos' }],
      containers: [{ name: 'c', endpoints: [{ name: 'e', containerPort: 80 }] }],
    });
  });
});
