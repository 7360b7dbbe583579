import { describe, expect, it } from 'vitest';

import { findOverlayAddresses, migrateApp, SCHEDULER_NETWORK_ENV_RE } from '../../src/core/index.js';

describe('findOverlayAddresses', () => {
  it.each([
    ['curl http://9.0.4.10:8080/', ['9.0.4.10']],
    ['ALLOW=9.0.0.0/8,10.0.0.0/8', ['9.0.0.0/8']],
    ['9.255.255.255 and 9.1.2.3 and 9.1.2.3', ['9.255.255.255', '9.1.2.3']],
    ['19.0.0.1 10.9.0.1 99.0.0.1', []],
    ['version 9.0.1 of the tool', []],
    ['9.0.0.1.2', []],
    ['999.0.0.1', []],
    ['no addresses', []],
  ])('%s', (text, expected) => {
    expect(findOverlayAddresses(text)).toEqual(expected);
  });
});

describe('scheduler network env names (docs/templates-catalog.md §5)', () => {
  it.each(['VIRTUAL_NETWORK_NAME', 'DSE_NODE_VIRTUAL_NETWORK_NAME', 'VIRTUAL_NETWORK_NAME_MASTER', 'TASKCFG_ALL_VIRTUAL_NETWORK_NAME', 'STUDIO_VIRTUAL_NETWORK_NAME', 'VIRTUAL_NETWORK_LABELS'])(
    'switches %s',
    (name) => {
      expect(SCHEDULER_NETWORK_ENV_RE.test(name)).toBe(true);
      const { app, changes } = migrateApp({ id: '/s', cmd: 'x', env: { [name]: 'dcos' } });
      expect(app.env).toEqual({ [name]: 'calico' });
      expect(changes.map((c) => [c.kind, c.pointer])).toEqual([['env-switched', `/env/${name}`]]);
    },
  );

  it.each(['ENABLE_VIRTUAL_NETWORK', 'VIRTUAL_NETWORK_PLUGIN_LABELS', 'CNI_PLUGIN_LABELS', 'FRAMEWORK_NAME', 'KUBERNETES_NETWORK_PROVIDER'])('leaves %s alone', (name) => {
    expect(SCHEDULER_NETWORK_ENV_RE.test(name)).toBe(false);
    expect(migrateApp({ id: '/s', cmd: 'x', env: { [name]: 'dcos' } }).changes).toEqual([]);
  });

  it('switches only values naming the old network', () => {
    const { changes } = migrateApp({ id: '/s', cmd: 'x', env: { VIRTUAL_NETWORK_NAME: 'calico', VIRTUAL_NETWORK_NAME_DATA: 'other', VIRTUAL_NETWORK_LABELS: 'role:db' } });
    expect(changes).toEqual([]);
  });
});
