/**
 * What every route handler sees: the request, and the emulator's state, deployments and configuration.
 */

import type { IncomingHttpHeaders } from 'node:http';

import type { MarathonConfig } from './app-normalise.js';
import type { VersionClock } from './clock.js';
import type { DeploymentManager } from './deployments.js';
import { MarathonHttpError } from './http-error.js';
import type { ClusterStore } from './store.js';

/** A parsed request. */
export interface EmulatorRequest {
  method: string;
  /** Path without the `/service/marathon` prefix and without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Route parameters captured by the route pattern. */
  params: string[];
}

/** A response to send. `body` undefined sends no body; a string is sent as is. */
export interface EmulatorResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  contentType?: string;
}

/** The shared emulator state. */
export interface EmulatorState {
  store: ClusterStore;
  deployments: DeploymentManager;
  config: MarathonConfig;
  clock: VersionClock;
}

/** A route handler. */
export type Handler = (request: EmulatorRequest, state: EmulatorState) => EmulatorResponse;

/**
 * Parses the request body as JSON the way Marathon's readers do: an empty body is 400 "Please specify data in JSON
 * format", malformed text is 400 "Invalid JSON" with the parser's message as a string in `details`.
 */
export function jsonBody(request: EmulatorRequest): unknown {
  if (request.rawBody.trim() === '') {
    throw new MarathonHttpError(400, {
      message: 'Please specify data in JSON format',
      details: 'No content to map due to end-of-input',
    });
  }
  try {
    return JSON.parse(request.rawBody) as unknown;
  } catch (error) {
    throw new MarathonHttpError(400, { message: 'Invalid JSON', details: (error as Error).message });
  }
}

/** A boolean query parameter with Marathon's default. */
export function queryFlag(request: EmulatorRequest, name: string, fallback: boolean): boolean {
  const value = request.query.get(name);
  if (value === null || value === '') return fallback;
  return value.toLowerCase() === 'true';
}

/** The JSON answer of an accepted change: `{deploymentId, version}` plus the `Marathon-Deployment-Id` header. */
export function deploymentAnswer(status: number, result: { deploymentId: string; version: string }, headers: Record<string, string> = {}): EmulatorResponse {
  return {
    status,
    body: { deploymentId: result.deploymentId, version: result.version },
    headers: { 'Marathon-Deployment-Id': result.deploymentId, ...headers },
  };
}
