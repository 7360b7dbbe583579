/**
 * Service port assignment as Marathon does it when a change is applied: a `port: 0` (host networking) or
 * `servicePort: 0` (port mappings) gets a service port from `local_port_min..local_port_max` (10000-20000). An app
 * first gets back the ports its previous definition had, in order, so re-submitting a definition with dynamic
 * ports does not move them; other ports are the lowest free ones in the range.
 */

import { isObject, type JsonObject } from './json.js';

const PORT_MIN = 10000;
const PORT_MAX = 20000;

/** The service ports of a stored app, in order. */
export function servicePortsOf(app: JsonObject | undefined): number[] {
  if (!app) return [];
  if (Array.isArray(app.portDefinitions)) {
    return (app.portDefinitions as JsonObject[]).map((definition) => Number(definition.port ?? 0));
  }
  const container = isObject(app.container) ? app.container : undefined;
  if (container && Array.isArray(container.portMappings)) {
    return (container.portMappings as JsonObject[]).map((mapping) => Number(mapping.servicePort ?? 0));
  }
  return [];
}

/**
 * Returns `next` (or, when it has dynamic ports, a copy) with every dynamic service port assigned. `isTaken` says whether a port is in use elsewhere (by
 * other apps, or given out earlier in the same change); every port handed out here is passed to `claim`. Throws when
 * the range is exhausted (Marathon answers that with an error too).
 */
export function assignServicePorts(
  next: JsonObject,
  previous: JsonObject | undefined,
  isTaken: (port: number) => boolean,
  claim: (port: number) => void,
): JsonObject {
  const explicit = servicePortsOf(next).filter((port) => port !== 0);
  const reusable = servicePortsOf(previous).filter((port) => port >= PORT_MIN && port <= PORT_MAX && !explicit.includes(port));
  const nextFree = (): number => {
    const reused = reusable.shift();
    let port = reused;
    for (let candidate = PORT_MIN; port === undefined && candidate <= PORT_MAX; candidate++) {
      if (!isTaken(candidate) && !explicit.includes(candidate)) port = candidate;
    }
    if (port === undefined) throw new Error(`all service ports ${PORT_MIN}-${PORT_MAX} are taken`);
    claim(port);
    return port;
  };
  if (!servicePortsOf(next).includes(0)) return next;
  // A new object: `next` may be a stored definition, which is never edited in place.
  const result: JsonObject = { ...next };
  if (Array.isArray(next.portDefinitions)) {
    result.portDefinitions = (next.portDefinitions as JsonObject[]).map((definition) =>
      definition.port === 0 ? { ...definition, port: nextFree() } : definition,
    );
  }
  const container = isObject(next.container) ? next.container : undefined;
  if (container && Array.isArray(container.portMappings)) {
    result.container = {
      ...container,
      portMappings: (container.portMappings as JsonObject[]).map((mapping) =>
        mapping.servicePort === 0 ? { ...mapping, servicePort: nextFree() } : mapping,
      ),
    };
  }
  return result;
}
