import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../../src/index.js';
import { loadResources } from '../../../src/calico/resources/index.js';
import { suggestPolicies } from '../../../src/calico/suggest/index.js';
import type { Endpoint } from '../../../src/calico/types.js';

const read = (path: string): string => readFileSync(new URL(`../../../fixtures/bookstore/${path}`, import.meta.url), 'utf8');

function bookstore(): Endpoint[] {
  return ['bookstore-frontend', 'bookstore-server', 'fruitstore-frontend'].map((name, i) => {
    const app = JSON.parse(read(`migrated/${name}.json`)) as { id: string; networks: Array<{ labels: Record<string, string> }> };
    return { name, app: app.id, labels: app.networks[0]!.labels, ip: `172.29.0.${i + 1}` };
  });
}

describe('calico/suggest', () => {
  it('isolates by label value and proves it', () => {
    const suggestion = suggestPolicies({
      resources: [{ file: 'policy.yaml', text: read('calico/policy.yaml') }, { file: 'profile.yaml', text: read('calico/profile.yaml') }],
      endpoints: bookstore(),
      isolate: { by: 'label', key: 'biz_type' },
    });

    expect(suggestion.proof.proven).toBe(true);
    expect(suggestion.groups.map((g) => [g.group, g.selector, g.apps])).toEqual([
      ['bookstore', "biz_type == 'bookstore'", ['/bookstore-frontend', '/bookstore-server']],
      ['fruitstore', "biz_type == 'fruitstore'", ['/fruitstore-frontend']],
    ]);
    expect(suggestion.policies.map((p) => (p as { metadata: { name: string } }).metadata.name)).toEqual([
      'isolate-bookstore',
      'zz-isolate-bookstore-allow',
      'isolate-fruitstore',
      'zz-isolate-fruitstore-allow',
    ]);
    // calicoctl-ready: the YAML loads and validates.
    expect(loadResources([{ file: 'suggested.yaml', text: suggestion.yaml }]).policies).toHaveLength(4);
  });

  it('the suggested YAML really isolates when applied next to the cluster policy', () => {
    const suggestion = suggestPolicies({
      resources: [{ file: 'policy.yaml', text: read('calico/policy.yaml') }],
      endpoints: bookstore(),
      isolate: { by: 'label', key: 'biz_type' },
    });

    const simulator = createSimulator({ resources: [{ file: 'policy.yaml', text: read('calico/policy.yaml') }, { file: 'suggested.yaml', text: suggestion.yaml }], endpoints: bookstore() });

    expect(simulator.check({ from: 'fruitstore-frontend', to: 'bookstore-frontend', protocol: 'TCP', port: 80 }).ingress.decision).toMatchObject({ kind: 'policy-rule', policy: { name: 'isolate-bookstore' }, action: 'Deny' });
    expect(simulator.check({ from: 'bookstore-server', to: 'fruitstore-frontend', protocol: 'UDP', port: 53 }).verdict).toBe('deny');
    expect(simulator.check({ from: 'bookstore-frontend', to: 'bookstore-server', protocol: 'TCP', port: 80 }).ingress.decision).toMatchObject({ policy: { name: 'allow-bookstore-cliient-to-server' } });
    expect(simulator.check({ from: 'bookstore-server', to: 'bookstore-frontend', protocol: 'TCP', port: 9000 }).ingress.decision).toMatchObject({ policy: { name: 'zz-isolate-bookstore-allow' }, action: 'Allow' });
  });

  it('isolates Marathon groups with an existing label when one tells them apart', () => {
    const endpoints: Endpoint[] = [
      { name: 'a', app: '/shop/a', labels: { team: 'shop', app: 'a' } },
      { name: 'b', app: '/shop/b', labels: { team: 'shop', app: 'b' } },
      { name: 'c', app: '/farm/c', labels: { team: 'farm', app: 'c' } },
    ];

    const suggestion = suggestPolicies({ resources: [], endpoints, isolate: { by: 'marathon-group' } });

    expect(suggestion.labelsToAdd).toEqual([]);
    expect(suggestion.groups.map((g) => [g.group, g.selector])).toEqual([
      ['/farm', "team == 'farm'"],
      ['/shop', "team == 'shop'"],
    ]);
    expect(suggestion.proof.proven).toBe(true);
  });

  it('asks for a group label when no label tells the Marathon groups apart, and proves with it', () => {
    const endpoints: Endpoint[] = [
      { name: 'a', app: '/shop/a', labels: { tier: 'web' } },
      { name: 'b', app: '/shop/db', labels: { tier: 'db' } },
      { name: 'c', app: '/farm/c', labels: { tier: 'web' } },
    ];

    const suggestion = suggestPolicies({ resources: [], endpoints, isolate: { by: 'marathon-group' } });

    expect(suggestion.labelsToAdd).toEqual([
      { app: '/shop/a', key: 'marathon.group', value: 'shop' },
      { app: '/shop/db', key: 'marathon.group', value: 'shop' },
      { app: '/farm/c', key: 'marathon.group', value: 'farm' },
    ]);
    expect(suggestion.proof.proven).toBe(true);
    expect((yaml.loadAll(suggestion.yaml) as Array<{ spec: { selector: string } }>)[0]!.spec.selector).toBe("marathon.group == 'farm'");
  });

  it('reports a cluster policy that defeats the isolation instead of claiming proof', () => {
    // A tier before the default tier decides first; suggestions live in the default tier.
    const opener = `apiVersion: projectcalico.org/v3
kind: Tier
metadata: { name: platform }
spec: { order: 10 }
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: platform.open-everything }
spec:
  tier: platform
  selector: all()
  ingress: [{ action: Allow }]
`;

    const suggestion = suggestPolicies({ resources: [{ file: 'open.yaml', text: opener }], endpoints: bookstore(), isolate: { by: 'label', key: 'biz_type' } });

    expect(suggestion.proof.proven).toBe(false);
    expect(suggestion.proof.probes[0]!.crossGroupAllowed).toContainEqual({ from: '/fruitstore-frontend', to: '/bookstore-server' });
  });
});
