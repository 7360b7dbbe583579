import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterEach, describe, expect, it } from 'vitest';

import { startEmulator } from '../../src/emulator/index.js';
import type { ExitError } from '../../src/errors.js';
import { fixturePath, packageRoot } from '../../src/paths.js';
import type { AnswerValue } from '../../src/wizard/prompts.js';
import { runScripted, scratchBookstore } from './support.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
const TOKEN = 'tok-wizard-live-9876543210';

function bookstore(): Record<string, unknown>[] {
  return ['bookstore-frontend', 'bookstore-server', 'fruitstore-frontend'].map(
    (name) => JSON.parse(readFileSync(fixturePath('bookstore', 'apps', `${name}.json`), 'utf8')) as Record<string, unknown>,
  );
}

function networkOf(emulator: Emulator, id: string): string | undefined {
  const tree = emulator.snapshot() as { apps?: { id: string; networks?: { name?: string }[] }[] };
  return tree.apps?.find((app) => app.id === id)?.networks?.[0]?.name;
}

function puts(emulator: Emulator): number {
  return Object.entries(emulator.stats().byRoute)
    .filter(([route]) => route.startsWith('PUT') || route.startsWith('POST') || route.startsWith('DELETE') || route.startsWith('PATCH'))
    .reduce((sum, [, count]) => sum + count, 0);
}

function liveScript(url: string, rest: Record<string, AnswerValue>): Record<string, AnswerValue> {
  return {
    source: 'url',
    'marathon-url': url,
    items: 'all',
    carry: 'default',
    'exclude-globs': '',
    'labels-ok': true,
    'diff-ok': true,
    simulate: false,
    ...rest,
  };
}

