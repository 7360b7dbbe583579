import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { MarathonApiError, UsageError } from '../../src/errors.js';
import { createMarathonClient, lockingDeploymentIds } from '../../src/marathon/client.js';
import { dcosApp, type Emulator, emulatorWith, fastClient } from '../apply/support.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.secret-token-value.sig';
let emulator: Emulator | undefined;
let server: Server | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function rejection(promise: Promise<unknown>): Promise<MarathonApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MarathonApiError) return error;
    throw error;
  }
  throw new Error('expected a MarathonApiError');
}

describe('Marathon client over HTTP', () => {
  it('reads apps, groups, info and deployments, and changes an app with one PUT', async () => {
    emulator = await emulatorWith([dcosApp('/web')]);
    const client = fastClient(emulator);
    expect((await client.info()).marathon_config?.default_network_name).toBe('dcos');
    const tree = await client.groups();
    expect(tree.apps?.map((app) => app.id)).toEqual(['/web']);
    const app = await client.getApp('/web');
    expect(app.networks).toEqual([{ name: 'dcos', mode: 'container' }]);
    const container = { ...app.container, portMappings: [{ containerPort: 80, name: 'http', networkNames: ['calico'] }] };
    const result = await client.putApp('/web', { networks: [{ mode: 'container', name: 'calico' }], container });
    expect(result.deploymentId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await client.getApp('/web')).networks).toEqual([{ name: 'calico', mode: 'container' }]);
    expect(await client.deployments()).toEqual([]);
    expect(emulator.stats().byRoute['PUT /v2/apps/{id}']).toBe(1);
    client.close();
  });

  it("turns a 422 into a MarathonApiError carrying Marathon's message and details", async () => {
    emulator = await emulatorWith([dcosApp('/web')]);
    const client = fastClient(emulator);
    const error = await rejection(client.putApp('/web', { networks: [{ mode: 'host', name: 'calico' }] }));
    expect(error).toMatchObject({ status: 422, method: 'PUT', path: '/v2/apps/web' });
    expect(error.message).toContain('Object is not valid');
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/networks' })]));
    expect(emulator.stats().byRoute['PUT /v2/apps/{id}']).toBe(1); // a 422 is never retried
    client.close();
  });

  it('names the missing app on 404', async () => {
    emulator = await emulatorWith([]);
    const error = await rejection(fastClient(emulator).getApp('/nope'));
    expect(error.status).toBe(404);
    expect(error.message).toBe("GET /v2/apps/nope: HTTP 404: App '/nope' does not exist");
  });

  it('retries idempotent calls on 5xx and connection resets, with backoff', async () => {
    emulator = await emulatorWith([dcosApp('/web')], { faults: '5xx=0.4,reset=0.3,seed=7' });
    const notices: string[] = [];
    const client = fastClient(emulator, { retries: 8, onRetry: (notice) => notices.push(notice.reason) });
    for (let i = 0; i < 10; i++) expect((await client.getApp('/web')).id).toBe('/web');
    expect(client.stats.retries).toBeGreaterThan(0);
    expect(notices.some((reason) => reason === 'HTTP 503')).toBe(true);
    expect(notices.some((reason) => /ECONNRESET|socket hang up/i.test(reason))).toBe(true);
    client.close();
  });

  it('never retries a deployment cancel (not idempotent)', async () => {
    emulator = await emulatorWith([dcosApp('/web')], { faults: '5xx=1,methods=DELETE' });
    const client = fastClient(emulator);
    const error = await rejection(client.deleteDeployment('00000000-0000-4000-8000-000000000001'));
    expect(error.status).toBe(503);
    expect(emulator.stats().byRoute['DELETE /v2/deployments/{id}']).toBe(1);
    client.close();
  });

  it('waits for the deployment that locks an app instead of forcing, or hands the 409 over', async () => {
    emulator = await emulatorWith([dcosApp('/web')], { deployMs: 300 });
    const client = fastClient(emulator);
    const first = await client.putApp('/web', { labels: { tier: 'a' } });
    const locked = await rejection(client.putApp('/web', { labels: { tier: 'b' } }, { onLocked: 'throw' }));
    expect(locked.status).toBe(409);
    expect(lockingDeploymentIds(locked)).toEqual([first.deploymentId]);
    const started = Date.now();
    await client.putApp('/web', { labels: { tier: 'c' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect((await client.getApp('/web')).labels).toEqual({ tier: 'c' });
    expect(Object.keys(emulator.stats().byPath).some((path) => path.includes('force'))).toBe(false);
    client.close();
  });

  it('reports 401 and 403 clearly and never shows the token', async () => {
    emulator = await emulatorWith([dcosApp('/web')], { token: TOKEN, readOnlyToken: `${TOKEN}-ro` });
    const anonymous = await rejection(fastClient(emulator).getApp('/web'));
    expect(anonymous.status).toBe(401);
    expect(anonymous.message).toMatch(/not authenticated.*DCOS_ACS_TOKEN/);
    const wrong = await rejection(fastClient(emulator, { token: `${TOKEN}-wrong` }).getApp('/web'));
    expect(wrong.status).toBe(401);
    const readOnly = fastClient(emulator, { token: `${TOKEN}-ro` });
    expect((await readOnly.getApp('/web')).id).toBe('/web');
    const forbidden = await rejection(readOnly.putApp('/web', { labels: {} }));
    expect(forbidden.status).toBe(403);
    expect(forbidden.message).toMatch(/not authorised \(Not Authorized to perform this action!\)/);
    for (const error of [anonymous, wrong, forbidden]) {
      expect(JSON.stringify({ message: error.message, details: error.details, stack: error.stack, cause: String(error.cause) })).not.toContain(TOKEN);
    }
    expect((await fastClient(emulator, { token: TOKEN }).getApp('/web')).id).toBe('/web');
  });

  it('says so when an HTML page answers where JSON was expected', async () => {
    emulator = await emulatorWith([dcosApp('/web')], { faults: 'html=1' });
    const gateway = await rejection(fastClient(emulator, { retries: 1 }).getApp('/web'));
    expect(gateway.status).toBe(502);
    expect(gateway.message).toContain('expected JSON from Marathon but got an HTML page ("502 Bad Gateway")');

    // A login page served with 200 by a proxy in front of the cluster.
    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!DOCTYPE html><html><head><title>Sign in</title></head><body>login</body></html>');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const login = createMarathonClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    const error = await rejection(login.groups());
    expect(error.status).toBe(200);
    expect(error.message).toMatch(/expected JSON from Marathon but got an HTML page \("Sign in"\)/);
    login.close();
  });

  it('rejects an answer of the wrong shape and names what was expected', async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"apps": "not a list"}');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const client = createMarathonClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    const error = await rejection(client.apps());
    expect(error.message).toMatch(/unexpected answer: expected \{"apps": \[\.\.\.\]\}/);
    client.close();
  });

  it('gives up on an unreachable Marathon with a clear error, and on an unreadable CA bundle', async () => {
    const client = createMarathonClient({ baseUrl: 'http://127.0.0.1:9', retries: 1, backoffMs: 1 });
    const error = await rejection(client.info());
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(/connection refused/);
    expect(() => createMarathonClient({ baseUrl: 'https://x', caPath: '/nonexistent/ca.pem' })).toThrow(UsageError);
  });
});
