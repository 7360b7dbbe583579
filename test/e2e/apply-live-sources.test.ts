import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fixturePath, packageRoot } from '../../src/paths.js';
import { bookstoreApps, type Emulator, emulatorWith } from '../apply/support.js';

const TOKEN = 'live-source-token-5f1c';
const main = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');
let emulator: Emulator;
let dir: string;

beforeAll(async () => {
  emulator = await emulatorWith(bookstoreApps(), { token: TOKEN });
  dir = mkdtempSync(join(tmpdir(), 'live-sources-'));
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [main, ...args], {
    cwd: packageRoot(),
    env: { PATH: process.env['PATH'] ?? '', HOME: dir, DCOS_DIR: join(dir, 'none'), NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('scan, diff and simulate of a live cluster', () => {
  it('scan --marathon reads /v2/groups and lists what is on dcos', async () => {
    const run = await cli(['scan', '--marathon', emulator.url], { DCOS_ACS_TOKEN: TOKEN });
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    for (const id of ['/bookstore-frontend', '/bookstore-server', '/fruitstore-frontend']) expect(run.stdout).toContain(id);
    expect(run.stdout).toContain(`marathon ${emulator.url}`);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
    expect(emulator.stats().byRoute['GET /v2/groups']).toBeGreaterThan(0);
  });

  it('diff with no paths uses the cluster DCOS_URL names, and gives the same plan as the files', async () => {
    const live = await cli(['diff', '--format', 'json'], { DCOS_URL: emulator.url, DCOS_ACS_TOKEN: TOKEN });
    expect(live.code).toBe(0);
    const files = await cli(['diff', '--format', 'json', fixturePath('bookstore', 'apps')]);
    expect(files.code).toBe(0);
    const summary = (text: string) =>
      (JSON.parse(text) as { items: { id: string; status: string; changes: { kind: string; pointer: string }[] }[] }).items
        .map((item) => ({ id: item.id, status: item.status, changes: item.changes.map((change) => `${change.kind} ${change.pointer}`).sort() }))
        .sort((a, b) => a.id.localeCompare(b.id));
    expect(summary(live.stdout)).toEqual(summary(files.stdout));
  });

  it('names both ways to give an input when there is neither', async () => {
    const run = await cli(['scan']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/name files or folders, or a cluster: --marathon URL, DCOS_URL/);
    const both = await cli(['diff', '--marathon', emulator.url, 'fixtures/bookstore/apps']);
    expect(both.code).toBe(2);
  });

  it('simulate --marathon answers for the live apps, migrated in memory', async () => {
    const run = await cli(
      [
        'simulate', '--marathon', emulator.url, '--migrate',
        '--resources', fixturePath('bookstore', 'calico', 'policy.yaml'), fixturePath('bookstore', 'calico', 'profile.yaml'),
        '--query', 'bookstore-frontend -> bookstore-server:80/TCP', '--query', 'fruitstore-frontend -> bookstore-server:80/TCP',
      ],
      { DCOS_ACS_TOKEN: TOKEN },
    );
    expect(run.stderr).not.toMatch(/internal error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ALLOW +bookstore-frontend -> bookstore-server:80\/TCP/);
    expect(run.stdout).toMatch(/DENY +fruitstore-frontend -> bookstore-server:80\/TCP/);
  });
});
