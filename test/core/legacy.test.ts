import { describe, expect, it } from 'vitest';

import { hasLegacyNetworkForm, normaliseLegacyApp } from '../../src/core/index.js';
import type { JsonObject } from '../../src/core/index.js';

function rejection(app: JsonObject): { pointer: string; message: string } {
  const result = normaliseLegacyApp(app);
  expect(result.rejected).toBe(true);
  expect(result.app).toEqual(app);
  expect(result.changes).toEqual([]);
  expect(result.warnings).toHaveLength(1);
  expect(result.warnings[0]).toMatchObject({ code: 'legacy-rejected', severity: 'error' });
  return { pointer: result.warnings[0]!.pointer, message: result.warnings[0]!.message };
}

describe('hasLegacyNetworkForm', () => {
  it('recognises ipAddress, docker.network and docker.portMappings, and ignores nulls', () => {
    expect(hasLegacyNetworkForm({ ipAddress: {} })).toBe(true);
    expect(hasLegacyNetworkForm({ container: { docker: { network: 'USER' } } })).toBe(true);
    expect(hasLegacyNetworkForm({ container: { docker: { portMappings: [] } } })).toBe(true);
    expect(hasLegacyNetworkForm({ ipAddress: null, container: { docker: { network: null } } })).toBe(false);
    expect(hasLegacyNetworkForm({ networks: [{ mode: 'container' }] })).toBe(false);
    expect(hasLegacyNetworkForm('app')).toBe(false);
  });
});

describe('normaliseLegacyApp translation (Marathon NetworkTranslation)', () => {
  const docker = (network: string) => ({ type: 'DOCKER', docker: { image: 'nginx', network } });
  it.each([
    ['ipAddress + USER', { container: docker('USER'), ipAddress: { networkName: 'dcos', labels: { a: 'b' } } }, [{ mode: 'container', name: 'dcos', labels: { a: 'b' } }]],
    ['ipAddress + USER without name', { container: docker('USER'), ipAddress: {} }, [{ mode: 'container' }]],
    ['ipAddress + BRIDGE', { container: docker('BRIDGE'), ipAddress: { networkName: 'dcos', labels: { a: 'b' } } }, [{ mode: 'container/bridge', labels: { a: 'b' } }]],
    ['ipAddress + HOST (labels dropped)', { container: docker('HOST'), ipAddress: { labels: { a: 'b' } } }, [{ mode: 'host' }]],
    ['ipAddress naming mesos-bridge', { ipAddress: { networkName: 'mesos-bridge' } }, [{ mode: 'container/bridge' }]],
    ['ipAddress naming a network', { ipAddress: { networkName: 'dcos' } }, [{ mode: 'container', name: 'dcos' }]],
    ['docker USER only', { container: docker('USER') }, [{ mode: 'container' }]],
    ['docker BRIDGE only', { container: docker('BRIDGE') }, [{ mode: 'container/bridge' }]],
    ['docker HOST only', { container: docker('HOST') }, [{ mode: 'host' }]],
  ])('%s', (_name, app, networks) => {
    const result = normaliseLegacyApp({ id: '/x', cmd: 'sleep 1', ...app } as JsonObject);
    expect(result.rejected).toBe(false);
    expect(result.converted).toBe(true);
    expect(result.app.networks).toEqual(networks);
    expect(result.app.ipAddress).toBeUndefined();
    expect((result.app.container as JsonObject).docker ?? {}).not.toHaveProperty('network');
  });

  it('honours a configured Mesos bridge name', () => {
    const result = normaliseLegacyApp({ id: '/x', ipAddress: { networkName: 'br0' } }, { mesosBridgeName: 'br0' });
    expect(result.app.networks).toEqual([{ mode: 'container/bridge' }]);
  });

  it('creates an empty MESOS container for ipAddress without a container', () => {
    const result = normaliseLegacyApp({ id: '/x', cmd: 'sleep 1', ipAddress: { networkName: 'dcos' } });
    expect(result.app.container).toEqual({ type: 'MESOS' });
  });

  it('turns discovery ports into port mappings, keeping VIP labels, and drops groups with a warning', () => {
    const result = normaliseLegacyApp({
      id: '/x',
      container: { type: 'MESOS' },
      ipAddress: { groups: ['a', 'b'], discovery: { ports: [{ number: 34, name: 'port1', protocol: 'udp', labels: { VIP_0: '/namedvip:34' } }] } },
    });
    expect((result.app.container as JsonObject).portMappings).toEqual([{ containerPort: 34, name: 'port1', protocol: 'udp', labels: { VIP_0: '/namedvip:34' } }]);
    expect(result.warnings.map((w) => [w.code, w.pointer])).toEqual([['ipaddress-groups-dropped', '/ipAddress/groups']]);
  });

  it('moves docker.portMappings to container.portMappings', () => {
    const mappings = [{ containerPort: 80, hostPort: 0, name: 'http' }];
    const result = normaliseLegacyApp({ id: '/x', container: { type: 'DOCKER', docker: { image: 'i', network: 'BRIDGE', portMappings: mappings } } });
    expect(result.app.container).toEqual({ type: 'DOCKER', docker: { image: 'i' }, portMappings: mappings });
  });

  it('discards ports on container networks and pads mappings to their count', () => {
    const result = normaliseLegacyApp({ id: '/x', container: { type: 'DOCKER', docker: { image: 'i', network: 'USER' } }, portDefinitions: [{ port: 0 }, { port: 0 }, { port: 0 }] });
    expect(result.app.portDefinitions).toBeUndefined();
    expect((result.app.container as JsonObject).portMappings).toEqual([{ containerPort: 0, name: 'default' }, { containerPort: 0 }, { containerPort: 0 }]);
  });

  it('drops port mappings on host networking', () => {
    const result = normaliseLegacyApp({ id: '/x', container: { type: 'DOCKER', docker: { image: 'i', network: 'HOST', portMappings: [{ containerPort: 80 }] } } });
    expect((result.app.container as JsonObject).portMappings).toBeUndefined();
  });

  it('records snapshots, not live references, in changes', () => {
    const result = normaliseLegacyApp({ id: '/x', ipAddress: { networkName: 'dcos' } });
    const change = result.changes.find((c) => c.pointer === '/networks')!;
    (result.app.networks as JsonObject[])[0]!.name = 'changed';
    expect(change.after).toEqual([{ mode: 'container', name: 'dcos' }]);
  });
});

