/** Types of the `check-config` checks. */
import type { Severity } from '../../core/types.js';
import type { AdditionalNetworkPlan } from './additional-network.js';
import type { IpPool } from '../ipam/pools.js';

/** One result of the check. */
export interface ConfigFinding {
  /** Stable identifier, e.g. `overlap-vtep-subnet`, `reserved-vni`, `veth-mtu-above-tunnel-mtu`. */
  code: string;
  severity: Severity;
  /** The install parameter concerned (or `--to`, `--instances`, … for the tool's own inputs). */
  parameter: string;
  message: string;
  /** 1-based line of the parameter in config.yaml, when the file sets it. */
  line?: number;
  /** `dcos` when DC/OS's own validation rejects it too; `stricter` when only this check does. */
  source: 'dcos' | 'stricter';
}

/** Options of `checkDcosConfig`. */
export interface ConfigCheckOptions {
  /** The network the migration moves to. Default `calico`; another name plans an additional network. */
  to?: string;
  /** CIDR of the additional network's pool; default: the first free private /16. */
  toCidr?: string;
  /** Number of task instances planned on the target network. */
  instances?: number;
  /** Private + public agents; default: the lengths of `agent_list` and `public_agent_list`, when given. */
  agents?: number;
  /** Masters; default: the length of `master_list`, when given. */
  masters?: number;
  /** MTU of the hosts' network. Default 1500. */
  hostMtu?: number;
  /** Docker's `docker0` bridge network. Default 172.17.0.0/16. */
  dockerBridge?: string;
  /** IP pools the cluster already has besides the default one (from calicoctl resources). */
  existingPools?: readonly IpPool[];
}

/** The pool figures behind the capacity findings. */
export interface PoolCapacity {
  network: string;
  cidr: string;
  blockSize: number;
  addresses: number;
  blocks: number;
  /** Nodes that take a tunnel address (and so a block) from the pool; undefined when the node count is unknown. */
  nodes?: number;
  /** Addresses left for tasks after the nodes' tunnel addresses. */
  workloadAddresses: number;
  instances?: number;
}

/** The effective Calico settings after defaults. */
export interface EffectiveCalicoSettings {
  calicoEnabled: boolean;
  networkCidr: string;
  vxlanEnabled: boolean;
  vxlanPort: number;
  vxlanVni: number;
  vxlanMtu: number;
  ipinipMtu: number;
  vethMtu: number;
}

export interface ConfigCheckResult {
  file: string;
  findings: ConfigFinding[];
  /** Undefined when a value is too broken to go on with (the findings say which). */
  settings?: EffectiveCalicoSettings;
  capacity?: PoolCapacity;
  additionalNetwork?: AdditionalNetworkPlan;
}

/** How the checks report a finding; the line is filled in from the file. */
export type AddFinding = (finding: Omit<ConfigFinding, 'line'>) => void;
