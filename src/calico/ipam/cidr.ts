/**
 * IPv4 CIDR arithmetic for IPAM and the install checks. Parsing goes through ipaddr.js (four-part dotted decimal
 * only, as Calico and DC/OS's Python `ipaddress` accept); addresses are then plain unsigned 32-bit numbers so that
 * allocating 100,000 addresses stays cheap.
 */
import { createRequire } from 'node:module';

import type * as IpaddrModule from 'ipaddr.js';

// ipaddr.js is CommonJS with `export =`; without esModuleInterop TypeScript refuses a default import, and the ESM
// namespace of the package has only `default`. Loading it through require keeps the real types.
const ipaddr = createRequire(import.meta.url)('ipaddr.js') as typeof IpaddrModule;

/** An IPv4 network: `base` is the first address as an unsigned 32-bit number. */
export interface Ipv4Cidr {
  /** The CIDR as written by the tool (normalised: `172.29.0.0/16`). */
  text: string;
  base: number;
  prefix: number;
  /** Number of addresses, `2^(32 - prefix)`. */
  size: number;
}

/** An inclusive IPv4 address range, for ranges that are not CIDRs (the L4LB VIP range). */
export interface Ipv4Range {
  first: number;
  last: number;
}

/** Why a CIDR string was refused; `null` from `parseIpv4Cidr` never happens, it returns this instead. */
export interface CidrProblem {
  problem: 'not-ipv4' | 'invalid' | 'not-strictly-masked';
  message: string;
}

/** True when `text` is a dotted-quad IPv4 address (no shorthand forms such as `10.1` or hex). */
export function isIpv4Address(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

/** The address as an unsigned 32-bit number. Throws TypeError for anything but a dotted-quad IPv4 address. */
export function ipv4ToNumber(text: string): number {
  if (!isIpv4Address(text)) throw new TypeError(`not an IPv4 address: ${JSON.stringify(text)}`);
  const [a, b, c, d] = ipaddr.IPv4.parse(text).octets as [number, number, number, number];
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

/** Dotted-quad text of an unsigned 32-bit address. */
export function numberToIpv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/**
 * Parses an IPv4 CIDR. With `strict` (the default, like Calico's IPPool validation and DC/OS's
 * `ip_network(strict=True)`), host bits must be zero. Returns a `CidrProblem` instead of throwing, because
 * callers report problems as findings.
 */
export function parseIpv4Cidr(text: string, options: { strict?: boolean } = {}): Ipv4Cidr | CidrProblem {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const address = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const prefixText = slash < 0 ? '32' : trimmed.slice(slash + 1);
  if (ipaddr.IPv6.isValid(address)) return { problem: 'not-ipv4', message: `${JSON.stringify(text)} is an IPv6 network` };
  if (!isIpv4Address(address) || !/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32) {
    return { problem: 'invalid', message: `${JSON.stringify(text)} is not an IPv4 CIDR (expected e.g. 172.29.0.0/16)` };
  }
  const prefix = Number(prefixText);
  const value = ipv4ToNumber(address);
  const size = 2 ** (32 - prefix);
  const base = value - (value % size);
  if (base !== value && options.strict !== false) {
    return {
      problem: 'not-strictly-masked',
      message: `${JSON.stringify(text)} has host bits set (the network is ${numberToIpv4(base)}/${prefix})`,
    };
  }
  return { text: `${numberToIpv4(base)}/${prefix}`, base, prefix, size };
}

/** Narrowing helper for the result of `parseIpv4Cidr`. */
export function isCidrProblem(value: Ipv4Cidr | CidrProblem): value is CidrProblem {
  return 'problem' in value;
}

/** Parses a CIDR the tool itself wrote or already validated; throws TypeError otherwise (a bug, not bad input). */
export function cidr(text: string): Ipv4Cidr {
  const parsed = parseIpv4Cidr(text);
  if (isCidrProblem(parsed)) throw new TypeError(parsed.message);
  return parsed;
}

/** The inclusive address range of a CIDR. */
export function cidrRange(network: Ipv4Cidr): Ipv4Range {
  return { first: network.base, last: network.base + network.size - 1 };
}

/** True when the two ranges share at least one address. */
export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** True when the two networks share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return rangesOverlap(cidrRange(a), cidrRange(b));
}

/** True when `address` (unsigned 32-bit) lies inside `network`. */
export function cidrContains(network: Ipv4Cidr, address: number): boolean {
  return address >= network.base && address < network.base + network.size;
}

/** Text of an inclusive range: a CIDR when it is one, else `first-last`. */
export function formatRange(range: Ipv4Range): string {
  const size = range.last - range.first + 1;
  const prefix = 32 - Math.log2(size);
  if (Number.isInteger(prefix) && range.first % size === 0) return `${numberToIpv4(range.first)}/${prefix}`;
  return `${numberToIpv4(range.first)}-${numberToIpv4(range.last)}`;
}