describe('normaliseLegacyApp rejections, with Marathon messages', () => {
  it.each([
    [{ container: { type: 'MESOS', docker: { image: 'i', network: 'USER' } } }, '/container/docker/network', '/container/docker/network: must be empty'],
    [{ container: { type: 'MESOS', docker: { image: 'i', portMappings: [{ containerPort: 1 }] } } }, '/container/docker/portMappings', '/container/docker/portMappings: must be empty'],
    [{ container: { type: 'DOCKER', docker: { image: 'i' } }, ipAddress: { discovery: { ports: [] } } }, '/ipAddress', '/ipAddress: ipAddress/discovery is not allowed for Docker containers'],
    [{ container: { type: 'DOCKER', docker: { image: 'i', network: 'USER' } }, networks: [{ mode: 'host' }] }, '', 'must not specify both container.docker.network and networks'],
    [{ ipAddress: {}, networks: [{ mode: 'container', name: 'dcos' }] }, '', 'must not specify both networks and ipAddress'],
    [{ ipAddress: {}, portDefinitions: [{ port: 80 }] }, '', 'cannot specify both an IP address and port'],
    [{ ipAddress: {}, ports: [80] }, '', 'cannot specify both an IP address and port'],
    [{ container: { type: 'DOCKER', docker: { image: 'i', network: 'NONE' } } }, '/container/docker/network', 'unsupported docker network type NONE'],
    [
      { container: { type: 'DOCKER', docker: { image: 'i', network: 'BRIDGE', portMappings: [{ containerPort: 1 }] }, portMappings: [{ containerPort: 2 }] } },
      '/container/portMappings',
      'cannot specify both portMappings and docker.portMappings',
    ],
    [
      { container: { type: 'MESOS', portMappings: [{ containerPort: 2 }] }, ipAddress: { discovery: { ports: [{ number: 1, name: 'a' }] } } },
      '/container/portMappings',
      'container.portMappings and ipAddress.discovery.ports must not both be set',
    ],
    [{ ipAddress: 'dcos' }, '/ipAddress', 'ipAddress must be an object'],
  ])('%j', (app, pointer, message) => {
    const result = rejection({ id: '/x', cmd: 'sleep 1', ...app } as JsonObject);
    expect(result.pointer).toBe(pointer);
    expect(result.message).toBe(`Marathon rejects this legacy network definition: ${message}`);
  });
});
