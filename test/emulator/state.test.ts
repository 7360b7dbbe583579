import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { InputError } from '../../src/errors.js';
import { packageRoot } from '../../src/paths.js';
import { call, emulator } from './helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies in assertions

describe('emulator state files', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'emulator-state-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('a missing file starts empty; close saves a GET /v2/groups tree that the next start loads unchanged', async () => {
    const file = join(dir, 'cluster.json');
    const first = await emulator({ state: file });
    await call(first, 'POST', '/v2/apps', { id: '/team/app', cmd: 'sleep 1', networks: [{ name: 'dcos' }] });
    await call(first, 'POST', '/v2/pods', { id: '/team/pod', containers: [{ name: 'c', resources: { cpus: 0.1, mem: 32 } }] });
    const before = (await call(first, 'GET', '/v2/groups')).body;
    await first.close();

    const saved = JSON.parse(readFileSync(file, 'utf8')) as Json;
    const second = await emulator({ state: file });
    const after = (await call(second, 'GET', '/v2/groups')).body;
    const app = ((await call(second, 'GET', '/v2/apps/team/app')).body as Json).app;
    await second.close();

    expect(saved).toEqual(before);
    expect(after).toEqual(before);
    expect(app.networks).toEqual([{ name: 'dcos', mode: 'container' }]);
    expect(existsSync(`${file}.bak`)).toBe(true);
  });

  it('persist: false leaves the file alone', async () => {
    const file = join(dir, 'cluster.json');
    writeFileSync(file, JSON.stringify({ id: '/', apps: [{ id: '/kept', cmd: 'x' }] }));
    const server = await emulator({ state: file, persist: false });
    await call(server, 'DELETE', '/v2/apps/kept');
    await server.close();

    expect((JSON.parse(readFileSync(file, 'utf8')) as Json).apps).toEqual([{ id: '/kept', cmd: 'x' }]);
  });

  it('loading normalises legacy definitions and keeps stated versions', async () => {
    const file = join(dir, 'cluster.json');
    writeFileSync(
      file,
      JSON.stringify({
        id: '/',
        groups: [
          {
            id: '/legacy',
            apps: [{ id: 'old', cmd: 'x', ipAddress: { networkName: 'dcos' }, version: '2019-05-01T10:00:00.000Z' }],
          },
        ],
      }),
    );
    const server = await emulator({ state: file, persist: false });

    const app = ((await call(server, 'GET', '/v2/apps/legacy/old')).body as Json).app;
    await server.close();

    expect(app.id).toBe('/legacy/old');
    expect(app.networks).toEqual([{ name: 'dcos', mode: 'container' }]);
    expect(app.ipAddress).toBeUndefined();
    expect(app.version).toBe('2019-05-01T10:00:00.000Z');
    expect(app.versionInfo).toEqual({ lastScalingAt: '2019-05-01T10:00:00.000Z', lastConfigChangeAt: '2019-05-01T10:00:00.000Z' });
  });

  it('a file that is not JSON, or holds a definition Marathon would reject, is an InputError naming the place', async () => {
    const broken = join(dir, 'broken.json');
    const invalid = join(dir, 'invalid.json');
    writeFileSync(broken, '{"id": "/",');
    writeFileSync(invalid, JSON.stringify({ id: '/', groups: [{ id: '/g', apps: [{ id: 'a', networks: [{ mode: 'host', name: 'x' }] }] }] }));

    await expect(emulator({ state: broken })).rejects.toThrow(InputError);
    await expect(emulator({ state: broken })).rejects.toThrow(/broken\.json: could not parse the cluster state - invalid JSON/);
    await expect(emulator({ state: invalid })).rejects.toThrow(/invalid\.json#\/groups\/0\/apps\/0: Marathon would reject this definition: .*Host networks may not have names or labels/);
  });

  it('never edits the state object it is given, and snapshots are copies', async () => {
    const tree = { id: '/', apps: [{ id: '/a', cmd: 'x', networks: [{ name: 'dcos' }], container: { type: 'MESOS', portMappings: [{ containerPort: 80 }] } }] };
    const original = JSON.parse(JSON.stringify(tree)) as unknown;
    const server = await emulator({ state: tree });

    await call(server, 'PUT', '/v2/apps/a', { networks: [{ name: 'calico' }], container: { type: 'MESOS', portMappings: [{ containerPort: 80 }] } });
    const snapshot = server.snapshot() as Json;
    snapshot.apps[0].container.portMappings[0].containerPort = 1;
    const app = ((await call(server, 'GET', '/v2/apps/a')).body as Json).app;
    const first = ((await call(server, 'GET', `/v2/apps/a/versions/${((await call(server, 'GET', '/v2/apps/a/versions')).body as Json).versions[1]}`)).body as Json);
    await server.close();

    expect(tree).toEqual(original);
    expect(app.container.portMappings[0].containerPort).toBe(80);
    expect(first.networks).toEqual([{ name: 'dcos', mode: 'container' }]);
  });

  it('POST /_emulator/save writes the file now', async () => {
    const file = join(dir, 'cluster.json');
    const server = await emulator({ state: file });
    await call(server, 'POST', '/v2/apps', { id: '/x', cmd: 'x' });

    const answer = await call(server, 'POST', '/_emulator/save');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Json;
    await server.close();

    expect(answer.body).toEqual({ saved: file });
    expect((saved.apps as Json[]).map((app) => app.id)).toEqual(['/x']);
  });
});

describe('dcos-calico-migrate emulator (CLI)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the URL, serves the seed cluster, and saves the state on SIGTERM', async () => {
    const file = join(dir, 'cluster.json');
    const child = spawn(process.execPath, ['dist/src/cli/main.js', 'emulator', '--seed', '--state', file, '--token', 'cli-secret'], {
      cwd: packageRoot(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });

    const apps = await call({ url }, 'GET', '/v2/apps', undefined, { Authorization: 'token=cli-secret' });
    await call({ url }, 'DELETE', '/v2/apps/bookstore-frontend', undefined, { Authorization: 'token=cli-secret' });
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const code = await exit;

    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(((apps.body as Json).apps as Json[]).length).toBe(8);
    expect(code).toBe(0);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Json;
    expect((saved.apps as Json[]).map((app) => app.id)).toEqual(['/bookstore-server', '/fruitstore-frontend']);
    expect(stderr).toContain('token required');
    expect(stderr).not.toContain('cli-secret');
  });

  it('exits 2 with a clear message when the port is taken', async () => {
    const holder = await emulator({});
    const child = spawn(process.execPath, ['dist/src/cli/main.js', 'emulator', '--port', String(holder.port)], { cwd: packageRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    await holder.close();

    expect(code).toBe(2);
    expect(stderr).toContain(`port ${holder.port} on 127.0.0.1 is already in use`);
  });

  it('exits 2 with the parser message for a bad fault spec', async () => {
    const child = spawn(process.execPath, ['dist/src/cli/main.js', 'emulator', '--faults', '5xx=3'], { cwd: packageRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    expect(code).toBe(2);
    expect(stderr).toContain('could not parse fault spec "5xx=3" - 5xx takes a probability between 0 and 1');
  });
});
