import { readdirSync, readFileSync } from 'node:fs';

import fc from 'fast-check';
import { create } from 'jsondiffpatch';
import { describe, expect, it } from 'vitest';

import { jsonEqual } from '../../src/core/json.js';
import type { Change, Warning } from '../../src/core/types.js';
import type { RewrittenItem } from '../../src/formats/types.js';
import { assemblePlan, buildPlan, flattenDelta, computeDelta } from '../../src/plan/index.js';
import { redactSecrets } from '../../src/plan/redact.js';
import type { FileSource } from '../../src/plan/index.js';
import { fixturePath } from '../../src/paths.js';

function bookstore(): FileSource[] {
  const dir = fixturePath('bookstore', 'apps');
  return readdirSync(dir)
    .sort()
    .map((name) => ({ path: `apps/${name}`, text: readFileSync(`${dir}/${name}`, 'utf8') }));
}

function fixture(name: string): string {
  return readFileSync(fixturePath('formats', 'marathon-json', `${name}.input.json`), 'utf8');
}

describe('plan/build', () => {
  it('plans the bookstore: three changed apps whose deltas show only the real change', () => {
    const plan = buildPlan({ files: bookstore() });

    expect(plan.schemaVersion).toBe(1);
    expect(plan.summary.files).toEqual({ total: 3, changed: 3, unchanged: 0, skipped: 0, error: 0 });
    expect(plan.summary.items).toMatchObject({ total: 3, changed: 3, onOldNetwork: 3 });
    const server = plan.items.find((item) => item.id === '/bookstore-server');
    expect(server?.key).toBe('apps/bookstore-server.json#');
    expect(server?.source).toEqual({ origin: 'file', path: 'apps/bookstore-server.json', format: 'marathon-json', pointer: '' });
    expect(server?.edits).toEqual([
      { pointer: '/networks/0/name', op: 'replace', before: 'dcos', after: 'calico' },
      { pointer: '/networks/0/labels', op: 'add', after: { biz_type: 'bookstore', role: 'server' } },
    ]);
    expect(server?.risks).toEqual(['restart']);
    expect(plan.files[1]?.text).toBe(readFileSync(fixturePath('bookstore', 'migrated', 'bookstore-server.json'), 'utf8'));
  });

  it('diffs an unnamed container network as the name Marathon resolves it to', () => {
    const plan = buildPlan({ files: [{ path: 'inventory.json', text: fixture('app-response') }] });

    expect(plan.items[0]?.edits).toContainEqual({ pointer: '/networks/0/name', op: 'replace', before: 'dcos', after: 'calico' });
    expect(plan.items[0]?.networks).toEqual(['container:(default)']);
  });

  it('diffs a legacy app the way Marathon stores it, and tags the legacy form', () => {
    const plan = buildPlan({ files: [{ path: 'pinger.json', text: fixture('legacy-ip-per-task') }] });
    const item = plan.items[0];

    expect(item?.edits.map((edit) => edit.pointer)).toEqual(['/networks/0/name']);
    expect(item?.risks).toContain('legacy-form');
    expect(item?.networks).toEqual(['ipAddress:dcos']);
  });

  it('keeps going after a bad file and names its place', () => {
    const plan = buildPlan({ files: [{ path: 'broken.json', text: '{"id": "/a",' }, ...bookstore()] });

    expect(plan.files[0]).toMatchObject({ path: 'broken.json', status: 'error', reason: expect.stringMatching(/^broken\.json:1:13: /) });
    expect(plan.summary.files).toMatchObject({ error: 1, changed: 3 });
  });

  it('marks files no format claims as skipped', () => {
    const plan = buildPlan({ files: [{ path: 'notes.txt', text: 'hello' }] });

    expect(plan.files).toEqual([{ path: 'notes.txt', status: 'skipped', reason: 'not a format this tool rewrites', items: [], warnings: [] }]);
  });

  it('plans live Marathon definitions: a GET /v2/groups tree and a single app', () => {
    const tree = JSON.parse(fixture('groups-tree')) as unknown;
    const app = JSON.parse(fixture('single-app')) as unknown;

    const plan = buildPlan({
      live: [
        { origin: 'marathon', kind: 'group', definition: tree, endpoint: 'https://cluster/service/marathon' },
        { origin: 'marathon', kind: 'app', definition: app },
      ],
    });

    expect(plan.files).toEqual([]);
    expect(plan.items.map((item) => item.key)).toEqual([
      'marathon:app:/bookstore/frontend',
      'marathon:app:/bookstore/legacy-worker',
      'marathon:pod:/bookstore/cache',
      'marathon:app:/bookstore/tools/metrics',
      'marathon:app:/bookstore-server',
    ]);
    expect(plan.items[2]?.source).toEqual({ origin: 'marathon', endpoint: 'https://cluster/service/marathon', pointer: '/groups/0/pods/0/spec' });
    expect(plan.items[1]?.risks).toContain('docker-engine-no-labels');
    expect(plan.items[3]?.status).toBe('unchanged');
  });

  it('records the options it was built with', () => {
    const plan = buildPlan({ files: bookstore(), options: { to: 'calico-b' } });

    expect(plan.options).toEqual({ to: 'calico-b' });
    expect(plan.items[0]?.edits).toContainEqual({ pointer: '/networks/0/name', op: 'replace', before: 'dcos', after: 'calico-b' });
  });
});