describe('wizard/flow against a live Marathon (the emulator)', () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('applies the chosen items after the confirmation, journaling every original', async () => {
    emulator = await startEmulator({ state: { id: '/', apps: bookstore() }, token: TOKEN });
    const dir = scratchBookstore();

    const run = await runScripted(dir, liveScript(emulator.url, { action: 'apply', journal: 'batch.jsonl', confirm: true }), { env: { DCOS_ACS_TOKEN: TOKEN } });

    expect(run.error).toBeUndefined();
    expect(run.unused).toEqual([]);
    expect(networkOf(emulator, '/bookstore-server')).toBe('calico');
    expect(networkOf(emulator, '/fruitstore-frontend')).toBe('calico');
    const journal = readFileSync(join(dir, 'batch.jsonl'), 'utf8');
    expect(journal.split('\n')[0]).toContain('"type":"batch"');
    expect(journal).toContain('"type":"original"');
    expect(run.output).toContain('rollback --journal');
    expect(run.output).not.toContain(TOKEN);
    expect(journal).not.toContain(TOKEN);
  });

  it.each([
    ['no at the confirmation', { action: 'apply', journal: 'batch.jsonl', confirm: false }],
    ['Ctrl-C at the confirmation', { action: 'apply', journal: 'batch.jsonl', confirm: '^C' }],
    ['Ctrl-C at the journal question', { action: 'apply', journal: '^C' }],
  ] as const)('%s sends nothing to Marathon and writes no journal', async (_name, rest) => {
    emulator = await startEmulator({ state: { id: '/', apps: bookstore() } });
    const dir = scratchBookstore();

    const run = await runScripted(dir, liveScript(emulator.url, rest));

    if ('confirm' in rest && rest.confirm === false) expect(run.error).toBeUndefined();
    else expect((run.error as ExitError).exitCode).toBe(130);
    expect(puts(emulator)).toBe(0);
    expect(networkOf(emulator, '/bookstore-server')).toBe('dcos');
    expect(existsSync(join(dir, 'batch.jsonl'))).toBe(false);
  });

  it('exports a maintenance-window batch whose apply command line migrates exactly the chosen items', async () => {
    emulator = await startEmulator({ state: { id: '/', apps: bookstore() } });
    const dir = scratchBookstore();

    const run = await runScripted(
      dir,
      liveScript(emulator.url, { items: ['marathon:app:/bookstore-server'], action: 'export', 'batch-dir': 'batch', window: '', confirm: true }),
    );

    expect(run.error).toBeUndefined();
    expect(puts(emulator)).toBe(0);
    for (const name of ['plan.json', 'apply-command.sh', 'report.html', 'report.md', 'report.json']) expect(existsSync(join(dir, 'batch', name)), name).toBe(true);
    const line = readFileSync(join(dir, 'batch', 'apply-command.sh'), 'utf8').trim().split('\n').at(-1)!;
    expect(line).toBe(
      `dcos-calico-migrate apply --marathon ${emulator.url} --plan ${join(dir, 'batch', 'plan.json')} --only /bookstore-server --journal ${join(dir, 'batch', 'journal.jsonl')}`,
    );
    const cli = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');
    const args = line.split(' ').slice(1);
    await promisify(execFile)(process.execPath, [cli, ...args, '--poll-interval', '0.05'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    expect(networkOf(emulator, '/bookstore-server')).toBe('calico');
    expect(networkOf(emulator, '/bookstore-frontend')).toBe('dcos');
  });

  it('refuses a maintenance window without a time zone, with the reason, and keeps the window it accepts', async () => {
    emulator = await startEmulator({ state: { id: '/', apps: bookstore() } });
    const dir = scratchBookstore();

    const bad = await runScripted(dir, liveScript(emulator.url, { action: 'export', 'batch-dir': 'b1', window: '2026-11-28T01:00:00/PT2H' }));
    const good = await runScripted(dir, liveScript(emulator.url, { action: 'export', 'batch-dir': 'b2', window: '2026-11-28T01:00:00Z/PT2H', confirm: true }));

    expect((bad.error as Error).message).toContain('is not accepted: --window: "2026-11-28T01:00:00" is not an ISO 8601 date-time with a time zone');
    expect(good.error).toBeUndefined();
    expect(readFileSync(join(dir, 'b2', 'apply-command.sh'), 'utf8')).toContain('--window 2026-11-28T01:00:00Z/PT2H');
    expect(existsSync(join(dir, 'b1'))).toBe(false);
  });

  it('uses the cluster DCOS_URL names, offering it first', async () => {
    emulator = await startEmulator({ state: { id: '/', apps: bookstore() } });
    const dir = scratchBookstore();
    const script = liveScript('', { source: 'cluster', action: 'reports', 'report-dir': 'r', confirm: true });
    delete script['marathon-url'];

    const run = await runScripted(dir, script, { env: { DCOS_URL: emulator.url } });

    expect(run.error).toBeUndefined();
    expect(run.unused).toEqual([]);
    expect(run.output).toContain(`Reading ${emulator.url}/service/marathon/v2/groups`);
    expect(existsSync(join(dir, 'r', 'report.html'))).toBe(true);
  });

  it('runs the demo on the bundled emulator with the bookstore policy of the DC/OS docs, and applies to it', async () => {
    const dir = scratchBookstore();
    const script: Record<string, AnswerValue> = {
      source: 'demo',
      items: 'all',
      carry: 'default',
      'exclude-globs': '',
      'labels-ok': true,
      'diff-ok': true,
      simulate: true,
      policies: '',
      port: '',
      'lost-ok': true,
      expect: '',
      action: 'apply',
      journal: 'demo.jsonl',
      confirm: true,
    };

    const run = await runScripted(dir, script);

    expect(run.error).toBeUndefined();
    expect(run.unused).toEqual([]);
    expect(run.output).toContain('/payments/api');
    expect(run.output).toContain('/fruitstore-frontend → /bookstore-server: allowed on dcos, denied on Calico');
    expect(run.output).toMatch(/migrated\s+app\s+\/bookstore-server/);
  });
});
