/**
 * IPv4/IPv6 addresses and CIDRs for rule matching. Parsing goes through ipaddr.js; addresses become bigints so that
 * both families share one containment test.
 */
import { createRequire } from 'node:module';

import type * as IpaddrModule from 'ipaddr.js';

// ipaddr.js is CommonJS with `export =`; loading it through require keeps its real types without esModuleInterop.
const ipaddr = createRequire(import.meta.url)('ipaddr.js') as typeof IpaddrModule;

export interface IpAddress {
  family: 4 | 6;
  value: bigint;
  text: string;
}

export interface Cidr {
  family: 4 | 6;
  /** Network address (host bits cleared). */
  base: bigint;
  prefix: number;
  /** As written. */
  text: string;
  /** False when host bits were set in the text (`10.0.0.1/8`). */
  strict: boolean;
}

function bitsOf(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

function toBigInt(bytes: number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function parsed(text: string): IpaddrModule.IPv4 | IpaddrModule.IPv6 | undefined {
  // Calico (Go net.ParseIP) accepts only four-part dotted decimal for IPv4, which ipaddr's strict parser checks.
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (ipaddr.IPv6.isValid(text)) {
    const v6 = ipaddr.IPv6.parse(text);
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
  }
  return undefined;
}

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const DOTTED_QUAD = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

/** Parses an IPv4 or IPv6 address; undefined when it is not one. */
export function parseIp(text: string): IpAddress | undefined {
  // Fast path for plain dotted quads (no leading zeros), the common case for 100,000 workload addresses.
  const quad = DOTTED_QUAD.exec(text);
  if (quad) {
    const value = ((Number(quad[1]) * 256 + Number(quad[2])) * 256 + Number(quad[3])) * 256 + Number(quad[4]);
    return { family: 4, value: BigInt(value), text };
  }
  const address = parsed(text);
  if (!address) return undefined;
  return { family: address.kind() === 'ipv4' ? 4 : 6, value: toBigInt(address.toByteArray()), text };
}

/** Parses `addr/len` (or a bare address as a host route when `allowBare`); undefined when invalid. */
export function parseCidr(text: string, options: { allowBare?: boolean } = {}): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) {
    if (!options.allowBare) return undefined;
    const ip = parseIp(text);
    return ip && { family: ip.family, base: ip.value, prefix: bitsOf(ip.family), text, strict: true };
  }
  const ip = parseIp(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(lengthText)) return undefined;
  const prefix = Number(lengthText);
  const bits = bitsOf(ip.family);
  if (prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const base = (ip.value >> hostBits) << hostBits;
  return { family: ip.family, base, prefix, text, strict: base === ip.value };
}

/** True when the address is inside the CIDR (same family). */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.family !== ip.family) return false;
  const hostBits = BigInt(bitsOf(cidr.family) - cidr.prefix);
  return (ip.value >> hostBits) << hostBits === cidr.base;
}

/** True when the CIDR covers its whole family (`0.0.0.0/0`, `::/0`). */
export function isCatchAll(cidr: Cidr): boolean {
  return cidr.prefix === 0;
}
