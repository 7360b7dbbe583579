import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

import { packageRoot } from '../../src/paths.js';

const run = promisify(execFile);
const cli = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');
const fixtures = 'fixtures/calico/dcos-config';

async function checkConfig(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, 'check-config', ...args], { cwd: packageRoot(), env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('e2e: check-config', () => {
  it('passes the DC/OS defaults with the MTU warning, and fails them under --strict', async () => {
    const plain = await checkConfig([`${fixtures}/defaults.input.yaml`, '--instances', '1200']);
    const strict = await checkConfig([`${fixtures}/defaults.input.yaml`, '--strict']);

    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('0 errors, 1 warning, 4 notes');
    expect(plain.stdout).toContain('calico_veth_mtu 1500 is larger than calico_vxlan_mtu 1450');
    expect(plain.stdout).toContain('calico: 172.29.0.0/16 = 65536 addresses in 1024 /26 blocks, 7 nodes, 65529 for tasks, 1200 planned');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('0 errors, 1 warning');
  });

  it('exits 1 on an overlap, naming the line', async () => {
    const result = await checkConfig([`${fixtures}/overlay-overlap.input.yaml`]);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${fixtures}/overlay-overlap.input.yaml:3 [overlap-overlay-subnet, DC/OS rejects this too]`);
  });

  it('plans an additional network: pool, profile and the docker command', async () => {
    const result = await checkConfig([`${fixtures}/to-network.input.yaml`, '--to', 'blue', '--to-cidr', '10.1.0.0/16', '--agents', '3', '--masters', '1']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Network blue (10.1.0.0/16):');
    expect(result.stdout).toContain('dcos calico create -f blue-pool.yaml');
    expect(result.stdout).toContain('        --opt org.projectcalico.profile=blue \\');
    expect(result.stdout).toContain('        --subnet=10.1.0.0/16 \\');
  });

  it('checks the new pool against the pools the cluster has', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-config-'));
    const pools = join(dir, 'pools.yaml');
    writeFileSync(pools, yaml.dump({ apiVersion: 'projectcalico.org/v3', kind: 'IPPool', metadata: { name: 'red' }, spec: { cidr: '10.1.0.0/16' } }));

    const result = await checkConfig([`${fixtures}/to-network.input.yaml`, '--to', 'blue', '--to-cidr', '10.1.128.0/17', '--resources', pools]);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('IPPool(blue) CIDR overlaps with IPPool(red) CIDR 10.1.0.0/16');
  });

  it('prints the full result as JSON', async () => {
    const result = await checkConfig([`${fixtures}/reserved-vni.input.yaml`, '--format', 'json']);

    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: { code: string; line?: number }[] };
    expect(report.findings.find((finding) => finding.code === 'reserved-vni')).toMatchObject({ line: 3 });
  });

  it('names the place of a YAML error and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-config-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(file, 'cluster_name: x\ncalico_network_cidr: [172.29.0.0/16\n');

    const result = await checkConfig([file]);

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/config\.yaml:3:\d+: could not parse the DC\/OS configuration - invalid YAML/);
  });
});
