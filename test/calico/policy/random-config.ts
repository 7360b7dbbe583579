/**
 * Random Calico configurations for the differential test: endpoints, network sets, tiers, policies and profiles
 * drawn from small pools so that selectors, CIDRs, ports and orders collide often.
 */
import type { Endpoint } from '../../../src/calico/types.js';

/** Small deterministic PRNG (mulberry32), so a failing seed reproduces. */
export function randomSource(seed: number): { int(n: number): number; pick<T>(list: readonly T[]): T; chance(p: number): boolean } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)]!,
    chance: (p) => next() < p,
  };
}

const SELECTORS = [
  '',
  'all()',
  "app == 'a1'",
  "app != 'a2'",
  "app in {'a1', 'a3'}",
  "app not in {'a0'}",
  'has(team)',
  '!has(team)',
  "team == 't1' && tier != 'db'",
  "tier == 'db' || app == 'a0'",
  "app starts with 'a'",
  "tier ends with 'b'",
  "team contains '2'",
  'has(calico)',
  "role == 'net'",
];

export interface RandomConfig {
  resources: object[];
  endpoints: Endpoint[];
}

/** One random configuration. */
export function randomConfig(seed: number, size?: number): RandomConfig {
  const r = randomSource(seed);
  const endpoints: Endpoint[] = [];
  const count = size ?? 4 + r.int(12);
  for (let i = 0; i < count; i++) {
    const labels: Record<string, string> = {};
    if (r.chance(0.9)) labels.app = `a${r.int(size === undefined ? 4 : 40)}`;
    if (r.chance(0.6)) labels.team = `t${r.int(3)}`;
    if (r.chance(0.6)) labels.tier = r.pick(['web', 'api', 'db']);
    const endpoint: Endpoint = { name: `e${i}`, labels, app: labels.app ?? `solo${i}` };
    if (r.chance(0.85)) endpoint.ip = r.chance(0.1) ? `fd00::${i + 1}` : `10.0.${r.int(3)}.${i + 1}`;
    if (r.chance(0.2)) endpoint.namespace = 'other';
    if (r.chance(0.15)) endpoint.profiles = r.pick([['calico', 'extra'], ['extra'], ['missing'], [], ['extra', 'calico']]);
    if (r.chance(0.2)) endpoint.ports = [{ name: 'http', protocol: 'TCP', port: r.pick([80, 8080]) }];
    if (r.chance(0.05)) endpoint.kind = 'host';
    endpoints.push(endpoint);
  }

  const resources: object[] = [];
  const tiers = ['default'];
  for (let t = 0; t < r.int(3); t++) {
    const spec: Record<string, unknown> = {};
    if (r.chance(0.8)) spec.order = r.pick([10, 100, 100, 2_000_000]);
    if (r.chance(0.5)) spec.defaultAction = r.pick(['Deny', 'Pass']);
    resources.push({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: `tier${t}` }, spec });
    tiers.push(`tier${t}`);
  }
  for (let s = 0; s < r.int(3); s++) {
    const global = r.chance(0.5);
    resources.push({
      apiVersion: 'projectcalico.org/v3',
      kind: global ? 'GlobalNetworkSet' : 'NetworkSet',
      metadata: { name: `set${s}`, labels: { role: 'net', ...(r.chance(0.5) ? { app: `a${r.int(4)}` } : {}) }, ...(global ? {} : { namespace: r.pick(['default', 'other']) }) },
      spec: { nets: [r.pick(['10.0.1.0/24', '10.0.2.0/25', '10.0.0.3', '192.168.0.0/16', 'fd00::/64'])] },
    });
  }

  const entity = (protocolAllowsPorts: boolean, family: 4 | 6): Record<string, unknown> => {
    const e: Record<string, unknown> = {};
    if (r.chance(0.35)) e.selector = r.pick(SELECTORS);
    if (r.chance(0.15)) e.notSelector = r.pick(SELECTORS.filter(Boolean));
    if (r.chance(0.1)) e.namespaceSelector = r.pick(['all()', 'global()', "projectcalico.org/name == 'default'"]);
    if (r.chance(0.15)) e.nets = [family === 4 ? r.pick(['10.0.1.0/24', '10.0.0.0/16', '172.16.0.0/12']) : 'fd00::/64'];
    if (r.chance(0.1)) e.notNets = [family === 4 ? r.pick(['10.0.2.0/24', '10.0.0.0/30']) : 'fd00::/120'];
    if (protocolAllowsPorts && r.chance(0.4)) e.ports = [r.pick([80, '80:90', 443, 'http', '8000:9000'])];
    if (protocolAllowsPorts && r.chance(0.1)) e.notPorts = [r.pick([80, 443, 'http'])];
    return e;
  };
  const rule = (): Record<string, unknown> => {
    const out: Record<string, unknown> = { action: r.pick(['Allow', 'Allow', 'Deny', 'Pass', 'Log']) };
    const protocol = r.pick([undefined, 'TCP', 'TCP', 'UDP', 'ICMP', 6]);
    if (protocol !== undefined) out.protocol = protocol;
    else if (r.chance(0.2)) out.notProtocol = 'UDP';
    const family: 4 | 6 = r.chance(0.15) ? 6 : 4;
    if (r.chance(0.1) && protocol !== 'ICMP') out.ipVersion = family;
    const ports = protocol === 'TCP' || protocol === 'UDP' || protocol === 6;
    if (protocol === 'ICMP' && r.chance(0.5)) out[r.chance(0.5) ? 'icmp' : 'notICMP'] = r.chance(0.5) ? { type: 8 } : { type: 8, code: 0 };
    const f: 4 | 6 = protocol === 'ICMP' ? 4 : family;
    if (r.chance(0.7)) out.source = entity(false, f);
    if (r.chance(0.8)) out.destination = entity(ports, f);
    return out;
  };

  for (let p = 0; p < 1 + r.int(7); p++) {
    const global = r.chance(0.4);
    const tier = r.pick(tiers);
    const spec: Record<string, unknown> = { selector: r.pick(SELECTORS) };
    if (tier !== 'default') spec.tier = tier;
    if (r.chance(0.7)) spec.order = r.pick([1, 5, 5, 10, 100.5]);
    const ingress = Array.from({ length: r.int(4) }, rule);
    const egress = Array.from({ length: r.int(3) }, rule);
    if (ingress.length) spec.ingress = ingress;
    if (egress.length) spec.egress = egress;
    if (r.chance(0.3)) spec.types = r.pick([['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
    if (global && r.chance(0.1)) spec.namespaceSelector = 'all()';
    const name = tier === 'default' ? `pol${p}` : `${tier}.pol${p}`;
    resources.push({
      apiVersion: 'projectcalico.org/v3',
      kind: global ? 'GlobalNetworkPolicy' : 'NetworkPolicy',
      metadata: { name, ...(global ? {} : { namespace: r.pick(['default', 'default', 'other']) }) },
      spec,
    });
  }
  const allowAll = { ingress: [{ action: 'Allow' }], egress: [{ action: 'Allow' }], labelsToApply: { calico: '' } };
  resources.push({ apiVersion: 'projectcalico.org/v3', kind: 'Profile', metadata: { name: 'calico' }, spec: r.chance(0.7) ? allowAll : { ingress: [rule(), rule()], egress: [rule()], labelsToApply: { calico: '' } } });
  if (r.chance(0.7)) resources.push({ apiVersion: 'projectcalico.org/v3', kind: 'Profile', metadata: { name: 'extra' }, spec: { ingress: [rule(), rule()], egress: [rule(), rule()], labelsToApply: { team: 't0' } } });
  return { resources, endpoints };
}
