/**
 * Which package options really name a network: those the marathon template puts into `networks[].name`,
 * `ipAddress.networkName`, a port mapping's `networkNames`, a network-name env (`VIRTUAL_NETWORK_NAME` and the
 * per-pod variants), or into an env variable that a service spec uses as a pod's network key. Options that merely
 * default to `dcos` (metric prefixes, passwords, cluster names) are not among them.
 */
import { scanMarathonTemplate } from './marathon-template-scan.js';
import type { MarathonTemplateScan, SiteRole } from './marathon-template-scan.js';
import { scanMustache } from './mustache-tags.js';
import type { PackageFiles } from './package-files.js';
import { scanServiceSpec } from './service-spec-scan.js';

export interface NetworkOptionUse {
  /** Dotted option path, e.g. `service.virtual_network_name`. */
  option: string;
  /** How it is used, e.g. `networks[].name on line 70`, `env VIRTUAL_NETWORK_NAME -> svc.yml pod kafka`. */
  uses: string[];
  /** Enable switches seen around the uses (`service.virtual_network_enabled`). */
  sections: string[];
  /** Env variables the option feeds that the scheduler turns into pod network keys. */
  envVariables: string[];
  /** Pods (from service specs) whose network key this option names. */
  pods: Array<{ spec: string; pod: string }>;
  /** True when the only use is a scheduler env that none of the package's service specs reads as a network key. */
  envOnlyUnread: boolean;
}

const ROLE_WHAT: Record<SiteRole, string> = {
  'networks-name': 'networks[].name',
  'network-label-name': 'networks[].labels.network_name',
  'ip-address-network-name': 'ipAddress.networkName',
  env: 'env',
  'port-mapping-network-name': 'portMappings[].networkNames',
};

/** Scans the package's template (and specs) and returns each network-naming option with its uses. */
export function networkOptionUses(files: PackageFiles): { uses: NetworkOptionUse[]; scan?: MarathonTemplateScan } {
  if (!files.marathon) return { uses: [] };
  const tags = scanMustache(files.marathon.text);
  if (tags.problem) return { uses: [] };
  const scan = scanMarathonTemplate(files.marathon.text, tags.tags);
  if (!scan) return { uses: [] };
  const byOption = new Map<string, NetworkOptionUse>();
  const entry = (option: string): NetworkOptionUse => {
    let use = byOption.get(option);
    if (!use) byOption.set(option, (use = { option, uses: [], sections: [], envVariables: [], pods: [], envOnlyUnread: false }));
    return use;
  };
  for (const site of scan.sites) {
    if (site.option === undefined || (!site.option.includes('.') && site.sections.length > 0)) continue;
    const use = entry(site.option);
    use.uses.push(`${ROLE_WHAT[site.role]}${site.envKey ? ` ${site.envKey}` : ''} (line ${site.line})`);
    for (const section of site.sections) if (!use.sections.includes(section)) use.sections.push(section);
    if (site.envKey && !use.envVariables.includes(site.envKey)) use.envVariables.push(site.envKey);
  }
  for (const spec of files.specs) {
    const specTags = scanMustache(spec.text);
    if (specTags.problem) continue;
    const specScan = scanServiceSpec(spec.text, specTags.tags);
    for (const network of specScan.networks) {
      if (!network.variable) continue;
      const option = scan.envOptions.get(network.variable);
      if (option === undefined) continue;
      const use = entry(option);
      use.uses.push(`${spec.path} pod ${network.pod} network key {{${network.variable}}} (line ${network.line})`);
      if (!use.envVariables.includes(network.variable)) use.envVariables.push(network.variable);
      use.pods.push({ spec: spec.path, pod: network.pod });
    }
  }
  // An SDK scheduler forwards the name only for its specs; when the specs are at hand and none reads it (the
  // dcos-commons consul framework), the option names no network.
  const envRoles = new Set(scan.sites.filter((site) => site.role !== 'env').map((site) => site.option));
  for (const use of byOption.values()) {
    use.envOnlyUnread = files.specs.length > 0 && scan.sdkScheduler && use.pods.length === 0 && !envRoles.has(use.option);
  }
  return { uses: [...byOption.values()], scan };
}
