import { readdirSync, readFileSync } from 'node:fs';

import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

import {
  checkDcosConfig,
  dcosDefaultIpPool,
  dcosDefaultProfile,
  dcosDefaultResources,
  parseDcosConfig,
  planAdditionalNetwork,
  type ConfigCheckOptions,
} from '../../src/calico/dcos-config/index.js';
import { allocateAddresses, ipPoolsFromResources } from '../../src/calico/ipam/index.js';
import { InputError } from '../../src/errors.js';
import { fixturePath } from '../../src/paths.js';

const fixtures = fixturePath('calico', 'dcos-config');
const cases = readdirSync(fixtures)
  .filter((name) => name.endsWith('.input.yaml'))
  .map((name) => name.slice(0, -'.input.yaml'.length));

function options(name: string): ConfigCheckOptions {
  try {
    return JSON.parse(readFileSync(`${fixtures}/${name}.options.json`, 'utf8')) as ConfigCheckOptions;
  } catch {
    return {};
  }
}

function check(text: string, checkOptions: ConfigCheckOptions = {}): ReturnType<typeof checkDcosConfig> {
  return checkDcosConfig(parseDcosConfig(text, 'config.yaml'), checkOptions);
}

describe('calico/dcos-config/check (fixtures)', () => {
  it('has fixture pairs', () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  for (const name of cases) {
    it(name, () => {
      const file = `${name}.input.yaml`;

      const result = checkDcosConfig(parseDcosConfig(readFileSync(`${fixtures}/${file}`, 'utf8'), file), options(name));

      expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse(readFileSync(`${fixtures}/${name}.expected.json`, 'utf8')));
    });
  }
});

describe('calico/dcos-config/check', () => {
  it('passes a config with consistent MTUs and no overlaps without warnings or errors', () => {
    const result = check('calico_veth_mtu: 1450\nmaster_list: [10.0.0.10]\nagent_list: [10.0.1.1]\n', { instances: 100 });

    expect(result.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
    expect(result.capacity).toEqual({
      network: 'calico',
      cidr: '172.29.0.0/16',
      blockSize: 26,
      addresses: 65536,
      blocks: 1024,
      nodes: 2,
      workloadAddresses: 65534,
      instances: 100,
    });
  });

  it('warns when the planned instances nearly fill the pool', () => {
    const result = check('calico_network_cidr: 10.9.0.0/22\ncalico_veth_mtu: 1450\n', { instances: 1000, agents: 10, masters: 3 });

    expect(result.findings.find((finding) => finding.code === 'pool-nearly-full')).toMatchObject({
      severity: 'warning',
      line: 1,
      message: expect.stringContaining('1000 planned instances fill 98% of 10.9.0.0/22 (1011 addresses for tasks; 13 more are node tunnel addresses)'),
    });
  });

  it('says there is nothing to migrate to when Calico is disabled', () => {
    const result = check('calico_enabled: false\n');

    expect(result.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.code)).toEqual(['calico-disabled']);
  });

  it('rejects overlay names and reserved network names as --to', () => {
    const result = check('calico_veth_mtu: 1450\n', { to: 'dcos6', toCidr: '10.1.0.0/16' });

    expect(result.findings.map((finding) => finding.code)).toContain('invalid-network-name');
    expect(result.additionalNetwork).toBeUndefined();
  });

  it('checks the new pool against the install networks, not only against pools', () => {
    const result = check('calico_veth_mtu: 1450\n', { to: 'blue', toCidr: '9.1.0.0/16' });

    expect(result.findings.find((finding) => finding.code === 'overlap-overlay-subnet')).toMatchObject({
      parameter: '--to-cidr',
      severity: 'error',
      message: expect.stringContaining('the blue pool 9.1.0.0/16 overlaps the DC/OS overlay dcos subnet 9.0.0.0/8'),
    });
  });

  it('picks the automatic CIDR around the pools and networks already taken', () => {
    const result = check('calico_network_cidr: 10.1.0.0/16\ncalico_veth_mtu: 1450\n', {
      to: 'blue',
      existingPools: [{ name: 'red', cidr: '10.2.0.0/15' }],
    });

    expect(result.additionalNetwork?.cidr).toBe('10.4.0.0/16');
  });
});

