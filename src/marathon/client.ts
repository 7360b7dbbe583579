/**
 * The Marathon REST client: the project's only axios user. Every answer is checked against a schema
 * (`./schema.ts`); every failure becomes a `MarathonApiError` with status, method, path and Marathon's own message
 * and details. Idempotent calls (GET, PUT of a definition) are retried with exponential backoff and jitter on
 * transport errors and 5xx; POST and DELETE never are. A 409 lock is answered by waiting for the blocking deployment
 * — this client never sends `force=true` unless the caller asks. The token is sent as `Authorization: token=<token>`
 * and is scrubbed from every message the client produces.
 */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';

import axios, { type AxiosInstance, type AxiosResponse, isAxiosError } from 'axios';

import { MarathonApiError, UsageError } from '../errors.js';
import type { ClusterAccess } from './dcos-config.js';
import {
  AppEnvelope,
  AppList,
  DeploymentList,
  DeploymentResult,
  MarathonGroup,
  MarathonInfo,
  MarathonPod,
  type MarathonApp,
  type MarathonDeployment,
  type ResponseSchema,
} from './schema.js';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';

/** Counters of what the client sent, for logs and benchmarks. */
export interface ClientStats {
  /** Requests sent, retries included. */
  requests: number;
  retries: number;
  byMethod: Record<string, number>;
  /** Milliseconds spent waiting for answers, summed over requests. */
  waitMs: number;
}

/** A retry about to happen, for log lines (never contains the token). */
export interface RetryNotice {
  method: HttpMethod;
  path: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface MarathonClientOptions {
  /** Marathon's base URL, e.g. `https://dcos.example.com/service/marathon`. */
  baseUrl: string;
  /** DC/OS ACS token; sent as `Authorization: token=<token>`, never printed. */
  token?: string | undefined;
  /** Verify the server certificate (default true). */
  verifyTls?: boolean;
  /** PEM CA bundle path to verify with. */
  caPath?: string | undefined;
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs?: number;
  /** Retries of idempotent calls (default 4). */
  retries?: number;
  /** First backoff step in ms (default 250); doubles per attempt, capped at `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How often to poll `/v2/deployments` while waiting for a lock (default 1 s). */
  lockPollMs?: number;
  /** Called before each retry, for log lines. */
  onRetry?: (notice: RetryNotice) => void;
  /** Source of randomness for jitter (tests pass a fixed one). */
  random?: () => number;
}

export interface ChangeOptions {
  /** Override deployment locks (`force=true`). Only when the user asked for it. */
  force?: boolean;
  /**
   * What to do when Marathon answers 409 (locked by a deployment): `wait` (default) waits for the blocking
   * deployments to finish, up to `lockTimeoutMs`, then repeats the call; `throw` hands the 409 to the caller.
   */
  onLocked?: 'wait' | 'throw';
  /** Default 10 minutes. */
  lockTimeoutMs?: number;
}

export interface PutAppOptions extends ChangeOptions {
  /** Marathon's `partialUpdate` (default true: top-level fields of the body replace the stored ones). */
  partialUpdate?: boolean;
}

export interface PodChangeResult {
  deploymentId: string;
  pod: MarathonPod;
}

/** A typed Marathon API. Methods reject with MarathonApiError (or UsageError for an unreadable CA file). */
export interface MarathonClient {
  readonly baseUrl: string;
  readonly stats: ClientStats;
  info(): Promise<MarathonInfo>;
  /** `GET /v2/groups` with groups, apps and pods embedded: the whole tree. */
  groups(): Promise<MarathonGroup>;
  apps(): Promise<MarathonApp[]>;
  getApp(id: string): Promise<MarathonApp>;
  putApp(id: string, body: Record<string, unknown>, options?: PutAppOptions): Promise<DeploymentResult>;
  getPod(id: string): Promise<MarathonPod>;
  putPod(id: string, pod: Record<string, unknown>, options?: ChangeOptions): Promise<PodChangeResult>;
  deployments(): Promise<MarathonDeployment[]>;
  /**
   * Cancels a deployment. Without `force` Marathon rolls the change back and answers with the rollback's
   * deployment; with `force` it only cancels (202, no body) and the result is undefined.
   */
  deleteDeployment(id: string, options?: { force?: boolean }): Promise<DeploymentResult | undefined>;
  /** Polls `/v2/deployments` until none of `ids` is listed; rejects with MarathonApiError (status 409) on timeout. */
  waitForDeployments(ids: readonly string[], timeoutMs: number): Promise<void>;
  /** Frees sockets. */
  close(): void;
}

/** Builds client options from discovered cluster access. */
export function clientOptionsFromAccess(access: ClusterAccess): MarathonClientOptions {
  return {
    baseUrl: access.marathonUrl,
    token: access.token,
    verifyTls: access.tls.verify,
    caPath: access.tls.caPath,
    timeoutMs: access.requestTimeout * 1000,
  };
}

/** Creates a client. Throws UsageError when the CA bundle cannot be read. */
export function createMarathonClient(options: MarathonClientOptions): MarathonClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const token = options.token;
  const retries = options.retries ?? 4;
  const backoffMs = options.backoffMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 8000;
  const lockPollMs = options.lockPollMs ?? 1000;
  const random = options.random ?? Math.random;
  const stats: ClientStats = { requests: 0, retries: 0, byMethod: {}, waitMs: 0 };

