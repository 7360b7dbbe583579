import mustache from 'mustache';
import { describe, expect, it } from 'vitest';

import { renderScenarios } from '../../src/formats/template-support/config-schema.js';
import { maskMustache, scanMustache } from '../../src/formats/template-support/mustache-tags.js';
import { cosmosView, renderMarathonTemplate, renderServiceSpec, sdkView } from '../../src/formats/template-support/render.js';
import { parseSdkLabels } from '../../src/formats/template-support/sdk-labels.js';
import { classifyDiff, semanticDiff } from '../../src/formats/template-support/semantic-diff.js';

describe('formats/template-support/sdk-labels', () => {
  it.each([
    ['', []],
    ['a:b', [['a', 'b']]],
    ['key1:val1,key2:val2a:val2b', [['key1', 'val1'], ['key2', 'val2a:val2b']]],
    ['a:b,', [['a', 'b']]],
    [':v', [['', 'v']]],
    ['a: b', [['a', ' b']]],
  ])('accepts %j as the SDK does', (source, expected) => {
    const parsed = parseSdkLabels(source);

    expect(parsed.error).toBeUndefined();
    expect(parsed.labels.map((label) => [label.key, label.value])).toEqual(expected);
  });

  it.each([',a:b', 'a:b,,c:d', '   ', 'key1,val1', 'a:1,a:2'])('rejects %j as the SDK does', (source) => {
    expect(parseSdkLabels(source).error).toBeDefined();
  });
});

describe('formats/template-support/mustache-tags', () => {
  it('finds every tag kind with offsets, lines and enclosing sections', () => {
    const text = '{{! c }}\n{{#a}}{{b}}{{{c}}}{{& d}}{{> p}}{{^e}}{{/e}}{{/a}}{{package-version}}';

    const { tags, problem } = scanMustache(text);

    expect(problem).toBeUndefined();
    expect(tags.map((tag) => [tag.kind, tag.name, tag.line])).toEqual([
      ['comment', 'c', 1],
      ['section', 'a', 2],
      ['variable', 'b', 2],
      ['triple', 'c', 2],
      ['ampersand', 'd', 2],
      ['partial', 'p', 2],
      ['inverted', 'e', 2],
      ['close', 'e', 2],
      ['close', 'a', 2],
      ['variable', 'package-version', 2],
    ]);
    expect(tags[6]?.enclosing).toEqual(['a']);
    expect(text.slice(tags[3]!.start, tags[3]!.end)).toBe('{{{c}}}');
  });

  it.each([
    ['{{#a}}x', 'section {{#a}} is never closed'],
    ['{{#a}}{{/b}}', 'section end {{/b}} does not match {{#a}} opened on line 1'],
    ['x{{/a}}', 'section end {{/a}} without an opening tag'],
    ['{{a', 'unclosed Mustache tag'],
    ['{{=<% %>=}}', 'set-delimiter tags ({{= =}}) are not supported'],
  ])('reports %j as a problem', (text, message) => {
    expect(scanMustache(text).problem?.message).toBe(message);
  });

  it('masks tags with same-length stand-ins', () => {
    const text = '{"a": {{x}}, {{#s}}"b": "{{y}}"{{/s}}}\n';

    const masked = maskMustache(text, scanMustache(text).tags);

    expect(masked).toHaveLength(text.length);
    expect(JSON.parse(masked)).toEqual({ a: 0, b: '0    ' });
  });
});

describe('formats/template-support/render', () => {
  it('renders like Cosmos: no HTML escaping, JSON-escaped strings, lists as JSON and with isEmpty', () => {
    const view = cosmosView({ s: 'a"<b>', list: [['hostname', 'UNIQUE']], empty: [] });

    const out = renderMarathonTemplate('{"s": "{{s}}", "t": "{{{s}}}", "c": {{list}}, "e": {{#empty.isEmpty}}true{{/empty.isEmpty}}}', view);

    expect(out.value).toEqual({ s: 'a"<b>', t: 'a"<b>', c: [['hostname', 'UNIQUE']], e: true });
  });

  it('renders like the SDK: true/false strings are booleans, other strings (even "no") are truthy, HTML escaping on', () => {
    const view = sdkView({ ON: 'yes', OFF: 'FALSE', NO: 'no', V: 'a=b&c' });

    const out = renderServiceSpec('a: {{#ON}}1{{/ON}}\nb: {{#OFF}}1{{/OFF}}x\nc: {{#NO}}1{{/NO}}\nd: "{{V}}"\ne: "{{{V}}}"\n', view);

    expect(out.value).toEqual({ a: 1, b: 'x', c: 1, d: 'a&#61;b&amp;c', e: 'a=b&c' });
  });

  it('keeps no template after rendering (Mustache\'s shared writer would cache every distinct text forever)', () => {
    const shared = mustache.templateCache as unknown as { _cache: Record<string, unknown> };
    mustache.clearCache();

    for (let i = 0; i < 50; i++) {
      renderMarathonTemplate(`{"n": ${i}, "s": "{{s}}"}`, cosmosView({ s: 'x' }));
      renderServiceSpec(`n: ${i}\ns: "{{S}}"\n`, sdkView({ S: 'x' }));
    }

    expect(Object.keys(shared._cache)).toEqual([]);
  });

  it('makes one scenario per boolean the template reads, plus the defaults', () => {
    const schema = { properties: { s: { properties: { on: { type: 'boolean', default: false }, unused: { type: 'boolean' }, name: { type: 'string', default: 'dcos' } } } } };

    const scenarios = renderScenarios(schema, new Set(['s.on', 's.name']));

    expect(scenarios.map((scenario) => scenario.name)).toEqual(['defaults', 's.on=true']);
    expect(scenarios[1]?.options).toEqual({ s: { on: true, name: 'dcos' } });
  });
});

describe('formats/template-support/semantic-diff', () => {
  it('allows a pod network renamed with an equal body, and nothing else', () => {
    const before = { pods: { a: { networks: { dcos: { labels: 'x:y' } }, cmd: 'run' } } };
    const after = { pods: { a: { networks: { calico: { labels: 'x:y' } }, cmd: 'run dcos' } } };

    const diff = classifyDiff('service-spec', semanticDiff(before, after), 'dcos', 'calico');

    expect(diff.allowed).toHaveLength(2);
    expect(diff.unexpected.map((entry) => entry.path)).toEqual([['pods', 'a', 'cmd']]);
  });

  it('refuses a rename whose body changed', () => {
    const diff = classifyDiff('service-spec', semanticDiff({ pods: { a: { networks: { dcos: { labels: 'x:y' } } } } }, { pods: { a: { networks: { calico: null } } } }), 'dcos', 'calico');

    expect(diff.unexpected).toHaveLength(2);
  });

  it('allows network-name locations of a Marathon app and refuses the same value elsewhere', () => {
    const before = { networks: [{ name: 'dcos', labels: { network_name: 'dcos' } }], env: { VIRTUAL_NETWORK_NAME: 'dcos', CLUSTER: 'dcos' }, container: { portMappings: [{ networkNames: ['dcos'] }] } };
    const after = { networks: [{ name: 'calico', labels: { network_name: 'calico' } }], env: { VIRTUAL_NETWORK_NAME: 'calico', CLUSTER: 'calico' }, container: { portMappings: [{ networkNames: ['calico'] }] } };

    const diff = classifyDiff('marathon-app', semanticDiff(before, after), 'dcos', 'calico');

    expect(diff.allowed).toHaveLength(4);
    expect(diff.unexpected.map((entry) => entry.path)).toEqual([['env', 'CLUSTER']]);
  });
});
