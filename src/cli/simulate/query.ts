/**
 * `--query` strings: `<from> -> <to>[:<port>][/<protocol>]`, e.g. `bookstore-frontend -> bookstore-server:80/TCP`,
 * `web#0 -> external:8.8.8.8:53/UDP`, `a -> b/ICMP`. Sides are endpoint names, Marathon app ids, or
 * `external:<ip>` for a host outside Calico.
 */
import type { Protocol, ProtocolName } from '../../calico/types.js';
import { UsageError } from '../../errors.js';

/** A parsed query; `port` is required for TCP, UDP and SCTP. */
export interface ParsedQuery {
  text: string;
  from: string;
  to: string;
  protocol: Protocol;
  port?: number;
}

const PROTOCOLS: readonly ProtocolName[] = ['TCP', 'UDP', 'ICMP', 'ICMPv6', 'SCTP', 'UDPLite'];
const PORTED = new Set<Protocol>(['TCP', 'UDP', 'SCTP', 6, 17, 132]);
const EXAMPLE = 'Example: --query "bookstore-frontend -> bookstore-server:80/TCP"';

/**
 * Parses one query. Protocol names are Calico's, case-insensitive here (`tcp` is read as `TCP`), or a number
 * 1-255; the default is TCP. Throws UsageError naming what is wrong, with an example.
 */
export function parseQuery(text: string, defaults: { protocol?: Protocol; port?: number } = {}): ParsedQuery {
  const arrow = text.indexOf('->');
  if (arrow < 0) throw new UsageError(`--query ${JSON.stringify(text)} has no "->" between source and destination. ${EXAMPLE}`);
  const from = text.slice(0, arrow).trim();
  let rest = text.slice(arrow + 2).trim();
  if (from === '' || rest === '') throw new UsageError(`--query ${JSON.stringify(text)} needs a source and a destination. ${EXAMPLE}`);
  let protocol: Protocol = defaults.protocol ?? 'TCP';
  const slash = rest.lastIndexOf('/');
  // `external:…/…` never holds a slash, but app ids do (`/shop/web`): a protocol suffix is a known name or number.
  if (slash >= 0) {
    const parsed = parseProtocol(rest.slice(slash + 1));
    if (parsed !== undefined) {
      protocol = parsed;
      rest = rest.slice(0, slash).trim();
    }
  }
  let to = rest;
  let port: number | undefined = defaults.port;
  const portMatch = /:(\d+)$/.exec(rest);
  // `external:10.0.0.1` ends in digits after a colon only when a port follows the address.
  if (portMatch && !(rest.startsWith('external:') && rest.split(':').length === 2)) {
    port = Number(portMatch[1]);
    to = rest.slice(0, portMatch.index).trim();
    if (port < 1 || port > 65535) throw new UsageError(`--query ${JSON.stringify(text)}: port ${port} is not between 1 and 65535`);
  }
  if (to === '') throw new UsageError(`--query ${JSON.stringify(text)} needs a destination. ${EXAMPLE}`);
  if (port === undefined && PORTED.has(protocol)) {
    throw new UsageError(`--query ${JSON.stringify(text)} names no port; ${String(protocol)} queries need one. ${EXAMPLE}`);
  }
  const query: ParsedQuery = { text, from, to, protocol };
  if (port !== undefined && PORTED.has(protocol)) query.port = port;
  return query;
}

/** A protocol name (any case) or number 1-255; undefined when `text` is neither. */
export function parseProtocol(text: string): Protocol | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const number = Number(trimmed);
    return number >= 1 && number <= 255 ? number : undefined;
  }
  return PROTOCOLS.find((name) => name.toLowerCase() === trimmed.toLowerCase());
}

/** `bookstore-server:80/TCP` style text of a destination. */
export function formatTarget(to: string, protocol: Protocol, port: number | undefined): string {
  return `${to}${port !== undefined ? `:${port}` : ''}/${String(protocol)}`;
}
