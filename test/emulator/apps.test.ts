import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { EmulatorHandle } from '../../src/emulator/index.js';
import { call, emulator, fixedNow } from './helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies in assertions

const containerApp = (id: string, extra: Json = {}): Json => ({
  id,
  cmd: 'sleep 1000',
  cpus: 0.1,
  mem: 64,
  networks: [{ mode: 'container', name: 'dcos' }],
  container: { type: 'MESOS', docker: { image: 'nginx:1.25' }, portMappings: [{ containerPort: 80, name: 'http' }] },
  labels: { team: 'web' },
  ...extra,
});

describe('emulator/apps', () => {
  let server: EmulatorHandle;

  beforeAll(async () => {
    server = await emulator({ now: fixedNow() });
  });
  afterAll(async () => {
    await server.close();
  });

  describe('POST /v2/apps', () => {
    it('creates an app: 201, Location, Marathon-Deployment-Id, canonical AppInfo with zero counts', async () => {
      const answer = await call(server, 'POST', '/v2/apps', containerApp('shop/web'));

      const body = answer.body as Json;
      expect(answer.status).toBe(201);
      expect(answer.headers.get('location')).toBe('/shop/web');
      expect(answer.headers.get('marathon-deployment-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(body.id).toBe('/shop/web');
      expect(body.networks).toEqual([{ name: 'dcos', mode: 'container' }]);
      expect(body.container.portMappings).toEqual([{ containerPort: 80, name: 'http', protocol: 'tcp', servicePort: 10000 }]);
      expect(body.portDefinitions).toBeUndefined();
      expect(body.deployments).toEqual([{ id: answer.headers.get('marathon-deployment-id') }]);
      expect([body.tasksStaged, body.tasksRunning, body.tasksHealthy, body.tasksUnhealthy]).toEqual([0, 0, 0, 0]);
      expect(body.versionInfo).toEqual({ lastScalingAt: body.version, lastConfigChangeAt: body.version });
      expect(body.version).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it('answers 409 for an existing id', async () => {
      const answer = await call(server, 'POST', '/v2/apps', containerApp('/shop/web'));

      expect(answer.status).toBe(409);
      expect(answer.body).toEqual({ message: 'An app with id [/shop/web] already exists.' });
    });

    it('fills host-network defaults: networks, portDefinitions with an assigned service port', async () => {
      const answer = await call(server, 'POST', '/v2/apps', { id: '/tools/cron', cmd: 'sleep 1' });

      const body = answer.body as Json;
      expect(body.networks).toEqual([{ mode: 'host' }]);
      expect(body.portDefinitions).toEqual([{ port: 10001, name: 'default', protocol: 'tcp' }]);
      expect(body.container).toBeUndefined();
      expect(body).toMatchObject({ instances: 1, cpus: 1, mem: 128, disk: 0, gpus: 0, backoffFactor: 1.15, role: '*' });
      expect(body.upgradeStrategy).toEqual({ minimumHealthCapacity: 1, maximumOverCapacity: 1 });
    });

    it('names an unnamed container network after default_network_name and drops host-only fields', async () => {
      const answer = await call(server, 'POST', '/v2/apps', {
        id: '/unnamed',
        cmd: 'sleep 1',
        networks: [{}],
        portDefinitions: [{ port: 0 }],
        requirePorts: true,
      });

      const body = answer.body as Json;
      expect(body.networks).toEqual([{ name: 'dcos', mode: 'container' }]);
      expect(body.portDefinitions).toBeUndefined();
      expect(body.requirePorts).toBe(false);
      expect(body.container).toEqual({
        type: 'MESOS',
        portMappings: [{ containerPort: 0, name: 'default', protocol: 'tcp', servicePort: 10002 }],
        volumes: [],
      });
    });

    it('translates the legacy ipAddress form and never answers with it', async () => {
      const answer = await call(server, 'POST', '/v2/apps', {
        id: '/legacy/one',
        cmd: 'sleep 1',
        ipAddress: { networkName: 'dcos', labels: { tier: 'db' }, groups: ['g'], discovery: { ports: [{ number: 5432, name: 'pg', protocol: 'tcp' }] } },
        ports: [],
        uris: ['https://example.com/a.tgz'],
      });

      const body = answer.body as Json;
      expect(answer.status).toBe(201);
      expect(body.ipAddress).toBeUndefined();
      expect(body.ports).toBeUndefined();
      expect(body.uris).toBeUndefined();
      expect(body.networks).toEqual([{ name: 'dcos', mode: 'container', labels: { tier: 'db' } }]);
      expect(body.container.type).toBe('MESOS');
      expect(body.container.portMappings).toEqual([{ containerPort: 5432, name: 'pg', protocol: 'tcp', servicePort: 10003 }]);
      expect(body.fetch).toEqual([{ uri: 'https://example.com/a.tgz', extract: true, executable: false, cache: false }]);
    });

    it('translates docker.network BRIDGE and USER', async () => {
      const bridge = await call(server, 'POST', '/v2/apps', {
        id: '/legacy/bridge',
        container: { type: 'DOCKER', docker: { image: 'x', network: 'BRIDGE', portMappings: [{ containerPort: 80 }] } },
      });
      const user = await call(server, 'POST', '/v2/apps', {
        id: '/legacy/user',
        container: { type: 'DOCKER', docker: { image: 'x', network: 'USER' } },
        ipAddress: { networkName: 'dcos' },
      });

      expect((bridge.body as Json).networks).toEqual([{ mode: 'container/bridge' }]);
      expect((bridge.body as Json).container.portMappings).toEqual([{ containerPort: 80, hostPort: 0, protocol: 'tcp', servicePort: 10004 }]);
      expect((bridge.body as Json).container.docker.network).toBeUndefined();
      expect((user.body as Json).networks).toEqual([{ name: 'dcos', mode: 'container' }]);
    });
  });

  describe('errors with exact bodies', () => {
    it('400 with a string details for malformed JSON', async () => {
      const answer = await call(server, 'POST', '/v2/apps', '{"id": "/x",');

      expect(answer.status).toBe(400);
      expect((answer.body as Json).message).toBe('Invalid JSON');
      expect(typeof (answer.body as Json).details).toBe('string');
    });

    it('415 for a body that is not sent as application/json', async () => {
      const answer = await call(server, 'POST', '/v2/apps', JSON.stringify({ id: '/x', cmd: 'x' }), { 'Content-Type': 'text/plain' });

      expect(answer.status).toBe(415);
      expect(answer.body).toEqual({ message: 'HTTP 415 Unsupported Media Type' });
    });

    it('400 "Please specify data in JSON format" for an empty body', async () => {
      const answer = await call(server, 'PUT', '/v2/apps/x', '');

      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ message: 'Please specify data in JSON format', details: 'No content to map due to end-of-input' });
    });

    it('422 "Invalid JSON" with path details for a body of the wrong shape', async () => {
      const answer = await call(server, 'POST', '/v2/apps', { id: 123 });

      expect(answer.status).toBe(422);
      expect(answer.body).toEqual({ message: 'Invalid JSON', details: [{ path: '/id', errors: ['error.expected.jsstring'] }] });
    });

    it('422 names the array index in JsPath style for a bad network mode', async () => {
      const answer = await call(server, 'POST', '/v2/apps', { id: '/bad', networks: [{ mode: 'overlay' }] });

      expect(answer.body).toEqual({ message: 'Invalid JSON', details: [{ path: '/networks(0)/mode', errors: ['error.unknown.enum.literal'] }] });
    });

    it.each([
      [[{ mode: 'host', name: 'dcos' }], 'Host networks may not have names or labels'],
      [[{ mode: 'container/bridge', name: 'x' }], 'Bridge networks may not have names'],
      [[{ mode: 'container', name: 'a' }, { mode: 'container', name: 'a' }], 'Duplicate networks are not allowed'],
      [[{ mode: 'host' }, { mode: 'container', name: 'a' }], 'May specify a single host network, single bridge network, or else 1-to-n container networks'],
    ])('422 "Object is not valid" at /networks for %j', async (networks, message) => {
      const answer = await call(server, 'POST', '/v2/apps', { id: '/bad', cmd: 'x', networks });

      expect(answer.status).toBe(422);
      expect(answer.body).toEqual({ message: 'Object is not valid', details: [{ path: '/networks', errors: [message] }] });
    });

    it.each([
      [{ networks: [{ name: '' }] }, '/networks(0)/name', 'error.pattern'],
      [{ networks: [{ name: 'Calico' }] }, '/networks(0)/name', 'error.pattern'],
      [{ networks: [{ name: 'a'.repeat(64) }] }, '/networks(0)/name', 'error.maxLength'],
      [{ networks: [{ name: 'calico' }], container: { type: 'MESOS', portMappings: [{ containerPort: -1 }] } }, '/container/portMappings(0)/containerPort', 'error.min'],
      [{ networks: [{ name: 'calico' }], container: { type: 'MESOS', portMappings: [{ containerPort: 80, hostPort: 65536 }] } }, '/container/portMappings(0)/hostPort', 'error.max'],
    ])('422 "Invalid JSON" for what the RAML types forbid: %j', async (fields, path, error) => {
      const answer = await call(server, 'POST', '/v2/apps', { id: '/bad', cmd: 'sleep 1', ...fields });

      expect(answer.status).toBe(422);
      expect(answer.body).toEqual({ message: 'Invalid JSON', details: [{ path, errors: [error] }] });
    });

    it.each([
      ['both cmd and args', { cmd: 'sleep 1', args: ['sleep', '1'] }],
      ['neither cmd, args nor an image', { container: { type: 'MESOS', volumes: [] } }],
    ])('422 for an app with %s', async (_case, fields) => {
      const answer = await call(server, 'POST', '/v2/apps', { id: '/bad', ...fields });

      expect(answer.body).toEqual({
        message: 'Object is not valid',
        details: [{ path: '/', errors: ["AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'."] }],
      });
    });

    it('accepts container.docker.network beside an empty networks list in an App, not in an AppUpdate', async () => {
      const body = { id: '/docker-net', container: { type: 'DOCKER', docker: { image: 'nginx', network: 'BRIDGE' } }, networks: [] };

      const created = await call(server, 'POST', '/v2/apps', body);
      const updated = await call(server, 'PUT', '/v2/apps/docker-net?partialUpdate=true', { container: body.container, networks: [] });

      expect(created.status).toBe(201);
      expect((created.body as Json).networks).toEqual([{ mode: 'container/bridge' }]);
      expect(updated.body).toEqual({ message: 'Object is not valid', details: [{ path: '/', errors: ['must not specify both container.docker.network and networks'] }] });
    });

    it('judges duplicate networks before unnamed ones get the default name, as Marathon does', async () => {
      const twoUnnamed = await call(server, 'POST', '/v2/apps', { id: '/dup-a', cmd: 'sleep 1', networks: [{ mode: 'container' }, { mode: 'container' }] });
      const namedAndUnnamed = await call(server, 'POST', '/v2/apps', { id: '/dup-b', cmd: 'sleep 1', networks: [{ name: 'dcos' }, { mode: 'container' }] });

      expect(twoUnnamed.body).toEqual({ message: 'Object is not valid', details: [{ path: '/networks', errors: ['Duplicate networks are not allowed'] }] });
      expect(namedAndUnnamed.status).toBe(201);
      expect((namedAndUnnamed.body as Json).networks).toEqual([
        { name: 'dcos', mode: 'container' },
        { name: 'dcos', mode: 'container' },
      ]);
    });

    it('422 for a port mapping naming a network the app is not on', async () => {
      const answer = await call(server, 'POST', '/v2/apps', {
        id: '/bad',
        cmd: 'sleep 1',
        networks: [{ name: 'calico' }],
        container: { type: 'MESOS', portMappings: [{ containerPort: 80, networkNames: ['dcos'] }] },
      });

      expect(answer.body).toEqual({
        message: 'Object is not valid',
        details: [{ path: '/container/portMappings(0)/networkNames(0)', errors: ['is not one of (calico)'] }],
      });
    });

    it('422 for a Docker-engine app on two container networks', async () => {
      const answer = await call(server, 'POST', '/v2/apps', {
        id: '/bad',
        networks: [{ name: 'a' }, { name: 'b' }],
        container: { type: 'DOCKER', docker: { image: 'x' } },
      });

      expect(answer.body).toEqual({
        message: 'Object is not valid',
        details: [{ path: '/', errors: ['may only specify a single container network when using the Docker container engine'] }],
      });
    });

    it('422 for networks together with ipAddress', async () => {
      const answer = await call(server, 'POST', '/v2/apps', { id: '/bad', networks: [{ name: 'a' }], ipAddress: { networkName: 'a' } });

      expect(answer.body).toEqual({ message: 'Object is not valid', details: [{ path: '/', errors: ['must not specify both networks and ipAddress'] }] });
    });

    it('500 NormalizationException text for an unsupported docker network', async () => {
      const answer = await call(server, 'POST', '/v2/apps', { id: '/bad', container: { type: 'DOCKER', docker: { image: 'x', network: 'NONE' } } });

      expect(answer.status).toBe(500);
      expect(answer.body).toEqual({ message: 'unsupported docker network type NONE' });
    });

    it('422 for an invalid id', async () => {
      const answer = await call(server, 'POST', '/v2/apps', { id: '/Bad_Name', cmd: 'x' });

      expect(answer.status).toBe(422);
      expect((answer.body as Json).details).toEqual([{ path: '/id', errors: [expect.stringContaining('must fully match regular expression')] }]);
    });

    it('422 for the label rules of SDK schedulers', async () => {
      const answer = await call(server, 'POST', '/v2/apps', {
        id: '/sdk',
        cmd: 'x',
        instances: 2,
        labels: { MARATHON_SINGLE_INSTANCE_APP: 'true' },
      });

      expect(answer.body).toEqual({ message: 'Object is not valid', details: [{ path: '/', errors: ['Single instance app may only have one instance'] }] });
    });
  });

  describe('GET /v2/apps', () => {
    it('lists apps with counts and deployments always embedded, tasks on request', async () => {
      const plain = await call(server, 'GET', '/v2/apps?id=shop');
      const withTasks = await call(server, 'GET', '/v2/apps?id=shop&embed=apps.tasks');

      const apps = (plain.body as Json).apps as Json[];
      expect(apps.map((app) => app.id)).toEqual(['/shop/web']);
      expect(apps[0]).toMatchObject({ tasksStaged: 0, tasksRunning: 1, tasksHealthy: 0, tasksUnhealthy: 0, deployments: [] });
      expect(apps[0]!.tasks).toBeUndefined();
      const tasks = ((withTasks.body as Json).apps as Json[])[0]!.tasks as Json[];
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ appId: '/shop/web', state: 'TASK_RUNNING' });
      expect(tasks[0]!.ipAddresses[0].ipAddress).toMatch(/^9\.0\.\d+\.\d+$/);
    });

    it('filters by label selector (every form needs the key) and by cmd', async () => {
      const team = await call(server, 'GET', `/v2/apps?label=${encodeURIComponent('team==web')}`);
      const notWeb = await call(server, 'GET', `/v2/apps?label=${encodeURIComponent('team!=web')}`);
      const inSet = await call(server, 'GET', `/v2/apps?label=${encodeURIComponent('team in (web, db)')}`);
      const cmd = await call(server, 'GET', '/v2/apps?cmd=SLEEP%201000');

      const ids = (answer: { body: unknown }): string[] => ((answer.body as Json).apps as Json[]).map((app) => app.id);
      expect(ids(team)).toEqual(['/shop/web']);
      expect(ids(notWeb)).toEqual([]);
      expect(ids(inSet)).toEqual(['/shop/web']);
      expect(ids(cmd)).toEqual(['/shop/web']);
    });

    it('422 for a selector that does not parse', async () => {
      const answer = await call(server, 'GET', `/v2/apps?label=${encodeURIComponent('team in web')}`);

      expect(answer.status).toBe(422);
      expect(answer.body).toEqual({ message: 'Can not parse label selector team in web. Reason: Can not parse: team in web' });
    });

    it('wraps one app in {"app": ...} with tasks, and 404s an unknown one', async () => {
      const found = await call(server, 'GET', '/v2/apps/shop/web');
      const missing = await call(server, 'GET', '/v2/apps/nope');

      expect((found.body as Json).app.id).toBe('/shop/web');
      expect((found.body as Json).app.tasks).toHaveLength(1);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ message: "App '/nope' does not exist" });
    });

    it('lists a group with /v2/apps/{group}/*', async () => {
      const answer = await call(server, 'GET', '/v2/apps/legacy/*');

      expect(((answer.body as Json)['*'] as Json[]).map((app) => app.id)).toEqual(['/legacy/bridge', '/legacy/one', '/legacy/user']);
    });

    it('is reachable under the Admin Router prefix /service/marathon', async () => {
      const answer = await call(server, 'GET', '/service/marathon/v2/apps/shop/web');
      const redirect = await fetch(`${server.url}/service/marathon`, { redirect: 'manual' });

      expect(answer.status).toBe(200);
      expect(redirect.status).toBe(301);
      expect(redirect.headers.get('location')).toBe('/service/marathon/');
    });
  });

  describe('PUT /v2/apps/{id}', () => {
    it('partialUpdate (default): named top-level fields replace wholesale, others are kept', async () => {
      await call(server, 'POST', '/v2/apps', containerApp('/partial', { env: { A: '1', B: '2' } }));

      const put = await call(server, 'PUT', '/v2/apps/partial', { env: { C: '3' }, instances: 2 });
      const app = ((await call(server, 'GET', '/v2/apps/partial')).body as Json).app;

      expect(put.status).toBe(200);
      expect(put.body).toEqual({ deploymentId: put.headers.get('marathon-deployment-id'), version: expect.any(String) });
      expect(app.env).toEqual({ C: '3' });
      expect(app.instances).toBe(2);
      expect(app.labels).toEqual({ team: 'web' });
      expect(app.container.docker.image).toBe('nginx:1.25');
    });

    it('networks without container: the container is replaced by a default MESOS one (image lost), as Marathon does', async () => {
      await call(server, 'PUT', '/v2/apps/partial', { networks: [{ mode: 'container', name: 'calico' }] });

      const app = ((await call(server, 'GET', '/v2/apps/partial')).body as Json).app;

      expect(app.networks).toEqual([{ name: 'calico', mode: 'container' }]);
      expect(app.container).toEqual({ type: 'MESOS', portMappings: [{ containerPort: 0, name: 'default', protocol: 'tcp', servicePort: expect.any(Number) }], volumes: [] });
    });

    it('networks with the whole container: both replaced, service ports kept', async () => {
      await call(server, 'POST', '/v2/apps', containerApp('/migrate'));
      const before = ((await call(server, 'GET', '/v2/apps/migrate')).body as Json).app;

      const container = { ...before.container, portMappings: [{ ...before.container.portMappings[0], networkNames: ['calico'] }] };
      await call(server, 'PUT', '/v2/apps/migrate', { networks: [{ mode: 'container', name: 'calico', labels: { team: 'web' } }], container });
      const after = ((await call(server, 'GET', '/v2/apps/migrate')).body as Json).app;

      expect(after.networks).toEqual([{ name: 'calico', mode: 'container', labels: { team: 'web' } }]);
      expect(after.container.portMappings).toEqual([{ ...before.container.portMappings[0], networkNames: ['calico'] }]);
      expect(after.container.docker).toEqual(before.container.docker);
      expect(after.versionInfo.lastConfigChangeAt).toBe(after.version);
      expect(after.version > before.version).toBe(true);
    });

    it('ignores undeclared and read-only fields of a re-PUT GET result (no-op, versions unchanged)', async () => {
      const before = ((await call(server, 'GET', '/v2/apps/migrate')).body as Json).app;

      const { version: _version, ...withoutVersion } = before;
      const put = await call(server, 'PUT', '/v2/apps/migrate', { ...withoutVersion, somethingUnknown: true });
      const after = ((await call(server, 'GET', '/v2/apps/migrate')).body as Json).app;

      expect(put.status).toBe(200);
      expect(after.version).toBe(before.version);
      expect(after.versionInfo).toEqual(before.versionInfo);
      expect(after.somethingUnknown).toBeUndefined();
    });

    it('partialUpdate=false replaces the definition and applies defaults to what is left out', async () => {
      await call(server, 'PUT', '/v2/apps/partial?partialUpdate=false', { cmd: 'sleep 5' });

      const app = ((await call(server, 'GET', '/v2/apps/partial')).body as Json).app;

      expect(app.cmd).toBe('sleep 5');
      expect(app.env).toEqual({});
      expect(app.labels).toEqual({});
      expect(app.instances).toBe(1);
      expect(app.networks).toEqual([{ mode: 'host' }]);
    });

    it('path id wins over the body id', async () => {
      await call(server, 'PUT', '/v2/apps/partial', { id: '/elsewhere', instances: 3 });

      const elsewhere = await call(server, 'GET', '/v2/apps/elsewhere');
      const app = ((await call(server, 'GET', '/v2/apps/partial')).body as Json).app;

      expect(elsewhere.status).toBe(404);
      expect(app.instances).toBe(3);
    });

    it('creates an unknown app: 201 with Location', async () => {
      const answer = await call(server, 'PUT', '/v2/apps/created/by-put', { cmd: 'sleep 1' });

      expect(answer.status).toBe(201);
      expect(answer.headers.get('location')).toBe('/created/by-put');
      expect((await call(server, 'GET', '/v2/apps/created/by-put')).status).toBe(200);
    });

    it('422 when version is combined with other fields', async () => {
      const answer = await call(server, 'PUT', '/v2/apps/partial', { version: '2026-01-15T09:30:00.000Z', cmd: 'x' });

      expect(answer.status).toBe(422);
      expect(answer.body).toEqual({
        message: 'Object is not valid',
        details: [{ path: '/', errors: ["The 'version' field may only be combined with the 'id' field."] }],
      });
    });

    it('{"version": ts} rolls back to that stored version', async () => {
      const versions = ((await call(server, 'GET', '/v2/apps/migrate/versions')).body as Json).versions as string[];
      const oldest = versions[versions.length - 1]!;

      const put = await call(server, 'PUT', '/v2/apps/migrate', { version: oldest });
      const app = ((await call(server, 'GET', '/v2/apps/migrate')).body as Json).app;

      expect(put.status).toBe(200);
      expect(app.networks).toEqual([{ name: 'dcos', mode: 'container' }]);
      expect(app.version).toBe((put.body as Json).version);
    });

    it('404 for a rollback to an unknown version, 422 for an unparseable one', async () => {
      const unknown = await call(server, 'PUT', '/v2/apps/migrate', { version: '2000-01-01T00:00:00.000Z' });
      const bad = await call(server, 'PUT', '/v2/apps/migrate', { version: 'yesterday' });

      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ message: "App '/migrate' does not exist in version 2000-01-01T00:00:00.000Z" });
      expect(bad.status).toBe(422);
      expect(bad.body).toEqual({ message: "Invalid timestamp provided 'yesterday'. Expecting ISO-8601 datetime string." });
    });
  });

  describe('PATCH, batch PUT, DELETE, restart, versions', () => {
    it('PATCH updates an existing app and 404s an unknown one', async () => {
      const patched = await call(server, 'PATCH', '/v2/apps/migrate', { instances: 4 });
      const missing = await call(server, 'PATCH', '/v2/apps/nope', { instances: 4 });

      expect(patched.status).toBe(200);
      expect(((await call(server, 'GET', '/v2/apps/migrate')).body as Json).app.instances).toBe(4);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ message: "App '/nope' does not exist" });
    });

    it('a scale-only change sets lastScalingAt but keeps lastConfigChangeAt', async () => {
      const before = ((await call(server, 'GET', '/v2/apps/migrate')).body as Json).app;

      await call(server, 'PATCH', '/v2/apps/migrate', { instances: 5 });
      const after = ((await call(server, 'GET', '/v2/apps/migrate')).body as Json).app;

      expect(after.versionInfo.lastConfigChangeAt).toBe(before.versionInfo.lastConfigChangeAt);
      expect(after.versionInfo.lastScalingAt).toBe(after.version);
    });

    it('PUT /v2/apps applies an array as one deployment; updates need ids', async () => {
      const batch = await call(server, 'PUT', '/v2/apps', [
        { id: '/migrate', instances: 1 },
        { id: '/batch/new', cmd: 'sleep 1' },
      ]);
      const noId = await call(server, 'PUT', '/v2/apps', [{ instances: 1 }]);

      expect(batch.status).toBe(200);
      expect(((await call(server, 'GET', '/v2/apps/migrate')).body as Json).app.instances).toBe(1);
      expect((await call(server, 'GET', '/v2/apps/batch/new')).status).toBe(200);
      expect(noId.status).toBe(422);
      expect(noId.body).toEqual({ message: 'requirement failed: App Update must have app id set' });
    });

    it('restart keeps the definition and sets lastConfigChangeAt', async () => {
      const before = ((await call(server, 'GET', '/v2/apps/batch/new')).body as Json).app;

      const answer = await call(server, 'POST', '/v2/apps/batch/new/restart');
      const after = ((await call(server, 'GET', '/v2/apps/batch/new')).body as Json).app;

      expect(answer.status).toBe(200);
      expect(after.cmd).toBe(before.cmd);
      expect(after.versionInfo).toEqual({ lastScalingAt: before.versionInfo.lastScalingAt, lastConfigChangeAt: after.version });
    });

    it('lists versions newest first and returns a bare App for one version', async () => {
      const list = await call(server, 'GET', '/v2/apps/batch/new/versions');
      const versions = (list.body as Json).versions as string[];
      const oldest = await call(server, 'GET', `/v2/apps/batch/new/versions/${versions[1]!}`);
      const missing = await call(server, 'GET', '/v2/apps/batch/new/versions/2001-01-01T00:00:00.000Z');

      expect(versions).toHaveLength(2);
      expect(versions[0]! > versions[1]!).toBe(true);
      expect((oldest.body as Json).id).toBe('/batch/new');
      expect((oldest.body as Json).app).toBeUndefined();
      expect(missing.body).toEqual({ message: "App '/batch/new' does not exist in version 2001-01-01T00:00:00.000Z" });
    });

    it('DELETE removes the app (200 + deployment) and 404s an unknown one', async () => {
      const deleted = await call(server, 'DELETE', '/v2/apps/batch/new');
      const again = await call(server, 'DELETE', '/v2/apps/batch/new');

      expect(deleted.status).toBe(200);
      expect(deleted.headers.get('marathon-deployment-id')).toBe((deleted.body as Json).deploymentId);
      expect((await call(server, 'GET', '/v2/apps/batch/new')).status).toBe(404);
      expect(again.status).toBe(404);
      expect((await call(server, 'GET', '/v2/apps/batch/new/versions')).status).toBe(404);
    });
  });
});
