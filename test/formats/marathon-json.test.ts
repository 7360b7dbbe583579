import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { MigrationOptions } from '../../src/core/types.js';
import { InputError } from '../../src/errors.js';
import { marathonJsonHandler } from '../../src/formats/marathon-json/index.js';
import { locateItems } from '../../src/formats/marathon-json/locate.js';
import { rewriteMarathonJson } from '../../src/formats/marathon-json/rewrite.js';
import type { RunSpecMigrator } from '../../src/formats/marathon-json/rewrite.js';
import { detectFormat } from '../../src/formats/registry.js';
import { rewriteText } from '../../src/formats/rewrite-text.js';
import { fixturePath } from '../../src/paths.js';

const dir = fixturePath('formats', 'marathon-json');
const cases = readdirSync(dir)
  .filter((name) => name.endsWith('.input.json'))
  .map((name) => name.slice(0, -'.input.json'.length))
  .sort();

function readCase(name: string): { input: string; expected: string; options?: MigrationOptions } {
  const optionsPath = join(dir, `${name}.options.json`);
  return {
    input: readFileSync(join(dir, `${name}.input.json`), 'utf8'),
    expected: readFileSync(join(dir, `${name}.expected.json`), 'utf8'),
    ...(existsSync(optionsPath) ? { options: JSON.parse(readFileSync(optionsPath, 'utf8')) as MigrationOptions } : {}),
  };
}

describe('formats/marathon-json fixture pairs', () => {
  it('has a pair for every input shape and layout', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'single-app',
        'apps-array-4-space',
        'apps-response',
        'app-response',
        'groups-tree',
        'pod-unnamed-network',
        'pods-array',
        'pod-status-list',
        'tabs',
        'crlf',
        'minified',
        'unicode-escapes',
        'byte-order-mark',
      ]),
    );
  });

  for (const name of cases) {
    it(`${name}: rewrites to the expected text, and the result is a fixed point`, () => {
      const { input, expected, options } = readCase(name);

      const first = marathonJsonHandler.rewrite({ path: `${name}.json`, text: input, ...(options ? { options } : {}) });
      const second = marathonJsonHandler.rewrite({ path: `${name}.json`, text: first.text, ...(options ? { options } : {}) });

      expect(first.text).toBe(expected);
      expect(first.status).toBe(input === expected ? (name === 'not-marathon' ? 'skipped' : 'unchanged') : 'changed');
      expect(second.text).toBe(first.text);
      expect(second.status).not.toBe('changed');
    });
  }
});

describe('formats/marathon-json shapes', () => {
  it('finds apps, pods (under spec) and nested groups in a GET /v2/groups tree', () => {
    const tree = JSON.parse(readCase('groups-tree').input) as unknown;

    const located = locateItems(tree);

    expect(located?.shape).toBe('group');
    expect(located?.items.map((item) => [item.kind, item.id, item.pointer])).toEqual([
      ['app', '/bookstore/frontend', '/groups/0/apps/0'],
      ['app', '/bookstore/legacy-worker', '/groups/0/apps/1'],
      ['pod', '/bookstore/cache', '/groups/0/pods/0/spec'],
      ['app', '/bookstore/tools/metrics', '/groups/0/groups/0/apps/0'],
    ]);
  });

  it('names the shape of every API response form', () => {
    const shape = (name: string): string | undefined => locateItems(JSON.parse(readCase(name).input))?.shape;

    expect(shape('single-app')).toBe('app');
    expect(shape('apps-array-4-space')).toBe('apps');
    expect(shape('apps-response')).toBe('apps-response');
    expect(shape('app-response')).toBe('app-response');
    expect(shape('pod-unnamed-network')).toBe('pod');
    expect(shape('pods-array')).toBe('pods');
    expect(shape('pod-status-list')).toBe('pods');
    expect(shape('not-marathon')).toBeUndefined();
  });

  it('carries each item pointer on the rewritten items, and file-level pointers on the result', () => {
    const { input } = readCase('groups-tree');

    const result = marathonJsonHandler.rewrite({ path: 'groups.json', text: input });

    expect(result.items.map((item) => item.pointer)).toEqual([
      '/groups/0/apps/0',
      '/groups/0/apps/1',
      '/groups/0/pods/0/spec',
      '/groups/0/groups/0/apps/0',
    ]);
    expect(result.items[0]?.changes.some((change) => change.pointer === '/networks/0/name')).toBe(true);
    expect(result.changes.some((change) => change.pointer === '/groups/0/apps/0/networks/0/name')).toBe(true);
    expect(result.warnings.find((warning) => warning.code === 'docker-engine-no-labels')?.pointer).toMatch(/^\/groups\/0\/apps\/1/);
  });

  it('escapes JSON pointer segments', () => {
    const located = locateItems({ '*': [{ id: '/a', cmd: 'x' }] });

    expect(located?.items[0]?.pointer).toBe('/*/0');
  });
});

