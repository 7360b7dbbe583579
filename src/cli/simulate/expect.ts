/**
 * `simulate --expect FILE`: YAML assertions about verdicts, checked against the simulator. Format (README,
 * "Expect files"):
 *
 * ```yaml
 * protocol: TCP            # defaults for every entry (optional)
 * port: 80
 * expect:
 *   - query: bookstore-frontend -> bookstore-server:80/TCP
 *     verdict: allow                                  # allow | deny | partial
 *     ingress: policy/allow-bookstore-cliient-to-server   # what decided that direction (optional)
 *   - from: fruitstore-frontend                       # or from/to (+ port, protocol)
 *     to: bookstore-server
 *     verdict: deny
 *   - pairs: all                                      # every ordered app pair no entry above names
 *     verdict: allow
 *     by: profile                                     # every evaluated direction decided by a profile
 * ```
 *
 * Decision matchers: `profile[/<name>][#<rule>]`, `policy/<name>[#<rule>]`, `end-of-tier[/<tier>]`,
 * `missing-profile`, `no-profile-matched`, `not-calico`.
 */
import yaml from 'js-yaml';

import type { Decision, DirectionVerdict, Protocol, Simulator } from '../../calico/types.js';
import { InputError, UsageError } from '../../errors.js';
import { answerQuery, type EndpointIndex } from './answer.js';
import { formatTarget, parseProtocol, parseQuery } from './query.js';

type Verdict = 'allow' | 'deny' | 'partial';

interface QueryExpectation {
  kind: 'query';
  pointer: string;
  text: string;
  from: string;
  to: string;
  protocol: Protocol;
  port?: number;
  verdict: Verdict;
  by?: string;
  egress?: string;
  ingress?: string;
}

interface PairsExpectation {
  kind: 'pairs';
  pointer: string;
  protocol: Protocol;
  port?: number;
  verdict: Verdict;
  by?: string;
}

/** A parsed expect file. */
export interface ExpectFile {
  file: string;
  entries: (QueryExpectation | PairsExpectation)[];
}

/** The outcome of one entry. */
export interface ExpectationResult {
  pointer: string;
  description: string;
  passed: boolean;
  /** One line per mismatch. */
  failures: string[];
  /** Pairs (or instance pairs) checked. */
  checked: number;
}

