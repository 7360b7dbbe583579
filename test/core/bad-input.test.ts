import { describe, expect, it } from 'vitest';

import { migrateApp, migratePod, resolveMigrationOptions } from '../../src/core/index.js';
import type { JsonObject } from '../../src/core/index.js';
import { UsageError } from '../../src/errors.js';

describe('bad input never throws and never changes anything', () => {
  it.each([null, 'app', 42, [], [{ id: '/a' }], true])('app %j', (input) => {
    const result = migrateApp(input);
    expect(result.app).toEqual(input);
    expect(result.changes).toEqual([]);
    expect(result.warnings.map((w) => [w.code, w.severity, w.pointer])).toEqual([['invalid-app', 'error', '']]);
  });

  it.each([null, 'pod', [], 7])('pod %j', (input) => {
    const result = migratePod(input);
    expect(result.pod).toEqual(input);
    expect(result.warnings.map((w) => w.code)).toEqual(['invalid-pod']);
  });

  it('leaves wrongly typed fields alone', () => {
    const input = { id: '/a', cmd: 'x', networks: [null, 'dcos', { mode: 'container', name: 7 }, { mode: 'container', name: 'dcos', labels: 'x' }], container: { portMappings: 'p' }, env: [], labels: 5 };
    const result = migrateApp(input);
    expect(result.app.networks).toEqual([null, 'dcos', { mode: 'container', name: 7 }, { mode: 'container', name: 'calico', labels: 'x' }]);
    expect(result.app.container).toEqual({ portMappings: 'p' });
    expect(result.changes.map((c) => c.pointer)).toEqual(['/networks/3/name']);
  });

  it('handles __proto__ and constructor label keys without prototype pollution', () => {
    const input = JSON.parse(
      '{"id":"/p","cmd":"x","container":{"type":"MESOS"},"networks":[{"name":"dcos","labels":{"__proto__":{"polluted":true}}}],"labels":{"__proto__":"evil","constructor":"c","hasOwnProperty":"h"}}',
    ) as JsonObject;
    const result = migrateApp(input);
    const labels = (result.app.networks as JsonObject[])[0]!.labels as JsonObject;
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
    expect(Object.hasOwn(labels, '__proto__')).toBe(true);
    expect(labels.constructor).toBe('c');
    expect(labels.hasOwnProperty).toBe('h');
    expect(({} as JsonObject).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(result.app))).toEqual(result.app);
  });

  it('carries a huge label value and reports the hashed value Calico sees', () => {
    const huge = 'v'.repeat(100_000);
    const result = migrateApp({ id: '/h', cmd: 'x', container: { type: 'MESOS' }, networks: [{ name: 'dcos' }], labels: { big: huge } });
    const warning = result.warnings.find((w) => w.code === 'label-value-hashed')!;
    expect(warning.pointer).toBe('/networks/0/labels/big');
    expect(warning.message.length).toBeLessThan(400);
  });

  it('never copies secret env references into messages', () => {
    const result = migrateApp({
      id: '/s',
      cmd: 'x',
      networks: [{ name: 'dcos' }],
      container: { type: 'MESOS' },
      env: { VIRTUAL_NETWORK_NAME: { secret: 'net' }, PASSWORD: { secret: 'db/password-9.0.0.1' } },
      labels: { token: { secret: 'x' } as unknown as string },
    });
    expect(JSON.stringify([result.changes, result.warnings])).not.toMatch(/password|db\//);
    expect(result.app.env).toEqual({ VIRTUAL_NETWORK_NAME: { secret: 'net' }, PASSWORD: { secret: 'db/password-9.0.0.1' } });
  });

  it('reports dcos and calico both present, and dcos6, without renaming', () => {
    const both = migrateApp({ id: '/b', cmd: 'x', container: { type: 'MESOS' }, networks: [{ name: 'dcos' }, { name: 'calico' }] });
    expect(both.changes).toEqual([]);
    expect(both.warnings.map((w) => [w.code, w.severity])).toEqual([['from-and-to-both-present', 'error']]);
    const v6 = migrateApp({ id: '/v6', cmd: 'x', container: { type: 'MESOS' }, networks: [{ name: 'dcos6' }] });
    expect(v6.changes).toEqual([]);
    expect(v6.warnings.map((w) => [w.code, w.pointer])).toEqual([['ipv6-network', '/networks/0/name']]);
  });
});

describe('resolveMigrationOptions', () => {
  it('fills defaults', () => {
    expect(resolveMigrationOptions()).toEqual({
      from: 'dcos',
      to: 'calico',
      defaultNetworkName: 'dcos',
      carry: { include: 'default', exclude: [], rename: {} },
      legacy: 'when-migrating',
    });
  });

  it('rejects invalid network names and from equal to to', () => {
    expect(() => resolveMigrationOptions({ to: 'Calico!' })).toThrow(UsageError);
    expect(() => resolveMigrationOptions({ to: 'Calico!' })).toThrowErrorMatchingInlineSnapshot(
      `[UsageError: option to must be a Marathon network name (lower-case letters, digits, '-' and '_', at most 63 characters), got "Calico!"]`,
    );
    expect(() => resolveMigrationOptions({ from: 'x', to: 'x' })).toThrowErrorMatchingInlineSnapshot(`[UsageError: options from and to must differ, both are "x"]`);
  });
});

describe('null fields read as absent, as in Marathon', () => {
  it('treats "networks": null as no networks and "name": null as unnamed', () => {
    expect(migrateApp({ id: '/n', cmd: 'x', networks: null }).warnings).toEqual([]);
    expect(migratePod({ id: '/n', networks: null, containers: [] }).warnings).toEqual([]);
    const named = migrateApp({ id: '/n', cmd: 'x', container: { type: 'MESOS' }, networks: [{ mode: 'container', name: null }] });
    expect(named.app.networks).toEqual([{ mode: 'container', name: 'calico' }]);
    expect(named.changes.map((c) => c.kind)).toEqual(['network-named']);
  });
});
