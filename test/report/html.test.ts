import { describe, expect, it } from 'vitest';

import { buildPlan } from '../../src/plan/build.js';
import { packageVersion } from '../../src/paths.js';
import { DETAILED_ITEMS_LIMIT, renderHtmlReport, sideBySide } from '../../src/report/html.js';
import { bookstoreReportInput } from './html-fixture.js';

describe('report/html', () => {
  it('renders the bookstore example as the committed snapshot', async () => {
    const html = renderHtmlReport(bookstoreReportInput()).replaceAll(packageVersion(), '<version>');

    await expect(html).toMatchFileSnapshot('../../fixtures/wizard/bookstore-report.expected.html');
  });

  it('is self-contained: no scripts, no external resources, a CSP that forbids fetching anything', () => {
    const html = renderHtmlReport(bookstoreReportInput());

    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });

  it('shows the summary counts, the lost connection highlighted, and each verdict explained', () => {
    const html = renderHtmlReport(bookstoreReportInput());

    expect(html).toMatch(/data-count="changed"><span class="num">3</);
    expect(html).toMatch(/data-count="lost"><span class="num">1</);
    expect(html).toContain('<td class="cell deny lost" title="/fruitstore-frontend → /bookstore-server: 0 of 1 instance pairs allowed (lost by the migration)">✗</td>');
    expect(html).toContain('denied by ingress rule 1 (Deny) of NetworkPolicy default/allow-bookstore-cliient-to-server');
    expect(html).toContain('expected allow: as expected');
    expect(html).toContain('expected deny: as expected');
  });

  it('escapes hostile ids and values and redacts secret-like env values and URL credentials', () => {
    const app = {
      id: '/x<script>alert(1)</script>',
      container: { type: 'MESOS', docker: { image: 'a' } },
      networks: [{ mode: 'container', name: 'dcos' }],
      env: { DB_PASSWORD: 'hunter2-html-secret', PLAIN: 'visible-value' },
      fetch: [{ uri: 'https://user:pa55word-in-url@example.com/a.tgz' }],
      labels: { evil: '"><img src=x onerror=alert(1)>' },
    };
    const plan = buildPlan({ live: [{ origin: 'marathon', kind: 'app', definition: app }] });

    const html = renderHtmlReport({ plan, generatedAt: '2026-11-28T01:00:00.000Z' });

    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('hunter2-html-secret');
    expect(html).not.toContain('pa55word-in-url');
    expect(html).toContain('visible-value');
  });

  it('renders a report without a simulation (diff) and one without a plan (simulate)', () => {
    const input = bookstoreReportInput();

    const diffOnly = renderHtmlReport({ ...input, simulations: [] });
    const simulateOnly = renderHtmlReport({ generatedAt: input.generatedAt, simulations: input.simulations! });

    expect(diffOnly).not.toContain('id="connectivity"');
    expect(diffOnly).toContain('id="items"');
    expect(simulateOnly).toContain('id="connectivity"');
    expect(simulateOnly).not.toContain('id="items"');
  });
});

describe('report/html on a large plan', () => {
  it('lists only items that change or have findings, and shows definitions for the first changed ones only', () => {
    const app = (id: string, network: string): Record<string, unknown> => ({ id, container: { type: 'MESOS' }, networks: [{ mode: 'container', name: network }] });
    const definitions = [...Array.from({ length: DETAILED_ITEMS_LIMIT + 5 }, (_, i) => app(`/on-dcos-${i}`, 'dcos')), app('/already', 'calico')];
    const plan = buildPlan({ live: definitions.map((definition) => ({ origin: 'marathon' as const, kind: 'app' as const, definition })) });

    const html = renderHtmlReport({ plan, generatedAt: '2026-11-28T01:00:00.000Z' });

    expect(html.match(/<table class="sbs">/g)).toHaveLength(DETAILED_ITEMS_LIMIT);
    expect(html).toContain(`5 more show their changes only`);
    expect(html).toContain('1 item(s) neither change nor have findings');
    expect(html).not.toContain('<span class="item-id">/already</span>');
  });
});

describe('report/html sideBySide', () => {
  it('pairs changed lines row by row and keeps equal lines aligned', () => {
    const rows = sideBySide('a\nb\nc\nd', 'a\nB\nB2\nc\nd');

    expect(rows.map((row) => [row.left?.text ?? '', row.right?.text ?? '', row.left?.changed ?? null, row.right?.changed ?? null])).toEqual([
      ['a', 'a', false, false],
      ['b', 'B', true, true],
      ['', 'B2', null, true],
      ['c', 'c', false, false],
      ['d', 'd', false, false],
    ]);
  });

  it('numbers each side by its own lines', () => {
    const rows = sideBySide('x\ny', 'y');

    expect(rows).toEqual([{ left: { number: 1, text: 'x', changed: true } }, { left: { number: 2, text: 'y', changed: false }, right: { number: 1, text: 'y', changed: false } }]);
  });
});