  let ca: Buffer | undefined;
  if (options.caPath) {
    try {
      ca = readFileSync(options.caPath);
    } catch (error) {
      throw new UsageError(`cannot read the CA bundle ${options.caPath}: ${(error as Error).message}`);
    }
  }
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64, rejectUnauthorized: options.verifyTls !== false, ...(ca ? { ca } : {}) });
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  if (token) headers['Authorization'] = `token=${token}`;
  const axiosInstance: AxiosInstance = axios.create({
    baseURL: baseUrl,
    timeout: options.timeoutMs ?? 30_000,
    headers,
    httpAgent,
    httpsAgent,
    // Redirects are reported, not followed: following one could carry the token to another host.
    maxRedirects: 0,
    proxy: false,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
  });

  /** Removes the token from any text that leaves this module. */
  function redact(text: string): string {
    return token ? text.split(token).join('***') : text;
  }

  async function send(method: HttpMethod, path: string, body: unknown, idempotent: boolean): Promise<AxiosResponse<string>> {
    for (let attempt = 0; ; attempt++) {
      stats.requests++;
      stats.byMethod[method] = (stats.byMethod[method] ?? 0) + 1;
      const started = performance.now();
      let response: AxiosResponse<string> | undefined;
      let transportError: unknown;
      try {
        response = await axiosInstance.request<string>({ method, url: path, data: body === undefined ? undefined : JSON.stringify(body) });
      } catch (error) {
        transportError = error;
      } finally {
        stats.waitMs += performance.now() - started;
      }
      const retryable = response ? isRetryableStatus(response.status) : isRetryableTransportError(transportError);
      if (!idempotent || !retryable || attempt >= retries) {
        if (response) return response;
        throw transportFailure(method, path, transportError);
      }
      const delayMs = backoffDelay(attempt, response);
      stats.retries++;
      options.onRetry?.({
        method,
        path,
        attempt: attempt + 1,
        delayMs,
        reason: response ? `HTTP ${response.status}` : redact(describeTransportError(transportError)),
      });
      await sleep(delayMs);
    }
  }

  function backoffDelay(attempt: number, response: AxiosResponse<string> | undefined): number {
    const retryAfter = Number(response?.headers['retry-after']);
    if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.min(retryAfter * 1000, maxBackoffMs);
    // "Equal jitter": half the exponential step is fixed, half random, so clients never retry in lock-step.
    const step = Math.min(maxBackoffMs, backoffMs * 2 ** attempt);
    return step / 2 + random() * (step / 2);
  }

  function transportFailure(method: HttpMethod, path: string, error: unknown): MarathonApiError {
    const reason = redact(describeTransportError(error));
    const cause = new Error(reason);
    return new MarathonApiError({ status: undefined, method, path, message: `${reason} (${baseUrl})` }, { cause });
  }

  /** Parses a JSON answer and checks it against `schema`; anything else is a MarathonApiError. */
  function expectJson<T>(method: HttpMethod, path: string, response: AxiosResponse<string>, schema: ResponseSchema<T>): T {
    const parsed = parseBody(response);
    if (response.status < 200 || response.status >= 300) throw apiError(method, path, response, parsed);
    if (parsed.kind !== 'json') throw notJson(method, path, response, parsed);
    if (!schema.validate(parsed.value)) {
      const problem = schema.validate.errors?.[0];
      const where = problem ? `${problem.instancePath || '/'} ${problem.message ?? ''}` : '';
      throw new MarathonApiError({
        status: response.status,
        method,
        path,
        message: `unexpected answer: expected ${schema.name}, got something else (${where.trim()})`,
        details: schema.validate.errors,
      });
    }
    return parsed.value;
  }

  function notJson(method: HttpMethod, path: string, response: AxiosResponse<string>, parsed: ParsedBody): MarathonApiError {
    const contentType = String(response.headers['content-type'] ?? 'no content type');
    const what = parsed.kind === 'html' ? `an HTML page${parsed.title ? ` ("${parsed.title}")` : ''}` : `${contentType} text`;
    return new MarathonApiError({
      status: response.status,
      method,
      path,
      message: redact(
        `expected JSON from Marathon but got ${what}. Check that the URL points at Marathon (e.g. https://<cluster>/service/marathon), not at a login page or proxy`,
      ),
      details: redact(parsed.excerpt),
    });
  }

  function apiError(method: HttpMethod, path: string, response: AxiosResponse<string>, parsed: ParsedBody): MarathonApiError {
    const status = response.status;
    const body = parsed.kind === 'json' && isRecord(parsed.value) ? parsed.value : undefined;
    let message = typeof body?.['message'] === 'string' ? body['message'] : '';
    let details: unknown = body?.['details'] ?? body?.['deployments'] ?? body?.['errors'];
    if (status === 401) {
      message = `not authenticated${message ? ` (${message})` : ''}: set DCOS_ACS_TOKEN or run \`dcos auth login\` for the attached cluster`;
    } else if (status === 403 && !/deployments/i.test(message)) {
      message = `not authorised${message ? ` (${message})` : ''}: the token's account may not change these apps`;
    } else if (status >= 300 && status < 400) {
      message = `Marathon answered with a redirect to ${String(response.headers['location'] ?? '?')}; use that URL with --marathon`;
    } else if (parsed.kind === 'html') {
      message = `expected JSON from Marathon but got an HTML page${parsed.title ? ` ("${parsed.title}")` : ''}: a proxy or login page answered, not Marathon`;
    } else if (!message) {
      message = parsed.excerpt || 'no message';
    }
    if (details === undefined && parsed.kind !== 'json' && parsed.excerpt) details = parsed.excerpt;
    return new MarathonApiError({
      status,
      method,
      path,
      message: redact(message),
      details: typeof details === 'string' ? redact(details) : details,
    });
  }

  async function call<T>(method: HttpMethod, path: string, schema: ResponseSchema<T>, body?: unknown): Promise<T> {
    const response = await send(method, path, body, method === 'GET' || method === 'PUT');
    return expectJson(method, path, response, schema);
  }

  async function change<T>(method: HttpMethod, path: string, body: unknown, options: ChangeOptions, handle: (response: AxiosResponse<string>) => T): Promise<T> {
    const deadline = Date.now() + (options.lockTimeoutMs ?? 600_000);
    for (;;) {
      const response = await send(method, path, body, method === 'PUT');
      if (response.status === 409 && options.onLocked !== 'throw' && !options.force) {
        const blockers = lockingDeployments(parseBody(response));
        if (blockers.length > 0 && Date.now() < deadline) {
          await waitForDeployments(blockers, deadline - Date.now());
          continue;
        }
      }
      return handle(response);
    }
  }

  async function deployments(): Promise<MarathonDeployment[]> {
    return call('GET', '/v2/deployments', DeploymentList);
  }

  async function waitForDeployments(ids: readonly string[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const wanted = new Set(ids);
    for (;;) {
      const running = await deployments();
      const still = running.filter((deployment) => wanted.has(deployment.id));
      if (still.length === 0) return;
      if (Date.now() + lockPollMs > deadline) {
        throw new MarathonApiError({
          status: 409,
          method: 'GET',
          path: '/v2/deployments',
          message: `still locked after ${Math.round(timeoutMs / 1000)} s by deployment ${still.map((d) => d.id).join(', ')}`,
          details: still.map((d) => ({ id: d.id })),
        });
      }
      await sleep(lockPollMs);
    }
  }

  function query(options: ChangeOptions, extra: Record<string, string> = {}): string {
    const params = new URLSearchParams(extra);
    if (options.force) params.set('force', 'true');
    const text = params.toString();
    return text ? `?${text}` : '';
  }

  return {
    baseUrl,
    stats,
    info: () => call('GET', '/v2/info', MarathonInfo),
    groups: () => call('GET', '/v2/groups?embed=group.groups&embed=group.apps&embed=group.pods', MarathonGroup),
    apps: async () => (await call('GET', '/v2/apps', AppList)).apps,
    getApp: async (id) => (await call('GET', `/v2/apps${idPath(id)}`, AppEnvelope)).app,
    putApp: (id, body, options = {}) => {
      const path = `/v2/apps${idPath(id)}${query(options, options.partialUpdate === false ? { partialUpdate: 'false' } : {})}`;
      return change('PUT', path, body, options, (response) => expectJson('PUT', path, response, DeploymentResult));
    },
    getPod: (id) => call('GET', `/v2/pods${idPath(id)}`, MarathonPod),
    putPod: (id, pod, options = {}) => {
      const path = `/v2/pods${idPath(id)}${query(options)}`;
      return change('PUT', path, pod, options, (response) => {
        const result = expectJson('PUT', path, response, MarathonPod);
        const deploymentId = String(response.headers['marathon-deployment-id'] ?? '');
        if (!deploymentId) {
          throw new MarathonApiError({ status: response.status, method: 'PUT', path, message: 'the answer has no Marathon-Deployment-Id header' });
        }
        return { deploymentId, pod: result };
      });
    },
    deployments,
    deleteDeployment: async (id, options = {}) => {
      const path = `/v2/deployments/${encodeURIComponent(id)}${options.force ? '?force=true' : ''}`;
      const response = await send('DELETE', path, undefined, false);
      if (options.force && response.status === 202) return undefined;
      return expectJson('DELETE', path, response, DeploymentResult);
    },
    waitForDeployments,
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/** The deployment ids a 409 names (`{"deployments":[{"id":...}]}`), or none for other conflicts. */
export function lockingDeployments(parsed: { kind: string; value?: unknown }): string[] {
  if (parsed.kind !== 'json' || !isRecord(parsed.value)) return [];
  const list = parsed.value['deployments'];
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => (isRecord(entry) && typeof entry['id'] === 'string' ? [entry['id']] : []));
}

/** The ids of the deployments that lock an item, from a MarathonApiError with status 409. */
export function lockingDeploymentIds(error: MarathonApiError): string[] {
  if (error.status !== 409 || !Array.isArray(error.details)) return [];
  return lockingDeployments({ kind: 'json', value: { deployments: error.details } });
}

/** `/bookstore/server` -> `/bookstore/server` with each segment URL-encoded. */
function idPath(id: string): string {
  const segments = id.split('/').filter((segment) => segment !== '');
  if (segments.length === 0) throw new UsageError(`not a Marathon id: ${JSON.stringify(id)}`);
  return `/${segments.map(encodeURIComponent).join('/')}`;
}

interface ParsedBody {
  kind: 'json' | 'html' | 'text' | 'empty';
  value?: unknown;
  title?: string;
  /** The first characters of a non-JSON body, whitespace collapsed. */
  excerpt: string;
}

function parseBody(response: AxiosResponse<string>): ParsedBody {
  const text = typeof response.data === 'string' ? response.data : '';
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty', excerpt: '' };
  const contentType = String(response.headers['content-type'] ?? '');
  const excerpt = trimmed.replace(/\s+/g, ' ').slice(0, 200);
  if (/html/i.test(contentType) || /^<(!doctype|html|head|body)/i.test(trimmed)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
    return title ? { kind: 'html', title, excerpt } : { kind: 'html', excerpt };
  }
  try {
    return { kind: 'json', value: JSON.parse(trimmed), excerpt };
  } catch {
    return { kind: 'text', excerpt };
  }
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

const retryableCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ENETUNREACH', 'EAI_AGAIN', 'ERR_BAD_RESPONSE']);

function isRetryableTransportError(error: unknown): boolean {
  if (!isAxiosError(error)) return false;
  return retryableCodes.has(error.code ?? '') || /socket hang up/i.test(error.message);
}

function describeTransportError(error: unknown): string {
  if (isAxiosError(error)) {
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') return `no answer in time (${error.message})`;
    if (error.code === 'ECONNREFUSED') return 'connection refused: is Marathon running at that address?';
    if (/self[- ]signed|certificate|CERT_/i.test(`${error.code ?? ''} ${error.message}`)) {
      return `TLS verification failed (${error.message}); pass --ca-cert with the cluster's CA, or --insecure`;
    }
    return `${error.code ?? 'network error'}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
