import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../../src/index.js';
import type { Endpoint } from '../../../src/calico/types.js';

const root = new URL('../../../fixtures/bookstore/', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

/** The three migrated apps' network labels, as Calico sees them (one instance each). */
function bookstoreEndpoints(): Endpoint[] {
  return ['bookstore-frontend', 'bookstore-server', 'fruitstore-frontend'].map((name, i) => {
    const app = JSON.parse(read(`migrated/${name}.json`)) as { id: string; networks: Array<{ labels: Record<string, string> }> };
    return { name, app: app.id, labels: app.networks[0]!.labels, ip: `172.29.0.${i + 1}` };
  });
}

describe('calico/simulator: the DC/OS bookstore example', () => {
  const simulator = createSimulator({
    resources: [
      { file: 'policy.yaml', text: read('calico/policy.yaml') },
      { file: 'profile.yaml', text: read('calico/profile.yaml') },
    ],
    endpoints: bookstoreEndpoints(),
  });

  it('allows bookstore-frontend -> bookstore-server TCP 80 by the policy', () => {
    const result = simulator.check({ from: 'bookstore-frontend', to: 'bookstore-server', protocol: 'TCP', port: 80 });

    expect(result.verdict).toBe('allow');
    expect(result.egress.decision).toEqual({ kind: 'profile-rule', profile: 'calico', ruleIndex: 0, action: 'Allow' });
    expect(result.ingress.decision).toEqual({
      kind: 'policy-rule',
      policy: { kind: 'NetworkPolicy', name: 'allow-bookstore-cliient-to-server', namespace: 'default', tier: 'default' },
      ruleIndex: 0,
      action: 'Allow',
    });
    expect(result.ingress.explanation).toBe(
      'ingress of bookstore-server: allowed by ingress rule 0 (Allow) of NetworkPolicy default/allow-bookstore-cliient-to-server in tier default',
    );
  });

  it('denies fruitstore-frontend -> bookstore-server TCP 80 by the policy', () => {
    const result = simulator.check({ from: 'fruitstore-frontend', to: 'bookstore-server', protocol: 'TCP', port: 80 });

    expect(result.verdict).toBe('deny');
    expect(result.egress.verdict).toBe('allow');
    expect(result.ingress.decision).toMatchObject({ kind: 'policy-rule', ruleIndex: 1, action: 'Deny' });
    expect(result.ingress.explanation).toBe(
      'ingress of bookstore-server: denied by ingress rule 1 (Deny) of NetworkPolicy default/allow-bookstore-cliient-to-server in tier default',
    );
  });

  it('allows every other pair by the profile', () => {
    const names = ['bookstore-frontend', 'bookstore-server', 'fruitstore-frontend'];
    for (const from of names) {
      for (const to of names) {
        if (from === to || to === 'bookstore-server') continue;

        const result = simulator.check({ from, to, protocol: 'TCP', port: 80 });

        expect(result.verdict, `${from} -> ${to}`).toBe('allow');
        expect(result.egress.decision).toEqual({ kind: 'profile-rule', profile: 'calico', ruleIndex: 0, action: 'Allow' });
        expect(result.ingress.decision).toEqual({ kind: 'profile-rule', profile: 'calico', ruleIndex: 0, action: 'Allow' });
        expect(result.ingress.explanation).toBe(`ingress of ${to}: allowed by ingress rule 0 (Allow) of profile calico; no policy applies to ${to} for ingress`);
      }
    }
  });

  it('shows the same in the matrix and in the migration diff', () => {
    const matrix = simulator.matrix({ protocol: 'TCP', port: 80 });
    const diff = simulator.migrationDiff({ protocol: 'TCP', port: 80 });

    expect(matrix.groups).toEqual(['/bookstore-frontend', '/bookstore-server', '/fruitstore-frontend']);
    expect(matrix.blocked()).toEqual([{ from: '/fruitstore-frontend', to: '/bookstore-server', cell: { allowed: 0, total: 1, verdict: 'deny' } }]);
    expect(diff.lost).toEqual([
      { from: '/fruitstore-frontend', to: '/bookstore-server', before: { allowed: 1, total: 1, verdict: 'allow' }, after: { allowed: 0, total: 1, verdict: 'deny' } },
    ]);
    expect(diff.gained).toEqual([]);
  });

  it('drops other ports to bookstore-server at the end of the tier', () => {
    const result = simulator.check({ from: 'bookstore-frontend', to: 'bookstore-server', protocol: 'TCP', port: 8080 });

    expect(result.verdict).toBe('deny');
    expect(result.ingress.decision).toMatchObject({ kind: 'end-of-tier', tier: 'default' });
  });

  it('with the isolating profile, an address outside Calico cannot reach the apps', () => {
    const isolating = createSimulator({
      resources: [{ file: 'profile-isolating.yaml', text: read('calico/profile-isolating.yaml') }],
      endpoints: bookstoreEndpoints(),
    });

    expect(isolating.check({ from: 'external:10.0.0.7', to: 'fruitstore-frontend', protocol: 'TCP', port: 80 }).verdict).toBe('deny');
    expect(isolating.check({ from: 'bookstore-frontend', to: 'fruitstore-frontend', protocol: 'TCP', port: 80 }).verdict).toBe('allow');
  });

  it('builds the same endpoints from the Marathon apps themselves (profile added as DC/OS creates it)', () => {
    const apps = ['bookstore-frontend', 'bookstore-server', 'fruitstore-frontend'].map((name) => JSON.parse(read(`migrated/${name}.json`)) as unknown);

    const fromApps = createSimulator({ resources: [{ file: 'policy.yaml', text: read('calico/policy.yaml') }], apps });

    expect(fromApps.endpoints.map((e) => e.name)).toEqual(['bookstore-frontend#0', 'bookstore-server#0', 'fruitstore-frontend#0']);
    expect(fromApps.check({ from: 'bookstore-frontend#0', to: 'bookstore-server#0', protocol: 'TCP', port: 80 }).verdict).toBe('allow');
    expect(fromApps.check({ from: 'fruitstore-frontend#0', to: 'bookstore-server#0', protocol: 'TCP', port: 80 }).verdict).toBe('deny');
    expect(fromApps.migrationDiff({ protocol: 'TCP', port: 80 }).lost.map((l) => `${l.from} -> ${l.to}`)).toEqual(['/fruitstore-frontend -> /bookstore-server']);
    expect(fromApps.marathon?.problems).toEqual([]);
  });
});
