/** Shared helpers of the emulator suites: a started emulator, a tiny JSON-over-fetch caller, the seed builder. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../src/emulator/index.js';
import { fixturePath } from '../../src/paths.js';

/** One HTTP answer, body parsed as JSON when it is JSON. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

/** A fixed clock: every call returns the same instant, so version timestamps advance 1 ms per change. */
export function fixedNow(iso = '2026-01-15T09:30:00.000Z'): () => number {
  const at = Date.parse(iso);
  return () => at;
}

/** Starts an emulator for one test file. */
export async function emulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  return startEmulator(options);
}

/** Calls the emulator: JSON bodies are serialised, answers parsed when they are JSON. */
export async function call(
  target: { url: string },
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const init: RequestInit = { method, headers: { 'Content-Type': 'application/json', ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${target.url}${path}`, init);
  const text = await response.text();
  let parsed: unknown = undefined;
  if ((response.headers.get('content-type') ?? '').includes('application/json') && text !== '') parsed = JSON.parse(text);
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** The submissions the seed cluster is built from, in submission order. */
export function seedSubmissions(): { file: string; kind: 'app' | 'pod'; definition: Record<string, unknown> }[] {
  const dir = fixturePath('cluster', 'submit');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const definition = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
      return { file, kind: Array.isArray(definition.containers) ? ('pod' as const) : ('app' as const), definition };
    });
}

/** Submits every seed definition to a fresh emulator with a fixed clock and returns `GET /v2/groups`. */
export async function buildSeedCluster(): Promise<unknown> {
  const server = await startEmulator({ now: fixedNow() });
  try {
    for (const { file, kind, definition } of seedSubmissions()) {
      const answer = await call(server, 'POST', kind === 'app' ? '/v2/apps' : '/v2/pods', definition);
      if (answer.status !== 201) throw new Error(`${file}: ${answer.status} ${answer.text}`);
    }
    return (await call(server, 'GET', '/v2/groups')).body;
  } finally {
    await server.close();
  }
}
