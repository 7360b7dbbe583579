import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { InputError, UsageError } from '../../src/errors.js';
import { currentCluster, readDcosToml, requireClusterAccess, resolveClusterAccess } from '../../src/marathon/dcos-config.js';

let dir: string;

function cluster(id: string, toml: string, attached = false): string {
  const folder = join(dir, 'clusters', id);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'dcos.toml'), toml);
  if (attached) writeFileSync(join(folder, 'attached'), '');
  return folder;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dcos-dir-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('cluster discovery', () => {
  it('prefers --marathon, then DCOS_URL + /service/marathon, then the attached cluster', () => {
    cluster('c1', '[core]\ndcos_url = "https://one.example.com/"\ndcos_acs_token = "tok-1"\n', true);
    const env = { DCOS_DIR: dir, DCOS_URL: 'https://env.example.com/' };
    expect(resolveClusterAccess({ marathon: 'http://127.0.0.1:8080/' }, env)?.marathonUrl).toBe('http://127.0.0.1:8080');
    expect(resolveClusterAccess({}, env)).toMatchObject({ marathonUrl: 'https://env.example.com/service/marathon', source: 'DCOS_URL' });
    const fromToml = resolveClusterAccess({}, { DCOS_DIR: dir });
    expect(fromToml).toMatchObject({ marathonUrl: 'https://one.example.com/service/marathon', token: 'tok-1', tls: { verify: true } });
    expect(fromToml?.source).toContain('dcos.toml');
  });

  it('uses marathon.url from dcos.toml and the token from DCOS_ACS_TOKEN over the file', () => {
    cluster('c1', '[core]\ndcos_url = "https://one.example.com"\ndcos_acs_token = "file-token"\n[marathon]\nurl = "https://one.example.com/service/marathon-user"\n');
    const access = resolveClusterAccess({}, { DCOS_DIR: dir, DCOS_ACS_TOKEN: 'env-token' });
    expect(access).toMatchObject({ marathonUrl: 'https://one.example.com/service/marathon-user', token: 'env-token' });
  });

  it('picks DCOS_CLUSTER by name or id, else the only cluster, else the attached one', () => {
    cluster('id-a', '[core]\ndcos_url = "https://a.example.com"\n[cluster]\nname = "alpha"\n');
    cluster('id-b', '[core]\ndcos_url = "https://b.example.com"\n', true);
    expect(currentCluster({ DCOS_DIR: dir })?.id).toBe('id-b');
    expect(currentCluster({ DCOS_DIR: dir, DCOS_CLUSTER: 'alpha' })?.id).toBe('id-a');
    expect(currentCluster({ DCOS_DIR: dir, DCOS_CLUSTER: 'id-a' })?.name).toBe('alpha');
    expect(() => currentCluster({ DCOS_DIR: dir, DCOS_CLUSTER: 'nope' })).toThrow(UsageError);
  });

  it('refuses to guess between several attached clusters', () => {
    cluster('a', '[core]\ndcos_url = "https://a.example.com"\n', true);
    cluster('b', '[core]\ndcos_url = "https://b.example.com"\n', true);
    expect(() => resolveClusterAccess({}, { DCOS_DIR: dir })).toThrow(/several clusters are attached/);
  });

  it('reads core.ssl_verify as true, false or a CA path relative to the cluster folder', () => {
    const folder = cluster('c', '[core]\ndcos_url = "https://c.example.com"\nssl_verify = "dcos_ca.crt"\n');
    expect(resolveClusterAccess({}, { DCOS_DIR: dir })?.tls).toEqual({ verify: true, caPath: join(folder, 'dcos_ca.crt') });
    cluster('c', '[core]\ndcos_url = "https://c.example.com"\nssl_verify = "false"\n');
    expect(resolveClusterAccess({}, { DCOS_DIR: dir })?.tls).toEqual({ verify: false });
    expect(resolveClusterAccess({ caCert: '/etc/ca.pem' }, { DCOS_DIR: dir })?.tls).toEqual({ verify: true, caPath: '/etc/ca.pem' });
    expect(resolveClusterAccess({ insecure: true }, { DCOS_DIR: dir, DCOS_URL: 'https://x' })?.tls.verify).toBe(false);
    expect(resolveClusterAccess({}, { DCOS_DIR: dir, DCOS_URL: 'https://x', DCOS_TLS_INSECURE: '1' })?.tls.verify).toBe(false);
  });

  it('names the file and line of broken TOML', () => {
    cluster('c', '[core]\ndcos_url = "https://c.example.com\n');
    const error = (() => {
      try {
        readDcosToml(join(dir, 'clusters', 'c', 'dcos.toml'));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).location).toMatchObject({ line: 2 });
    expect((error as InputError).message).toMatch(/dcos\.toml:2:\d+: invalid TOML/);
  });

  it('says how to name a cluster when there is none, and rejects URLs with credentials', () => {
    expect(resolveClusterAccess({}, { DCOS_DIR: dir })).toBeUndefined();
    expect(() => requireClusterAccess({}, { DCOS_DIR: dir })).toThrow(/--marathon URL, set DCOS_URL/);
    expect(() => resolveClusterAccess({ marathon: 'https://user:pw@x.example.com' }, { DCOS_DIR: dir })).toThrow(/credentials/);
    expect(() => resolveClusterAccess({ marathon: 'ftp://x' }, { DCOS_DIR: dir })).toThrow(UsageError);
  });
});
