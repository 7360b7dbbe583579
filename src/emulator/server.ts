/**
 * The HTTP server: reads requests, applies the Admin Router layer (the `/service/marathon` prefix, token auth),
 * injects faults, dispatches to the Marathon routes or the `/_emulator/` admin hooks, counts requests, and writes
 * the answers. It logs nothing, so a token never leaves the process.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import { checkAuth, type AuthSettings } from './auth.js';
import type { EmulatorRequest, EmulatorResponse, EmulatorState } from './context.js';
import type { FaultInjector } from './faults.js';
import { MarathonHttpError } from './http-error.js';
import { matchRoute, NOT_EMULATED, ROUTES } from './routes.js';
import type { StatsCounter } from './stats.js';

/** Everything the server needs besides the request. */
export interface ServerParts {
  state: EmulatorState;
  stats: StatsCounter;
  auth: AuthSettings | undefined;
  faults: () => FaultInjector | undefined;
  /** The `/_emulator/` admin hooks; undefined when the path is not one. */
  admin: (request: EmulatorRequest) => Promise<EmulatorResponse> | undefined;
}

const PREFIXES = ['/service/marathon', '/marathon'];
/** Marathon sub-resources that the catch-all id routes would otherwise take for an app or group id. */
const SHADOWED_NOT_EMULATED = /^\/v2\/apps\/.+\/tasks(\/|$)|^\/v2\/groups\/.+\/(versions|apps)(\/|$)/;
const MAX_BODY = 16 * 1024 * 1024;

const BAD_GATEWAY_PAGE = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>openresty</center>
</body>
</html>
`;

const UI_PAGE = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>DC/OS</title></head>
<body><div id="application"></div><script src="/assets/index.js"></script></body>
</html>
`;

/** Creates (but does not start) the HTTP server. */
export function createEmulatorServer(parts: ServerParts): Server {
  const server = createServer((req, res) => {
    handle(req, res, parts).catch((error: unknown) => {
      // Only reached on a bug in a handler outside MarathonHttpError: answer like Marathon's generic 500.
      if (!res.headersSent) send(res, { status: 500, body: { message: String((error as Error)?.message ?? error) } });
    });
  });
  server.keepAliveTimeout = 5000;
  return server;
}

async function handle(req: IncomingMessage, res: ServerResponse, parts: ServerParts): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const rawBody = await readBody(req);
  let path = url.pathname;

  if (path.startsWith('/_emulator/')) {
    const request: EmulatorRequest = { method, path, query: url.searchParams, headers: req.headers, rawBody, params: [] };
    const answer = parts.admin(request);
    send(res, answer ? await answer : { status: 404, body: { message: `no admin hook ${method} ${path}` } });
    return;
  }

  for (const prefix of PREFIXES) {
    if (path === prefix) {
      send(res, { status: 301, headers: { Location: `${prefix}/${url.search}` }, body: '', contentType: 'text/html' });
      return;
    }
    if (path.startsWith(`${prefix}/`)) {
      path = path.slice(prefix.length);
      break;
    }
  }

  const matched = SHADOWED_NOT_EMULATED.test(path) ? undefined : matchRoute(method, path);
  const template = matched?.route.template ?? path;
  const count = (status: number | 'reset'): void => parts.stats.record(method, template, path, status);

  const injector = parts.faults();
  if (injector) {
    const delay = injector.latency();
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }
  const fault = injector?.decide(method) ?? { kind: 'none' as const };
  if (fault.kind === 'reset') {
    count('reset');
    req.socket.destroy();
    return;
  }

  let answer: EmulatorResponse;
  try {
    if (parts.auth) checkAuth(parts.auth, method, req.headers);
    if (fault.kind === '5xx') {
      throw new MarathonHttpError(503, { message: 'Emulated fault: Marathon is temporarily unavailable (leader election in progress)' });
    }
    if (fault.kind === 'html') throw new MarathonHttpError(502, BAD_GATEWAY_PAGE, { contentType: 'text/html' });
    if (fault.kind === 'html-ok') throw new MarathonHttpError(200, UI_PAGE, { contentType: 'text/html' });
    if (fault.kind === '409') {
      throw new MarathonHttpError(409, {
        message: "App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/00000000-0000-4000-8000-000000000409'.",
        deployments: [{ id: '00000000-0000-4000-8000-000000000409' }],
      });
    }
    if (matched && rawBody !== '' && !acceptsContentType(req.headers['content-type'])) {
      // Marathon's resources consume application/json only; JAX-RS answers anything else with 415.
      throw new MarathonHttpError(415, { message: 'HTTP 415 Unsupported Media Type' });
    }
    answer = dispatch(method, path, url.searchParams, req, rawBody, matched, parts.state);
  } catch (error) {
    if (!(error instanceof MarathonHttpError)) throw error;
    answer = { status: error.status, body: error.body, headers: { ...error.headers }, contentType: error.contentType };
  }
  if (fault.kind === 'reset-after') {
    count('reset');
    req.socket.destroy();
    return;
  }
  count(answer.status);
  send(res, answer);
}

function dispatch(
  method: string,
  path: string,
  query: URLSearchParams,
  req: IncomingMessage,
  rawBody: string,
  matched: ReturnType<typeof matchRoute>,
  state: EmulatorState,
): EmulatorResponse {
  if (!matched) {
    if (NOT_EMULATED.test(path)) {
      return { status: 501, body: { message: `The Marathon emulator does not implement ${method} ${path}` } };
    }
    if (ROUTES.some((route) => route.pattern.test(path))) {
      return { status: 405, body: { message: 'HTTP 405 Method Not Allowed' } };
    }
    return { status: 500, body: { message: 'URI not found' } };
  }
  const request: EmulatorRequest = { method, path, query, headers: req.headers, rawBody, params: matched.params.map(safeDecode) };
  return matched.route.handler(request, state);
}

function acceptsContentType(contentType: string | undefined): boolean {
  return contentType === undefined || /^application\/(json|[\w.+-]*\+json)\s*(;|$)/i.test(contentType.trim());
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: EmulatorResponse): void {
  const headers: Record<string, string> = { ...answer.headers };
  let payload = '';
  if (answer.body !== undefined) {
    const contentType = answer.contentType ?? 'application/json';
    payload = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    headers['Content-Type'] = contentType.includes('charset') ? contentType : `${contentType}; charset=utf-8`;
  }
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(answer.status, headers);
  res.end(payload);
}
