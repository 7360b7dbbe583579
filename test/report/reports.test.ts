import { readdirSync, readFileSync } from 'node:fs';

import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

import { fixturePath, templatePath } from '../../src/paths.js';
import { buildPlan } from '../../src/plan/index.js';
import type { MigrationPlan } from '../../src/plan/index.js';
import { csvCell, renderCsv } from '../../src/report/csv.js';
import { renderJson, toJsonReport } from '../../src/report/json.js';
import { markdownText, renderMarkdown } from '../../src/report/markdown.js';
import { summaryLine } from '../../src/report/summary.js';
import { renderTextDiff, renderTextScan } from '../../src/report/text.js';

const ESC = '\u001b[';

function bookstorePlan(): MigrationPlan {
  const dir = fixturePath('bookstore', 'apps');
  const files = readdirSync(dir)
    .sort()
    .map((name) => ({ path: `apps/${name}`, text: readFileSync(`${dir}/${name}`, 'utf8') }));
  return buildPlan({ files });
}

function mixedPlan(): MigrationPlan {
  const fixture = (name: string): string => readFileSync(fixturePath('formats', 'marathon-json', `${name}.input.json`), 'utf8');
  return buildPlan({
    files: [
      { path: 'groups.json', text: fixture('groups-tree') },
      { path: 'broken.json', text: '{"id": ' },
      { path: 'other.json', text: fixture('not-marathon') },
      { path: 'bridge.json', text: fixture('unchanged-bridge') },
    ],
    live: [{ origin: 'marathon', kind: 'app', definition: JSON.parse(fixture('single-app')) as unknown }],
  });
}

const schema = JSON.parse(readFileSync(templatePath('schemas', 'report-v1.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

describe('report/text', () => {
  it('renders the bookstore diff', () => {
    expect(renderTextDiff(bookstorePlan())).toMatchSnapshot();
  });

  it('colours only when asked', () => {
    const plan = bookstorePlan();

    expect(renderTextDiff(plan)).not.toContain(ESC);
    expect(renderTextDiff(plan, { color: true })).toContain(ESC);
    expect(renderTextScan(plan, { color: true })).toContain(ESC);
  });

  it('lists files that failed, skipped files with their reason, and live items', () => {
    const text = renderTextDiff(mixedPlan());

    expect(text).toMatch(/^broken\.json {2}error \(broken\.json:1:8: could not parse JSON/m);
    expect(text).toMatch(/^other\.json {2}skipped \(not a Marathon/m);
    expect(text).toMatch(/^marathon$/m);
    expect(text).toContain('! warning docker-engine-no-labels');
  });

  it('scan lists items on the old network (all with --all)', () => {
    const plan = mixedPlan();

    const scan = renderTextScan(plan);
    const all = renderTextScan(plan, { all: true });

    expect(scan).toContain('/bookstore/frontend');
    expect(scan).not.toContain('/bookstore/tools/metrics');
    expect(all).toContain('/bookstore/tools/metrics');
    expect(scan).toMatch(/errors:\n {2}broken\.json:1:8/);
  });
});

describe('report/summary', () => {
  it('counts files, items and warnings', () => {
    expect(summaryLine(mixedPlan())).toBe(
      '4 files: 1 changed, 1 unchanged, 1 skipped, 1 error; 6 items: 4 changed, 2 unchanged, 4 on the old network; 2 warnings',
    );
  });
});

describe('report/json', () => {
  it('validates against templates/schemas/report-v1.json for files, errors and live items', () => {
    const report = toJsonReport(mixedPlan(), { command: 'diff', version: '0.1.0' });

    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.items.some((item) => item.source.origin === 'marathon')).toBe(true);
    expect(report.files.map((file) => file.status)).toEqual(['changed', 'error', 'skipped', 'unchanged']);
  });

  it('leaves out rewritten file texts and item definitions', () => {
    const text = renderJson(bookstorePlan(), { command: 'diff', version: '0.1.0' });

    expect(text).not.toContain('"text"');
    expect(text).not.toContain('"before": {');
    expect(JSON.parse(text)).toMatchObject({ schemaVersion: 1, tool: { name: 'dcos-calico-migrate', version: '0.1.0' } });
  });

  it('scan keeps only items on the old network unless all', () => {
    const plan = mixedPlan();

    expect(toJsonReport(plan, { command: 'scan', version: '0' }).items).toHaveLength(4);
    expect(toJsonReport(plan, { command: 'scan', version: '0', all: true }).items).toHaveLength(6);
    expect(validate(toJsonReport(plan, { command: 'scan', version: '0' }))).toBe(true);
  });
});

describe('report/csv', () => {
  it('quotes cells and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
  });

  it('renders one row per item on the old network plus failed files', () => {
    const rows = renderCsv(mixedPlan()).trimEnd().split('\r\n');

    expect(rows[0]).toBe('source,pointer,id,kind,status,on_old_network,networks,risks,warnings,invalid');
    expect(rows).toContain('groups.json,/groups/0/pods/0/spec,/bookstore/cache,pod,changed,yes,container:(default),restart,,0');
    expect(rows.at(-1)).toMatch(/^broken\.json,,,file,error,/);
  });
});

describe('report/markdown', () => {
  it('renders tables with escaped cells', () => {
    const markdown = renderMarkdown(bookstorePlan());

    expect(markdown).toMatch(/^# Migration diff: `dcos` → `calico`\n/);
    expect(markdown).toContain('| 3 | 3 | 0 | 0 | 0 |');
    expect(markdown).toContain('### `/bookstore-server` (app)');
    expect(markdown).toContain('| + | `/networks/0/labels` |  | `{"biz_type":"bookstore","role":"server"}` |');
    expect(markdownText('a|b\nc')).toBe('a\\|b c');
  });
});
