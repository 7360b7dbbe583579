/**
 * The Marathon JSON path at scale: `diff --format json` of a generated 10,000-app `GET /v2/groups` tree (~14 MB,
 * compact as the API sends it) against jq doing only the rename and against bare JSON.parse + JSON.stringify, in one
 * run; plus the CLI's cold start (`--help`) against `node -e 0`.
 *
 * The diff runs in-process through `runDiff` (exactly what the `diff` command's handler calls: read the file, build
 * the plan, render the JSON report) with stdout discarded; the spawned CLI is timed too, for reference.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { runDiff } from '../../src/cli/file-commands.js';
import { migrateApp, migratePod, validateApp, validatePod } from '../../src/core/index.js';
import { locateItems } from '../../src/formats/marathon-json/locate.js';
import { marathonJsonHandler } from '../../src/formats/marathon-json/index.js';
import { packageRoot } from '../../src/paths.js';
import { buildPlan } from '../../src/plan/index.js';
import { renderJson } from '../../src/report/json.js';
import type { Bench } from './harness.js';
import { formatMs, median, medianMs, timeOnce } from './harness.js';
import { generateGroupsText } from './marathon-groups-data.js';

const RUNS = 5;
/** Interleaved samples of the diff, the bare baseline and jq. */
const INTERLEAVED_RUNS = 7;
/** Cold starts are short, so more of them. */
const COLD_START_RUNS = 25;
/** jq's share of the work: only rename the container networks named dcos (or unnamed) to calico. */
const JQ_RENAME = '(.. | objects | select(.mode? == "container" and (.name? == "dcos" or .name? == null)) | .name) = "calico"';

/** One spawn's wall time in ms; throws when the command fails. */
function spawnOnce(command: string, args: string[]): number {
  const start = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.toString()}`);
  return elapsed;
}

function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}x`;
}

