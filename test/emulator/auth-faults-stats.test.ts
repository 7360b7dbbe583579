import { afterEach, describe, expect, it } from 'vitest';

import { UsageError } from '../../src/errors.js';
import { createFaultInjector, parseFaultSpec } from '../../src/emulator/faults.js';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { call, emulator } from './helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies in assertions

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.secret-token-value';
const READ_ONLY = 'read-only-token-value';

describe('emulator auth, faults and stats', () => {
  const started: EmulatorHandle[] = [];
  async function start(options: Parameters<typeof emulator>[0]): Promise<EmulatorHandle> {
    const server = await emulator(options);
    started.push(server);
    return server;
  }
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });

  describe('token auth, answered the Admin Router way', () => {
    it('401 HTML with WWW-Authenticate: oauthjwt without a token or with a wrong one', async () => {
      const server = await start({ token: TOKEN });

      const none = await call(server, 'GET', '/v2/apps');
      const wrong = await call(server, 'GET', '/v2/apps', undefined, { Authorization: 'token=nope' });

      for (const answer of [none, wrong]) {
        expect(answer.status).toBe(401);
        expect(answer.headers.get('www-authenticate')).toBe('oauthjwt');
        expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
        expect(answer.text).toContain('401 Authorization Required');
        expect(answer.text).not.toContain(TOKEN);
      }
    });

    it('accepts token=, Bearer and the dcos-acs-auth-cookie cookie', async () => {
      const server = await start({ token: TOKEN });

      const token = await call(server, 'GET', '/v2/apps', undefined, { Authorization: `token=${TOKEN}` });
      const bearer = await call(server, 'GET', '/v2/apps', undefined, { Authorization: `Bearer ${TOKEN}` });
      const cookie = await call(server, 'GET', '/v2/apps', undefined, { Cookie: `other=1; dcos-acs-auth-cookie=${TOKEN}` });

      expect([token.status, bearer.status, cookie.status]).toEqual([200, 200, 200]);
    });

    it('a read-only token reads but gets 403 JSON for changes', async () => {
      const server = await start({ token: TOKEN, readOnlyToken: READ_ONLY });

      const read = await call(server, 'GET', '/v2/apps', undefined, { Authorization: `token=${READ_ONLY}` });
      const write = await call(server, 'POST', '/v2/apps', { id: '/x', cmd: 'x' }, { Authorization: `token=${READ_ONLY}` });

      expect(read.status).toBe(200);
      expect(write.status).toBe(403);
      expect(write.body).toEqual({ message: 'Not Authorized to perform this action!' });
    });

    it('the admin hooks need no token', async () => {
      const server = await start({ token: TOKEN });

      expect((await call(server, 'GET', '/_emulator/stats')).status).toBe(200);
    });
  });

  describe('fault spec', () => {
    it('parses every key', () => {
      expect(parseFaultSpec('latency=20-80,5xx=0.1,html=0.05,html-ok=0.04,reset=0.02,reset-after=0.01,409=0.05,seed=42,after=3,methods=PUT+get')).toEqual({
        latencyMs: [20, 80],
        serverError: 0.1,
        html: 0.05,
        htmlOk: 0.04,
        reset: 0.02,
        resetAfter: 0.01,
        conflict: 0.05,
        seed: 42,
        after: 3,
        methods: ['PUT', 'GET'],
      });
    });

    it.each(['5xx=2', 'latency=fast', 'bogus=1', 'seed', 'latency=9-3'])('rejects %j with a UsageError and an example', (spec) => {
      expect(() => parseFaultSpec(spec)).toThrow(UsageError);
      expect(() => parseFaultSpec(spec)).toThrow(/Example: latency=20-80/);
    });

    it('is deterministic for a seed, and different seeds differ', () => {
      const run = (seed: number): string[] => {
        const injector = createFaultInjector(parseFaultSpec(`5xx=0.3,reset=0.1,409=0.2,latency=10-50,seed=${seed}`));
        return Array.from({ length: 50 }, () => `${injector.latency()}:${injector.decide('PUT').kind}`);
      };

      expect(run(42)).toEqual(run(42));
      expect(run(42)).not.toEqual(run(43));
      expect(new Set(run(42).map((entry) => entry.split(':')[1]))).toEqual(new Set(['none', '5xx', 'reset', '409']));
    });

    it('after=N spares the first N requests; methods= limits the eligible ones; 409 never hits reads', () => {
      const injector = createFaultInjector(parseFaultSpec('5xx=1,after=2,methods=PUT'));
      const storm = createFaultInjector(parseFaultSpec('409=1'));

      expect(['PUT', 'PUT', 'PUT', 'GET'].map((method) => injector.decide(method).kind)).toEqual(['none', 'none', '5xx', 'none']);
      expect(['GET', 'PUT'].map((method) => storm.decide(method).kind)).toEqual(['none', '409']);
    });
  });

  describe('faults over HTTP', () => {
    it('the same seed gives the same answers across runs', async () => {
      const statuses = async (): Promise<number[]> => {
        const server = await start({ faults: '5xx=0.3,html=0.2,seed=7' });
        const result: number[] = [];
        for (let i = 0; i < 30; i++) result.push((await call(server, 'GET', '/v2/apps')).status);
        return result;
      };

      const first = await statuses();
      const second = await statuses();

      expect(first).toEqual(second);
      expect(new Set(first)).toEqual(new Set([200, 502, 503]));
    });

    it('5xx is 503 JSON; html is a 502 HTML page; html-ok a 200 HTML page', async () => {
      const failing = await start({ faults: '5xx=1' });
      const html = await start({ faults: 'html=1' });
      const htmlOk = await start({ faults: 'html-ok=1' });

      const a = await call(failing, 'GET', '/v2/apps');
      const b = await call(html, 'GET', '/v2/apps');
      const c = await call(htmlOk, 'GET', '/v2/apps');

      expect(a.status).toBe(503);
      expect((a.body as Json).message).toMatch(/temporarily unavailable/);
      expect(b.status).toBe(502);
      expect(b.headers.get('content-type')).toMatch(/^text\/html/);
      expect(b.text).toContain('<h1>502 Bad Gateway</h1>');
      expect(c.status).toBe(200);
      expect(c.headers.get('content-type')).toMatch(/^text\/html/);
      expect(c.body).toBeUndefined();
    });

    it('reset drops the connection before anything changes', async () => {
      const server = await start({ faults: 'reset=1,methods=POST' });

      await expect(call(server, 'POST', '/v2/apps', { id: '/x', cmd: 'x' })).rejects.toThrow();
      const after = await call(server, 'GET', '/v2/apps/x');

      expect(after.status).toBe(404);
      expect(server.stats().byStatus.reset).toBe(1);
    });

    it('reset-after drops the connection after the change happened', async () => {
      const server = await start({ faults: 'reset-after=1,methods=POST' });

      await expect(call(server, 'POST', '/v2/apps', { id: '/x', cmd: 'x' })).rejects.toThrow();
      const after = await call(server, 'GET', '/v2/apps/x');

      expect(after.status).toBe(200);
    });

    it('409 storms answer writes with the lock body', async () => {
      const server = await start({ faults: '409=1' });

      const write = await call(server, 'POST', '/v2/apps', { id: '/x', cmd: 'x' });
      const read = await call(server, 'GET', '/v2/apps');

      expect(write.status).toBe(409);
      expect((write.body as Json).deployments).toHaveLength(1);
      expect((write.body as Json).message).toMatch(/^App is locked by one or more deployments\./);
      expect(read.status).toBe(200);
    });

    it('faults can be switched at run time through the admin hook', async () => {
      const server = await start({});

      await call(server, 'POST', '/_emulator/faults', { spec: '5xx=1' });
      const failing = await call(server, 'GET', '/v2/apps');
      await call(server, 'POST', '/_emulator/faults', { spec: '' });
      const fine = await call(server, 'GET', '/v2/apps');
      const bad = await call(server, 'POST', '/_emulator/faults', { spec: 'nope=1' });

      expect([failing.status, fine.status, bad.status]).toEqual([503, 200, 400]);
    });
  });

  describe('request stats', () => {
    it('counts Marathon requests per route, per path and per status; admin hooks are not counted', async () => {
      const server = await start({});
      await call(server, 'POST', '/v2/apps', { id: '/a', cmd: 'x' });
      await call(server, 'PUT', '/v2/apps/a', { cmd: 'y' });
      await call(server, 'PUT', '/v2/apps/a', { cmd: 'z' });
      await call(server, 'GET', '/v2/apps/missing');

      const stats = (await call(server, 'GET', '/_emulator/stats')).body as Json;
      await call(server, 'DELETE', '/_emulator/stats');
      const reset = (await call(server, 'GET', '/_emulator/stats')).body as Json;

      expect(stats).toEqual({
        total: 4,
        byRoute: { 'POST /v2/apps': 1, 'PUT /v2/apps/{id}': 2, 'GET /v2/apps/{id}': 1 },
        byPath: { 'POST /v2/apps': 1, 'PUT /v2/apps/a': 2, 'GET /v2/apps/missing': 1 },
        byStatus: { '201': 1, '200': 2, '404': 1 },
      });
      expect(reset.total).toBe(0);
    });

    it('admin hooks reject malformed bodies', async () => {
      const server = await start({});

      const health = await call(server, 'POST', '/_emulator/health', { appId: 3 });
      const time = await call(server, 'POST', '/_emulator/deploy-time', { ms: -1 });
      const unknown = await call(server, 'GET', '/_emulator/nothing');

      expect([health.status, time.status, unknown.status]).toEqual([400, 400, 404]);
    });
  });
});
