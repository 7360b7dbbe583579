/** Reading DC/OS install parameters as DC/OS's own validation (`gen/calc.py`) does. */
import { type Ipv4Cidr, isCidrProblem, isIpv4Address, parseIpv4Cidr } from '../ipam/cidr.js';
import { DCOS_MIN_MTU, DCOS_NETWORK_DEFAULTS } from './defaults.js';
import type { DcosConfigFile } from './parse.js';
import type { AddFinding, ConfigCheckOptions } from './types.js';

/** Reads a `true`/`false` parameter as DC/OS's `validate_true_false` does; a bad value is a finding. */
export function readBoolean(parameter: string, text: string, add: AddFinding): boolean | undefined {
  if (text === 'true' || text === 'false') return text === 'true';
  add({
    code: 'invalid-boolean',
    severity: 'error',
    parameter,
    message: `${parameter} must be true or false, got ${JSON.stringify(text)}`,
    source: 'dcos',
  });
  return undefined;
}

/** Reads an integer parameter as DC/OS's `validate_int_in_range` does (Python `int()`); bad values are findings. */
export function readInteger(parameter: string, text: string, min: number, max: number | undefined, add: AddFinding): number | undefined {
  // Python's int() accepts surrounding whitespace and a sign, nothing else.
  if (!/^\s*[+-]?\d+\s*$/.test(text)) {
    add({ code: 'invalid-integer', severity: 'error', parameter, message: `${parameter} must be an integer, got ${JSON.stringify(text)}`, source: 'dcos' });
    return undefined;
  }
  const number = Number.parseInt(text, 10);
  if (number < min || (max !== undefined && number > max)) {
    add({
      code: 'out-of-range',
      severity: 'error',
      parameter,
      message:
        max === undefined
          ? `${parameter} must be above or equal to ${min}, got ${number}`
          : `${parameter} must be between ${min} and ${max} inclusive, got ${number}`,
      source: 'dcos',
    });
    return undefined;
  }
  return number;
}

/** The DC/OS overlay's settings, after DC/OS's own validation of `dcos_overlay_network`. */
export interface OverlaySettings {
  enabled: boolean;
  mtu: number | undefined;
  names: string[];
  subnets: { name: string; network: Ipv4Cidr }[];
  vtep?: Ipv4Cidr;
}

/** Reads `dcos_overlay_enable`, `dcos_overlay_mtu` and `dcos_overlay_network` (a mapping or a JSON string). */
export function readOverlay(config: DcosConfigFile, add: AddFinding): OverlaySettings {
  const enabledText = config.entries.get('dcos_overlay_enable')?.text ?? DCOS_NETWORK_DEFAULTS.dcos_overlay_enable;
  const enabled = readBoolean('dcos_overlay_enable', enabledText.toLowerCase(), add) ?? true;
  const mtuText = config.entries.get('dcos_overlay_mtu')?.text ?? DCOS_NETWORK_DEFAULTS.dcos_overlay_mtu;
  const mtu = readInteger('dcos_overlay_mtu', mtuText, DCOS_MIN_MTU, undefined, add);
  const overlay: OverlaySettings = { enabled, mtu, names: [], subnets: [] };
  const entry = config.entries.get('dcos_overlay_network');
  let network: unknown = DCOS_NETWORK_DEFAULTS.dcos_overlay_network;
  if (entry) {
    try {
      network = typeof entry.value === 'string' ? JSON.parse(entry.value) : entry.value;
    } catch {
      add({ code: 'invalid-overlay-network', severity: 'error', parameter: 'dcos_overlay_network', message: 'dcos_overlay_network must be valid JSON or a YAML mapping', source: 'dcos' });
      return overlay;
    }
  }
  const invalid = (message: string): OverlaySettings => {
    add({ code: 'invalid-overlay-network', severity: 'error', parameter: 'dcos_overlay_network', message, source: 'dcos' });
    return overlay;
  };
  if (!isRecord(network)) return invalid('dcos_overlay_network must be a mapping with vtep_subnet and overlays');
  const vtep = typeof network.vtep_subnet === 'string' ? parseIpv4Cidr(network.vtep_subnet) : undefined;
  if (!vtep || isCidrProblem(vtep)) return invalid('dcos_overlay_network.vtep_subnet must be an IPv4 network');
  overlay.vtep = vtep;
  if (!Array.isArray(network.overlays) || network.overlays.length === 0) return invalid('dcos_overlay_network.overlays must be a non-empty list');
  network.overlays.forEach((item: unknown, index) => {
    if (!isRecord(item) || typeof item.name !== 'string') {
      invalid(`dcos_overlay_network.overlays[${index}] needs a name`);
      return;
    }
    if (item.name.length > 13) invalid(`Overlay name cannot exceed 13 characters: ${item.name}`);
    overlay.names.push(item.name);
    if (item.subnet === undefined) {
      if (item.subnet6 === undefined) invalid(`overlay ${item.name} needs a subnet or subnet6`);
      return;
    }
    const subnet = typeof item.subnet === 'string' ? parseIpv4Cidr(item.subnet) : undefined;
    if (!subnet || isCidrProblem(subnet)) {
      invalid(`overlay ${item.name}: subnet must be an IPv4 network, got ${JSON.stringify(item.subnet)}`);
      return;
    }
    if (item.enabled !== false) overlay.subnets.push({ name: item.name, network: subnet });
  });
  return overlay;
}

/** Nodes that run felix; undefined counts are unknown. */
export interface NodeCount {
  masters?: number;
  agents?: number;
}

/** Node counts from the options, else from `master_list`, `agent_list` and `public_agent_list`. */
export function countNodes(config: DcosConfigFile, options: ConfigCheckOptions): NodeCount {
  const count: NodeCount = {};
  const masters = options.masters ?? (config.entries.has('master_list') ? addressList(config, 'master_list').length : undefined);
  const listedAgents =
    config.entries.has('agent_list') || config.entries.has('public_agent_list')
      ? addressList(config, 'agent_list').length + addressList(config, 'public_agent_list').length
      : undefined;
  const agents = options.agents ?? listedAgents;
  if (masters !== undefined) count.masters = masters;
  if (agents !== undefined) count.agents = agents;
  return count;
}

/** The IPv4 addresses of a list parameter (YAML list, JSON list or comma-separated). */
export function addressList(config: DcosConfigFile, key: string): string[] {
  const entry = config.entries.get(key);
  if (!entry) return [];
  let value: unknown = entry.value;
  if (typeof value === 'string') {
    const text = value;
    try {
      value = JSON.parse(text);
    } catch {
      value = text.split(',').map((item) => item.trim());
    }
  }
  if (!Array.isArray(value)) return [];
  // Resolvers may carry a port (`8.8.8.8:53`) in some installers; the address is what matters here.
  return value.filter((item): item is string => typeof item === 'string').map((item) => item.replace(/:\d+$/, '')).filter(isIpv4Address);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

