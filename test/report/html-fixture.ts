/** The bookstore example of the DC/OS docs as an HTML report input: the plan of the three apps and the policy's verdicts. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixturePath } from '../../src/paths.js';
import { buildPlan } from '../../src/plan/build.js';
import type { HtmlReportInput } from '../../src/report/html.js';
import { simulationSection, simulatorAfterMove } from '../../src/wizard/simulation.js';

/** The plan and simulation of `fixtures/bookstore`, with paths as a user in the package folder names them. */
export function bookstoreReportInput(): HtmlReportInput {
  const files = readdirSync(fixturePath('bookstore', 'apps'))
    .sort()
    .map((name) => ({ path: `fixtures/bookstore/apps/${name}`, text: readFileSync(fixturePath('bookstore', 'apps', name), 'utf8') }));
  const plan = buildPlan({ files });
  const policy = 'fixtures/bookstore/calico/policy.yaml';
  const { simulator } = simulatorAfterMove(plan, plan.items, { files: [policy], inputs: [{ file: policy, text: readFileSync(join(fixturePath('bookstore', 'calico'), 'policy.yaml'), 'utf8') }] }, {});
  const section = simulationSection(simulator, { protocol: 'TCP', port: 80 }, [policy]);
  // The documentation's two verdicts, explained: one allowed, one denied.
  for (const [from, to] of [
    ['bookstore-frontend#0', 'bookstore-server#0'],
    ['fruitstore-frontend#0', 'bookstore-server#0'],
  ] as const) {
    const query = { from, to, protocol: 'TCP' as const, port: 80 };
    section.checks.push({ query, result: simulator.check(query), expected: from.startsWith('bookstore') ? 'allow' : 'deny', reason: 'the DC/OS documentation example' });
  }
  return { title: 'Bookstore migration', generatedAt: '2026-11-28T01:00:00.000Z', command: 'dcos-calico-migrate diff fixtures/bookstore/apps', plan, simulations: [section] };
}
