/**
 * Risk scans shared by apps and pods: hard-coded overlay addresses, VIP / L4LB port labels, IPv6 networks, and
 * the translation of Calico label notes into warnings.
 */
import { createRequire } from 'node:module';

import type * as IpaddrModule from 'ipaddr.js';

import { childPointer, getOwn, isObject } from './json.js';
import type { LabelNote } from './labels.js';
import { calicoVisibleLabels, quoteForMessage } from './labels.js';
import type { Severity, Warning } from './types.js';

/** The DC/OS overlay `dcos` subnet (dcos_overlay_network default, docs/dcos-calico.md §2.2). */
export const OVERLAY_SUBNET = '9.0.0.0/8';
/** The IPv6 DC/OS overlay, which has no Calico counterpart. */
export const IPV6_OVERLAY_NAME = 'dcos6';

// ipaddr.js is CommonJS with `export =`: without esModuleInterop neither a default nor a namespace import works.
const ipaddr = createRequire(import.meta.url)('ipaddr.js') as typeof IpaddrModule;
const OVERLAY_CIDR = ipaddr.IPv4.parseCIDR(OVERLAY_SUBNET);
const IPV4_CANDIDATE_RE = /(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2}))?(?![\d.]*\d)/g;
const VIP_LABEL_RE = /^VIP_\d+$/;

/** The overlay addresses or subnets (in 9.0.0.0/8) written in a text, in order of appearance, without repeats. */
export function findOverlayAddresses(text: string): string[] {
  const found: string[] = [];
  // Every overlay address starts with "9."; most texts have none.
  if (!text.includes('9.')) return found;
  for (const match of text.matchAll(IPV4_CANDIDATE_RE)) {
    const address = match[1]!;
    if (!ipaddr.IPv4.isValidFourPartDecimal(address)) continue;
    const parsed = ipaddr.IPv4.parse(address);
    if (!parsed.match(OVERLAY_CIDR)) continue;
    const shown = match[2] === undefined ? address : `${address}/${match[2]}`;
    if (!found.includes(shown)) found.push(shown);
  }
  return found;
}

function overlayWarning(where: string, path: string, addresses: string[]): Warning {
  return {
    code: 'overlay-address',
    severity: 'warning',
    pointer: path,
    message:
      `${where} hard-codes DC/OS overlay address(es) ${addresses.join(', ')} (${OVERLAY_SUBNET}); tasks get new addresses ` +
      'from the Calico pool after the move, use DNS names such as <app>.marathon.containerip.dcos.thisdcos.directory',
  };
}

/**
 * Warnings for overlay addresses in environment variables (plain string values only; secret references are
 * skipped and never quoted) at `basePointer`.
 */
export function scanEnvironment(env: unknown, basePointer: string, what: string): Warning[] {
  if (!isObject(env)) return [];
  const warnings: Warning[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== 'string') continue;
    const addresses = findOverlayAddresses(value);
    if (addresses.length > 0) warnings.push(overlayWarning(`${what} ${name}`, childPointer(basePointer, name), addresses));
  }
  return warnings;
}

/** Warnings for overlay addresses in a command string or an argument list. */
export function scanCommand(command: unknown, path: string, what: string): Warning[] {
  if (typeof command === 'string') {
    const addresses = findOverlayAddresses(command);
    return addresses.length > 0 ? [overlayWarning(what, path, addresses)] : [];
  }
  if (Array.isArray(command)) {
    return command.flatMap((arg, index) => (typeof arg === 'string' ? scanCommand(arg, childPointer(path, index), `${what}[${index}]`) : []));
  }
  return [];
}

/** Warnings for VIP port labels (`VIP_0`, ...) on one port's `labels`. */
export function scanVipLabels(labels: unknown, basePointer: string, to: string): Warning[] {
  if (!isObject(labels)) return [];
  return Object.keys(labels)
    .filter((key) => VIP_LABEL_RE.test(key))
    .map((key) => ({
      code: 'vip-l4lb',
      severity: 'warning' as Severity,
      pointer: childPointer(basePointer, key),
      message:
        `port label ${key}=${quoteForMessage(String(getOwn(labels, key)))} publishes an L4LB VIP; VIP traffic reaches tasks on ${to} ` +
        'source-NATed from Calico tunnel addresses, so label-based ingress policies drop it unless they allow those sources',
    }));
}

/** Warnings for networks named `dcos6` (IPv6 overlay; Calico on DC/OS has no IPv6). */
export function scanIpv6Networks(networks: unknown): Warning[] {
  if (!Array.isArray(networks)) return [];
  const warnings: Warning[] = [];
  networks.forEach((network, index) => {
    if (isObject(network) && getOwn(network, 'name') === IPV6_OVERLAY_NAME) {
      warnings.push({
        code: 'ipv6-network',
        severity: 'warning',
        pointer: childPointer('/networks', index, 'name'),
        message: `network ${IPV6_OVERLAY_NAME} is the IPv6 DC/OS overlay; Calico on DC/OS supports no IPv6, so it stays on ${IPV6_OVERLAY_NAME}`,
      });
    }
  });
  return warnings;
}

const NOTE_SEVERITY: Record<LabelNote['effect'], Severity> = { altered: 'warning', dropped: 'warning', rejected: 'error' };

/**
 * Warnings for the labels of a network moving to Calico: each label Calico sees differently (sanitised, hashed,
 * colliding), ignores, or rejects, with the key and value Calico will actually see.
 */
export function scanCalicoLabels(labels: unknown, labelsPointer: string): Warning[] {
  if (!isObject(labels)) return [];
  const { notes } = calicoVisibleLabels(labels as Record<string, string>);
  return notes.map((note) => ({
    code: note.code,
    severity: NOTE_SEVERITY[note.effect],
    pointer: childPointer(labelsPointer, note.key),
    message: note.message,
  }));
}
