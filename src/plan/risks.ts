import type { Change, Warning } from '../core/types.js';
import type { RiskTag } from './types.js';

/** True when Marathon would reject the item's input (validation problems of severity error; others are notes). */
export function isInvalidInput(item: { invalid: readonly Warning[] }): boolean {
  return item.invalid.some((problem) => problem.severity === 'error');
}

/** Change kinds that mean the item was on the old network (the migration moves it). */
const NETWORK_CHANGES = new Set<Change['kind']>([
  'network-renamed',
  'network-named',
  'network-names-renamed',
  'env-switched',
  'template-network-renamed',
  'config-default-switched',
]);

/** True when the changes show the item used the old network. */
export function movesNetwork(changes: readonly Change[]): boolean {
  return changes.some((change) => NETWORK_CHANGES.has(change.kind));
}

/**
 * The risk tags of an item: the codes of its warnings (severity warning or error), `restart` when a live
 * definition would change (Marathon restarts every task of a changed app or pod), `legacy-form` when a legacy
 * network form is converted, `invalid-input` when Marathon would reject the input as it is.
 */
export function riskTags(input: {
  kind: string;
  changed: boolean;
  changes: readonly Change[];
  warnings: readonly Warning[];
  invalid: readonly Warning[];
}): RiskTag[] {
  const tags = new Set<RiskTag>();
  if (input.changed && (input.kind === 'app' || input.kind === 'pod' || input.kind === 'service-pod')) tags.add('restart');
  if (input.changes.some((change) => change.kind === 'legacy-converted')) tags.add('legacy-form');
  for (const warning of input.warnings) if (warning.severity !== 'info') tags.add(warning.code);
  if (input.invalid.some((problem) => problem.severity === 'error')) tags.add('invalid-input');
  return [...tags].sort();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Short descriptions of an app's or pod's networks as written: `container:dcos`, `container:(default)`,
 * `container/bridge`, `host`, legacy `ipAddress:dcos`, `docker:USER`. Empty for other kinds of item.
 */
export function describeNetworks(definition: unknown): string[] {
  if (!isRecord(definition)) return [];
  const out: string[] = [];
  const networks = definition['networks'];
  if (Array.isArray(networks)) {
    for (const network of networks) {
      if (!isRecord(network)) continue;
      const mode = typeof network['mode'] === 'string' ? network['mode'] : 'container';
      if (mode === 'container') out.push(`container:${typeof network['name'] === 'string' ? network['name'] : '(default)'}`);
      else out.push(mode);
    }
  }
  const ipAddress = definition['ipAddress'];
  if (isRecord(ipAddress)) {
    out.push(`ipAddress:${typeof ipAddress['networkName'] === 'string' ? ipAddress['networkName'] : '(default)'}`);
  }
  const container = definition['container'];
  const docker = isRecord(container) ? container['docker'] : undefined;
  if (isRecord(docker) && typeof docker['network'] === 'string') out.push(`docker:${docker['network']}`);
  if (out.length === 0 && ('cmd' in definition || 'container' in definition || 'args' in definition)) {
    // Marathon's default for an app without networks; pods without networks are host-networked too.
    out.push('host');
  }
  return out;
}
