/**
 * Fault injection for rehearsing bad days. A spec is a comma-separated list of `key=value`:
 *
 * - `latency=MS` or `latency=MIN-MAX`: delay before every answer (uniform in the range)
 * - `5xx=P`: answer 503 `{"message":...}` with probability P
 * - `html=P`: answer 502 with an Admin Router HTML error page (JSON expected, HTML received)
 * - `html-ok=P`: answer 200 with an HTML page (a proxy or the DC/OS UI answering instead of Marathon)
 * - `reset=P`: destroy the connection before the request is processed (nothing changes)
 * - `reset-after=P`: process the request, then destroy the connection instead of answering (the change happened)
 * - `409=P`: answer writes (POST/PUT/PATCH/DELETE) with Marathon's deployment-lock 409
 * - `seed=N`: seed of the deterministic random source (default 1)
 * - `after=N`: leave the first N requests alone
 * - `methods=GET+PUT`: only requests with these methods are eligible
 *
 * Probabilities are in [0, 1]. The same seed and the same request sequence give the same faults.
 */

import { UsageError } from '../errors.js';

/** A parsed fault spec. */
export interface FaultSpec {
  latencyMs: readonly [number, number];
  serverError: number;
  html: number;
  htmlOk: number;
  reset: number;
  resetAfter: number;
  conflict: number;
  seed: number;
  after: number;
  methods: readonly string[] | undefined;
}

/** What to do with one request. */
export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'reset' }
  | { kind: 'reset-after' }
  | { kind: '5xx' }
  | { kind: 'html' }
  | { kind: 'html-ok' }
  | { kind: '409' };

/** The spec with no faults. */
export const NO_FAULTS: FaultSpec = {
  latencyMs: [0, 0],
  serverError: 0,
  html: 0,
  htmlOk: 0,
  reset: 0,
  resetAfter: 0,
  conflict: 0,
  seed: 1,
  after: 0,
  methods: undefined,
};

/** Parses a fault spec string. Throws UsageError naming the bad entry, with an example. */
export function parseFaultSpec(text: string): FaultSpec {
  const spec: { -readonly [K in keyof FaultSpec]: FaultSpec[K] } = { ...NO_FAULTS };
  for (const entry of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([a-z0-9-]+)=(.+)$/.exec(entry);
    if (!match) throw faultError(text, `expected key=value, got ${JSON.stringify(entry)}`);
    const [, key, value] = match as unknown as [string, string, string];
    switch (key) {
      case 'latency': {
        const range = /^(\d+)(?:-(\d+))?$/.exec(value);
        if (!range) throw faultError(text, `latency takes MS or MIN-MAX milliseconds, got ${JSON.stringify(value)}`);
        const min = Number(range[1]);
        const max = range[2] === undefined ? min : Number(range[2]);
        if (max < min) throw faultError(text, `latency range ${value} has MAX below MIN`);
        spec.latencyMs = [min, max];
        break;
      }
      case '5xx':
        spec.serverError = probability(text, key, value);
        break;
      case 'html':
        spec.html = probability(text, key, value);
        break;
      case 'html-ok':
        spec.htmlOk = probability(text, key, value);
        break;
      case 'reset':
        spec.reset = probability(text, key, value);
        break;
      case 'reset-after':
        spec.resetAfter = probability(text, key, value);
        break;
      case '409':
        spec.conflict = probability(text, key, value);
        break;
      case 'seed':
      case 'after': {
        if (!/^\d+$/.test(value)) throw faultError(text, `${key} takes a non-negative integer, got ${JSON.stringify(value)}`);
        spec[key] = Number(value);
        break;
      }
      case 'methods':
        spec.methods = value.split('+').map((method) => method.toUpperCase());
        break;
      default:
        throw faultError(text, `unknown fault ${JSON.stringify(key)}`);
    }
  }
  return spec;
}

/** Draws fault decisions from a seeded generator; one instance per server. */
export interface FaultInjector {
  /** Delay for this request in milliseconds. */
  latency(): number;
  /** The fault (if any) for a request with this method; counts the request. */
  decide(method: string): FaultDecision;
}

/** Creates an injector over a spec. */
export function createFaultInjector(spec: FaultSpec): FaultInjector {
  const random = mulberry32(spec.seed);
  let seen = 0;
  return {
    latency() {
      const [min, max] = spec.latencyMs;
      return max === min ? min : min + Math.floor(random() * (max - min + 1));
    },
    decide(method) {
      seen++;
      if (seen <= spec.after) return { kind: 'none' };
      if (spec.methods && !spec.methods.includes(method)) return { kind: 'none' };
      // Always draw the same number of values per request, so one fault's rate does not shift another's sequence.
      const draws = [random(), random(), random(), random(), random()] as const;
      // Drawn only when asked for, so the sequences of specs without html-ok stay what they were.
      const htmlOkDraw = spec.htmlOk > 0 ? random() : 1;
      if (draws[0] < spec.reset) return { kind: 'reset' };
      if (draws[1] < spec.serverError) return { kind: '5xx' };
      if (draws[2] < spec.html) return { kind: 'html' };
      if (draws[3] < spec.conflict && method !== 'GET' && method !== 'HEAD') return { kind: '409' };
      if (draws[4] < spec.resetAfter) return { kind: 'reset-after' };
      if (htmlOkDraw < spec.htmlOk) return { kind: 'html-ok' };
      return { kind: 'none' };
    },
  };
}

function probability(text: string, key: string, value: string): number {
  const number = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || number > 1) {
    throw faultError(text, `${key} takes a probability between 0 and 1, got ${JSON.stringify(value)}`);
  }
  return number;
}

function faultError(text: string, reason: string): UsageError {
  return new UsageError(
    `could not parse fault spec ${JSON.stringify(text)} - ${reason}. Example: latency=20-80,5xx=0.1,reset=0.02,409=0.05,seed=42`,
  );
}

// Small, fast, seedable; quality is ample for fault sampling.
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
