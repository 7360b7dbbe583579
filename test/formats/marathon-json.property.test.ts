/** Property tests of the Marathon JSON rewriter over generated group trees in generated layouts. */
import fc from 'fast-check';
import { applyEdits, findNodeAtLocation, modify, parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';

import { migrateApp, migratePod } from '../../src/core/index.js';
import { applyOps } from '../../src/formats/marathon-json/edit.js';
import { marathonJsonHandler } from '../../src/formats/marathon-json/index.js';
import { detectLayout } from '../../src/formats/marathon-json/layout.js';
import { locateItems } from '../../src/formats/marathon-json/locate.js';

const labelKey = fc.constantFrom('app', 'tier', 'team', 'role', 'DCOS_PACKAGE_NAME', 'HAPROXY_GROUP', 'caf\u00e9', 'a.b/c');
const labelValue = fc.oneof(fc.constantFrom('web', 'db', 'x'), fc.string({ maxLength: 12 }));
const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 3 });
const network = fc.constantFrom<Record<string, unknown>>(
  { mode: 'container', name: 'dcos' },
  { mode: 'container' },
  { name: 'dcos' },
  { mode: 'container', name: 'calico' },
  { mode: 'container', name: 'other' },
  { mode: 'container/bridge' },
  { mode: 'host' },
);

const app = fc.record(
  {
    id: fc.stringMatching(/^\/[a-z][a-z0-9-]{0,8}$/),
    cmd: fc.constantFrom('sleep 1000', 'echo "hi" && sleep 5'),
    container: fc.constantFrom(
      { type: 'MESOS', docker: { image: 'busybox' } },
      { type: 'DOCKER', docker: { image: 'nginx' } },
      { type: 'MESOS', portMappings: [{ containerPort: 80, name: 'http', networkNames: ['dcos'] }] },
    ),
    networks: fc.array(network, { minLength: 0, maxLength: 1 }),
    labels,
    env: fc.dictionary(fc.constantFrom('A', 'VIRTUAL_NETWORK_NAME', 'B'), fc.constantFrom('dcos', 'x', '9.0.0.1')),
  },
  { requiredKeys: ['id', 'cmd'] },
);

const pod = fc.record({
  id: fc.stringMatching(/^\/pod-[a-z]{1,6}$/),
  networks: fc.array(network, { minLength: 0, maxLength: 1 }),
  labels,
  containers: fc.constant([{ name: 'c', resources: { cpus: 0.1, mem: 32 }, endpoints: [{ name: 'http', containerPort: 80 }] }]),
});

const leafGroup = fc.record({
  id: fc.stringMatching(/^\/g[a-z]{1,5}$/),
  apps: fc.array(app, { maxLength: 4 }),
  pods: fc.array(pod.map((spec) => ({ id: spec.id, spec, status: 'STABLE', instances: [] })), { maxLength: 1 }),
});

const tree = fc.record({
  id: fc.constant('/'),
  apps: fc.array(app, { maxLength: 3 }),
  groups: fc.array(leafGroup, { maxLength: 3 }),
});

const layout = fc.record({ indent: fc.constantFrom<number | string>(0, 2, 4, '\t'), crlf: fc.boolean() });

function serialise(value: unknown, style: { indent: number | string; crlf: boolean }): string {
  const text = JSON.stringify(value, null, style.indent);
  return style.crlf ? text.replace(/\n/g, '\r\n') : text;
}

