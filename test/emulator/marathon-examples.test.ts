import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { EmulatorHandle } from '../../src/emulator/index.js';
import { fixturePath } from '../../src/paths.js';
import { call, emulator } from './helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies in assertions

const dir = fixturePath('cluster', 'marathon-examples');
const files = readdirSync(dir).filter((file) => file.endsWith('.json')).sort();
const LEGACY = ['ipAddress', 'ports', 'uris'];

describe("emulator accepts Marathon's own examples", () => {
  let server: EmulatorHandle;

  beforeAll(async () => {
    server = await emulator({});
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(files)('%s is accepted and answered in canonical form', async (file) => {
    const definition = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Json;
    const pod = Array.isArray(definition.containers);

    const created = await call(server, 'POST', pod ? '/v2/pods' : '/v2/apps', definition);

    expect(created.status, created.text).toBe(201);
    const body = created.body as Json;
    if (pod) return;
    for (const field of LEGACY) expect(body[field]).toBeUndefined();
    expect(body.container?.docker?.network).toBeUndefined();
    expect(body.container?.docker?.portMappings).toBeUndefined();
    expect(Array.isArray(body.networks) && body.networks.length > 0).toBe(true);
  });

  it('pinger-container-app: ipAddress without a container becomes a MESOS container on dcos with its discovery ports', async () => {
    const app = ((await call(server, 'GET', '/v2/apps/pinger-container-app')).body as Json).app;

    expect(app.networks).toEqual([{ name: 'dcos', mode: 'container' }]);
    expect(app.container.type).toBe('MESOS');
    expect(app.container.portMappings.length).toBeGreaterThan(0);
  });

  it('bridge.json: docker BRIDGE keeps its port mappings with host ports', async () => {
    const app = ((await call(server, 'GET', '/v2/apps/bridged-webapp')).body as Json).app;

    expect(app.networks).toEqual([{ mode: 'container/bridge' }]);
    expect(app.container.portMappings.every((mapping: Json) => typeof mapping.hostPort === 'number')).toBe(true);
  });

  it('ports-pod: null fields read as absent, host endpoints keep their hostPort', async () => {
    const stored = (await call(server, 'GET', '/v2/pods/ports-pod')).body as Json;

    expect(stored.networks).toBeUndefined();
    expect(stored.containers[0].endpoints[0].hostPort).toBe(0);
    expect(stored.containers[0].endpoints[0].containerPort).toBeUndefined();
  });
});
