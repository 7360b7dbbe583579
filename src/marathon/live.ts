/**
 * Reads what a live cluster runs, for scan, diff, simulate and apply: the whole group tree (apps and pods) and
 * Marathon's `default_network_name`, which says what an unnamed container network means on this cluster.
 */
import type { MarathonClient } from './client.js';
import type { MarathonGroup } from './schema.js';

/** A live cluster's content, shaped as the plan's live source (`{origin: 'marathon', kind: 'group', ...}`). */
export interface LiveCluster {
  source: { origin: 'marathon'; kind: 'group'; definition: MarathonGroup; endpoint: string };
  /** `marathon_config.default_network_name`, when Marathon reports one. */
  defaultNetworkName?: string;
  apps: number;
  pods: number;
}

/** Reads `/v2/info` and `/v2/groups` (with groups, apps and pods embedded). Rejects with MarathonApiError. */
export async function readLiveCluster(client: MarathonClient): Promise<LiveCluster> {
  const [info, tree] = await Promise.all([client.info(), client.groups()]);
  const counts = { apps: 0, pods: 0 };
  countRunSpecs(tree, counts);
  const defaultNetworkName = info.marathon_config?.default_network_name;
  return {
    source: { origin: 'marathon', kind: 'group', definition: tree, endpoint: client.baseUrl },
    ...(defaultNetworkName ? { defaultNetworkName } : {}),
    ...counts,
  };
}

function countRunSpecs(group: MarathonGroup, counts: { apps: number; pods: number }): void {
  counts.apps += group.apps?.length ?? 0;
  counts.pods += group.pods?.length ?? 0;
  for (const child of group.groups ?? []) countRunSpecs(child, counts);
}
