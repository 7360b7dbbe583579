/**
 * What the DC/OS docs ("Adding Network Profiles") require for a Calico network other than `calico`: an IPPool,
 * a Profile, and on every agent a Docker network tied to both. Generated, never applied.
 */
import yaml from 'js-yaml';

import { type CalicoResource, dcosDefaultProfile } from './defaults.js';

/** The resources and commands for one additional Calico network. */
export interface AdditionalNetworkPlan {
  name: string;
  cidr: string;
  /**
   * `given` when the operator named the CIDR, `automatic` when the checker picked a free private /16, `existing`
   * when a pool of that name already exists.
   */
  cidrSource: 'given' | 'automatic' | 'existing';
  ipPool: CalicoResource;
  profile: CalicoResource;
  /** calicoctl-ready YAML of the pool and the profile (apply with `dcos calico create -f`). */
  ipPoolYaml: string;
  profileYaml: string;
  /** The `docker network create` command to run on every agent. */
  dockerCommand: string;
}

/**
 * Builds the pool, profile and Docker command for network `name` on `cidr`. Unlike the docs' example pool, the
 * generated pool carries the same encapsulation as DC/OS's default pool: a pool without `vxlanMode`/`ipipMode`
 * is not encapsulated, and in DC/OS's default VXLAN mode (no BGP) its traffic between agents would not be
 * routed. Pure; the caller has validated `name` and `cidr`.
 */
export function planAdditionalNetwork(options: {
  name: string;
  cidr: string;
  cidrSource?: 'given' | 'automatic' | 'existing';
  vxlanEnabled?: boolean;
}): AdditionalNetworkPlan {
  const vxlan = options.vxlanEnabled ?? true;
  const ipPool: CalicoResource = {
    apiVersion: 'projectcalico.org/v3',
    kind: 'IPPool',
    metadata: { name: options.name },
    spec: {
      cidr: options.cidr,
      natOutgoing: true,
      disabled: false,
      ...(vxlan ? { vxlanMode: 'Always', ipipMode: 'Never' } : { ipipMode: 'Always', vxlanMode: 'Never' }),
    },
  };
  const profile = dcosDefaultProfile(options.name);
  return {
    name: options.name,
    cidr: options.cidr,
    cidrSource: options.cidrSource ?? 'given',
    ipPool,
    profile,
    ipPoolYaml: toYaml(ipPool),
    profileYaml: toYaml(profile),
    dockerCommand: [
      'docker network create \\',
      `    --opt org.projectcalico.profile=${options.name} \\`,
      '    --driver calico \\',
      '    --ipam-driver calico-ipam \\',
      `    --subnet=${options.cidr} \\`,
      `    ${options.name}`,
    ].join('\n'),
  };
}

/** calicoctl-style YAML of one resource. */
export function toYaml(resource: CalicoResource): string {
  return yaml.dump(resource, { lineWidth: -1, noRefs: true });
}
