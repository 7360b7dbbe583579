/**
 * `npm run soak`: the fault campaign. A 1,000-app cluster in the emulator answers with 10% 503s, 5% lock 409s, 2%
 * connection resets and slow deployments (some apps slower, some never healthy once changed); the CLI's `apply`
 * runs as a child process with a journal and is killed with SIGKILL at three random moments, each time followed by
 * `resume`, until a final `resume` finishes. Prints what became of the items, whether every changed item's original
 * is recoverable from the journal (must be 100%), the requests the emulator answered, and the wall time.
 * Exits 1 when an original is missing or an item is left in a state nobody can explain. Not part of `npm test`.
 *
 * Options (environment): SOAK_APPS (1000), SOAK_SEED (7), SOAK_CONCURRENCY (16).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { readJournal } from '../../src/apply/journal.js';
import { startEmulator } from '../../src/emulator/index.js';
import { packageRoot } from '../../src/paths.js';

const APPS = Number(process.env['SOAK_APPS'] ?? 1000);
const SEED = Number(process.env['SOAK_SEED'] ?? 7);
const CONCURRENCY = Number(process.env['SOAK_CONCURRENCY'] ?? 16);
const KILLS = 3;
const bin = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');

interface App {
  id: string;
  networks: Array<{ mode: string; name?: string }>;
  container: Record<string, unknown>;
  labels: Record<string, string>;
}

// mulberry32: the kill moments and the slow/broken apps repeat for a given seed.
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedApps(): App[] {
  return Array.from({ length: APPS }, (_, i) => ({
    id: `/team-${i % 25}/app-${i}`,
    cmd: 'sleep 1000',
    networks: [{ mode: 'container', name: 'dcos' }],
    container: { type: 'MESOS', docker: { image: 'nginx' }, portMappings: [{ containerPort: 80, name: 'http', networkNames: ['dcos'] }] },
    labels: { team: `team-${i % 25}`, tier: i % 2 ? 'web' : 'api' },
    env: { DB_PASSWORD: 'soak-secret-value' },
  }));
}

/** What the migration changes, in a canonical order: networks, port-mapping network names, labels. */
function essence(app: App): unknown {
  const mappings = (app.container['portMappings'] as Array<{ networkNames?: string[] }> | undefined) ?? [];
  return [app.networks.map((network) => `${network.mode}:${network.name ?? ''}`), mappings.map((mapping) => mapping.networkNames), Object.entries(app.labels).sort()];
}

function flatApps(tree: Record<string, unknown>): App[] {
  const groups = (tree['groups'] as Array<Record<string, unknown>> | undefined) ?? [];
  return [...((tree['apps'] as App[] | undefined) ?? []), ...groups.flatMap(flatApps)];
}

/** Runs the CLI; kills it with SIGKILL after `killAfterMs` when given. Resolves with how it ended. */
function runCli(args: string[], killAfterMs?: number): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (stderr.includes('internal error')) console.error(stderr);
      resolve(signal ?? `exit ${code}`);
    });
  });
}

const started = performance.now();
const rand = random(SEED);
const dir = mkdtempSync(join(tmpdir(), 'dcm-soak-'));
const journal = join(dir, 'soak.journal.jsonl');
const seed = seedApps();
const marathon = await startEmulator({
  state: { id: '/', apps: seed } as unknown as Record<string, unknown>,
  persist: false,
  deployMs: 150,
  faults: `5xx=0.1,409=0.05,reset=0.02,latency=2-20,seed=${SEED}`,
});
// Slow deployments for 5% of the apps; 1% break when changed (their deployment never becomes healthy: rolled back).
const broken = new Set<string>();
for (const app of seed) {
  const draw = rand();
  if (draw < 0.01) {
    broken.add(app.id);
    marathon.setHealth(app.id, false, 'changes');
  } else if (draw < 0.06) marathon.setDeployTime(1500, app.id);
}

const common = ['--marathon', marathon.url, '--journal', journal, '--concurrency', String(CONCURRENCY), '--max-failures', String(APPS), '--poll-interval', '0.1', '--item-timeout', '4', '--request-timeout', '10'];
const runs: string[] = [];
runs.push(`apply: ${await runCli(['apply', ...common], 1500 + rand() * 4000)}`);
for (let kill = 1; kill < KILLS; kill++) runs.push(`resume: ${await runCli(['resume', ...common], 1500 + rand() * 6000)}`);
runs.push(`resume: ${await runCli(['resume', ...common])}`);

const state = new Map(flatApps(marathon.snapshot()).map((app) => [app.id, app]));
const history = readJournal(journal);
let migrated = 0;
let untouched = 0;
let rolledBack = 0;
let other = 0;
let rollbackFailed = 0;
let changedItems = 0;
let recoverable = 0;
for (const app of seed) {
  const now = state.get(app.id);
  const entry = history.items.get(app.id);
  const onCalico = now?.networks.some((network) => network.name === 'calico') ?? false;
  const touched = entry?.original !== undefined || entry?.deployments.length;
  if (onCalico && entry?.outcome?.outcome === 'rollback-failed') {
    rollbackFailed++;
    console.error(`rollback failed: ${app.id}: ${entry.outcome.message ?? ''}`);
  } else if (onCalico) migrated++;
  else if (entry?.outcome?.outcome === 'rolled-back' || entry?.restoreOutcome?.outcome === 'restored') rolledBack++;
  else if (!touched) untouched++;
  else other++;
  if (onCalico || touched) {
    changedItems++;
    const original = entry?.original?.definition as App | undefined;
    // The journal holds the live definition Marathon answered (defaults filled in): compare what the migration changes.
    if (original && JSON.stringify(essence(original)) === JSON.stringify(essence(app))) recoverable++;
    else if (process.env['SOAK_DEBUG']) console.error(app.id, JSON.stringify(original?.networks), JSON.stringify(original?.labels));
  }
}
const stats = marathon.stats();
await marathon.close();
rmSync(dir, { recursive: true, force: true });
const wall = (performance.now() - started) / 1000;
const percent = changedItems === 0 ? 100 : (100 * recoverable) / changedItems;
console.log(`soak: ${APPS} apps, seed ${SEED}, concurrency ${CONCURRENCY}, faults 5xx=10% 409=5% reset=2%, 5% slow deployments, ${broken.size} apps broken by the change`);
console.log(`runs: ${runs.join(', ')}`);
console.log(`items migrated: ${migrated}`);
console.log(`items rolled back: ${rolledBack} (apps broken by the change: ${broken.size})`);
console.log(`items whose rollback failed (still on the new network, \`rollback --journal\` needed): ${rollbackFailed}`);
console.log(`items untouched: ${untouched}`);
console.log(`items in another state: ${other}`);
console.log(`originals recoverable from the journal: ${recoverable}/${changedItems} (${percent.toFixed(1)}%)`);
console.log(`requests made: ${stats.total} (${Object.entries(stats.byStatus).map(([status, n]) => `${status}: ${n}`).join(', ')})`);
console.log(`wall time: ${wall.toFixed(1)} s`);
if (percent < 100 || other > 0) process.exitCode = 1;
