import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { fixturePath, packageRoot } from '../../src/paths.js';

const run = promisify(execFile);
const cli = join(packageRoot(), 'dist', 'src', 'cli', 'main.js');

async function simulate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, 'simulate', ...args], { cwd: packageRoot(), env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The DC/OS docs' bookstore example: the apps before migration, the docs' policy, the default profile. */
const bookstore = ['--apps', 'fixtures/bookstore/apps', '--migrate', '--resources', 'fixtures/bookstore/calico/policy.yaml'];

describe('e2e: simulate, the DC/OS bookstore example', () => {
  it('reproduces the documented verdicts: the expect file passes', async () => {
    const result = await simulate([...bookstore, 'fixtures/bookstore/calico/profile.yaml', '--expect', 'fixtures/simulate/bookstore.expect.yaml']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Expectations (fixtures/simulate/bookstore.expect.yaml): 3 passed, 0 failed');
  });

  it('assumes DC/OS\'s default profile when none is given, with the same verdicts', async () => {
    const result = await simulate([...bookstore, '--expect', 'fixtures/simulate/bookstore.expect.yaml']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain("profile calico: DC/OS's default assumed");
  });

  it('explains each verdict', async () => {
    const result = await simulate([
      ...bookstore,
      '--query',
      'bookstore-frontend -> bookstore-server:80/TCP',
      '--query',
      'fruitstore-frontend -> bookstore-server:80/TCP',
      '--explain',
    ]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ALLOW\s+bookstore-frontend -> bookstore-server:80\/TCP\n\s+egress of bookstore-frontend#0: allowed by egress rule 0 \(Allow\) of profile calico/);
    expect(result.stdout).toContain('ingress of bookstore-server#0: allowed by ingress rule 0 (Allow) of NetworkPolicy default/allow-bookstore-cliient-to-server');
    expect(result.stdout).toMatch(/DENY\s+fruitstore-frontend -> bookstore-server:80\/TCP/);
    expect(result.stdout).toContain('ingress of bookstore-server#0: denied by ingress rule 1 (Deny) of NetworkPolicy default/allow-bookstore-cliient-to-server');
  });

  it('lists every mismatch of a wrong expect file and exits 1', async () => {
    const result = await simulate([...bookstore, '--expect', 'fixtures/simulate/bookstore-wrong.expect.yaml']);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('0 passed, 3 failed');
    expect(result.stdout.match(/^ {2}FAIL/gm)).toHaveLength(3);
    expect(result.stdout).toContain('expected allow, got deny');
    expect(result.stdout).toContain('ingress expected to be decided by profile, but ingress of bookstore-server#0: allowed by ingress rule 0');
    expect(result.stdout.match(/expected deny, got allow/g)).toHaveLength(4);
    expect(result.stderr).toContain('3 of 3 expectations failed');
  });

  it('gives the matrix and the connections the migration loses as JSON', async () => {
    const result = await simulate([...bookstore, '--matrix', '--port', '80', '--format', 'json']);

    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      workloads: { endpoints: { name: string; ip: string; labels: Record<string, string> }[] };
      matrix: { groups: string[]; cells: { verdict: string }[][] };
      diff: { lost: { from: string; to: string }[]; gained: unknown[] };
    };
    expect(report.workloads.endpoints.map((endpoint) => [endpoint.name, endpoint.ip])).toEqual([
      ['bookstore-frontend#0', '172.29.0.1'],
      ['bookstore-server#0', '172.29.0.65'],
      ['fruitstore-frontend#0', '172.29.0.129'],
    ]);
    expect(report.workloads.endpoints[1]?.labels).toMatchObject({ biz_type: 'bookstore', role: 'server', calico: '' });
    expect(report.matrix.groups).toEqual(['/bookstore-frontend', '/bookstore-server', '/fruitstore-frontend']);
    expect(report.matrix.cells.map((row) => row.map((cell) => cell.verdict))).toEqual([
      ['allow', 'allow', 'allow'],
      ['allow', 'allow', 'allow'],
      ['allow', 'deny', 'allow'],
    ]);
    expect(report.diff.lost.map((change) => `${change.from} -> ${change.to}`)).toEqual(['/fruitstore-frontend -> /bookstore-server']);
    expect(report.diff.gained).toEqual([]);
  });

  it('draws the matrix as a Graphviz graph', async () => {
    const result = await simulate([...bookstore, '--matrix', '--port', '80', '--format', 'dot']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^digraph calico \{/);
    expect(result.stdout).toContain('"/fruitstore-frontend" -> "/bookstore-server" [color="red", style="dashed", label="deny"];');
  });

  it('writes a Markdown report', async () => {
    const result = await simulate([...bookstore, '--matrix', '--port', '80', '--format', 'markdown']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('| `/fruitstore-frontend` | ✅ 1/1 | ❌ 0/1 | – |');
    expect(result.stdout).toContain('| lost | `/fruitstore-frontend` | `/bookstore-server` | 1/1 | 0/1 |');
  });
});

describe('e2e: simulate, errors', () => {
  it('says how to ask about apps still on the overlay', async () => {
    const result = await simulate(['--apps', 'fixtures/bookstore/apps', '--query', 'fruitstore-frontend -> bookstore-server:80']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/fruitstore-frontend has no Calico endpoints (it runs on the dcos network)');
    expect(result.stderr).toContain('add --migrate');
  });

  it('refuses a query without a port, and dot without the matrix', async () => {
    const noPort = await simulate([...bookstore, '--query', 'a -> b']);
    const dot = await simulate([...bookstore, '--format', 'dot']);

    expect(noPort.code).toBe(2);
    expect(noPort.stderr).toContain('names no port');
    expect(dot.code).toBe(2);
    expect(dot.stderr).toContain('--format dot draws the matrix: add --matrix');
  });

  it('names the file and entry of a bad expect file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulate-expect-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'expect:\n  - query: a -> b:80/TCP\n    verdict: maybe\n');

    const result = await simulate([...bookstore, '--expect', file]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.yaml#/expect/0/verdict: verdict must be allow, deny or partial');
  });

  it('reports invalid Calico resources with the document and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulate-resources-'));
    const file = join(dir, 'policy.yaml');
    writeFileSync(file, 'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: x\nspec:\n  selctor: all()\n');

    const result = await simulate(['--apps', fixturePath('bookstore', 'apps'), '--migrate', '--resources', file]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('policy.yaml');
    expect(result.stderr).toContain('selctor');
  });
});

describe('e2e: simulate, endpoints and explanations', () => {
  it('lists the endpoints with their addresses and the labels Calico sees', async () => {
    const result = await simulate([...bookstore, '--endpoints']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'bookstore-server#0  172.29.0.65  agent-2  biz_type=bookstore, role=server, projectcalico.org/namespace=default, projectcalico.org/orchestrator=cni, calico=',
    );
  });

  it('shows the Log and Pass rules on the way to a verdict', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulate-tier-'));
    const tier = join(dir, 'tier.yaml');
    writeFileSync(
      tier,
      [
        'apiVersion: projectcalico.org/v3',
        'kind: Tier',
        'metadata: {name: security}',
        'spec: {order: 100}',
        '---',
        'apiVersion: projectcalico.org/v3',
        'kind: GlobalNetworkPolicy',
        'metadata: {name: security.pass-bookstore}',
        'spec:',
        '  tier: security',
        "  selector: biz_type == 'bookstore'",
        '  ingress: [{action: Log}, {action: Pass}]',
        '',
      ].join('\n'),
    );

    const result = await simulate([...bookstore, tier, '--query', 'fruitstore-frontend -> bookstore-server:80', '--explain']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'on the way: rule 0 (Log) of GlobalNetworkPolicy security.pass-bookstore (tier security) logged the packet, then rule 1 (Pass) of GlobalNetworkPolicy security.pass-bookstore (tier security) passed to the next tier',
    );
    expect(result.stdout).toContain('denied by ingress rule 1 (Deny) of NetworkPolicy default/allow-bookstore-cliient-to-server');
  });
});

describe('e2e: simulate, large clusters', () => {
  it('asks to narrow the matrix above 200 apps, and answers the narrowed one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulate-large-'));
    const apps = join(dir, 'apps.json');
    const policy = join(dir, 'policy.yaml');
    const list = Array.from({ length: 240 }, (_, index) => ({
      id: `/team-${index % 4}/app-${index}`,
      cmd: 'sleep 3600',
      networks: [{ mode: 'container', name: 'calico', labels: { team: `team-${index % 4}` } }],
    }));
    writeFileSync(apps, JSON.stringify({ apps: list }));
    writeFileSync(
      policy,
      [
        'apiVersion: projectcalico.org/v3',
        'kind: NetworkPolicy',
        'metadata: {name: team-0-only}',
        'spec:',
        "  selector: team == 'team-0'",
        '  ingress: [{action: Allow, source: {selector: "team == \'team-0\'"}}]',
        '',
      ].join('\n'),
    );

    const whole = await simulate(['--apps', apps, '--resources', policy, '--matrix', '--port', '80']);
    const narrowed = await simulate(['--apps', apps, '--resources', policy, '--matrix', '--port', '80', '--matrix-to', '/team-0/**', '--matrix-from', '/team-1/**', '--format', 'json']);

    expect(whole.code).toBe(2);
    expect(whole.stderr).toContain('240 apps make 57600 app pairs: narrow the matrix with --matrix-from and/or --matrix-to');
    expect(narrowed.code).toBe(0);
    const report = JSON.parse(narrowed.stdout) as { matrix: { groups: string[]; columns: string[]; blocked: { from: string; to: string }[] } };
    expect(report.matrix.groups).toHaveLength(60);
    expect(report.matrix.columns).toHaveLength(60);
    expect(report.matrix.blocked).toHaveLength(3600);
    expect(report.matrix.blocked.every((pair) => pair.from.startsWith('/team-1/') && pair.to.startsWith('/team-0/'))).toBe(true);
  });
});

describe('e2e: simulate --suggest', () => {
  it('prints isolating policies only once the simulator proves them', async () => {
    const result = await simulate([...bookstore, '--suggest', 'label:biz_type', '--port', '80']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Suggested isolation (proven with the simulator):');
    expect(result.stdout).toContain("group fruitstore: 1 apps, selector biz_type == 'fruitstore'");
    expect(result.stdout).toContain('proof, TCP port 80: no connection across groups, none lost inside a group');
    expect(result.stdout).toContain('      name: isolate-fruitstore');
  });

  it('refuses an isolation it does not know', async () => {
    const result = await simulate([...bookstore, '--suggest', 'team']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--suggest takes group or label:<key>');
  });
});
