/**
 * Report rendering over a 2,000-app plan (all on dcos, 40 groups): the HTML report (first 300 items with full
 * side-by-side and structural diffs) against the Markdown and JSON reports of the same plan, in one run. The
 * plan is built once; only rendering is timed.
 */
import { buildPlan } from '../../src/plan/build.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { type Bench, formatMs, medianMs } from './harness.js';

const APPS = 2000;

function apps(): Record<string, unknown>[] {
  return Array.from({ length: APPS }, (_, i) => ({
    id: `/g${i % 40}/app-${i}`,
    instances: 1,
    cpus: 0.1,
    mem: 32,
    cmd: 'sleep 1000',
    container: { type: 'MESOS', portMappings: [{ containerPort: 80, name: 'http', networkNames: ['dcos'] }] },
    networks: [{ mode: 'container', name: 'dcos' }],
    labels: { app: `app-${i}`, tier: i % 2 ? 'web' : 'db' },
  }));
}

export const reportsBench: Bench = {
  name: 'reports',
  async run() {
    const plan = buildPlan({ live: [{ origin: 'marathon', kind: 'group', definition: { id: '/', apps: apps() } }] });
    let htmlBytes = 0;
    const html = await medianMs(() => (htmlBytes = renderHtmlReport({ plan, generatedAt: '2026-11-28T01:00:00.000Z' }).length), 5, 1);
    const markdown = await medianMs(() => renderMarkdown(plan), 5, 1);
    const json = await medianMs(() => renderJson(plan, { command: 'diff', version: 'bench' }), 5, 1);
    return [
      `plan of ${plan.items.length} apps`,
      `html report:     ${formatMs(html)} median (${(htmlBytes / 1e6).toFixed(1)} MB)`,
      `markdown report: ${formatMs(markdown)} median (html/markdown ${(html / markdown).toFixed(2)}x)`,
      `json report:     ${formatMs(json)} median (html/json ${(html / json).toFixed(2)}x)`,
    ];
  },
};
