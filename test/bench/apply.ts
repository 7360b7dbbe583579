/**
 * Batch apply of 1,000 apps against the emulator with instant deployments. The emulator runs in a child process so
 * that this process's CPU time is the client's alone. Figures (medians of 3 runs, each on a fresh cluster):
 * wall time, HTTP requests per item besides deployment polling (from the emulator's request counters; target <= 3),
 * and client CPU per item (target <= 5 ms) — the engine, the client, the schema checks and the fsynced journal
 * (the planning read is reported apart) — against a baseline measured in the same run: the same three requests per item sent with bare
 * `fetch` (no engine, no checks, no journal) at the same concurrency.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { type BatchItem, runBatch } from '../../src/apply/engine.js';
import { batchRecord, openJournal } from '../../src/apply/journal.js';
import { createMarathonClient } from '../../src/marathon/client.js';
import { readLiveCluster } from '../../src/marathon/live.js';
import { packageRoot } from '../../src/paths.js';
import { buildPlan } from '../../src/plan/index.js';
import { formatMs, median, type Bench } from './harness.js';

const APPS = 1000;
const RUNS = 3;
const CONCURRENCY = 16;

function cluster(): Record<string, unknown> {
  const apps = Array.from({ length: APPS }, (_, i) => ({
    id: `/team-${i % 20}/app-${i}`,
    cmd: 'sleep 1000',
    networks: [{ mode: 'container', name: 'dcos' }],
    container: { type: 'MESOS', docker: { image: 'nginx' }, portMappings: [{ containerPort: 80, name: 'http', networkNames: ['dcos'] }] },
    labels: { team: `team-${i % 20}`, tier: i % 2 ? 'web' : 'api' },
    env: { DB_PASSWORD: 'not-in-the-journal' },
  }));
  return { id: '/', apps };
}

interface ChildEmulator {
  url: string;
  stop(): Promise<void>;
}

/** Starts `dcos-calico-migrate emulator` on a free port with a fresh copy of the cluster. */
async function startChild(dir: string): Promise<ChildEmulator> {
  const state = join(dir, `state-${Date.now()}.json`);
  writeFileSync(state, JSON.stringify(cluster()));
  const child: ChildProcess = spawn(process.execPath, [join(packageRoot(), 'dist', 'src', 'cli', 'main.js'), 'emulator', '--port', '0', '--state', state], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n')[0];
      if (text.includes('\n') && line) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited with ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function emulatorStats(url: string, method: 'GET' | 'DELETE' = 'GET'): Promise<{ total: number; byRoute: Record<string, number> }> {
  const response = await fetch(`${url}/_emulator/stats`, { method });
  return (await response.json()) as { total: number; byRoute: Record<string, number> };
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

interface EngineRun {
  wallMs: number;
  planMs: number;
  /** CPU of reading the cluster and building the plan, per item. */
  planCpuPerItemMs: number;
  /** CPU of the batch (engine, client, schema checks, journal), per item. */
  cpuPerItemMs: number;
  requestsPerItem: number;
  polls: number;
  journalBytesPerItem: number;
}

async function engineRun(dir: string): Promise<EngineRun> {
  const emulator = await startChild(dir);
  const journalPath = join(dir, `journal-${Date.now()}.jsonl`);
  try {
    await emulatorStats(emulator.url, 'DELETE');
    const client = createMarathonClient({ baseUrl: emulator.url });
    const planCpu = process.cpuUsage();
    const started = performance.now();
    const live = await readLiveCluster(client);
    const plan = buildPlan({ live: [live.source], options: {} });
    const items: BatchItem[] = plan.items
      .filter((item) => item.status === 'changed' && item.kind === 'app')
      .map((item) => ({ id: item.id, kind: 'app', before: item.before as Record<string, unknown>, after: item.after as Record<string, unknown>, dependencies: [] }));
    const planMs = performance.now() - started;
    const planCpuPerItemMs = cpuMs(process.cpuUsage(planCpu)) / APPS;
    const cpu = process.cpuUsage();
    const journal = openJournal(journalPath, 'create');
    journal.append(batchRecord(items, emulator.url, {}));
    const summary = await runBatch(items, { client, journal, concurrency: CONCURRENCY, pollMs: 50, itemTimeoutMs: 120_000 });
    journal.close();
    const wallMs = performance.now() - started;
    const cpuPerItemMs = cpuMs(process.cpuUsage(cpu)) / APPS;
    client.close();
    if (summary.counts.migrated !== APPS) throw new Error(`expected ${APPS} migrated, got ${JSON.stringify(summary.counts)}`);
    const stats = await emulatorStats(emulator.url);
    const polling = stats.byRoute['GET /v2/deployments'] ?? 0;
    return {
      wallMs,
      planMs,
      planCpuPerItemMs,
      cpuPerItemMs,
      requestsPerItem: (stats.total - polling) / APPS,
      polls: polling,
      journalBytesPerItem: statSync(journalPath).size / APPS,
    };
  } finally {
    await emulator.stop();
  }
}

/** The same requests per item (GET, PUT of networks + container, GET) with bare fetch at the same concurrency. */
async function baselineRun(dir: string): Promise<{ wallMs: number; cpuPerItemMs: number }> {
  const emulator = await startChild(dir);
  try {
    const ids = Array.from({ length: APPS }, (_, i) => `/team-${i % 20}/app-${i}`);
    const cpu = process.cpuUsage();
    const started = performance.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++]!;
        const url = `${emulator.url}/v2/apps${id}`;
        const { app } = (await (await fetch(url)).json()) as { app: { container: Record<string, unknown> } };
        const body = {
          networks: [{ mode: 'container', name: 'calico' }],
          container: { ...app.container, portMappings: [{ containerPort: 80, name: 'http', networkNames: ['calico'] }] },
        };
        const put = await fetch(url, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        await put.arrayBuffer();
        if (put.status !== 200) throw new Error(`PUT ${id}: ${put.status}`);
        await (await fetch(url)).arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return { wallMs: performance.now() - started, cpuPerItemMs: cpuMs(process.cpuUsage(cpu)) / APPS };
  } finally {
    await emulator.stop();
  }
}

/** `npm run bench apply`. */
export const applyBench: Bench = {
  name: 'apply',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'bench-apply-'));
    try {
      await engineRun(dir); // warm-up: JIT, module loading
      const engine: EngineRun[] = [];
      const baseline: { wallMs: number; cpuPerItemMs: number }[] = [];
      for (let i = 0; i < RUNS; i++) {
        engine.push(await engineRun(dir));
        baseline.push(await baselineRun(dir));
      }
      const m = (values: number[]): number => median(values);
      const engineCpu = m(engine.map((run) => run.cpuPerItemMs));
      const baselineCpu = m(baseline.map((run) => run.cpuPerItemMs));
      const requests = m(engine.map((run) => run.requestsPerItem));
      return [
        `${APPS} apps, instant deployments, concurrency ${CONCURRENCY}, emulator in a child process; medians of ${RUNS} runs`,
        `wall time (read + plan + apply + journal): ${formatMs(m(engine.map((run) => run.wallMs)))} (of which read + plan ${formatMs(m(engine.map((run) => run.planMs)))}); baseline bare fetch: ${formatMs(m(baseline.map((run) => run.wallMs)))}`,
        `HTTP requests per item, polling excluded: ${requests.toFixed(3)} (target <= 3); deployment polls per batch: ${m(engine.map((run) => run.polls))}`,
        `client CPU per item (batch: engine, client, schema checks, journal): ${engineCpu.toFixed(2)} ms (target <= 5 ms); baseline bare fetch: ${baselineCpu.toFixed(2)} ms; ratio ${(engineCpu / baselineCpu).toFixed(2)}x`,
        `read + plan CPU per item: ${m(engine.map((run) => run.planCpuPerItemMs)).toFixed(2)} ms`,
        `journal: ${Math.round(m(engine.map((run) => run.journalBytesPerItem)))} bytes per item; each original fsynced before its PUT (group commit)`,
        `verdict: requests ${requests <= 3 ? 'within' : 'OVER'} target; overhead ${engineCpu <= 5 ? 'within' : 'OVER'} target`,
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
