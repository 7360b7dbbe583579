import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { extract } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEmulator } from '../../src/emulator/index.js';
import { fixturePath, packageRoot } from '../../src/paths.js';

const run = promisify(execFile);
const cli = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');
const TOKEN = 'tok-e2e-bundle-0123456789';
const PASSWORD = 'hunter2-bundle-secret-value';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

async function dcos(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

function bookstore(): Record<string, unknown>[] {
  return ['bookstore-frontend', 'bookstore-server', 'fruitstore-frontend'].map(
    (name) => JSON.parse(readFileSync(fixturePath('bookstore', 'apps', `${name}.json`), 'utf8')) as Record<string, unknown>,
  );
}

describe('bundle (e2e)', () => {
  let emulator: Emulator;
  let dir: string;
  let journal: string;

  beforeAll(async () => {
    const apps = bookstore();
    // A secret-like env value and a credential in a fetch URL: neither may reach the bundle.
    apps[1] = { ...apps[1], env: { DB_PASSWORD: PASSWORD, MODE: 'prod' }, fetch: [{ uri: `https://deploy:${PASSWORD}@artifacts.example.com/app.tgz` }] };
    emulator = await startEmulator({ state: { id: '/', apps }, token: TOKEN });
    dir = mkdtempSync(join(tmpdir(), 'bundle-e2e-'));
    journal = join(dir, 'batch.journal.jsonl');
    const applied = await dcos(['apply', '--marathon', emulator.url, '--journal', journal, '--poll-interval', '0.05'], { DCOS_ACS_TOKEN: TOKEN });
    expect(applied.code, applied.stderr).toBe(0);
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('packs the journal, the plan, reports and every item\'s original, planned and current definition', async () => {
    const out = join(dir, 'support.tar.gz');
    writeFileSync(join(dir, 'notes.txt'), `ticket 4711, token was ${TOKEN}\n`);

    const result = await dcos(
      ['bundle', '--journal', journal, '--out', out, '--include', join(dir, 'notes.txt'), '--resources', fixturePath('bookstore', 'calico', 'policy.yaml')],
      { DCOS_ACS_TOKEN: TOKEN },
    );

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(out);
    const x = join(dir, 'x1');
    await import('node:fs/promises').then((fs) => fs.mkdir(x));
    await extract({ file: out, cwd: x });
    const root = join(x, 'dcos-calico-migrate-bundle');
    const files = walk(root).map((path) => path.slice(root.length + 1)).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        'README.txt',
        'manifest.json',
        'journal.jsonl',
        'plan.json',
        'files/notes.txt',
        'reports/report.html',
        'reports/report.md',
        'reports/report.json',
        'reports/simulation.json',
        'files/policy.yaml',
        'items/bookstore-server/original.json',
        'items/bookstore-server/planned.json',
        'items/bookstore-server/current.json',
      ]),
    );
    const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as { items: { id: string; outcome: string; current: string }[] };
    expect(manifest.items.map((item) => [item.id, item.outcome, item.current]).sort()).toEqual([
      ['/bookstore-frontend', 'migrated', 'collected'],
      ['/bookstore-server', 'migrated', 'collected'],
      ['/fruitstore-frontend', 'migrated', 'collected'],
    ]);
    const original = JSON.parse(readFileSync(join(root, 'items/bookstore-server/original.json'), 'utf8')) as { networks: { name: string }[] };
    const current = JSON.parse(readFileSync(join(root, 'items/bookstore-server/current.json'), 'utf8')) as { networks: { name: string; labels: unknown }[] };
    expect(original.networks[0]!.name).toBe('dcos');
    expect(current.networks[0]).toMatchObject({ name: 'calico', labels: { biz_type: 'bookstore', role: 'server' } });
    for (const file of walk(root)) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain(TOKEN);
      expect(text, file).not.toContain(PASSWORD);
    }
    expect(readFileSync(join(root, 'files/notes.txt'), 'utf8')).toContain('<scrubbed>');
    const simulation = JSON.parse(readFileSync(join(root, 'reports/simulation.json'), 'utf8')) as { lost: { from: string; to: string }[] };
    expect(simulation.lost.map((entry) => `${entry.from} -> ${entry.to}`)).toEqual(['/fruitstore-frontend -> /bookstore-server']);
    expect(readFileSync(join(root, 'reports/report.html'), 'utf8')).toContain('class="cell deny lost"');
  });

  it('without cluster access (--offline) says why current definitions are missing', async () => {
    const out = join(dir, 'offline.tar.gz');

    const result = await dcos(['bundle', '--journal', journal, '--out', out, '--offline']);

    expect(result.code, result.stderr).toBe(0);
    const x = join(dir, 'x2');
    await import('node:fs/promises').then((fs) => fs.mkdir(x));
    await extract({ file: out, cwd: x });
    const root = join(x, 'dcos-calico-migrate-bundle');
    expect(walk(root).some((path) => path.endsWith('current.json'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as { items: { current: string }[]; currentNote: string };
    expect(manifest.currentNote).toBe('not collected (--offline)');
    expect(manifest.items.every((item) => item.current === 'not collected (--offline)')).toBe(true);
  });

  it('refuses a file that is not a journal, naming it, and writes no archive', async () => {
    const bogus = join(dir, 'not-a-journal.jsonl');
    writeFileSync(bogus, '{"hello": "world"}\n');
    const out = join(dir, 'never.tar.gz');

    const result = await dcos(['bundle', '--journal', bogus, '--out', out, '--offline']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bogus}:1`);
    expect(() => statSync(out)).toThrow();
  });
});
