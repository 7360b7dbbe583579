import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { packageRoot } from '../../src/paths.js';
import { dcosApp, type Emulator, emulatorWith, networkNames } from '../apply/support.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.e2e-secret-token.c2lnbmF0dXJl';
const main = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');

let dir: string;
let emulator: Emulator | undefined;
let server: Server | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'apply-e2e-'));
});
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, [main, ...args], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '', HOME: dir, DCOS_DIR: join(dir, 'no-dcos'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return start(args, env).done;
}

function journalRecords(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

const apps = (count: number, prefix = '/batch/app'): Record<string, unknown>[] =>
  Array.from({ length: count }, (_, i) => dcosApp(`${prefix}-${String(i).padStart(2, '0')}`, { env: { DB_PASSWORD: 'hunter2-secret' } }));

describe('apply, resume and rollback as a user runs them', () => {
  it('survives kill -9 mid-batch: resume finishes every item once, nothing lost, no secret in any output', async () => {
    const batch = apps(14);
    emulator = await emulatorWith(batch, { token: TOKEN, deployMs: 150 });
    const env = { DCOS_URL: emulator.url, DCOS_ACS_TOKEN: TOKEN };
    const journal = join(dir, 'batch.jsonl');
    const first = start(['apply', '--journal', journal, '--concurrency', '2', '--poll-interval', '0.03'], env);
    // Kill once a few items finished and others are in flight.
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      if (existsSync(journal) && journalRecords(journal).filter((record) => record['type'] === 'outcome').length >= 4) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.code).toBeNull();
    const before = journalRecords(journal);
    const finishedBefore = before.filter((record) => record['type'] === 'outcome').length;
    expect(finishedBefore).toBeGreaterThanOrEqual(4);
    expect(finishedBefore).toBeLessThan(14);

    const resumed = await cli(['resume', '--journal', journal, '--concurrency', '3', '--poll-interval', '0.03'], env);
    expect(resumed.stderr).not.toMatch(/internal error/);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/14 item\(s\): 14 migrated/);
    for (const app of batch) {
      const id = app['id'] as string;
      expect(networkNames(emulator, id)).toEqual(['calico']);
      expect(emulator.stats().byPath[`PUT /v2/apps${id}`]).toBe(1);
    }
    const records = journalRecords(journal);
    for (const app of batch) {
      const mine = records.filter((record) => record['id'] === app['id']);
      expect(mine.some((record) => record['type'] === 'original')).toBe(true);
      expect(mine.filter((record) => record['type'] === 'outcome').at(-1)).toMatchObject({ outcome: 'migrated' });
    }
    for (const text of [killed.stdout, killed.stderr, resumed.stdout, resumed.stderr, readFileSync(journal, 'utf8')]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain('hunter2-secret');
    }

    // And the journal still brings every original back.
    const undone = await cli(['rollback', '--journal', journal, '--poll-interval', '0.03', '--concurrency', '4'], env);
    expect(undone.code).toBe(0);
    expect(undone.stdout).toMatch(/14 restored/);
    for (const app of batch) expect(networkNames(emulator, app['id'] as string)).toEqual(['dcos']);
    expect(JSON.stringify(emulator.snapshot())).toContain('hunter2-secret');
  });

  it('stops at the end of the window and resumes in the next one', async () => {
    // 12 deployments of 400 ms each cannot all start within the 2 s the window leaves for starting, on any machine.
    emulator = await emulatorWith(apps(12, '/w'), { deployMs: 400 });
    const journal = join(dir, 'window.jsonl');
    // The window opens a little later and closes 4 s after; items may start during its first 2 s. "Later" allows for
    // the CLI's own
    // start-up, measured here, so a loaded machine does not turn the wait into a missed window.
    const probeStart = Date.now();
    await cli(['--version']);
    const opens = new Date(Date.now() + Math.max(3000, 3 * (Date.now() - probeStart)));
    const window = `${opens.toISOString()}/PT4S`;
    const closed = await cli(
      ['apply', '--marathon', emulator.url, '--journal', journal, '--window', window, '--item-timeout', '2', '--concurrency', '1', '--poll-interval', '0.03'],
    );
    expect(closed.code).toBe(3);
    expect(closed.stdout).toMatch(/not-started .*the window closes at/);
    expect(closed.stderr).toMatch(/not starting more items: the window closes/);
    // How many fit depends on how fast this machine is; that some do is the engine suite's job.
    const migrated = (closed.stdout.match(/^migrated /gm) ?? []).length;
    expect(migrated).toBeLessThan(12);
    for (const record of journalRecords(journal).filter((entry) => entry['type'] === 'original')) {
      expect(Date.parse(record['at'] as string)).toBeGreaterThanOrEqual(opens.getTime());
    }
    const next = await cli(['resume', '--marathon', emulator.url, '--journal', journal, '--poll-interval', '0.03']);
    expect(next.code).toBe(0);
    expect(next.stdout).toMatch(/12 item\(s\): 12 migrated/);
    expect(next.stdout.match(/earlier run/g) ?? []).toHaveLength(migrated);
  });

  it('rolls a hung deployment back without force and, with --rollback-on-failure, restores the rest', async () => {
    emulator = await emulatorWith(apps(3, '/h'), { deployMs: 50 });
    emulator.setHealth('/h-01', false, 'changes');
    const journal = join(dir, 'hung.jsonl');
    const run = await cli([
      'apply', '--marathon', emulator.url, '--journal', journal, '--concurrency', '3', '--max-failures', '3',
      '--item-timeout', '1', '--poll-interval', '0.05', '--rollback-on-failure',
    ]);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/rolled-back +app +\/h-01 +deployment did not finish within 1 s; rolled back/);
    expect(run.stdout).toMatch(/restored +app +\/h-01 +the original is in place/);
    expect(run.stdout).toMatch(/3 item\(s\): 3 restored/);
    for (const id of ['/h-00', '/h-01', '/h-02']) expect(networkNames(emulator, id)).toEqual(['dcos']);
    expect(emulator.stats().byStatus['202']).toBeUndefined(); // no forced cancel
    expect(Object.keys(emulator.stats().byPath).some((path) => path.includes('force'))).toBe(false);
  });

  it('finds the attached cluster and its token in dcos.toml, and warns on every --insecure run', async () => {
    emulator = await emulatorWith(apps(2), { token: TOKEN });
    const dcosDir = join(dir, 'dcos');
    mkdirSync(join(dcosDir, 'clusters', 'c0ffee'), { recursive: true });
    writeFileSync(
      join(dcosDir, 'clusters', 'c0ffee', 'dcos.toml'),
      `[core]\ndcos_url = "${emulator.url}"\ndcos_acs_token = "${TOKEN}"\nssl_verify = "false"\n\n[cluster]\nname = "rehearsal"\n`,
    );
    writeFileSync(join(dcosDir, 'clusters', 'c0ffee', 'attached'), '');
    const run = await cli(['apply', '--dry-run'], { DCOS_DIR: dcosDir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/2 item\(s\): 2 would-migrate/);
    expect(run.stderr).toMatch(/warning: TLS certificate verification is OFF/);
    expect(run.stderr + run.stdout).not.toContain(TOKEN);
    expect(emulator.stats().byRoute['PUT /v2/apps/{id}']).toBeUndefined();
  });

  it('exits 3 with a clear message on 401 and when a login page answers instead of Marathon', async () => {
    emulator = await emulatorWith(apps(1), { token: TOKEN });
    const denied = await cli(['apply', '--marathon', emulator.url, '--dry-run'], { DCOS_ACS_TOKEN: `${TOKEN}x` });
    expect(denied.code).toBe(3);
    expect(denied.stderr).toMatch(/error: GET \/v2\/(info|groups).*HTTP 401: not authenticated/);
    expect(denied.stderr).not.toContain(TOKEN);
    expect(denied.stderr).not.toContain('<html');

    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!DOCTYPE html><html><head><title>DC/OS Login</title></head><body></body></html>');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const html = await cli(['apply', '--marathon', `http://127.0.0.1:${(server.address() as AddressInfo).port}`, '--dry-run']);
    expect(html.code).toBe(3);
    expect(html.stderr).toMatch(/expected JSON from Marathon but got an HTML page \("DC\/OS Login"\)/);
  });
});