describe('formats/marathon-json detection', () => {
  it('claims .json files that start with an object or array, and leaves other formats alone', () => {
    expect(marathonJsonHandler.detect('apps/a.json', '  {"id": "/a"}')).toBe(true);
    expect(marathonJsonHandler.detect('apps/a.json', '\ufeff[]')).toBe(true);
    expect(marathonJsonHandler.detect('universe/config.json', '{}')).toBe(false);
    expect(marathonJsonHandler.detect('universe/marathon.json.mustache', '{}')).toBe(false);
    expect(marathonJsonHandler.detect('svc.yml', '{}')).toBe(false);
    expect(marathonJsonHandler.detect('a.json', 'name: x')).toBe(false);
    expect(detectFormat('apps/a.json', '{"id": "/a"}')?.id).toBe('marathon-json');
  });
});

describe('formats/marathon-json bad input', () => {
  it('names line and column of a truncated document', () => {
    const text = '{\n  "id": "/a",\n  "networks": [\n    { "mode": "container"';

    const error = (() => {
      try {
        marathonJsonHandler.rewrite({ path: 'apps/a.json', text });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();

    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).location).toMatchObject({ file: 'apps/a.json', line: 4 });
    expect((error as Error).message).toMatch(/^apps\/a\.json:4:\d+: could not parse JSON - /);
  });

  it('rejects comments and trailing commas with their place', () => {
    expect(() => marathonJsonHandler.rewrite({ path: 'c.json', text: '{\n  // note\n  "id": "/a"\n}' })).toThrow(
      /^c\.json:2:3: could not parse JSON - .*comment/,
    );
    expect(() => marathonJsonHandler.rewrite({ path: 't.json', text: '{\n  "id": "/a",\n}' })).toThrow(/^t\.json:3:1: /);
  });

  it('names the JSON pointer of a field of the wrong type', () => {
    const text = '{"apps": [{"id": "/ok", "cmd": "x"}, {"id": "/bad", "cmd": "x", "networks": "dcos"}]}';

    const result = marathonJsonHandler.rewrite({ path: 'apps.json', text });

    expect(result.status).toBe('error');
    expect(result.text).toBe(text);
    expect(result.reason).toMatch(/^apps\.json#\/apps\/1\/networks: /);
  });

  it('keeps the file as it is when an item is on both the old and the new network', () => {
    const text = '{"id": "/x", "cmd": "y", "networks": [{"mode": "container", "name": "dcos"}, {"mode": "container", "name": "calico"}]}';

    const result = marathonJsonHandler.rewrite({ path: 'both.json', text });

    expect(result).toMatchObject({ status: 'error', text });
    expect(result.reason).toMatch(/^both\.json#\/networks: .*both dcos and calico/);
  });

  it('keeps a label named __proto__ as plain data and never carries it', () => {
    const text = '{"id": "/x", "cmd": "y", "networks": [{"mode": "container", "name": "dcos"}], "labels": {"__proto__": "x", "a": "b"}}';

    const result = marathonJsonHandler.rewrite({ path: 'proto.json', text });

    expect(result.text).toBe(
      '{"id": "/x", "cmd": "y", "networks": [{"mode": "container", "name": "calico", "labels": {"a": "b"}}], "labels": {"__proto__": "x", "a": "b"}}',
    );
    expect(Object.getPrototypeOf(JSON.parse(result.text).labels)).toBe(Object.prototype);
  });

  it('skips JSON that is not Marathon with a reason', () => {
    const result = marathonJsonHandler.rewrite({ path: 'other.json', text: '{"name": "x"}' });

    expect(result).toMatchObject({ status: 'skipped', reason: expect.stringContaining('not a Marathon') });
  });
});

/** A stand-in for the rules, to exercise the edit engine on its own. */
function fakeMigrator(transform: (definition: Record<string, unknown>) => unknown): RunSpecMigrator {
  return {
    migrate: (_kind, definition) => ({ definition: transform(definition), changes: [], warnings: [] }),
    validate: () => [],
    validateChange: () => [],
  };
}

describe('formats/marathon-json edits', () => {
  it('touches only the bytes of the changed members', () => {
    const text = '{\n  "id" :  "/a",\n  "cmd": "x",   "mem": 1e2,\n  "networks": [{"name": "dcos"}]\n}\n';
    const migrator = fakeMigrator((definition) => ({ ...definition, networks: [{ name: 'calico' }] }));

    const result = rewriteMarathonJson({ path: 'a.json', text }, migrator);

    expect(result.text).toBe('{\n  "id" :  "/a",\n  "cmd": "x",   "mem": 1e2,\n  "networks": [{"name": "calico"}]\n}\n');
  });

  it('places inserted members where the migrated object has them, and removes members cleanly', () => {
    const text = '{\n  "id": "/a",\n  "cmd": "x",\n  "ipAddress": {\n    "networkName": "dcos"\n  },\n  "mem": 64\n}\n';
    const migrator = fakeMigrator(() => ({ id: '/a', cmd: 'x', networks: [{ mode: 'container', name: 'calico' }], mem: 64 }));

    const result = rewriteMarathonJson({ path: 'a.json', text }, migrator);

    expect(result.text).toBe(
      '{\n  "id": "/a",\n  "cmd": "x",\n  "networks": [\n    {\n      "mode": "container",\n      "name": "calico"\n    }\n  ],\n  "mem": 64\n}\n',
    );
  });

  it('reports an error and keeps the text when the edit cannot be proven', () => {
    const text = '{"id": "/a", "cmd": "x"}';
    // An undefined member cannot be written as JSON, so the re-parsed text can never match.
    const migrator = fakeMigrator((definition) => ({ ...definition, extra: undefined }));

    const result = rewriteMarathonJson({ path: 'a.json', text }, migrator);

    expect(result.status).toBe('error');
    expect(result.text).toBe(text);
    expect(result.reason).toMatch(/does not re-parse/);
  });
});

describe('rewriteText', () => {
  it('detects the format and returns the new text with changes and warnings', () => {
    const { input, expected } = readCase('single-app');

    const result = rewriteText(input, { path: 'server.json' });

    expect(result).toMatchObject({ format: 'marathon-json', status: 'changed', text: expected });
    expect(result.changes.map((change) => change.kind)).toContain('network-renamed');
  });

  it('takes migration options and an explicit format', () => {
    const { input, expected, options } = readCase('options-custom-names');

    expect(rewriteText(input, { format: 'marathon-json', ...options }).text).toBe(expected);
  });

  it('skips text no format claims', () => {
    expect(rewriteText('hello', { path: 'notes.txt' })).toMatchObject({ status: 'skipped', format: undefined, text: 'hello' });
  });

  it('throws an InputError naming the pointer when the rules refuse an item', () => {
    const text = '{"id": "/x", "cmd": "y", "networks": [{"mode": "container", "name": "dcos"}, {"mode": "container", "name": "calico"}]}';

    expect(() => rewriteText(text, { path: 'x.json' })).toThrow(InputError);
  });
});