/** `pairs: all` checks every ordered app pair; above this many apps that is too slow to be useful. */
const MAX_PAIRS_APPS = 1000;
const ENTRY_KEYS = new Set(['query', 'from', 'to', 'port', 'protocol', 'verdict', 'by', 'egress', 'ingress', 'pairs']);
const VERDICTS = new Set(['allow', 'deny', 'partial']);
const MATCHER = /^(profile(\/[^#]+)?(#\d+)?|policy\/[^#]+(#\d+)?|end-of-tier(\/.+)?|missing-profile|no-profile-matched|not-calico)$/;

/** Parses an expect file. Throws InputError naming the file and the JSON pointer of the bad entry. */
export function parseExpectFile(text: string, file: string): ExpectFile {
  let document: unknown;
  try {
    document = yaml.load(text, { filename: file });
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      throw new InputError({ file, line: error.mark.line + 1, column: error.mark.column + 1 }, `could not parse the expect file - invalid YAML: ${error.reason}`, { cause: error });
    }
    throw error;
  }
  const fail = (pointer: string, message: string): never => {
    throw new InputError(pointer === '' ? { file } : { file, pointer }, message);
  };
  if (!isRecord(document) || !Array.isArray(document.expect)) {
    return fail('', 'an expect file is a mapping with an `expect:` list. Example:\nexpect:\n  - query: a -> b:80/TCP\n    verdict: allow');
  }
  for (const key of Object.keys(document)) {
    if (!['expect', 'protocol', 'port'].includes(key)) fail(`/${key}`, `unknown key ${JSON.stringify(key)} (expected expect, protocol, port)`);
  }
  const defaultProtocol = document.protocol === undefined ? 'TCP' : parseProtocol(String(document.protocol));
  if (defaultProtocol === undefined) fail('/protocol', `unknown protocol ${JSON.stringify(document.protocol)}`);
  const defaultPort = document.port;
  if (defaultPort !== undefined && !isPort(defaultPort)) fail('/port', `port must be a number between 1 and 65535, got ${JSON.stringify(defaultPort)}`);
  const entries = document.expect.map((raw: unknown, index): QueryExpectation | PairsExpectation => {
    const pointer = `/expect/${index}`;
    if (!isRecord(raw)) return fail(pointer, 'each expectation is a mapping with a query (or from/to, or pairs: all) and a verdict');
    for (const key of Object.keys(raw)) if (!ENTRY_KEYS.has(key)) fail(`${pointer}/${key}`, `unknown key ${JSON.stringify(key)}`);
    if (typeof raw.verdict !== 'string' || !VERDICTS.has(raw.verdict)) fail(`${pointer}/verdict`, 'verdict must be allow, deny or partial');
    for (const key of ['by', 'egress', 'ingress'] as const) {
      const value = raw[key];
      if (value !== undefined && (typeof value !== 'string' || !MATCHER.test(value))) {
        fail(`${pointer}/${key}`, `${key} must name a decision: profile[/<name>][#<rule>], policy/<name>[#<rule>], end-of-tier[/<tier>], missing-profile, no-profile-matched or not-calico; got ${JSON.stringify(value)}`);
      }
    }
    const protocol = raw.protocol === undefined ? defaultProtocol! : parseProtocol(String(raw.protocol));
    if (protocol === undefined) return fail(`${pointer}/protocol`, `unknown protocol ${JSON.stringify(raw.protocol)}`);
    const port = raw.port ?? defaultPort;
    if (port !== undefined && !isPort(port)) fail(`${pointer}/port`, `port must be a number between 1 and 65535, got ${JSON.stringify(port)}`);
    const verdict = raw.verdict as Verdict;
    if (raw.pairs !== undefined) {
      if (raw.pairs !== 'all') fail(`${pointer}/pairs`, 'pairs takes the value all');
      if (raw.query !== undefined || raw.from !== undefined || raw.to !== undefined || raw.egress !== undefined || raw.ingress !== undefined) {
        fail(pointer, 'pairs: all stands alone: no query, from, to, egress or ingress');
      }
      const entry: PairsExpectation = { kind: 'pairs', pointer, protocol, verdict };
      if (port !== undefined) entry.port = port as number;
      if (typeof raw.by === 'string') entry.by = raw.by;
      return entry;
    }
    let parsed;
    try {
      if (typeof raw.query === 'string') {
        parsed = parseQuery(raw.query, { protocol, ...(port !== undefined ? { port: port as number } : {}) });
      } else if (typeof raw.from === 'string' && typeof raw.to === 'string') {
        const target = formatTarget(raw.to, protocol, port as number | undefined);
        parsed = parseQuery(`${raw.from} -> ${target}`);
      } else {
        return fail(pointer, 'an expectation needs query: "<from> -> <to>:<port>/<protocol>", or from and to, or pairs: all');
      }
    } catch (error) {
      if (error instanceof UsageError) return fail(pointer, error.message.replace(/^--query /, 'query '));
      throw error;
    }
    const entry: QueryExpectation = { kind: 'query', pointer, text: parsed.text, from: parsed.from, to: parsed.to, protocol: parsed.protocol, verdict };
    if (parsed.port !== undefined) entry.port = parsed.port;
    for (const key of ['by', 'egress', 'ingress'] as const) if (typeof raw[key] === 'string') entry[key] = raw[key];
    return entry;
  });
  return { file, entries };
}

/** Checks every entry; never throws for a mismatch (that is a failed result), only for unknown names (UsageError). */
export function checkExpectations(expect: ExpectFile, simulator: Simulator, index: EndpointIndex): ExpectationResult[] {
  const named = new Set<string>();
  const results: ExpectationResult[] = [];
  for (const entry of expect.entries) {
    if (entry.kind !== 'query') continue;
    const answer = answerQuery(simulator, index, { text: entry.text, from: entry.from, to: entry.to, protocol: entry.protocol, ...(entry.port !== undefined ? { port: entry.port } : {}) });
    if (answer.from.app && answer.to.app) named.add(pairKey(answer.from.app, answer.to.app, entry.protocol, entry.port));
    const failures: string[] = [];
    const description = `${entry.from} -> ${formatTarget(entry.to, entry.protocol, entry.port)}`;
    if (answer.verdict !== entry.verdict) {
      const decisive = answer.counterexample && answer.counterexample.result.verdict !== answer.example.result.verdict ? answer.counterexample : answer.example;
      failures.push(`expected ${entry.verdict}, got ${answer.verdict} (${answer.allowed}/${answer.total} instance pairs allowed; ${explainPair(decisive.result.egress, decisive.result.ingress)})`);
    }
    for (const pair of [answer.example, ...(answer.counterexample ? [answer.counterexample] : [])]) {
      failures.push(...decisionFailures(entry, pair.result.egress, pair.result.ingress, `${pair.from} -> ${pair.to}`));
    }
    results.push({ pointer: entry.pointer, description, passed: failures.length === 0, failures: dedupe(failures), checked: answer.total });
  }
  for (const entry of expect.entries) {
    if (entry.kind !== 'pairs') continue;
    const query = { protocol: entry.protocol, ...(entry.port !== undefined ? { port: entry.port } : {}) };
    const matrix = simulator.matrix(query);
    if (matrix.groups.length > MAX_PAIRS_APPS) {
      throw new UsageError(
        `${expect.file}#${entry.pointer}: pairs: all over ${matrix.groups.length} apps is ${matrix.groups.length ** 2} app pairs; list the pairs that matter as queries instead (at most ${MAX_PAIRS_APPS} apps)`,
      );
    }
    const failures: string[] = [];
    let checked = 0;
    for (const from of matrix.groups) {
      for (const to of matrix.groups) {
        if (named.has(pairKey(from, to, entry.protocol, entry.port))) continue;
        const cell = matrix.cell(from, to);
        if (cell.total === 0) continue;
        checked++;
        const label = `${from} -> ${formatTarget(to, entry.protocol, entry.port)}`;
        const sources = index.endpointsOf(from);
        const destinations = index.endpointsOf(to);
        const source = sources[0]!;
        const destination = from === to ? destinations[1]! : destinations[0]!;
        if (cell.verdict !== entry.verdict) {
          const result = simulator.check({ from: source.name, to: destination.name, ...query });
          failures.push(`${label}: expected ${entry.verdict}, got ${cell.verdict} (${explainPair(result.egress, result.ingress)})`);
        } else if (entry.by) {
          const result = simulator.check({ from: source.name, to: destination.name, ...query });
          failures.push(...decisionFailures({ by: entry.by }, result.egress, result.ingress, label));
        }
      }
    }
    results.push({
      pointer: entry.pointer,
      description: `every other app pair, ${String(entry.protocol)}${entry.port !== undefined ? ` port ${entry.port}` : ''}: ${entry.verdict}${entry.by ? ` by ${entry.by}` : ''}`,
      passed: failures.length === 0,
      failures,
      checked,
    });
  }
  return results.sort((a, b) => entryIndex(a.pointer) - entryIndex(b.pointer));
}

function decisionFailures(
  entry: { by?: string; egress?: string; ingress?: string },
  egress: DirectionVerdict,
  ingress: DirectionVerdict,
  pair: string,
): string[] {
  const failures: string[] = [];
  const expectDirection = (name: 'egress' | 'ingress', matcher: string | undefined, verdict: DirectionVerdict): void => {
    if (matcher !== undefined && !decisionMatches(verdict.decision, matcher)) {
      failures.push(`${pair}: ${name} expected to be decided by ${matcher}, but ${verdict.explanation}`);
    }
  };
  expectDirection('egress', entry.egress, egress);
  expectDirection('ingress', entry.ingress, ingress);
  if (entry.by !== undefined) {
    const evaluated = [egress, ingress].filter((direction) => direction.decision.kind !== 'not-calico');
    // For a denied connection, the direction that denied is the one that decided.
    const deciding = evaluated.some((d) => d.verdict === 'deny') ? evaluated.filter((d) => d.verdict === 'deny') : evaluated;
    for (const direction of deciding) {
      if (!decisionMatches(direction.decision, entry.by)) failures.push(`${pair}: expected to be decided by ${entry.by}, but ${direction.explanation}`);
    }
  }
  return failures;
}

/** True when a decision matches a matcher such as `policy/allow-x#1` or `profile`. */
export function decisionMatches(decision: Decision, matcher: string): boolean {
  const [head, rule] = matcher.split('#') as [string, string | undefined];
  const slash = head.indexOf('/');
  const kind = slash < 0 ? head : head.slice(0, slash);
  const name = slash < 0 ? undefined : head.slice(slash + 1);
  const ruleMatches = (index: number): boolean => rule === undefined || Number(rule) === index;
  switch (kind) {
    case 'profile':
      return decision.kind === 'profile-rule' && (name === undefined || decision.profile === name) && ruleMatches(decision.ruleIndex);
    case 'policy':
      return (
        decision.kind === 'policy-rule' &&
        (decision.policy.name === name || `${decision.policy.namespace ?? ''}/${decision.policy.name}` === name) &&
        ruleMatches(decision.ruleIndex)
      );
    case 'end-of-tier':
      return decision.kind === 'end-of-tier' && (name === undefined || decision.tier === name);
    default:
      return decision.kind === kind;
  }
}

function explainPair(egress: DirectionVerdict, ingress: DirectionVerdict): string {
  const deciding = [egress, ingress].filter((d) => d.verdict === 'deny');
  return (deciding.length > 0 ? deciding : [egress, ingress]).map((d) => d.explanation).join('; ');
}

function pairKey(from: string, to: string, protocol: Protocol, port: number | undefined): string {
  return `${from}\u0000${to}\u0000${String(protocol)}\u0000${port ?? ''}`;
}

function entryIndex(pointer: string): number {
  return Number(pointer.slice(pointer.lastIndexOf('/') + 1));
}

function dedupe(lines: string[]): string[] {
  return [...new Set(lines)];
}

function isPort(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
