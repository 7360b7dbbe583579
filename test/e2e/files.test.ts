/** The file commands as a user runs them: `node dist/src/cli/main.js scan|diff|rewrite ...`. */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fixturePath, packageRoot, templatePath } from '../../src/paths.js';

const bin = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');
const ESC = '\u001b[';
let work: string;

function run(args: string[], env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function fresh(name: string): string {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(fixturePath('bookstore', 'apps'), dir, { recursive: true });
  return dir;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'dcm-files-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('e2e/files: diff', () => {
  it('prints the text diff of the bookstore apps and exits 0', () => {
    fresh('apps');

    const { code, stdout } = run(['diff', 'apps']);

    expect(code).toBe(0);
    expect(stdout).toContain('~ /networks/0/name: "dcos" -> "calico"');
    expect(stdout).toContain('+ /networks/0/labels: {"biz_type":"bookstore","role":"server"}');
    expect(stdout).not.toContain(ESC);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(
      '3 files: 3 changed, 0 unchanged, 0 skipped, 0 errors; 3 items: 3 changed, 0 unchanged, 3 on the old network; 0 warnings',
    );
  });

  it('colours only when asked (never under NO_COLOR, never when piped)', () => {
    fresh('apps');

    expect(run(['diff', 'apps']).stdout).not.toContain(ESC);
    expect(run(['diff', '--color', 'apps']).stdout).toContain(ESC);
  });

  it('prints a json report that validates against the committed schema', () => {
    fresh('apps');

    const { code, stdout } = run(['diff', '--format', 'json', 'apps']);
    const report = JSON.parse(stdout) as { schemaVersion: number; items: { id: string; status: string; risks: string[] }[] };
    const schema = JSON.parse(readFileSync(templatePath('schemas', 'report-v1.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

    expect(code).toBe(0);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.items.map((item) => [item.id, item.status])).toEqual([
      ['/bookstore-frontend', 'changed'],
      ['/bookstore-server', 'changed'],
      ['/fruitstore-frontend', 'changed'],
    ]);
  });

  it('prints a markdown report', () => {
    fresh('apps');

    const { code, stdout } = run(['diff', '--format', 'markdown', 'apps']);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^# Migration diff: `dcos` → `calico`/);
    expect(stdout).toContain('| ~ | `/networks/0/name` | `"dcos"` | `"calico"` |');
  });
});

describe('e2e/files: scan', () => {
  it('lists what is on the old network, as text, json and csv', () => {
    fresh('apps');
    mkdirSync(join(work, 'apps', 'done'), { recursive: true });
    cpSync(fixturePath('bookstore', 'migrated', 'bookstore-server.json'), join(work, 'apps', 'done', 'server.json'));

    const text = run(['scan', 'apps']);
    const json = JSON.parse(run(['scan', '--format', 'json', 'apps']).stdout) as { command: string; items: { id: string }[] };
    const csv = run(['scan', '--format', 'csv', 'apps']).stdout.trimEnd().split('\r\n');

    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ID\s+KIND\s+NETWORKS\s+RISKS\s+SOURCE/);
    expect(text.stdout).toMatch(/\/bookstore-server\s+app\s+container:dcos\s+restart/);
    expect(json.command).toBe('scan');
    expect(json.items).toHaveLength(3);
    expect(csv[0]).toBe('source,pointer,id,kind,status,on_old_network,networks,risks,warnings,invalid');
    expect(csv).toHaveLength(4);
  });
});

describe('e2e/files: rewrite', () => {
  it('--check exits 1 when something would change, 0 when nothing would', () => {
    const dir = fresh('check');

    const pending = run(['rewrite', '--check', 'check']);
    const done = run(['rewrite', '--check', fixturePath('bookstore', 'migrated')]);

    expect(pending.code).toBe(1);
    expect(pending.stdout).toMatch(/^would change\s+check\/bookstore-frontend\.json/m);
    expect(done.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['bookstore-frontend.json', 'bookstore-server.json', 'fruitstore-frontend.json']);
  });

  it('--in-place writes the migrated files with .bak backups, and refuses to overwrite a backup', () => {
    const dir = fresh('inplace');
    const original = readFileSync(join(dir, 'bookstore-server.json'), 'utf8');

    const first = run(['rewrite', '--in-place', 'inplace']);

    expect(first.code).toBe(0);
    expect(readFileSync(join(dir, 'bookstore-server.json'), 'utf8')).toBe(
      readFileSync(fixturePath('bookstore', 'migrated', 'bookstore-server.json'), 'utf8'),
    );
    expect(readFileSync(join(dir, 'bookstore-server.json.bak'), 'utf8')).toBe(original);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    writeFileSync(join(dir, 'bookstore-server.json'), original);
    const second = run(['rewrite', '--in-place', 'inplace']);

    expect(second.code).toBe(2);
    expect(second.stderr).toContain('bookstore-server.json.bak already exists');
    expect(readFileSync(join(dir, 'bookstore-server.json'), 'utf8')).toBe(original);
  });

  it('--backup-dir mirrors backups under a folder', () => {
    fresh('mirrored');

    const { code } = run(['rewrite', '--in-place', '--backup-dir', 'backups', 'mirrored']);

    expect(code).toBe(0);
    expect(existsSync(join(work, 'backups', 'mirrored', 'bookstore-server.json'))).toBe(true);
    expect(existsSync(join(work, 'mirrored', 'bookstore-server.json.bak'))).toBe(false);
  });

  it('--out writes migrated copies under the folder and leaves the inputs alone', () => {
    const dir = fresh('source');
    mkdirSync(join(dir, 'nested'));
    cpSync(fixturePath('formats', 'marathon-json', 'groups-tree.input.json'), join(dir, 'nested', 'groups.json'));
    const before = readFileSync(join(dir, 'bookstore-server.json'), 'utf8');

    const { code, stdout } = run(['rewrite', '--out', 'out', 'source']);

    expect(code).toBe(0);
    expect(stdout).toMatch(/changed\s+source\/nested\/groups\.json\s+->/);
    expect(readFileSync(join(dir, 'bookstore-server.json'), 'utf8')).toBe(before);
    expect(readFileSync(join(work, 'out', 'nested', 'groups.json'), 'utf8')).toBe(
      readFileSync(fixturePath('formats', 'marathon-json', 'groups-tree.expected.json'), 'utf8'),
    );
  });

  it('--out writes nothing when one file is an error, and names no target as if it were written', () => {
    const dir = fresh('blocked');
    writeFileSync(join(dir, 'broken.json'), '{"id": "/broken", ');

    const { code, stdout, stderr } = run(['rewrite', '--out', 'blocked-out', 'blocked']);

    expect(code).toBe(2);
    expect(stdout).toMatch(/^changed\s+blocked\/bookstore-server\.json$/m);
    expect(stdout).not.toContain('->');
    expect(stderr).toContain('nothing written: 1 file could not be migrated');
    expect(existsSync(join(work, 'blocked-out'))).toBe(false);
  });

  it('honours --include and --exclude, and never walks into node_modules', () => {
    const dir = fresh('globs');
    mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'x', 'app.json'), '{"id": "/x", "cmd": "x", "networks": [{"mode": "container", "name": "dcos"}]}');

    const { stdout } = run(['rewrite', '--check', '--exclude', 'fruitstore-*', 'globs']);
    const only = run(['rewrite', '--check', '--include', 'bookstore-server.json', 'globs']);

    expect(stdout).toContain('bookstore-server.json');
    expect(stdout).not.toContain('fruitstore');
    expect(stdout).not.toContain('node_modules');
    expect(only.stdout.match(/would change/g)).toHaveLength(1);
  });

  it('needs exactly one of --in-place, --out and --check (exit 2)', () => {
    fresh('apps');

    expect(run(['rewrite', 'apps']).code).toBe(2);
    expect(run(['rewrite', '--in-place', '--check', 'apps']).code).toBe(2);
  });
});