describe('plan/assemble (hand-made items)', () => {
  const change: Change = { kind: 'network-renamed', pointer: '/networks/0/name', message: 'renamed', before: 'dcos', after: 'calico' };
  const warning: Warning = { code: 'vip-l4lb', severity: 'warning', pointer: '/container/portMappings/0/labels/VIP_0', message: 'VIP' };
  const note: Warning = { code: 'label-not-carried', severity: 'info', pointer: '/labels/x', message: 'not carried' };
  const item: RewrittenItem = {
    id: '/a',
    kind: 'app',
    pointer: '/apps/0',
    before: { id: '/a', networks: [{ name: 'dcos' }], env: { DB_PASSWORD: 'hunter2', MODE: 'a' } },
    after: { id: '/a', networks: [{ name: 'calico' }], env: { DB_PASSWORD: 'swordfish', MODE: 'b' } },
    changes: [change],
    warnings: [warning, note],
    invalid: [{ code: 'invalid-app', severity: 'error', pointer: '/cpus', message: 'must be a number' }],
  };
  const identity = (_kind: string, definition: unknown): unknown => definition;

  it('derives risk tags from warnings (not infos), restarts and invalid inputs, and counts them', () => {
    const plan = assemblePlan(
      [{ file: { path: 'a.json', format: 'marathon-json', status: 'changed', text: 'x' }, origin: { type: 'file', path: 'a.json', format: 'marathon-json' }, items: [item] }],
      {},
      identity,
    );

    expect(plan.items[0]?.risks).toEqual(['invalid-input', 'restart', 'vip-l4lb']);
    expect(plan.summary.warnings).toEqual({ info: 1, warning: 1, error: 0 });
    expect(plan.summary.risks).toEqual({ 'invalid-input': 1, restart: 1, 'vip-l4lb': 1 });
    expect(plan.summary.items).toEqual({ total: 1, changed: 1, unchanged: 0, onOldNetwork: 1, invalid: 1 });
    expect(plan.files[0]).toMatchObject({ path: 'a.json', status: 'changed', items: ['a.json#/apps/0'], text: 'x' });
  });

  it('never lets a secret env value into the flat delta', () => {
    const plan = assemblePlan([{ origin: { type: 'marathon' }, items: [item] }], {}, identity);

    expect(plan.items[0]?.edits).toContainEqual({ pointer: '/env/DB_PASSWORD', op: 'replace', before: '<redacted>', after: '<redacted>' });
    expect(plan.items[0]?.edits).toContainEqual({ pointer: '/env/MODE', op: 'replace', before: 'a', after: 'b' });
    expect(JSON.stringify(plan.items[0]?.edits)).not.toMatch(/hunter2|swordfish/);
  });

  it('uses the handler-provided changed flag and computes no delta for unchanged items', () => {
    const same: RewrittenItem = { ...item, after: item.before, changes: [], warnings: [], changed: false };

    const plan = assemblePlan([{ origin: { type: 'marathon' }, items: [same] }], {}, identity);

    expect(plan.items[0]).toMatchObject({ status: 'unchanged', delta: undefined, edits: [], onOldNetwork: false });
  });
});

