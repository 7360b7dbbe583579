import { createHash } from 'node:crypto';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  calicoLabelValue,
  calicoVisibleLabels,
  compressLongLabelValue,
  evaluateCarryPolicy,
  sanitizeMesosLabel,
  validateLabelKey,
  validateLabelValue,
} from '../../src/core/labels.js';

describe('sanitizeMesosLabel', () => {
  // The Calico CNI plugin's own test cases (cni-plugin utils tests, quoted in docs/calico-semantics.md §2.1).
  it.each([
    ['-my-val', 'my-val'],
    ['$my..val', 'my.val'],
    ['m$y.val', 'm-y.val'],
    ['//my/val/', 'my.val'],
    ['some_val-with.lots*of^weird#characters', 'some_val-with.lots-of-weird-characters'],
    ['app/name', 'app.name'],
    ['ünïcode välue', 'n-code-v-lue'],
    ['a-.-b', 'a.b'],
    ['a--b', 'a--b'],
    ['$$$', ''],
  ])('%s -> %s', (input, expected) => {
    expect(sanitizeMesosLabel(input)).toBe(expected);
  });
});

describe('sanitizeMesosLabel fast path', () => {
  // The CNI plugin's four steps, without the shortcut for already-clean strings.
  const reference = (text: string): string =>
    text
      .replaceAll('/', '.')
      .replace(/[^-_.a-zA-Z0-9]+/gu, '-')
      .replace(/[.-]*\.[.-]*/g, '.')
      .replace(/^[.-]+/, '')
      .replace(/[.-]+$/, '');

  it('agrees with the plain algorithm on any string', () => {
    const alphabet = fc.constantFrom('a', 'Z', '0', '_', '-', '.', '/', ' ', 'é', '$');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: alphabet, maxLength: 12 })), (text) => {
        expect(sanitizeMesosLabel(text)).toBe(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('hashes exactly the values longer than 63 UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        const long = Buffer.byteLength(text, 'utf8') > 63;
        expect(compressLongLabelValue(text) !== text).toBe(long);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('compressLongLabelValue', () => {
  it('leaves values of up to 63 bytes alone', () => {
    const value = 'a'.repeat(63);
    expect(compressLongLabelValue(value)).toBe(value);
  });

  it('hashes longer values to 7 hex digits, "..." and the last 53 bytes', () => {
    const value = `/integration-test/calico-cni-long-label/app-path-longer-than-63-characters/x`;
    const hash = createHash('sha256').update(value).digest('hex').slice(0, 7);
    const compressed = compressLongLabelValue(value);
    expect(compressed).toBe(`${hash}...${value.slice(-53)}`);
    expect(compressed).toHaveLength(63);
    // The CNI plugin then collapses '...' and the path separators.
    expect(calicoLabelValue(value)).toBe(sanitizeMesosLabel(compressed));
    expect(calicoLabelValue(value).startsWith(`${hash}.`)).toBe(true);
  });

  it('counts bytes, not characters, as the Go wrapper does', () => {
    const value = 'é'.repeat(32); // 64 bytes, 32 characters
    expect(compressLongLabelValue(value)).not.toBe(value);
  });
});

describe('Kubernetes label validation', () => {
  it('accepts valid keys and values', () => {
    expect(validateLabelKey('app')).toEqual([]);
    expect(validateLabelKey('example.com/app_name')).toEqual([]);
    expect(validateLabelValue('')).toEqual([]);
    expect(validateLabelValue('My_value-1.2')).toEqual([]);
  });

  it('rejects bad keys and values with Kubernetes messages', () => {
    expect(validateLabelKey('')).toEqual(['name part must be non-empty']);
    expect(validateLabelKey('_x')[0]).toMatch(/^name part must consist of alphanumeric characters/);
    expect(validateLabelKey('a/b/c')[0]).toMatch(/^a qualified name must consist/);
    expect(validateLabelKey('Example.com/x')[0]).toMatch(/^prefix part a lowercase RFC 1123 subdomain/);
    expect(validateLabelKey('k'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
    expect(validateLabelValue('v'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(validateLabelValue('-x')[0]).toMatch(/^a valid label must be an empty string/);
  });
});

describe('calicoVisibleLabels', () => {
  it('passes valid labels through unchanged, without notes', () => {
    expect(calicoVisibleLabels({ role: 'db', tier: 'backend' })).toEqual({ labels: { role: 'db', tier: 'backend' }, notes: [] });
  });

  it('reports sanitised keys and values with what Calico sees', () => {
    const { labels, notes } = calicoVisibleLabels({ 'app/name': 'my app' });
    expect(labels).toEqual({ 'app.name': 'my-app' });
    expect(notes).toEqual([
      expect.objectContaining({ code: 'label-sanitised', effect: 'altered', key: 'app/name', calicoKey: 'app.name', calicoValue: 'my-app' }),
    ]);
  });

  it('reports hashed long values', () => {
    const long = `/${'segment/'.repeat(10)}app`;
    const { labels, notes } = calicoVisibleLabels({ app: long });
    expect(labels.app).toBe(calicoLabelValue(long));
    expect(labels.app!.length).toBeLessThanOrEqual(63);
    expect(notes[0]).toMatchObject({ code: 'label-value-hashed', effect: 'altered', calicoValue: labels.app });
  });

  it('rejects labels that stay invalid after sanitisation (the task would fail to launch)', () => {
    const { labels, notes } = calicoVisibleLabels({ _private: 'x', ok: 'y', ['k'.repeat(70)]: 'v', '!!!': 'z' });
    expect(labels).toEqual({ ok: 'y' });
    expect(notes.map((n) => [n.code, n.effect])).toEqual([
      ['label-invalid', 'rejected'],
      ['label-invalid', 'rejected'],
      ['label-invalid', 'rejected'],
    ]);
  });

  it('reports keys that collide after sanitisation', () => {
    const { labels, notes } = calicoVisibleLabels({ 'a/b': '1', 'a.b': '2' });
    expect(labels).toEqual({ 'a.b': '2' });
    expect(notes.map((n) => n.code)).toEqual(['label-sanitised', 'label-collision']);
  });

  it('treats projectcalico.org/namespace as the namespace and pcns. keys as ignored', () => {
    const result = calicoVisibleLabels({ 'projectcalico.org/namespace': 'prod', 'pcns.x': 'y' });
    expect(result.labels).toEqual({});
    expect(result.namespace).toBe('prod');
    expect(result.notes.map((n) => n.code)).toEqual(['label-namespace', 'label-felix-ignored']);
  });

  it('keeps __proto__ and constructor as plain data and drops non-string values without echoing them', () => {
    const input = JSON.parse('{"__proto__": "polluted", "constructor": "c", "n": 5, "s": {"secret": "pw"}}') as Record<string, string>;
    const result = calicoVisibleLabels(input);
    expect(Object.getPrototypeOf(result.labels)).toBe(Object.prototype);
    // '__proto__' starts with '_' even after sanitisation, so Calico would reject it.
    expect(Object.hasOwn(result.labels, '__proto__')).toBe(false);
    expect(result.labels.constructor).toBe('c');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(result.notes.map((n) => n.code)).toEqual(['label-invalid', 'label-non-string', 'label-non-string']);
    expect(JSON.stringify(result.notes)).not.toContain('pw');
  });
});

describe('evaluateCarryPolicy', () => {
  const labels = {
    app: 'shop',
    'app/tier': 'web',
    DCOS_PACKAGE_NAME: 'x',
    HAPROXY_GROUP: 'external',
    MARATHON_SINGLE_INSTANCE_APP: 'true',
    'traefik.enable': 'true',
    _hidden: 'x',
  };

  it('default: every Calico-valid label except reserved prefixes', () => {
    const { carried, decisions } = evaluateCarryPolicy(labels, { include: 'default', exclude: [], rename: {} });
    expect(carried).toEqual({ app: 'shop', 'app/tier': 'web' });
    expect(Object.fromEntries(decisions.map((d) => [d.key, d.reason]))).toEqual({
      app: 'carried',
      'app/tier': 'carried',
      DCOS_PACKAGE_NAME: 'reserved-prefix',
      HAPROXY_GROUP: 'reserved-prefix',
      MARATHON_SINGLE_INSTANCE_APP: 'reserved-prefix',
      'traefik.enable': 'reserved-prefix',
      _hidden: 'invalid-for-calico',
    });
  });

  it('none carries nothing; all carries reserved prefixes too', () => {
    expect(evaluateCarryPolicy(labels, { include: 'none', exclude: [], rename: {} }).carried).toEqual({});
    expect(Object.keys(evaluateCarryPolicy(labels, { include: 'all', exclude: [], rename: {} }).carried)).toHaveLength(6);
  });

  it('include and exclude globs match the original key; * crosses / and .', () => {
    const result = evaluateCarryPolicy(labels, { include: ['app*', 'HAPROXY_*'], exclude: ['HAPROXY_GROUP'], rename: {} });
    expect(result.carried).toEqual({ app: 'shop', 'app/tier': 'web' });
    expect(result.decisions.find((d) => d.key === 'HAPROXY_GROUP')?.reason).toBe('excluded');
  });

  it('renames carried keys and checks the new key', () => {
    const result = evaluateCarryPolicy({ app: 'shop', x: 'y' }, { include: 'default', exclude: [], rename: { app: 'service', x: '_bad' } });
    expect(result.carried).toEqual({ service: 'shop' });
    expect(result.decisions).toEqual([
      { key: 'app', targetKey: 'service', carried: true, reason: 'carried' },
      { key: 'x', targetKey: '_bad', carried: false, reason: 'invalid-for-calico' },
    ]);
  });

  it('never pollutes prototypes through label keys', () => {
    const input = JSON.parse('{"__proto__": "v", "constructor": "c"}') as Record<string, unknown>;
    const { carried } = evaluateCarryPolicy(input, { include: 'all', exclude: [], rename: {} });
    expect(Object.hasOwn(carried, '__proto__')).toBe(false); // '__proto__' sanitises to '__proto__', invalid start
    expect(carried.constructor).toBe('c');
    expect(({} as Record<string, unknown>).v).toBeUndefined();
  });
});