describe('e2e/files: bad input', () => {
  it('names line:column of truncated JSON, exits 2 and writes nothing', () => {
    const dir = fresh('bad');
    writeFileSync(join(dir, 'broken.json'), '{\n  "id": "/broken",\n  "networks": [\n');
    const listing = readdirSync(dir).sort();

    const result = run(['rewrite', '--in-place', 'bad']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error: bad\/broken\.json:4:1: could not parse JSON/);
    expect(result.stdout).toMatch(/^error\s+bad\/broken\.json/m);
    expect(readdirSync(dir).sort()).toEqual(listing);
    expect(readFileSync(join(dir, 'bookstore-server.json'), 'utf8')).toBe(
      readFileSync(fixturePath('bookstore', 'apps', 'bookstore-server.json'), 'utf8'),
    );
  });

  it('names the JSON pointer of a wrong type', () => {
    mkdirSync(join(work, 'types'), { recursive: true });
    writeFileSync(join(work, 'types', 'apps.json'), '{"apps": [{"id": "/a", "cmd": "x", "networks": {"name": "dcos"}}]}');

    const result = run(['diff', 'types']);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/types\/apps\.json#\/apps\/0\/networks: /);
  });

  it('reports a missing path as a usage error', () => {
    expect(run(['diff', 'does-not-exist']).code).toBe(2);
  });
});

describe('e2e/files: help', () => {
  it('answers --help fast with the same text yargs prints for the commands', () => {
    const fast = run(['--help']);
    const viaYargs = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `const { runCli } = await import(${JSON.stringify(bin)}); await runCli(['--help']);`],
      { encoding: 'utf8' },
    );

    expect(fast.code).toBe(0);
    expect(fast.stdout.replace(/\s+/g, ' ')).toBe(viaYargs.stdout.replace(/\s+/g, ' '));
    expect(fast.stdout).toContain('dcos-calico-migrate rewrite <paths..>');
  });
});