/** The whole document as the rules would have it: each item replaced by its migrated form. */
function intended(document: unknown): unknown {
  const copy = structuredClone(document) as Record<string, unknown>;
  for (const item of locateItems(copy)?.items ?? []) {
    const migrated = item.kind === 'app' ? migrateApp(item.value).app : migratePod(item.value).pod;
    let parent: unknown = copy;
    for (const segment of item.path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[segment];
    (parent as Record<string | number, unknown>)[item.path.at(-1)!] = migrated;
  }
  return copy;
}

/** jsonc-parser's placement of a new member, restyled the way the rewriter writes one-line objects. */
function referenceInsert(text: string, key: string, value: unknown, order: string[], spaced: boolean): string {
  const getInsertionIndex = (existing: string[]): number => {
    const position = order.indexOf(key);
    for (let i = position - 1; i >= 0; i--) {
      const at = existing.lastIndexOf(order[i]!);
      if (at >= 0) return at + 1;
    }
    return position <= 0 ? 0 : existing.length;
  };
  const [edit] = modify(text, [key], value, { getInsertionIndex });
  const literal = spaced ? JSON.stringify(value).replace(/":/g, '": ').replace(/,"/g, ', "') : JSON.stringify(value);
  const body = `${JSON.stringify(key)}:${spaced ? ' ' : ''}${literal}`;
  const content = edit!.content.startsWith(',') ? `,${spaced ? ' ' : ''}${body}` : edit!.content.endsWith(',') ? `${body},${spaced ? ' ' : ''}` : body;
  // A file written in pure ASCII gets non-ASCII characters escaped.
  // eslint-disable-next-line no-control-regex -- the ASCII range is the point
  const ascii = /^[\x00-\x7f]*$/.test(text);
  // eslint-disable-next-line no-control-regex -- the ASCII range is the point
  const escaped = ascii ? content.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`) : content;
  return applyEdits(text, [{ ...edit!, content: escaped }]);
}

describe('formats/marathon-json properties', () => {
  it('places a member added to a one-line object exactly where jsonc-parser would, in the object\'s style', () => {
    const keys = fc.constantFrom('mode', 'name', 'labels', 'a"b', 'caf\u00e9', 'x', 'y');
    fc.assert(
      fc.property(
        fc.uniqueArray(keys, { maxLength: 4 }),
        keys,
        fc.boolean(),
        fc.constantFrom<unknown>('calico', { app: 'web', tier: 'db' }, ['a', 'b'], 1),
        fc.shuffledSubarray(['mode', 'name', 'labels', 'a"b', 'caf\u00e9', 'x', 'y']),
        (existing, key, spaced, value, orderTail) => {
          fc.pre(!existing.includes(key));
          const members = existing.map((name, index) => `${JSON.stringify(name)}:${spaced ? ' ' : ''}${index}`);
          const text = `{${members.join(spaced ? ', ' : ',')}}`;
          const order = [...new Set([...orderTail, key, ...existing])];
          const expected = referenceInsert(text, key, value, order, spaced && existing.length > 0);

          const actual = applyOps(text, [{ path: [key], value, order }], detectLayout(text), false);

          expect(actual).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });


  it('output re-parses to exactly the migrated document, and rewriting it again changes nothing', () => {
    fc.assert(
      fc.property(tree, layout, (document, style) => {
        const text = serialise(document, style);

        const first = marathonJsonHandler.rewrite({ path: 'groups.json', text });
        fc.pre(first.status !== 'error');
        const second = marathonJsonHandler.rewrite({ path: 'groups.json', text: first.text });

        expect(JSON.parse(first.text)).toEqual(intended(document));
        expect(second.status).not.toBe('changed');
        expect(second.text).toBe(first.text);
      }),
      { numRuns: 60 },
    );
  });

  it('every byte outside the changed items stays as it was', () => {
    fc.assert(
      fc.property(tree, layout, (document, style) => {
        const text = serialise(document, style);

        const result = marathonJsonHandler.rewrite({ path: 'groups.json', text });
        fc.pre(result.status === 'changed');

        // Cut both texts at the changed items (found with jsonc-parser, independently of the rewriter's scanner).
        const changed = result.items.filter((item) => item.changed).map((item) => locateItems(document)!.items.find((l) => l.pointer === item.pointer)!.path);
        const gaps = (source: string): string[] => {
          const root = parseTree(source)!;
          const ranges = changed.map((path) => findNodeAtLocation(root, path)!).map((node) => [node.offset, node.offset + node.length] as const);
          ranges.sort((a, b) => a[0] - b[0]);
          const out: string[] = [];
          let cursor = 0;
          for (const [start, end] of ranges) {
            out.push(source.slice(cursor, start));
            cursor = end;
          }
          out.push(source.slice(cursor));
          return out;
        };
        expect(gaps(result.text)).toEqual(gaps(text));
      }),
      { numRuns: 60 },
    );
  });

  it('an item the rules leave alone keeps its exact text', () => {
    fc.assert(
      fc.property(fc.array(app, { minLength: 1, maxLength: 5 }), layout, (apps, style) => {
        const text = serialise(apps, style);

        const result = marathonJsonHandler.rewrite({ path: 'apps.json', text });
        fc.pre(result.status !== 'error');

        const before = parseTree(text)!;
        const after = parseTree(result.text)!;
        result.items.forEach((item, index) => {
          if (item.changed) return;
          const a = findNodeAtLocation(before, [index])!;
          const b = findNodeAtLocation(after, [index])!;
          expect(result.text.slice(b.offset, b.offset + b.length)).toBe(text.slice(a.offset, a.offset + a.length));
        });
      }),
      { numRuns: 60 },
    );
  });
});