describe('calico/dcos-config/parse', () => {
  it('names the file, line and column of a YAML error without quoting the file', () => {
    const text = 'superuser_password_hash: $6$secret-hash\ncalico_network_cidr: [172.29.0.0/16\n';

    let error: unknown;
    try {
      parseDcosConfig(text, 'genconf/config.yaml');
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).location).toMatchObject({ file: 'genconf/config.yaml', line: 3 });
    expect((error as InputError).message).toMatch(/^genconf\/config\.yaml:3:\d+: could not parse the DC\/OS configuration - invalid YAML: /);
    expect((error as InputError).message).not.toContain('secret');
  });

  it('refuses a document that is not a mapping', () => {
    expect(() => parseDcosConfig('- calico_enabled\n', 'config.yaml')).toThrow(InputError);
  });

  it('reads an empty file as no parameters', () => {
    expect(parseDcosConfig('# nothing\n', 'config.yaml').entries.size).toBe(0);
  });

  it('stringifies values as DC/OS does, reading YAML 1.1 booleans', () => {
    const config = parseDcosConfig('a: yes\nb: "yes"\nc: 1450\nd: 1450.0\ne: {x: 1}\nf: Off # comment\n', 'config.yaml');

    expect([...config.entries].map(([key, entry]) => [key, entry.text, entry.line])).toEqual([
      ['a', 'true', 1],
      ['b', 'yes', 2],
      ['c', '1450', 3],
      ['d', '1450.0', 4],
      ['e', '{"x":1}', 5],
      ['f', 'false', 6],
    ]);
  });
});

describe('calico/dcos-config/defaults', () => {
  it('builds the calico profile DC/OS ships, as in the bookstore fixture', () => {
    const shipped = yaml.load(readFileSync(fixturePath('bookstore', 'calico', 'profile.yaml'), 'utf8'));

    expect(dcosDefaultProfile()).toEqual(shipped);
  });

  it('builds the default pool calico-node creates from calico_network_cidr', () => {
    expect(dcosDefaultIpPool()).toEqual({
      apiVersion: 'projectcalico.org/v3',
      kind: 'IPPool',
      metadata: { name: 'default-ipv4-ippool' },
      spec: { cidr: '172.29.0.0/16', blockSize: 26, ipipMode: 'Never', vxlanMode: 'Always', natOutgoing: true, nodeSelector: 'all()' },
    });
    expect(dcosDefaultIpPool({ cidr: '10.9.0.0/16', vxlanEnabled: false }).spec).toMatchObject({ cidr: '10.9.0.0/16', ipipMode: 'Always', vxlanMode: 'Never' });
  });

  it('gives IPAM a usable default pool', () => {
    const result = allocateAddresses([{ name: 'a#0', network: 'calico' }], { pools: ipPoolsFromResources(dcosDefaultResources()), agents: 2 });

    expect(result.assignments.get('a#0')).toMatchObject({ ip: '172.29.0.1', pool: 'default-ipv4-ippool', agent: 'agent-1' });
  });
});

describe('calico/dcos-config/additional-network', () => {
  it('generates the docs\' Docker command and an encapsulated pool', () => {
    const plan = planAdditionalNetwork({ name: 'blue', cidr: '10.1.0.0/16' });

    expect(plan.dockerCommand).toBe(
      [
        'docker network create \\',
        '    --opt org.projectcalico.profile=blue \\',
        '    --driver calico \\',
        '    --ipam-driver calico-ipam \\',
        '    --subnet=10.1.0.0/16 \\',
        '    blue',
      ].join('\n'),
    );
    expect(yaml.load(plan.ipPoolYaml)).toEqual(plan.ipPool);
    expect(plan.ipPool.spec).toEqual({ cidr: '10.1.0.0/16', natOutgoing: true, disabled: false, vxlanMode: 'Always', ipipMode: 'Never' });
    expect(yaml.load(plan.profileYaml)).toEqual(dcosDefaultProfile('blue'));
  });
});
