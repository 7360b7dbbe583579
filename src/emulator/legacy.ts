/**
 * Marathon's translation of the 1.4 networking API into the canonical one (marathon-api.md §4.3): `ipAddress`,
 * `container.docker.network`, `container.docker.portMappings`, `ipAddress.discovery.ports`, `ports` and `uris`.
 * The output never carries a legacy field. Old-API validation has already run.
 */

import type { MarathonConfig } from './app-normalise.js';
import { internalError, objectNotValid } from './http-error.js';
import { isObject, type JsonObject } from './json.js';

/** Translates a complete app. Throws 500 for an unsupported docker network, 422 for doubled port mappings. */
export function translateLegacyApp(app: JsonObject, config: MarathonConfig): JsonObject {
  return translate(app, config);
}

/** Translates an AppUpdate: the same rules, applied only to the fields the update names. */
export function translateLegacyAppUpdate(update: JsonObject, config: MarathonConfig): JsonObject {
  return translate(update, config);
}

function translate(input: JsonObject, config: MarathonConfig): JsonObject {
  const app: JsonObject = { ...input };
  const ipAddress = isObject(app.ipAddress) ? app.ipAddress : undefined;
  delete app.ipAddress;
  let container = isObject(app.container) ? { ...app.container } : undefined;
  const docker = container && isObject(container.docker) ? { ...container.docker } : undefined;
  if (container && docker) container.docker = docker;

  if (container && docker && Array.isArray(docker.portMappings)) {
    const own = Array.isArray(container.portMappings) ? container.portMappings : [];
    if (own.length > 0 && docker.portMappings.length > 0) {
      throw objectNotValid([{ path: '/container', message: 'cannot specify both container.portMappings and container.docker.portMappings' }]);
    }
    if (docker.portMappings.length > 0 || !('portMappings' in container)) container.portMappings = docker.portMappings;
    delete docker.portMappings;
  }

  const dockerNetwork = typeof docker?.network === 'string' ? docker.network : undefined;
  if (docker) delete docker.network;
  if (ipAddress || dockerNetwork !== undefined) {
    app.networks = legacyNetworks(ipAddress, dockerNetwork, config);
  }
  if (ipAddress && !container) container = { type: 'MESOS' };

  const discovery = ipAddress && isObject(ipAddress.discovery) ? ipAddress.discovery : undefined;
  if (discovery && Array.isArray(discovery.ports) && discovery.ports.length > 0 && container) {
    if (container.type === 'DOCKER') {
      throw objectNotValid([{ path: '/ipAddress', message: 'ipAddress.discovery.ports do not apply for container type DOCKER' }]);
    }
    if (Array.isArray(container.portMappings) && container.portMappings.length > 0) {
      throw objectNotValid([{ path: '/', message: 'ipAddress.discovery.ports and container.portMappings may not both be set' }]);
    }
    container.portMappings = (discovery.ports as JsonObject[]).map((port) => {
      const mapping: JsonObject = { containerPort: port.number ?? 0 };
      if (port.name !== undefined) mapping.name = port.name;
      if (port.protocol !== undefined) mapping.protocol = port.protocol;
      if (isObject(port.labels)) mapping.labels = port.labels;
      return mapping;
    });
  }
  if (container) app.container = container;

  if (Array.isArray(app.ports)) {
    if (!Array.isArray(app.portDefinitions) || app.portDefinitions.length === 0) {
      app.portDefinitions = (app.ports as number[]).map((port) => ({ port, protocol: 'tcp' }));
    }
    delete app.ports;
  }
  if (Array.isArray(app.uris)) {
    const fetch = Array.isArray(app.fetch) ? app.fetch : [];
    if (fetch.length === 0) {
      app.fetch = (app.uris as string[]).map((uri) => ({ uri, extract: true, executable: false, cache: false }));
    }
    delete app.uris;
  }
  return app;
}

function legacyNetworks(ipAddress: JsonObject | undefined, dockerNetwork: string | undefined, config: MarathonConfig): JsonObject[] {
  const labels = ipAddress && isObject(ipAddress.labels) && Object.keys(ipAddress.labels).length > 0 ? ipAddress.labels : undefined;
  const withLabels = (network: JsonObject): JsonObject => (labels ? { ...network, labels } : network);
  const networkName = typeof ipAddress?.networkName === 'string' && ipAddress.networkName !== '' ? ipAddress.networkName : undefined;
  switch (dockerNetwork) {
    case 'USER':
      return [withLabels(networkName === undefined ? { mode: 'container' } : { mode: 'container', name: networkName })];
    case 'BRIDGE':
      return [withLabels({ mode: 'container/bridge' })];
    case 'HOST':
      return [{ mode: 'host' }];
    case undefined:
      if (networkName !== undefined && networkName === config.mesosBridgeName) return [withLabels({ mode: 'container/bridge' })];
      return [withLabels(networkName === undefined ? { mode: 'container' } : { mode: 'container', name: networkName })];
    default:
      throw internalError(`unsupported docker network type ${dockerNetwork}`);
  }
}
