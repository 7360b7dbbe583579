/**
 * What a DC/OS 2.1+ cluster has before anyone touches Calico: the install parameters' defaults (dcos/dcos
 * `gen/calc.py`, identical on 2.1, 2.2 and master), the `calico` profile dcos-calico-felix creates, the IP pool
 * calico-node creates from `calico_network_cidr`, and the DC/OS overlay's fixed VXLAN settings.
 */

/** `calico_*` install parameters and their defaults as DC/OS applies them (strings, as DC/OS stringifies). */
export const DCOS_CALICO_DEFAULTS = {
  calico_enabled: 'true',
  calico_network_cidr: '172.29.0.0/16',
  calico_vxlan_enabled: 'true',
  calico_ipinip_mtu: '1480',
  calico_vxlan_mtu: '1450',
  calico_veth_mtu: '1500',
  // The code default; DC/OS's docs say 4789 (docs/dcos-calico.md §2.1, caveat 1).
  calico_vxlan_port: '64000',
  calico_vxlan_vni: '4096',
} as const;

export type CalicoParameter = keyof typeof DCOS_CALICO_DEFAULTS;

/** The DC/OS overlay (`dcos`) and other install networks the Calico pool must stay clear of. */
export const DCOS_NETWORK_DEFAULTS = {
  dcos_overlay_enable: 'true',
  dcos_overlay_mtu: '1420',
  dcos_overlay_network: {
    vtep_subnet: '44.128.0.0/20',
    vtep_subnet6: 'fd01:a::/64',
    vtep_mac_oui: '70:B3:D5:00:00:00',
    overlays: [
      { name: 'dcos', subnet: '9.0.0.0/8', prefix: 24 },
      { name: 'dcos6', subnet6: 'fd01:b::/64', prefix6: 80 },
    ],
  },
  dcos_ucr_default_bridge_subnet: '172.31.254.0/24',
  dcos_l4lb_min_named_ip: '11.0.0.0',
  dcos_l4lb_max_named_ip: '11.255.255.255',
} as const;

/** The DC/OS overlay's VXLAN, fixed in dcos-net (not configurable). */
export const DCOS_OVERLAY_VXLAN = { vni: 1024, port: 64000 } as const;

/** Docker's default `docker0` bridge network (not a DC/OS parameter; `check-config --docker-bridge` overrides). */
export const DOCKER_DEFAULT_BRIDGE = '172.17.0.0/16';

/** The name calico-node gives the pool it creates from `CALICO_IPV4POOL_CIDR`. */
export const DCOS_DEFAULT_POOL_NAME = 'default-ipv4-ippool';

/** The profile name, which is also the CNI network name and the Docker network name. */
export const DCOS_DEFAULT_NETWORK = 'calico';

/** VXLAN encapsulation overhead over IPv4, and IP-in-IP's (Felix, docs/calico-semantics.md §7). */
export const ENCAPSULATION_OVERHEAD = { vxlan: 50, ipip: 20 } as const;

/** The smallest MTU DC/OS accepts for any `*_mtu` parameter. */
export const DCOS_MIN_MTU = 552;

/** A calicoctl v3 resource as the tool generates it. */
export interface CalicoResource {
  apiVersion: 'projectcalico.org/v3';
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: Record<string, unknown>;
}

/**
 * The `calico` profile exactly as DC/OS ships it (dcos/dcos `packages/calico/extra/profile.yaml`): allow all
 * ingress and egress, and every endpoint inherits the label `calico: ""`. `name` serves additional networks,
 * whose profile the DC/OS docs write the same way.
 */
export function dcosDefaultProfile(name: string = DCOS_DEFAULT_NETWORK): CalicoResource {
  return {
    apiVersion: 'projectcalico.org/v3',
    kind: 'Profile',
    metadata: { name },
    spec: {
      egress: [{ action: 'Allow', destination: {}, source: {} }],
      ingress: [{ action: 'Allow', destination: {}, source: {} }],
      labelsToApply: { calico: '' },
    },
  };
}

/** VXLAN / IP-in-IP settings of a cluster, as the install parameters set them. */
export interface EncapsulationSettings {
  mode: 'vxlan' | 'ipip';
  /** UDP port (VXLAN only). */
  port?: number;
  /** VXLAN network identifier (VXLAN only). */
  vni?: number;
  /** MTU of the tunnel device. */
  tunnelMtu: number;
  /** MTU of the workloads' veth pair. */
  vethMtu: number;
}

/**
 * The IP pool calico-node creates at first start from the install parameters (`CALICO_IPV4POOL_CIDR`,
 * `CALICO_IPV4POOL_VXLAN` / `_IPIP`, `CALICO_IPV4POOL_NAT_OUTGOING=true`); DC/OS sets no block size, so Calico's
 * 26 applies.
 */
export function dcosDefaultIpPool(
  options: { cidr?: string; vxlanEnabled?: boolean; name?: string } = {},
): CalicoResource {
  const vxlan = options.vxlanEnabled ?? true;
  return {
    apiVersion: 'projectcalico.org/v3',
    kind: 'IPPool',
    metadata: { name: options.name ?? DCOS_DEFAULT_POOL_NAME },
    spec: {
      cidr: options.cidr ?? DCOS_CALICO_DEFAULTS.calico_network_cidr,
      blockSize: 26,
      ipipMode: vxlan ? 'Never' : 'Always',
      vxlanMode: vxlan ? 'Always' : 'Never',
      natOutgoing: true,
      nodeSelector: 'all()',
    },
  };
}

/** The encapsulation settings of an install with default parameters. */
export function dcosDefaultEncapsulation(): EncapsulationSettings {
  return {
    mode: 'vxlan',
    port: Number(DCOS_CALICO_DEFAULTS.calico_vxlan_port),
    vni: Number(DCOS_CALICO_DEFAULTS.calico_vxlan_vni),
    tunnelMtu: Number(DCOS_CALICO_DEFAULTS.calico_vxlan_mtu),
    vethMtu: Number(DCOS_CALICO_DEFAULTS.calico_veth_mtu),
  };
}

/**
 * The Calico resources of a fresh DC/OS cluster: the `calico` profile and the default pool. The simulator uses
 * them when the operator gives no resources.
 */
export function dcosDefaultResources(): CalicoResource[] {
  return [dcosDefaultProfile(), dcosDefaultIpPool()];
}
