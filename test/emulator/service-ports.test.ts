import { afterEach, describe, expect, it } from 'vitest';

import type { EmulatorHandle } from '../../src/emulator/index.js';
import { call, emulator } from './helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies in assertions

describe('emulator service ports', () => {
  let server: EmulatorHandle | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it('gives each dynamic port the lowest free one, skipping explicit ones, and keeps them across updates that send 0 again', async () => {
    server = await emulator({});
    await call(server, 'POST', '/v2/apps', { id: '/fixed', cmd: 'x', portDefinitions: [{ port: 10000 }] });
    const created = await call(server, 'POST', '/v2/apps', { id: '/dynamic', cmd: 'x', portDefinitions: [{ port: 0 }, { port: 0 }] });

    await call(server, 'PUT', '/v2/apps/dynamic', { cmd: 'y', portDefinitions: [{ port: 0 }, { port: 0 }] });
    const updated = ((await call(server, 'GET', '/v2/apps/dynamic')).body as Json).app;

    expect((created.body as Json).portDefinitions.map((definition: Json) => definition.port)).toEqual([10001, 10002]);
    expect(updated.portDefinitions.map((definition: Json) => definition.port)).toEqual([10001, 10002]);
  });

  it('moves an app from host ports to port mappings without changing its service port', async () => {
    server = await emulator({});
    await call(server, 'POST', '/v2/apps', { id: '/moving', cmd: 'x' });

    await call(server, 'PUT', '/v2/apps/moving', { networks: [{ name: 'calico' }], container: { type: 'MESOS', portMappings: [{ containerPort: 80 }] } });
    const app = ((await call(server, 'GET', '/v2/apps/moving')).body as Json).app;

    expect(app.container.portMappings[0].servicePort).toBe(10000);
  });

  it('the apps of one batch never share a fresh port; a freed port is reused', async () => {
    server = await emulator({});
    await call(server, 'PUT', '/v2/apps', [
      { id: '/a', cmd: 'x' },
      { id: '/b', cmd: 'x' },
    ]);
    await call(server, 'DELETE', '/v2/apps/a');
    await call(server, 'POST', '/v2/apps', { id: '/c', cmd: 'x' });

    const ports = (((await call(server, 'GET', '/v2/apps')).body as Json).apps as Json[]).map((app) => [app.id, app.portDefinitions[0].port]);

    expect(ports).toEqual([
      ['/b', 10001],
      ['/c', 10000],
    ]);
  });

  it('a loaded state file gets ports for its dynamic ones without moving explicit ones', async () => {
    server = await emulator({ state: { id: '/', apps: [{ id: '/dyn', cmd: 'x' }, { id: '/fix', cmd: 'x', portDefinitions: [{ port: 10000 }] }] } });

    const ports = (((await call(server, 'GET', '/v2/apps')).body as Json).apps as Json[]).map((app) => [app.id, app.portDefinitions[0].port]);

    expect(ports).toEqual([
      ['/dyn', 10001],
      ['/fix', 10000],
    ]);
  });
});
