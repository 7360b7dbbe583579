import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { getFormatHandler } from '../../src/formats/registry.js';
import type { FormatId, RewriteResult } from '../../src/formats/types.js';
import { renderMarathonTemplate, renderServiceSpec } from '../../src/formats/template-support/render.js';

/**
 * Mutation fuzzing of the template formats: random tags in random places, CRLF line ends, shifted indentation.
 * Whatever the mutation, the tool either proves its rewrite or refuses with a reason and leaves the text alone -
 * it never hands back a broken file.
 */

const SPEC = [
  'name: {{SERVICE_NAME}}',
  'scheduler:',
  '  principal: {{PRINCIPAL}}',
  'pods:',
  '  node:',
  '    count: {{NODES}}',
  "    placement: '{{{PLACEMENT}}}'",
  '    networks:',
  '      dcos:',
  '        labels: "app:demo,tier:db"',
  '    tasks:',
  '      server:',
  '        goal: RUNNING',
  '        cmd: "./run --dns node.autoip.dcos.thisdcos.directory"',
  '        cpus: 1',
  '        memory: 512',
  '  web:',
  '    count: 1',
  '    {{#ENABLE_VIRTUAL_NETWORK}}',
  '    networks:',
  '      {{VIRTUAL_NETWORK_NAME}}:',
  '        labels: {{VIRTUAL_NETWORK_PLUGIN_LABELS}}',
  '    {{/ENABLE_VIRTUAL_NETWORK}}',
  '    tasks:',
  '      server:',
  '        goal: RUNNING',
  '        cmd: "./web"',
  '        cpus: 1',
  '        memory: 256',
];

const TEMPLATE = [
  '{',
  '  "id": "{{service.name}}",',
  '  "cpus": {{service.cpus}},',
  '  "mem": 1024,',
  '  "cmd": "./run --cluster dcos",',
  '  {{#service.virtual_network_enabled}}',
  '  "networks": [',
  '    {',
  '      "name": "dcos",',
  '      "mode": "container"',
  '    }',
  '  ],',
  '  {{/service.virtual_network_enabled}}',
  '  "env": {',
  '    "VIRTUAL_NETWORK_NAME": "dcos",',
  '    "DCOS_SERVICE_NAME": "dcos",',
  '    "USER": "{{service.user}}"',
  '  }',
  '}',
];

type Mutation =
  | { kind: 'wrap'; from: number; length: number; name: string; inverted: boolean }
  | { kind: 'tag'; line: number; column: number; tag: string }
  | { kind: 'indent'; line: number; delta: number }
  | { kind: 'crlf' };

const NAMES = ['A', 'ENABLE_VIRTUAL_NETWORK', 'service.virtual_network_enabled', 'X_Y', 'service.name'];
const TAGS = ['{{A}}', '{{{B}}}', '{{& C}}', '{{! dcos comment }}', '{{> partial}}', '{{package-version}}', '{{#S}}{{/S}}', '{{^T}}x{{/T}}', '{{', '}}', '{{/A}}'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('wrap' as const), from: fc.nat(40), length: fc.integer({ min: 1, max: 8 }), name: fc.constantFrom(...NAMES), inverted: fc.boolean() }),
  fc.record({ kind: fc.constant('tag' as const), line: fc.nat(40), column: fc.nat(60), tag: fc.constantFrom(...TAGS) }),
  fc.record({ kind: fc.constant('indent' as const), line: fc.nat(40), delta: fc.integer({ min: -4, max: 4 }) }),
  fc.constant({ kind: 'crlf' as const }),
);

function mutate(base: readonly string[], mutations: readonly Mutation[]): string {
  const lines = [...base];
  let eol = '\n';
  for (const change of mutations) {
    if (change.kind === 'crlf') eol = '\r\n';
    if (change.kind === 'wrap') {
      const from = change.from % lines.length;
      const to = Math.min(lines.length, from + change.length);
      const indent = ' '.repeat((lines[from] ?? '').length - (lines[from] ?? '').trimStart().length);
      lines.splice(to, 0, `${indent}{{/${change.name}}}`);
      lines.splice(from, 0, `${indent}{{${change.inverted ? '^' : '#'}${change.name}}}`);
    }
    if (change.kind === 'tag') {
      const index = change.line % lines.length;
      const line = lines[index]!;
      const column = change.column % (line.length + 1);
      lines[index] = line.slice(0, column) + change.tag + line.slice(column);
    }
    if (change.kind === 'indent') {
      const index = change.line % lines.length;
      const line = lines[index]!;
      lines[index] = change.delta >= 0 ? ' '.repeat(change.delta) + line : line.replace(new RegExp(`^ {0,${-change.delta}}`), '');
    }
  }
  return lines.join(eol) + eol;
}

function rewrite(format: FormatId, path: string, text: string): RewriteResult {
  return getFormatHandler(format).rewrite({ path, text });
}

/** Lines that differ must differ only by the network name in a YAML key or a JSON string token. */
function onlyNetworkNamesChanged(before: string, after: string, kind: 'yaml' | 'json'): boolean {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length !== b.length) return false;
  const pattern = kind === 'yaml' ? /^(\s*["']?)dcos(["']?\s*:)/ : /"dcos"/;
  const replacement = kind === 'yaml' ? '$1calico$2' : '"calico"';
  return a.every((line, index) => line === b[index] || line.replace(pattern, replacement) === b[index]);
}

function checkOutcome(result: RewriteResult, input: string, kind: 'yaml' | 'json'): void {
  expect(['changed', 'unchanged', 'skipped', 'error']).toContain(result.status);
  if (result.status !== 'changed') {
    expect(result.text).toBe(input);
    if (result.status === 'error') expect(result.reason ?? '').not.toBe('');
    return;
  }
  expect(onlyNetworkNamesChanged(input, result.text, kind)).toBe(true);
  // An independent render: whenever the input renders and parses, the output must too.
  const view = { SERVICE_NAME: 'demo', NODES: '3', ENABLE_VIRTUAL_NETWORK: true, VIRTUAL_NETWORK_NAME: 'dcos', service: { name: 'demo', cpus: 1, virtual_network_enabled: true } };
  const render = kind === 'yaml' ? renderServiceSpec : renderMarathonTemplate;
  const before = render(input, view);
  const after = render(result.text, view);
  if (before.error === undefined) expect(after.error).toBeUndefined();
}

describe('formats/template fuzz', () => {
  it('service specs: verified rewrite or a clean refusal', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 6 }), (mutations) => {
        const input = mutate(SPEC, mutations);
        const result = rewrite('service-spec', 'svc.yml', input);
        checkOutcome(result, input, 'yaml');
        if (result.status === 'changed') expect(rewrite('service-spec', 'svc.yml', result.text).status).toBe('unchanged');
      }),
      { numRuns: 200 },
    );
  });

  it('marathon templates: verified rewrite or a clean refusal', () => {
    fc.assert(
      fc.property(fc.array(mutation, { maxLength: 6 }), (mutations) => {
        const input = mutate(TEMPLATE, mutations);
        const result = rewrite('marathon-template', 'marathon.json.mustache', input);
        checkOutcome(result, input, 'json');
        if (result.status === 'changed') expect(rewrite('marathon-template', 'marathon.json.mustache', result.text).status).toBe('unchanged');
      }),
      { numRuns: 200 },
    );
  });

  it('the unmutated bases are rewritten', () => {
    expect(rewrite('service-spec', 'svc.yml', mutate(SPEC, [])).status).toBe('changed');
    expect(rewrite('marathon-template', 'marathon.json.mustache', mutate(TEMPLATE, [])).status).toBe('changed');
  });
});
