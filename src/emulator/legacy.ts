/**
 * Marathon's translation of the 1.4 networking API into the canonical one (marathon-api.md §4.3). The network part
 * (`ipAddress`, `container.docker.network`, `container.docker.portMappings`, `ipAddress.discovery.ports`) is the
 * core's `normaliseLegacyApp`, shared with the migration rules so the emulator and the rewriter agree; this module
 * adds the non-network legacy fields (`ports`, `uris`) and turns a refusal into Marathon's HTTP answer. Old-API
 * validation (with Marathon's exact paths) has already run.
 */

import { normaliseLegacyApp } from '../core/index.js';
import type { MarathonConfig } from './app-normalise.js';
import { internalError, objectNotValid, type MarathonHttpError } from './http-error.js';
import type { JsonObject } from './json.js';

/** Translates a complete app. Throws 500 for an unsupported docker network, 422 for other refusals. */
export function translateLegacyApp(app: JsonObject, config: MarathonConfig): JsonObject {
  return translate(app, config);
}

/** Translates an AppUpdate: the same rules, applied to the fields the update names. */
export function translateLegacyAppUpdate(update: JsonObject, config: MarathonConfig): JsonObject {
  return translate(update, config);
}

function translate(input: JsonObject, config: MarathonConfig): JsonObject {
  const result = normaliseLegacyApp(input, { mesosBridgeName: config.mesosBridgeName });
  if (result.rejected) throw refusal(result.warnings[0]?.pointer ?? '', result.warnings[0]?.message ?? 'invalid legacy definition');
  const app = result.app;
  if (Array.isArray(app.ports)) {
    if (!Array.isArray(app.portDefinitions) || app.portDefinitions.length === 0) {
      app.portDefinitions = (app.ports as number[]).map((port) => ({ port, protocol: 'tcp' }));
    }
    delete app.ports;
  }
  if (Array.isArray(app.uris)) {
    if (!Array.isArray(app.fetch) || app.fetch.length === 0) {
      app.fetch = (app.uris as string[]).map((uri) => ({ uri, extract: true, executable: false, cache: false }));
    }
    delete app.uris;
  }
  return app;
}

/** Marathon's answer to a legacy form it refuses: NormalizationException (500) or a validation failure (422). */
function refusal(pointer: string, message: string): MarathonHttpError {
  const text = message.replace(/^Marathon rejects this legacy network definition: /, '').replace(/^\/[^:]*: /, '');
  if (text.startsWith('unsupported docker network type')) return internalError(text);
  const path = pointer === '' ? '/' : pointer.replace(/\/(\d+)(?=\/|$)/g, '($1)');
  return objectNotValid([{ path, message: text }]);
}
