import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { EmulatorHandle } from '../../src/emulator/index.js';
import { call, emulator } from './helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies in assertions

const app = (id: string, name = 'dcos'): Json => ({
  id,
  cmd: 'sleep 1000',
  networks: [{ mode: 'container', name }],
  container: { type: 'MESOS', docker: { image: 'nginx' }, portMappings: [{ containerPort: 80, name: 'http' }] },
  healthChecks: [{ protocol: 'MESOS_HTTP', path: '/' }],
});

describe('emulator/deployments', () => {
  let server: EmulatorHandle;
  let clock: number;

  beforeEach(async () => {
    clock = Date.parse('2026-03-01T12:00:00.000Z');
    server = await emulator({ now: () => clock, deployMs: 1000 });
  });
  afterEach(async () => {
    await server.close();
  });

  async function deployments(): Promise<Json[]> {
    return (await call(server, 'GET', '/v2/deployments')).body as Json[];
  }

  it('a deployment is listed with affectedApps, steps, currentStep and totalSteps until its time is up', async () => {
    const created = await call(server, 'POST', '/v2/apps', app('/web'));
    const id = created.headers.get('marathon-deployment-id');

    const running = await deployments();
    clock += 999;
    const stillRunning = await deployments();
    clock += 1;
    const afterStart = await deployments();
    clock += 1000;
    const done = await deployments();

    expect(running).toEqual([
      {
        id,
        version: (created.body as Json).version,
        affectedApps: ['/web'],
        affectedPods: [],
        steps: [{ actions: [{ action: 'StartApplication', app: '/web' }] }, { actions: [{ action: 'ScaleApplication', app: '/web' }] }],
        currentActions: [{ action: 'StartApplication', app: '/web', readinessCheckResults: [] }],
        currentStep: 1,
        totalSteps: 2,
      },
    ]);
    expect(stillRunning[0]!.currentStep).toBe(1);
    expect(afterStart[0]!.currentStep).toBe(2);
    expect(afterStart[0]!.currentActions).toEqual([{ action: 'ScaleApplication', app: '/web', readinessCheckResults: [] }]);
    expect(done).toEqual([]);
  });

  it('GET /v2/apps/{id} shows the running deployment', async () => {
    const created = await call(server, 'POST', '/v2/apps', app('/web'));

    const shown = ((await call(server, 'GET', '/v2/apps/web')).body as Json).app;

    expect(shown.deployments).toEqual([{ id: created.headers.get('marathon-deployment-id') }]);
  });

  it('409 with the lock body while an app is in a deployment; force=true cancels the running one', async () => {
    const created = await call(server, 'POST', '/v2/apps', app('/web'));
    const first = created.headers.get('marathon-deployment-id')!;

    const locked = await call(server, 'PUT', '/v2/apps/web', { instances: 2 });
    const forced = await call(server, 'PUT', '/v2/apps/web?force=true', { instances: 2 });
    const list = await deployments();

    expect(locked.status).toBe(409);
    expect(locked.body).toEqual({
      message: `App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/${first}'.`,
      deployments: [{ id: first }],
    });
    expect(((await call(server, 'GET', '/v2/apps/web')).body as Json).app.instances).toBe(2);
    expect(forced.status).toBe(200);
    expect(list.map((deployment) => deployment.id)).toEqual([(forced.body as Json).deploymentId]);
    expect(list[0]!.steps).toEqual([{ actions: [{ action: 'ScaleApplication', app: '/web' }] }]);
  });

  it('the 409 leaves the app unchanged', async () => {
    await call(server, 'POST', '/v2/apps', app('/web'));

    await call(server, 'PUT', '/v2/apps/web', { instances: 7 });

    expect(((await call(server, 'GET', '/v2/apps/web')).body as Json).app.instances).toBe(1);
  });

  it('a no-op update gets a zero-step deployment: an id, never listed, no lock conflict', async () => {
    await call(server, 'POST', '/v2/apps', app('/web'));
    const current = ((await call(server, 'GET', '/v2/apps/web')).body as Json).app;

    const noop = await call(server, 'PUT', '/v2/apps/web', { cmd: current.cmd });

    expect(noop.status).toBe(200);
    expect((noop.body as Json).deploymentId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await deployments()).map((deployment) => deployment.id)).not.toContain((noop.body as Json).deploymentId);
    expect(((await call(server, 'GET', '/v2/apps/web')).body as Json).app.version).toBe(current.version);
  });

  it('a network change is a RestartApplication', async () => {
    await call(server, 'POST', '/v2/apps', app('/web'));
    clock += 5000;
    const current = ((await call(server, 'GET', '/v2/apps/web')).body as Json).app;

    await call(server, 'PUT', '/v2/apps/web', { networks: [{ name: 'calico' }], container: { ...current.container, portMappings: current.container.portMappings } });

    expect((await deployments())[0]!.steps).toEqual([{ actions: [{ action: 'RestartApplication', app: '/web' }] }]);
  });

  it('an app made never healthy hangs its deployment until the health flips', async () => {
    await call(server, 'POST', '/_emulator/health', { appId: '/web', healthy: false });
    await call(server, 'POST', '/v2/apps', app('/web'));

    clock += 60 * 60 * 1000;
    const hung = await deployments();
    const counts = ((await call(server, 'GET', '/v2/apps/web')).body as Json).app;
    await call(server, 'POST', '/_emulator/health', { appId: '/web', healthy: true });
    const finished = await deployments();

    expect(hung).toHaveLength(1);
    expect(hung[0]!.currentStep).toBe(1);
    expect(counts).toMatchObject({ tasksHealthy: 0, tasksUnhealthy: 1 });
    expect(finished).toEqual([]);
  });

  it('DELETE /v2/deployments/{id} rolls back: a new deployment restores the definition before the hung one', async () => {
    await call(server, 'POST', '/v2/apps', app('/web'));
    clock += 5000;
    const original = ((await call(server, 'GET', '/v2/apps/web')).body as Json).app;
    await call(server, 'POST', '/_emulator/health', { appId: '/web', healthy: false, scope: 'changes' });
    const migrated = await call(server, 'PUT', '/v2/apps/web', { networks: [{ name: 'calico' }], container: original.container });
    clock += 60_000;
    const hung = await deployments();

    const rollback = await call(server, 'DELETE', `/v2/deployments/${(migrated.body as Json).deploymentId}`);
    const during = await deployments();
    clock += 1000;
    const after = await deployments();
    const restored = ((await call(server, 'GET', '/v2/apps/web')).body as Json).app;

    expect(hung.map((deployment) => deployment.id)).toEqual([(migrated.body as Json).deploymentId]);
    expect(rollback.status).toBe(200);
    expect(rollback.headers.get('marathon-deployment-id')).toBe((rollback.body as Json).deploymentId);
    expect(during.map((deployment) => deployment.id)).toEqual([(rollback.body as Json).deploymentId]);
    expect(during[0]!.steps).toEqual([{ actions: [{ action: 'RestartApplication', app: '/web' }] }]);
    expect(after).toEqual([]);
    const { deployments: _d1, tasks: _t1, tasksHealthy: _h1, ...restoredDefinition } = restored;
    const { deployments: _d2, tasks: _t2, tasksHealthy: _h2, ...originalDefinition } = original;
    expect(restoredDefinition).toEqual(originalDefinition);
  });

  it('DELETE with force=true cancels without rollback: 202, no body, the change stays', async () => {
    await call(server, 'POST', '/v2/apps', app('/web'));
    clock += 5000;
    const original = ((await call(server, 'GET', '/v2/apps/web')).body as Json).app;
    const migrated = await call(server, 'PUT', '/v2/apps/web', { networks: [{ name: 'calico' }], container: original.container });

    const cancelled = await call(server, 'DELETE', `/v2/deployments/${(migrated.body as Json).deploymentId}?force=true`);

    expect(cancelled.status).toBe(202);
    expect(cancelled.text).toBe('');
    expect(await deployments()).toEqual([]);
    expect(((await call(server, 'GET', '/v2/apps/web')).body as Json).app.networks).toEqual([{ name: 'calico', mode: 'container' }]);
  });

  it('404 for an unknown deployment', async () => {
    const answer = await call(server, 'DELETE', '/v2/deployments/7b0f2a9c-0000-4000-8000-000000000000');

    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ message: 'DeploymentPlan 7b0f2a9c-0000-4000-8000-000000000000 does not exist' });
  });

  it('per-app deploy time: one app slow, another instant', async () => {
    await call(server, 'POST', '/_emulator/deploy-time', { ms: 0 });
    await call(server, 'POST', '/_emulator/deploy-time', { ms: 30_000, id: '/slow' });

    await call(server, 'POST', '/v2/apps', app('/slow'));
    await call(server, 'POST', '/v2/apps', app('/fast'));

    expect((await deployments()).flatMap((deployment) => deployment.affectedApps)).toEqual(['/slow']);
  });

  it('dependencies order the steps: the dependent app follows its dependency', async () => {
    await call(server, 'POST', '/_emulator/deploy-time', { ms: 0 });
    await call(server, 'POST', '/v2/apps', app('/db'));
    await call(server, 'POST', '/v2/apps', { ...app('/api'), dependencies: ['/db'] });
    await call(server, 'POST', '/_emulator/deploy-time', { ms: 1000 });

    await call(server, 'PUT', '/v2/apps', [
      { id: '/api', networks: [{ name: 'calico' }], container: app('/api').container },
      { id: '/db', networks: [{ name: 'calico' }], container: app('/db').container },
    ]);

    expect((await deployments())[0]!.steps).toEqual([
      { actions: [{ action: 'RestartApplication', app: '/db' }] },
      { actions: [{ action: 'RestartApplication', app: '/api' }] },
    ]);
  });

  it('403 once max_running_deployments deployments run, even with force', async () => {
    await server.close();
    server = await emulator({ now: () => clock, deployMs: 1000, maxRunningDeployments: 1 });
    await call(server, 'POST', '/v2/apps', app('/a'));

    const answer = await call(server, 'POST', '/v2/apps?force=true', app('/b'));

    expect(answer.status).toBe(403);
    expect((answer.body as Json).message).toMatch(/^Max number \(1\) of running deployments is achieved\. Wait for existing deployments to complete or cancel oneusing force=true parameter\./);
  });
});