describe('plan/delta', () => {
  it('flattens jsondiffpatch deltas into pointers, array removals by their old index', () => {
    const delta = computeDelta({ a: [1, 2, 3], b: { 'x/y': 1 } }, { a: [1, 3], b: { 'x/y': 2 }, c: true });

    expect(flattenDelta(delta)).toEqual([
      { pointer: '/a/1', op: 'remove', before: 2 },
      { pointer: '/b/x~1y', op: 'replace', before: 1, after: 2 },
      { pointer: '/c', op: 'add', after: true },
    ]);
  });

  it('gives exactly jsondiffpatch\'s delta of the two definitions (member-wise shortcut for objects)', () => {
    const reference = create({ arrays: { detectMove: false } });
    const json = fc.jsonValue({ maxDepth: 3 });
    const object = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'labels', 'networks'), json, { maxKeys: 5 });
    // Pairs that share most members, as a definition and its migrated version do.
    const pair = fc.tuple(object, object, fc.array(fc.constantFrom('a', 'b', 'c', 'labels', 'networks'), { maxLength: 3 })).map(([left, other, keep]) => {
      const right: Record<string, unknown> = structuredClone(other);
      for (const name of keep) if (Object.hasOwn(left, name)) right[name] = structuredClone(left[name]);
      return [left, right] as const;
    });
    fc.assert(
      // Names of Object.prototype (toString, __proto__...) are left out: jsondiffpatch reads them through the
      // prototype and misses their addition or removal (see the next test for the top level, which we handle).
      fc.property(fc.oneof(pair, fc.tuple(json, json)).filter((values) => !values.some(usesPrototypeNames)), ([left, right]) => {
        const delta = computeDelta(left, right);
        // It patches before into after ...
        expect(reference.patch(structuredClone(left), structuredClone(delta))).toEqual(right);
        // ... and is jsondiffpatch's delta, less the entries jsondiffpatch makes for equal members (it matches
        // objects in arrays by reference when an array repeats a value, e.g. [{}, null, null]).
        const expected = reference.diff(left, right) as unknown;
        if (expected !== null && typeof expected === 'object' && !Array.isArray(expected) && !Array.isArray(left)) {
          for (const name of Object.keys(expected)) {
            if (jsonEqual((left as Record<string, unknown>)[name], (right as Record<string, unknown>)[name])) delete (expected as Record<string, unknown>)[name];
          }
        }
        const empty = expected !== null && typeof expected === 'object' && Object.keys(expected).length === 0;
        expect(JSON.stringify(delta)).toBe(JSON.stringify(empty ? undefined : expected));
      }),
      { numRuns: 2000 },
    );
  });

  it('sees members named __proto__ or toString added at the top, where jsondiffpatch alone would not', () => {
    expect(flattenDelta(computeDelta({}, { toString: false }))).toEqual([{ pointer: '/toString', op: 'add', after: false }]);
    const after = JSON.parse('{"id": "/a", "__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(flattenDelta(computeDelta({ id: '/a' }, after))).toEqual([{ pointer: '/__proto__', op: 'add', after: { x: 1 } }]);
  });
});

/** Whether a name of Object.prototype is a key at any depth: jsondiffpatch cannot diff or patch those. */
function usesPrototypeNames(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([name, entry]) => name in Object.prototype || usesPrototypeNames(entry));
}

describe('plan/redact', () => {
  it('replaces secret env values at any depth, keeps everything else, and copies only what changed', () => {
    const labels = { a: 'b' };
    const value = JSON.parse('{"id": "/a", "env": {"DB_PASSWORD": "pw", "HOME": "/root"}, "x": {"environment": {"API_KEY": ["old", "new"]}}, "__proto__": {"k": 1}}') as Record<string, unknown>;
    value.labels = labels;

    const redacted = redactSecrets(value) as Record<string, unknown>;

    expect(redacted).toEqual(JSON.parse('{"id": "/a", "env": {"DB_PASSWORD": "<redacted>", "HOME": "/root"}, "x": {"environment": {"API_KEY": ["<redacted>", "<redacted>"]}}, "__proto__": {"k": 1}, "labels": {"a": "b"}}'));
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(redacted.labels).toBe(labels);
    expect((value.env as Record<string, unknown>).DB_PASSWORD).toBe('pw');
    const clean = { id: '/b', env: { HOME: '/root' } };
    expect(redactSecrets(clean)).toBe(clean);
  });
});
