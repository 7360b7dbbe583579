/** DC/OS's Calico defaults and the `check-config` validation of a DC/OS `config.yaml`. */
export {
  DCOS_CALICO_DEFAULTS,
  DCOS_DEFAULT_NETWORK,
  DCOS_DEFAULT_POOL_NAME,
  DCOS_MIN_MTU,
  DCOS_NETWORK_DEFAULTS,
  DCOS_OVERLAY_VXLAN,
  DOCKER_DEFAULT_BRIDGE,
  ENCAPSULATION_OVERHEAD,
  dcosDefaultEncapsulation,
  dcosDefaultIpPool,
  dcosDefaultProfile,
  dcosDefaultResources,
} from './defaults.js';
export type { CalicoParameter, CalicoResource, EncapsulationSettings } from './defaults.js';
export { parseDcosConfig, stringify } from './parse.js';
export type { ConfigEntry, DcosConfigFile } from './parse.js';
export { checkDcosConfig } from './check.js';
export type { ConfigCheckOptions, ConfigCheckResult, ConfigFinding, EffectiveCalicoSettings, PoolCapacity } from './check.js';
export { planAdditionalNetwork, toYaml } from './additional-network.js';
export type { AdditionalNetworkPlan } from './additional-network.js';
