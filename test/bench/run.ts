/**
 * `npm run bench`: runs every benchmark listed here (or those named on the command line) and prints their figures.
 * Never part of `npm test`.
 */
import { applyBench } from './apply.js';
import { coreBench } from './core.js';
import { corpusBench } from './corpus.js';
import { emulatorBench } from './emulator.js';
import { endpointsBench } from './endpoints.js';
import type { Bench } from './harness.js';
import { marathonJsonBench } from './marathon-json.js';
import { reportsBench } from './reports.js';
import { simulatorBench } from './simulator.js';

const benches: Bench[] = [simulatorBench, coreBench, endpointsBench, emulatorBench, corpusBench, applyBench, marathonJsonBench, reportsBench];

const wanted = process.argv.slice(2);
for (const bench of benches) {
  if (wanted.length > 0 && !wanted.includes(bench.name)) continue;
  console.log(`\n## ${bench.name}`);
  for (const line of await bench.run()) console.log(line);
}
