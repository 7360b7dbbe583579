import { readdirSync, readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../../../src/index.js';
import type { ConnectionQuery, Decision, Endpoint } from '../../../src/calico/types.js';

const DIR = new URL('../../../fixtures/calico/scenarios/', import.meta.url);
const DEFAULT_PROFILE = readFileSync(new URL('../../../fixtures/bookstore/calico/profile.yaml', import.meta.url), 'utf8');

interface Scenario {
  resources: string;
  defaultProfile?: boolean;
  endpoints: Endpoint[];
  expect: Array<{ query: string; verdict: 'allow' | 'deny'; egress?: string; ingress?: string }>;
}

/** `a -> b TCP 80`, `a -> b ICMP 8/0`, `a -> b ICMP`. */
export function parseQuery(text: string): ConnectionQuery {
  const match = /^(\S+) -> (\S+) (\S+)(?: (\d+)(?:\/(\d+))?)?$/.exec(text);
  if (!match) throw new Error(`bad query ${text}`);
  const [, from, to, protocol, a, b] = match;
  const query: ConnectionQuery = { from: from!, to: to!, protocol: protocol as ConnectionQuery['protocol'] };
  if (a !== undefined) {
    if (protocol === 'ICMP' || protocol === 'ICMPv6') {
      query.icmpType = Number(a);
      if (b !== undefined) query.icmpCode = Number(b);
    } else query.port = Number(a);
  }
  return query;
}

/** A decision as the fixtures spell it: `policy-rule <name> <index> <action>`, `end-of-tier <tier>`, ... */
export function decisionText(decision: Decision): string {
  switch (decision.kind) {
    case 'not-calico':
    case 'no-profile-matched':
      return decision.kind;
    case 'policy-rule':
      return `policy-rule ${decision.policy.name} ${decision.ruleIndex} ${decision.action}`;
    case 'end-of-tier':
      return `end-of-tier ${decision.tier}`;
    case 'profile-rule':
      return `profile-rule ${decision.profile} ${decision.ruleIndex} ${decision.action}`;
    case 'missing-profile':
      return `missing-profile ${decision.profile}`;
  }
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

describe('calico/simulator semantics scenarios (calico-semantics §3-§4)', () => {
  it('has scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of files) {
    const scenario = yaml.load(readFileSync(new URL(file, DIR), 'utf8')) as Scenario;
    describe(file, () => {
      const texts = [{ file, text: scenario.resources }];
      if (scenario.defaultProfile !== false) texts.push({ file: 'profile.yaml', text: DEFAULT_PROFILE });
      const simulator = createSimulator({ resources: texts, endpoints: scenario.endpoints });
      const matrixCache = new Map<string, ReturnType<typeof simulator.matrix>>();

      it.each(scenario.expect.map((e) => [e.query, e] as const))('%s', (_query, expectation) => {
        const query = parseQuery(expectation.query);

        const result = simulator.check(query);

        const context = `${result.egress.explanation}\n${result.ingress.explanation}`;
        expect(result.verdict, context).toBe(expectation.verdict);
        if (expectation.egress) expect(decisionText(result.egress.decision), context).toBe(expectation.egress);
        if (expectation.ingress) expect(decisionText(result.ingress.decision), context).toBe(expectation.ingress);
        expect(result.egress.explanation.length).toBeGreaterThan(10);
        // The fast matrix agrees for endpoint pairs (each endpoint is its own group here).
        if (!query.from.startsWith('external:') && !query.to.startsWith('external:') && query.from !== query.to) {
          const key = JSON.stringify([query.protocol, query.port, query.icmpType, query.icmpCode]);
          let matrix = matrixCache.get(key);
          if (!matrix) matrixCache.set(key, (matrix = simulator.matrix(query)));
          const group = (name: string): string => simulator.endpoints.find((e) => e.name === name)!.app!;
          expect(matrix.cell(group(query.from), group(query.to)).verdict).toBe(expectation.verdict);
        }
      });
    });
  }
});
