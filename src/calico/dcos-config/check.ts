/**
 * `check-config`: validates the `calico_*` install parameters of a DC/OS `config.yaml` the way DC/OS does
 * (`gen/calc.py`), then more strictly (docs/dcos-calico.md §2 and §9): overlap with every network DC/OS and Docker
 * use, the reserved overlay VNI, the VXLAN port shared with the overlay, MTU consistency, pool capacity against
 * the planned instances, and — for a migration to a network other than `calico` — the additional network's pool.
 */
import { type Ipv4Cidr, isCidrProblem, parseIpv4Cidr } from '../ipam/cidr.js';
import { checkAdditionalNetwork } from './additional-network-check.js';
import { checkCapacity } from './capacity.js';
import { type CalicoParameter, DCOS_CALICO_DEFAULTS, DCOS_DEFAULT_NETWORK, DCOS_MIN_MTU } from './defaults.js';
import { checkMtus, checkVxlan } from './encapsulation.js';
import { checkOverlaps, reservedNetworks } from './install-networks.js';
import type { DcosConfigFile } from './parse.js';
import type { ConfigCheckOptions, ConfigCheckResult, ConfigFinding } from './types.js';
import { countNodes, readBoolean, readInteger, readOverlay } from './values.js';

export type { ConfigCheckOptions, ConfigCheckResult, ConfigFinding, EffectiveCalicoSettings, PoolCapacity } from './types.js';

/**
 * Checks a parsed `config.yaml`. Pure; never throws for bad values — every problem is a finding. Findings come
 * in a stable order: DC/OS's own validation first, then the stricter checks, then capacity and the additional
 * network.
 */
export function checkDcosConfig(config: DcosConfigFile, options: ConfigCheckOptions = {}): ConfigCheckResult {
  const findings: ConfigFinding[] = [];
  const add = (finding: Omit<ConfigFinding, 'line'>): void => {
    const line = config.entries.get(finding.parameter)?.line;
    findings.push(line === undefined ? finding : { ...finding, line });
  };
  const given = (key: string): boolean => config.entries.has(key);
  const value = (key: CalicoParameter): string => config.entries.get(key)?.text ?? DCOS_CALICO_DEFAULTS[key];

  for (const key of config.entries.keys()) {
    if (key.startsWith('calico_') && !(key in DCOS_CALICO_DEFAULTS)) {
      add({
        code: 'unknown-parameter',
        severity: 'warning',
        parameter: key,
        message: `${key} is not a DC/OS Calico parameter (known: ${Object.keys(DCOS_CALICO_DEFAULTS).join(', ')}); a misspelt name leaves the default in place`,
        source: 'stricter',
      });
    }
  }

  // DC/OS's own validation (gen/calc.py).
  const calicoEnabled = readBoolean('calico_enabled', value('calico_enabled'), add);
  const vxlanEnabled = readBoolean('calico_vxlan_enabled', value('calico_vxlan_enabled'), add);
  const cidrText = value('calico_network_cidr');
  const parsedCidr = parseIpv4Cidr(cidrText);
  const pool = isCidrProblem(parsedCidr) || cidrText.trim() !== cidrText || !cidrText.includes('/') ? undefined : parsedCidr;
  if (!pool) {
    add({
      code: 'invalid-cidr',
      severity: 'error',
      parameter: 'calico_network_cidr',
      message: `Incorrect value for \`calico_network_cidr\`: \`${cidrText}\`. Only IPv4 subnets are allowed${isCidrProblem(parsedCidr) ? ` (${parsedCidr.message})` : ''}`,
      source: 'dcos',
    });
  }
  const mtus = {
    calico_vxlan_mtu: readInteger('calico_vxlan_mtu', value('calico_vxlan_mtu'), DCOS_MIN_MTU, undefined, add),
    calico_ipinip_mtu: readInteger('calico_ipinip_mtu', value('calico_ipinip_mtu'), DCOS_MIN_MTU, undefined, add),
    calico_veth_mtu: readInteger('calico_veth_mtu', value('calico_veth_mtu'), DCOS_MIN_MTU, undefined, add),
  };
  const vxlanPort = readInteger('calico_vxlan_port', value('calico_vxlan_port'), 1025, 65535, add);
  const vxlanVni = readInteger('calico_vxlan_vni', value('calico_vxlan_vni'), 1, 16777215, add);
  const overlay = readOverlay(config, add);

  const reserved = reservedNetworks(config, overlay, options, add);
  if (pool && calicoEnabled !== false) checkOverlaps(pool, 'calico_network_cidr', `calico_network_cidr ${pool.text}`, reserved, add);

  if (calicoEnabled === false) {
    add({
      code: 'calico-disabled',
      severity: 'error',
      parameter: 'calico_enabled',
      message: 'Calico is disabled (calico_enabled: false): no Calico network exists to migrate to; set calico_enabled: true and upgrade the cluster first',
      source: 'stricter',
    });
  }

  if (vxlanEnabled !== false && vxlanVni !== undefined && vxlanPort !== undefined) {
    checkVxlan(vxlanPort, vxlanVni, given('calico_vxlan_port'), add);
  }
  if (vxlanEnabled !== undefined) checkMtus(vxlanEnabled, mtus, overlay.mtu, options.hostMtu ?? 1500, given, add);

  const result: ConfigCheckResult = { file: config.file, findings };
  if (
    pool &&
    calicoEnabled !== undefined &&
    vxlanEnabled !== undefined &&
    vxlanPort !== undefined &&
    vxlanVni !== undefined &&
    mtus.calico_vxlan_mtu !== undefined &&
    mtus.calico_ipinip_mtu !== undefined &&
    mtus.calico_veth_mtu !== undefined
  ) {
    result.settings = {
      calicoEnabled,
      networkCidr: pool.text,
      vxlanEnabled,
      vxlanPort,
      vxlanVni,
      vxlanMtu: mtus.calico_vxlan_mtu,
      ipinipMtu: mtus.calico_ipinip_mtu,
      vethMtu: mtus.calico_veth_mtu,
    };
  }

  const to = options.to ?? DCOS_DEFAULT_NETWORK;
  const nodes = countNodes(config, options);
  if (to === DCOS_DEFAULT_NETWORK) {
    if (pool) result.capacity = checkCapacity(DCOS_DEFAULT_NETWORK, 'calico_network_cidr', pool, nodes, options.instances, add);
  } else {
    const plan = checkAdditionalNetwork(to, pool, reserved, overlay.names, vxlanEnabled ?? true, options, add);
    if (plan) {
      result.additionalNetwork = plan;
      result.capacity = checkCapacity(to, '--to-cidr', parseIpv4Cidr(plan.cidr) as Ipv4Cidr, nodes, options.instances, add);
    }
  }
  return result;
}
