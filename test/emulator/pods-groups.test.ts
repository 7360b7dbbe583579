import { readFileSync } from 'node:fs';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { EmulatorHandle } from '../../src/emulator/index.js';
import { fixturePath } from '../../src/paths.js';
import { call, emulator, fixedNow } from './helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies in assertions

const pod = (id: string, network = 'dcos'): Json => ({
  id,
  networks: [{ mode: 'container', name: network }],
  containers: [
    {
      name: 'web',
      resources: { cpus: 0.1, mem: 64 },
      image: { kind: 'DOCKER', id: 'nginx' },
      endpoints: [{ name: 'http', containerPort: 80, networkNames: [network] }],
    },
  ],
});

describe('emulator/pods, groups, info, ping', () => {
  let server: EmulatorHandle;

  beforeAll(async () => {
    const seed = JSON.parse(readFileSync(fixturePath('cluster', 'cluster.json'), 'utf8')) as Record<string, unknown>;
    server = await emulator({ state: seed, now: fixedNow() });
  });
  afterAll(async () => {
    await server.close();
  });

  describe('pods', () => {
    it('lists pods as a bare array and gets one', async () => {
      const list = await call(server, 'GET', '/v2/pods');
      const one = await call(server, 'GET', '/v2/pods/payments/checkout');

      expect((list.body as Json[]).map((item) => item.id)).toEqual(['/payments/checkout']);
      expect((one.body as Json).networks).toEqual([{ name: 'dcos', mode: 'container', labels: { app: 'checkout' } }]);
      expect((one.body as Json).version).toMatch(/Z$/);
    });

    it("404 for GET /v2/pods/{id} is Marathon's double-encoded message", async () => {
      const answer = await call(server, 'GET', '/v2/pods/nope');

      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ message: '{"message": "pod with /nope does not exist"}' });
    });

    it('POST creates (201, Location, Marathon-Deployment-Id) and 409s an existing id', async () => {
      const created = await call(server, 'POST', '/v2/pods', pod('/new/pod'));
      const again = await call(server, 'POST', '/v2/pods', pod('/new/pod'));

      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe('/new/pod');
      expect(created.headers.get('marathon-deployment-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect((created.body as Json).scaling).toEqual({ kind: 'fixed', instances: 1 });
      expect(again.status).toBe(409);
      expect(again.body).toEqual({ message: 'A pod with id [/new/pod] already exists.' });
    });

    it('PUT replaces the whole pod: 200 with the pod and the header, user version ignored', async () => {
      const answer = await call(server, 'PUT', '/v2/pods/new/pod', { ...pod('/new/pod', 'calico'), version: '2000-01-01T00:00:00.000Z' });

      expect(answer.status).toBe(200);
      expect(answer.headers.get('marathon-deployment-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect((answer.body as Json).networks).toEqual([{ name: 'calico', mode: 'container' }]);
      expect((answer.body as Json).containers[0].endpoints[0].networkNames).toEqual(['calico']);
      expect((answer.body as Json).version).not.toBe('2000-01-01T00:00:00.000Z');
    });

    it('PUT with a different id in the body is 400', async () => {
      const answer = await call(server, 'PUT', '/v2/pods/new/pod', pod('/other'));

      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ message: "'/new/pod' does not match definition's id ('/other')" });
    });

    it('PUT validates endpoints against the pod networks', async () => {
      const bad = pod('/new/pod', 'calico');
      bad.containers[0].endpoints[0].networkNames = ['dcos'];
      delete bad.containers[0].endpoints[0].containerPort;

      const answer = await call(server, 'PUT', '/v2/pods/new/pod', bad);

      expect(answer.status).toBe(422);
      expect(answer.body).toEqual({
        message: 'Object is not valid',
        details: [
          { path: '/containers(0)/endpoints(0)/containerPort', errors: ['is required when using container-mode networking'] },
          { path: '/containers(0)/endpoints(0)/networkNames(0)', errors: ['is not one of (calico)'] },
        ],
      });
    });

    it('422 with PodsValidation messages for a host port on two container networks and for repeated endpoints', async () => {
      const twoNetworks = pod('/pods/two');
      twoNetworks.networks = [{ name: 'dcos' }, { name: 'calico' }];
      twoNetworks.containers[0].endpoints = [{ name: 'http', containerPort: 80, hostPort: 8080 }];
      const repeated = pod('/pods/repeated');
      repeated.containers.push({ ...repeated.containers[0], name: 'sidecar' });

      const first = await call(server, 'POST', '/v2/pods', twoNetworks);
      const second = await call(server, 'POST', '/v2/pods', repeated);

      expect(first.body).toEqual({
        message: 'Object is not valid',
        details: [
          {
            path: '/containers(0)/endpoints(0)',
            errors: ['networkNames must be a single item list when hostPort is specified and more than 1 container network is defined'],
          },
        ],
      });
      expect(second.body).toEqual({
        message: 'Object is not valid',
        details: [{ path: '/', errors: ['endpoint names nust be unique across all containers', 'container ports must be unique across all containers'] }],
      });
    });

    it('status and versions', async () => {
      const status = await call(server, 'GET', '/v2/pods/new/pod::status');
      const all = await call(server, 'GET', '/v2/pods/::status');
      const versions = await call(server, 'GET', '/v2/pods/new/pod::versions');
      const first = await call(server, 'GET', `/v2/pods/new/pod::versions/${(versions.body as string[])[1]!}`);

      expect((status.body as Json).spec.id).toBe('/new/pod');
      expect((status.body as Json).status).toBe('STABLE');
      expect((status.body as Json).instances[0].networks[0]).toEqual({ name: 'calico', addresses: [expect.stringMatching(/^192\.168\./)] });
      expect((all.body as Json[]).map((item) => item.id)).toEqual(['/new/pod', '/payments/checkout']);
      expect(versions.body).toHaveLength(2);
      expect((first.body as Json).networks[0].name).toBe('dcos');
    });

    it('DELETE is 202 with no body and the deployment in Location and Marathon-Deployment-Id; 404 after', async () => {
      const deleted = await call(server, 'DELETE', '/v2/pods/new/pod');
      const again = await call(server, 'DELETE', '/v2/pods/new/pod');

      expect(deleted.status).toBe(202);
      expect(deleted.text).toBe('');
      expect(deleted.headers.get('location')).toBe(deleted.headers.get('marathon-deployment-id'));
      expect(again.status).toBe(404);
      expect(again.body).toEqual({ message: "Pod '/new/pod' does not exist" });
    });
  });

  describe('groups', () => {
    it('GET /v2/groups is the whole tree with apps (no counts), pods as PodStatus, nested groups', async () => {
      const answer = await call(server, 'GET', '/v2/groups');

      const root = answer.body as Json;
      expect(root.id).toBe('/');
      expect((root.apps as Json[]).map((item) => item.id)).toEqual(['/bookstore-frontend', '/bookstore-server', '/fruitstore-frontend']);
      expect((root.apps as Json[])[0]!.tasksRunning).toBeUndefined();
      const payments = (root.groups as Json[]).find((group) => group.id === '/payments')!;
      expect(payments.pods[0]).toMatchObject({ id: '/payments/checkout', status: 'STABLE', spec: { id: '/payments/checkout' } });
      const tools = (root.groups as Json[]).find((group) => group.id === '/tools')!;
      expect(tools.groups[0].apps[0].id).toBe('/tools/monitoring/prometheus');
    });

    it('embed selects the parts; group.apps.counts adds counts', async () => {
      const appsOnly = await call(server, 'GET', '/v2/groups/payments?embed=group.apps&embed=group.apps.counts');

      const group = appsOnly.body as Json;
      expect(group.pods).toBeUndefined();
      expect(group.groups).toBeUndefined();
      expect((group.apps as Json[]).map((item) => item.id)).toEqual(['/payments/api', '/payments/ledger']);
      expect((group.apps as Json[])[0]!.tasksRunning).toBe(3);
    });

    it('404 for an unknown group', async () => {
      const answer = await call(server, 'GET', '/v2/groups/nope');

      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ message: "Group '/nope' does not exist" });
    });

    it('DELETE /v2/groups/{id} removes everything inside as one deployment', async () => {
      const answer = await call(server, 'DELETE', '/v2/groups/tools');

      expect(answer.status).toBe(200);
      expect((await call(server, 'GET', '/v2/apps/tools/monitoring/prometheus')).status).toBe(404);
      expect((await call(server, 'GET', '/v2/groups/tools')).status).toBe(404);
    });
  });

  describe('info, ping, unknown routes', () => {
    it('/v2/info says default_network_name dcos', async () => {
      const answer = await call(server, 'GET', '/v2/info');

      expect((answer.body as Json).marathon_config.default_network_name).toBe('dcos');
      expect((answer.body as Json).marathon_config.mesos_bridge_name).toBe('mesos-bridge');
      expect((answer.body as Json).name).toBe('marathon');
    });

    it('/ping answers pong as text', async () => {
      const answer = await fetch(`${server.url}/ping`);

      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await answer.text()).toBe('pong');
    });

    it('unmatched routes answer like Marathon; resources it does not emulate say so', async () => {
      const unknown = await call(server, 'GET', '/v2/nothing');
      const notEmulated = await call(server, 'GET', '/v2/tasks');
      const wrongMethod = await call(server, 'POST', '/v2/info', {});
      const groupVersions = await call(server, 'GET', '/v2/groups/payments/versions');
      const groupPut = await call(server, 'PUT', '/v2/groups/payments', { apps: [] });

      expect(unknown.status).toBe(500);
      expect(unknown.body).toEqual({ message: 'URI not found' });
      expect(notEmulated.status).toBe(501);
      expect(wrongMethod.status).toBe(405);
      expect(groupVersions.status).toBe(501);
      expect(groupPut.status).toBe(501);
      expect(groupPut.body).toEqual({ message: 'The Marathon emulator does not implement PUT /v2/groups/payments' });
    });
  });
});