export const marathonJsonBench: Bench = {
  name: 'marathon-json',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'dcm-bench-'));
    const file = join(dir, 'groups.json');
    const bin = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');
    const lines: string[] = [];
    try {
      const text = generateGroupsText(10_000);
      writeFileSync(file, text);
      const located = locateItems(JSON.parse(text));
      lines.push(
        `input: ${file}, ${(text.length / 1e6).toFixed(1)} MB, ${located?.items.length ?? 0} items (10,000 apps + pods), compact JSON`,
      );

      let reportBytes = 0;
      const context = {
        cwd: dir,
        stdout: (chunk: string) => {
          reportBytes = chunk.length;
        },
        stderr: () => undefined,
        color: false,
        version: 'bench',
      };
      // The three are interleaved, sample by sample, so a machine that slows down or speeds up during the run
      // weighs on all of them alike; each sample starts from a collected heap (see medianMs).
      const jqPresent = spawnSync('jq', ['--version'], { stdio: 'ignore' }).status === 0;
      const runDiffOnce = (): Promise<void> =>
        runDiff({ selection: { paths: [file], include: [], exclude: [] }, migration: {}, format: 'json' }, context);
      const bareOnce = (): string => JSON.stringify(JSON.parse(readFileSync(file, 'utf8')));
      const spawn = (command: string, args: string[]) => (): void => {
        const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
        if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr.toString()}`);
      };
      const jqOnce = spawn('jq', ['-c', JQ_RENAME, file]);
      // What a user runs, and what jq is: a fresh process each time (module loading, schema compilation and a cold
      // JIT included), against a fresh node process doing only the bare parse and stringify.
      const cliOnce = spawn(process.execPath, [bin, 'diff', '--format', 'json', file]);
      const bareScript = `const f=require('fs');process.stdout.write(JSON.stringify(JSON.parse(f.readFileSync(${JSON.stringify(file)},'utf8'))))`;
      const bareProcessOnce = spawn(process.execPath, ['-e', bareScript]);
      await runDiffOnce();
      bareOnce();
      const samples = { diff: [] as number[], bare: [] as number[], jq: [] as number[], cli: [] as number[], bareProcess: [] as number[] };
      for (let i = 0; i < INTERLEAVED_RUNS; i++) {
        samples.diff.push(await timeOnce(runDiffOnce));
        samples.bare.push(await timeOnce(bareOnce));
        samples.cli.push(await timeOnce(cliOnce));
        samples.bareProcess.push(await timeOnce(bareProcessOnce));
        if (jqPresent) samples.jq.push(await timeOnce(jqOnce));
      }
      const pairs = (a: number[], b: number[]): string => a.map((x, i) => (x / b[i]!).toFixed(2)).join(' ');
      const diff = median(samples.diff);
      const bare = median(samples.bare);
      const cli = median(samples.cli);
      const bareProcess = median(samples.bareProcess);
      lines.push(`diff --format json, in-process (runDiff): ${formatMs(diff)} (report ${(reportBytes / 1e6).toFixed(1)} MB; median of ${INTERLEAVED_RUNS})`);
      lines.push(`bare readFile + JSON.parse + JSON.stringify:  ${formatMs(bare)}`);
      lines.push(`  ratio diff / bare: ${ratio(diff, bare)} (target <= 1.5x)`);
      lines.push(`diff --format json, spawned CLI:             ${formatMs(cli)}`);
      lines.push(`bare parse + stringify, spawned node:        ${formatMs(bareProcess)}`);
      lines.push(`  ratio CLI / bare process: ${ratio(cli, bareProcess)} (per interleaved pair: ${pairs(samples.cli, samples.bareProcess)})`);
      if (jqPresent) {
        const jq = median(samples.jq);
        lines.push(`jq -c (rename only), spawned:                ${formatMs(jq)}`);
        lines.push(`  ratio jq / in-process diff: ${ratio(jq, diff)} (target >= 2x; per interleaved pair: ${pairs(samples.jq, samples.diff)})`);
        lines.push(`  ratio jq / spawned CLI: ${ratio(jq, cli)} (per interleaved pair: ${pairs(samples.jq, samples.cli)})`);
      } else {
        lines.push('jq: not installed, skipped (apt-get install -y jq)');
      }

      // Where the time goes (each phase measured on its own, same input).
      const parse = await medianMs(() => JSON.parse(text), RUNS);
      const items = located?.items ?? [];
      const rules = await medianMs(() => items.map((item) => (item.kind === 'app' ? migrateApp(item.value) : migratePod(item.value))), RUNS);
      const rewrite = await medianMs(() => marathonJsonHandler.rewrite({ path: file, text }), RUNS);
      const plan = buildPlan({ files: [{ path: file, text }] });
      const planMs = await medianMs(() => buildPlan({ files: [{ path: file, text }] }), RUNS);
      const render = await medianMs(() => renderJson(plan, { command: 'diff', version: 'bench' }), RUNS);
      const validation = await medianMs(() => items.map((item) => (item.kind === 'app' ? validateApp(item.value) : validatePod(item.value))), RUNS);
      lines.push(
        `phases: JSON.parse ${formatMs(parse)}; core migrateApp/migratePod of every item ${formatMs(rules)}; ` +
          `Marathon validation of every item ${formatMs(validation)}; ` +
          `handler.rewrite (parse + rules + validation + edits + proof) ${formatMs(rewrite)}; ` +
          `buildPlan (rewrite + defaults + deltas) ${formatMs(planMs)}; renderJson ${formatMs(render)}`,
      );
      // What the issue requires before any edit, delta or proof: parse, the rules, validation of every item, the report.
      const floor = parse + rules + validation + render;
      lines.push(`floor (parse + rules + validation + report, nothing else): ${formatMs(floor)} = ${ratio(floor, bare)} bare`);

      // Interleaved like the rest: a node start is ~130 ms and the machine's drift is of the same order.
      const starts = { node: [] as number[], help: [] as number[] };
      spawnOnce(process.execPath, [bin, '--help']);
      for (let i = 0; i < COLD_START_RUNS; i++) {
        starts.node.push(spawnOnce(process.execPath, ['-e', '0']));
        starts.help.push(spawnOnce(process.execPath, [bin, '--help']));
      }
      const node = median(starts.node);
      const help = median(starts.help);
      lines.push(`cold start: node -e 0 ${formatMs(node)}; dcos-calico-migrate --help ${formatMs(help)}; ratio ${ratio(help, node)} (target <= 1.5x)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return lines;
  },
};
