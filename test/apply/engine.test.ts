import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { type BatchEvent, type BatchItem, type BatchOptions, runBatch } from '../../src/apply/engine.js';
import { batchRecord, openJournal, readJournal } from '../../src/apply/journal.js';
import { selectForResume, selectForRollback } from '../../src/apply/resume.js';
import { migrateApp } from '../../src/core/index.js';
import type { MarathonClient } from '../../src/marathon/client.js';
import { changeRequests, dcosApp, type Emulator, emulatorWith, fastClient, livePlan, networkNames, storedApp } from './support.js';

let dir: string;
let emulator: Emulator | undefined;
let client: MarathonClient | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'batch-'));
});
afterEach(async () => {
  client?.close();
  await emulator?.close();
  emulator = undefined;
  client = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function cluster(apps: Record<string, unknown>[], options: Parameters<typeof emulatorWith>[1] = {}): Promise<{ items: BatchItem[] }> {
  emulator = await emulatorWith(apps, options);
  client = fastClient(emulator, { retries: 8 });
  const items = await livePlan(client);
  emulator.resetStats();
  return { items };
}

function run(items: readonly BatchItem[], options: Partial<BatchOptions> & { journalPath?: string } = {}) {
  const { journalPath, ...rest } = options;
  const journal = rest.dryRun ? undefined : openJournal(journalPath ?? join(dir, 'journal.jsonl'), journalPath ? 'append' : 'create');
  if (journal && !journalPath) {
    journal.append(batchRecord(items, emulator!.url, {}));
  }
  return runBatch(items, { client: client!, ...(journal ? { journal } : {}), pollMs: 20, itemTimeoutMs: 5000, ...rest }).finally(() => journal?.close());
}

function journalLines(): Record<string, unknown>[] {
  return readFileSync(join(dir, 'journal.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('batch apply against the emulator', () => {
  it('migrates every app with at most 3 requests each besides polling, journaling the original before the change', async () => {
    const apps = Array.from({ length: 12 }, (_, i) => dcosApp(`/shop/app-${i}`));
    const { items } = await cluster(apps);
    expect(items).toHaveLength(12);
    const summary = await run(items, { concurrency: 4 });
    expect(summary.counts).toEqual({ migrated: 12 });
    expect(summary.failed).toBe(false);
    for (const app of apps) expect(networkNames(emulator!, app['id'] as string)).toEqual(['calico']);
    expect(storedApp(emulator!, '/shop/app-3')['container']).toMatchObject({ portMappings: [{ networkNames: ['calico'] }] });
    const requests = changeRequests(emulator!);
    expect(requests.byRoute['PUT /v2/apps/{id}']).toBe(12);
    expect(requests.total / 12).toBeLessThanOrEqual(3);
    expect(Object.keys(emulator!.stats().byPath).some((path) => path.includes('force'))).toBe(false);

    const lines = journalLines();
    for (const app of apps) {
      const id = app['id'];
      const original = lines.findIndex((line) => line['type'] === 'original' && line['id'] === id);
      const deployment = lines.findIndex((line) => line['type'] === 'deployment' && line['id'] === id);
      const outcome = lines.findIndex((line) => line['type'] === 'outcome' && line['id'] === id);
      expect(original).toBeGreaterThan(0);
      expect(deployment).toBeGreaterThan(original);
      expect(outcome).toBeGreaterThan(deployment);
      expect((lines[original]!['definition'] as { networks: unknown }).networks).toEqual([{ name: 'dcos', mode: 'container' }]);
    }
  });

  it('migrates dependencies first and holds back dependants of a failed item', async () => {
    const { items } = await cluster([
      dcosApp('/db'),
      dcosApp('/api', { dependencies: ['/db'] }),
      dcosApp('/web', { dependencies: ['/api'] }),
    ]);
    const order: string[] = [];
    const summary = await run(items, {
      concurrency: 3,
      onEvent: (event: BatchEvent) => {
        if (event.type === 'item-start') order.push(event.id);
      },
    });
    expect(order).toEqual(['/db', '/api', '/web']);
    expect(summary.counts).toEqual({ migrated: 3 });
  });

  it('rolls back a deployment that never becomes healthy, with DELETE /v2/deployments/{id} and no force', async () => {
    const { items } = await cluster([dcosApp('/good'), dcosApp('/sick')]);
    emulator!.setHealth('/sick', false, 'changes');
    const summary = await run(items, { itemTimeoutMs: 1500, maxFailures: 5 });
    const sick = summary.results.find((result) => result.id === '/sick')!;
    expect(sick.outcome).toBe('rolled-back');
    expect(sick.message).toMatch(/did not finish within 0 s|did not finish/);
    expect(summary.results.find((result) => result.id === '/good')!.outcome).toBe('migrated');
    expect(networkNames(emulator!, '/sick')).toEqual(['dcos']);
    expect(emulator!.stats().byRoute['DELETE /v2/deployments/{id}']).toBe(1);
    expect(emulator!.stats().byStatus['202']).toBeUndefined(); // a forced cancel answers 202
    const lines = journalLines();
    expect(lines.some((line) => line['type'] === 'timeout' && line['id'] === '/sick')).toBe(true);
    expect(lines.some((line) => line['type'] === 'deployment' && line['id'] === '/sick' && line['phase'] === 'rollback')).toBe(true);
    expect(summary.failed).toBe(true);
  });

  it('settles a cancel whose answer was lost from the deployment list instead of cancelling twice', async () => {
    const { items } = await cluster([dcosApp('/sick')]);
    emulator!.setHealth('/sick', false, 'changes');
    // The DELETE is carried out, then the connection drops: the client never hears that the rollback started.
    emulator!.setFaults('reset-after=1,methods=DELETE');

    const summary = await run(items, { itemTimeoutMs: 1000 });

    expect(summary.results[0]!.outcome).toBe('rolled-back');
    expect(networkNames(emulator!, '/sick')).toEqual(['dcos']);
    expect(emulator!.stats().byRoute['DELETE /v2/deployments/{id}']).toBe(1);
  });

  it('repeats a cancel that failed with 503, never forcing, and reports rollback-failed when it keeps failing', async () => {
    const { items } = await cluster([dcosApp('/sick')]);
    emulator!.setHealth('/sick', false, 'changes');
    emulator!.setFaults('5xx=1,methods=DELETE');

    const summary = await run(items, { itemTimeoutMs: 1000 });

    expect(summary.results[0]!.outcome).toBe('rollback-failed');
    expect(summary.results[0]!.message).toMatch(/could not be cancelled .*503.*nothing was forced/);
    expect(emulator!.stats().byRoute['DELETE /v2/deployments/{id}']).toBe(4);
    expect(Object.keys(emulator!.stats().byPath).some((path) => path.includes('force'))).toBe(false);
  });

  it('stops starting items after --max-failures', async () => {
    const { items } = await cluster([dcosApp('/a'), dcosApp('/b'), dcosApp('/c')]);
    emulator!.setHealth('/a', false, 'changes');
    const summary = await run(items, { concurrency: 1, itemTimeoutMs: 300, maxFailures: 1 });
    expect(summary.results.map((result) => result.outcome)).toEqual(['rolled-back', 'not-started', 'not-started']);
    expect(summary.results[1]!.message).toMatch(/--max-failures 1/);
  });

  it('waits out a foreign deployment lock (409) instead of forcing', async () => {
    const { items } = await cluster([dcosApp('/web')], { deployMs: 250 });
    await client!.putApp('/web', { cpus: 0.2 }); // someone else's change, still deploying
    const summary = await run(items, { allowDrift: true, migrate: (_kind, definition) => migrateApp(definition).app });
    expect(summary.results[0]).toMatchObject({ outcome: 'migrated' });
    expect(storedApp(emulator!, '/web')).toMatchObject({ cpus: 0.2, networks: [{ name: 'calico', mode: 'container' }] });
    expect(emulator!.stats().byStatus['409']).toBeGreaterThanOrEqual(1);
    expect(Object.keys(emulator!.stats().byPath).some((path) => path.includes('force'))).toBe(false);
  });

  it('skips an item that drifted since the plan, and re-migrates it with allowDrift', async () => {
    const { items } = await cluster([dcosApp('/web'), dcosApp('/api')]);
    await client!.putApp('/web', { labels: { tier: 'changed' } });
    const skipped = await run(items);
    const web = skipped.results.find((result) => result.id === '/web')!;
    expect(web.outcome).toBe('drifted');
    expect(web.message).toContain('changed since the plan (labels)');
    expect(skipped.results.find((result) => result.id === '/api')!.outcome).toBe('migrated');
    expect(networkNames(emulator!, '/web')).toEqual(['dcos']);

    rmSync(join(dir, 'journal.jsonl'));
    const allowed = await run(items.filter((item) => item.id === '/web'), { allowDrift: true, migrate: (_kind, definition) => migrateApp(definition).app });
    expect(allowed.results[0]).toMatchObject({ outcome: 'migrated' });
    expect(storedApp(emulator!, '/web')['labels']).toEqual({ tier: 'changed' });
    expect(networkNames(emulator!, '/web')).toEqual(['calico']);
  });

  it('reports a 422 with Marathon\'s details and changes nothing', async () => {
    const { items } = await cluster([dcosApp('/web')]);
    const broken = [{ ...items[0]!, after: { ...items[0]!.after, networks: [{ mode: 'host', name: 'calico' }] } }];
    const summary = await run(broken);
    expect(summary.results[0]!.outcome).toBe('failed');
    expect(summary.results[0]!.message).toMatch(/HTTP 422: Object is not valid \[\/networks: .*\]; nothing was changed/);
    expect(networkNames(emulator!, '/web')).toEqual(['dcos']);
  });

  it('finishes under 5xx answers, connection resets and lost answers', async () => {
    const apps = Array.from({ length: 10 }, (_, i) => dcosApp(`/flaky-${i}`));
    const { items } = await cluster(apps);
    emulator!.setFaults('5xx=0.15,reset=0.1,reset-after=0.1,seed=11');
    const summary = await run(items, { concurrency: 3 });
    emulator!.setFaults('');
    expect(summary.counts).toEqual({ migrated: 10 });
    for (const app of apps) expect(networkNames(emulator!, app['id'] as string)).toEqual(['calico']);
    expect(emulator!.stats().byStatus['503']).toBeGreaterThan(0);
    expect(emulator!.stats().byStatus['reset']).toBeGreaterThan(0);
  });

  it('changes nothing on a dry run', async () => {
    const { items } = await cluster([dcosApp('/web')]);
    const summary = await run(items, { dryRun: true });
    expect(summary.results[0]).toMatchObject({ outcome: 'would-migrate', fields: ['container', 'networks'] });
    expect(changeRequests(emulator!).byRoute['PUT /v2/apps/{id}']).toBeUndefined();
  });

  it('never starts an item that cannot finish before the window closes, and resume finishes the rest without repeats', async () => {
    const apps = Array.from({ length: 6 }, (_, i) => dcosApp(`/w-${i}`));
    const { items } = await cluster(apps, { deployMs: 150 });
    const now = Date.now();
    const window = { start: new Date(now - 1000), end: new Date(now + 900) };
    const first = await run(items, { concurrency: 1, itemTimeoutMs: 500, window });
    const migrated = first.results.filter((result) => result.outcome === 'migrated').length;
    expect(migrated).toBeGreaterThan(0);
    expect(migrated).toBeLessThan(6);
    expect(first.results.filter((result) => result.outcome === 'not-started')[0]!.message).toMatch(/window closes/);
    expect(first.wallMs).toBeLessThan(900 + 500);

    const state = readJournal(join(dir, 'journal.jsonl'));
    const selection = selectForResume(state);
    expect(selection.items).toHaveLength(6 - migrated);
    const second = await run(selection.items, { journalPath: state.path, history: state.items, finishedBefore: selection.finishedBefore });
    expect(second.counts).toEqual({ migrated: 6 - migrated });
    for (const app of apps) {
      expect(networkNames(emulator!, app['id'] as string)).toEqual(['calico']);
      expect(emulator!.stats().byPath[`PUT /v2/apps${app['id'] as string}`]).toBe(1);
    }
  });

  it('waits for the window to open before the first change', async () => {
    const { items } = await cluster([dcosApp('/later')]);
    const opens = Date.now() + 400;
    const events: BatchEvent[] = [];
    let firstStart = 0;
    const summary = await run(items, {
      window: { start: new Date(opens), end: new Date(opens + 60_000) },
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'item-start') firstStart ||= Date.now();
      },
    });
    expect(summary.counts).toEqual({ migrated: 1 });
    expect(events[0]).toMatchObject({ type: 'window-wait' });
    expect(firstStart).toBeGreaterThanOrEqual(opens);
  });

  it('restores every changed item from the journal', async () => {
    const apps = [
      dcosApp('/a', { fetch: [{ uri: 'https://deploy:fetch-pw@artifacts.example.com/a.tgz' }] }),
      dcosApp('/b', { env: { DB_PASSWORD: 'hunter2', MODE: 'x', DATABASE_URL: 'postgres://app:url-pw@db.example.com/b' } }),
    ];
    const { items } = await cluster(apps);
    const before = apps.map((app) => structuredClone(storedApp(emulator!, app['id'] as string)));
    await run(items);
    const journalText = readFileSync(join(dir, 'journal.jsonl'), 'utf8');
    for (const secret of ['hunter2', 'fetch-pw', 'url-pw']) expect(journalText).not.toContain(secret);

    const state = readJournal(join(dir, 'journal.jsonl'));
    const restore = await run(selectForRollback(state), { journalPath: state.path, phase: 'restore', history: state.items });
    expect(restore.counts).toEqual({ restored: 2 });
    for (const original of before) {
      const now = storedApp(emulator!, original['id'] as string);
      // Marathon assigns a service port for 0 whenever it stores an app; the restored app gets a fresh one.
      const strip = ({ version: _v, versionInfo: _vi, container, ...rest }: Record<string, unknown>) => ({
        ...rest,
        portMappings: ((container as { portMappings: Record<string, unknown>[] }).portMappings ?? []).map((mapping) => ({ ...mapping, servicePort: 'assigned' })),
      });
      expect(strip(now)).toEqual(strip(original));
    }
    expect(storedApp(emulator!, '/b')['env']).toEqual({ DB_PASSWORD: 'hunter2', MODE: 'x', DATABASE_URL: 'postgres://app:url-pw@db.example.com/b' });
    expect(storedApp(emulator!, '/a')['fetch']).toEqual([expect.objectContaining({ uri: 'https://deploy:fetch-pw@artifacts.example.com/a.tgz' })]);
  });

  it('migrates pods with one PUT of the whole pod', async () => {
    const pod = {
      id: '/pod-a',
      networks: [{ mode: 'container', name: 'dcos' }],
      containers: [{ name: 'c', resources: { cpus: 0.1, mem: 32 }, image: { kind: 'DOCKER', id: 'nginx' }, endpoints: [{ name: 'http', containerPort: 80, networkNames: ['dcos'] }] }],
    };
    const { items } = await cluster([], { pods: [pod] });
    expect(items.map((item) => `${item.kind}:${item.id}`)).toEqual(['pod:/pod-a']);
    const summary = await run(items);
    expect(summary.counts).toEqual({ migrated: 1 });
    const stored = (await client!.getPod('/pod-a')) as unknown as { networks: unknown; containers: { endpoints: unknown[] }[] };
    expect(stored.networks).toEqual([expect.objectContaining({ name: 'calico' })]);
    expect(stored.containers[0]!.endpoints[0]).toMatchObject({ networkNames: ['calico'] });
    expect(emulator!.stats().byRoute['PUT /v2/pods/{id}']).toBe(1);
  });
});
