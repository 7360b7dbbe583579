/**
 * Answers queries at the level operators ask them: a side may be one endpoint (`web#0`), a whole Marathon app
 * (`/shop/web`, `shop/web`, or just `web` when that is unambiguous) or `external:<ip>`. An app-level query checks
 * every instance pair and says whether all, none or some of them connect.
 */
import type { MarathonEndpoint, NonCalicoItem } from '../../calico/endpoints.js';
import type { CheckResult, Protocol, Simulator } from '../../calico/types.js';
import { UsageError } from '../../errors.js';
import type { ParsedQuery } from './query.js';

/** One side of a query, resolved. */
export interface ResolvedSide {
  /** What the query named. */
  text: string;
  /** Endpoint names (or the single `external:<ip>`). */
  members: string[];
  /** The Marathon app id when the side is an app (or one of its instances). */
  app?: string;
}

/** One checked instance pair. */
export interface PairResult {
  from: string;
  to: string;
  result: CheckResult;
}

/** The answer to one query. */
export interface QueryAnswer {
  query: string;
  from: ResolvedSide;
  to: ResolvedSide;
  protocol: Protocol;
  port?: number;
  verdict: 'allow' | 'deny' | 'partial';
  allowed: number;
  total: number;
  /** The first pair checked; with `partial`, also the first pair whose verdict differs. */
  example: PairResult;
  counterexample?: PairResult;
}

/** Finds endpoints by name, app id or unambiguous last id segment. */
export class EndpointIndex {
  private readonly byName = new Map<string, MarathonEndpoint>();
  private readonly byApp = new Map<string, MarathonEndpoint[]>();
  private readonly bySegment = new Map<string, Set<string>>();
  private readonly nonCalico = new Map<string, NonCalicoItem>();

  constructor(endpoints: readonly MarathonEndpoint[], nonCalico: readonly NonCalicoItem[] = []) {
    for (const endpoint of endpoints) {
      this.byName.set(endpoint.name, endpoint);
      const list = this.byApp.get(endpoint.app) ?? [];
      list.push(endpoint);
      this.byApp.set(endpoint.app, list);
      const segment = endpoint.app.slice(endpoint.app.lastIndexOf('/') + 1);
      const apps = this.bySegment.get(segment) ?? new Set();
      apps.add(endpoint.app);
      this.bySegment.set(segment, apps);
    }
    for (const item of nonCalico) this.nonCalico.set(item.app, item);
  }

  /** The app ids, sorted. */
  apps(): string[] {
    return [...this.byApp.keys()].sort();
  }

  /** The endpoints of one app, in instance order. */
  endpointsOf(app: string): MarathonEndpoint[] {
    return this.byApp.get(app) ?? [];
  }

  /**
   * Resolves a query side. Throws UsageError for an unknown name, an ambiguous short name, or an app whose tasks
   * are not Calico endpoints (with the way to ask about it instead).
   */
  resolve(text: string): ResolvedSide {
    if (text.startsWith('external:')) return { text, members: [text] };
    const endpoint = this.byName.get(text);
    if (endpoint) return { text, members: [endpoint.name], app: endpoint.app };
    const id = text.startsWith('/') ? text : `/${text}`;
    const app = this.byApp.get(id);
    if (app) return { text, members: app.map((e) => e.name), app: id };
    const segment = this.bySegment.get(text);
    if (segment && segment.size === 1) {
      const only = [...segment][0]!;
      return { text, members: this.byApp.get(only)!.map((e) => e.name), app: only };
    }
    if (segment && segment.size > 1) {
      throw new UsageError(`${JSON.stringify(text)} names several apps (${[...segment].sort().join(', ')}); use the full id`);
    }
    const outside = this.nonCalico.get(id);
    if (outside) {
      throw new UsageError(
        `${id} has no Calico endpoints (${describeReason(outside.reason)}); traffic from or to it reaches Calico as an ` +
          'address outside Calico: ask with external:<ip>, e.g. external:9.0.1.5 for a task on the dcos overlay' +
          (outside.reason.startsWith('container:') ? ', or add --migrate to simulate it after the move' : ''),
      );
    }
    throw new UsageError(`no Calico endpoint or app named ${JSON.stringify(text)}; known apps: ${this.apps().slice(0, 10).join(', ') || '(none)'}`);
  }
}

function describeReason(reason: string): string {
  if (reason.startsWith('container:')) return `it runs on the ${reason.slice('container:'.length)} network`;
  if (reason === 'host' || reason === 'bridge') return `it runs on the ${reason} network`;
  if (reason === 'no-instances') return 'it is scaled to 0 instances';
  return 'Calico would reject its endpoints';
}

/** Checks every instance pair of a query (an endpoint never talks to itself here). */
export function answerQuery(simulator: Simulator, index: EndpointIndex, query: ParsedQuery): QueryAnswer {
  const from = index.resolve(query.from);
  const to = index.resolve(query.to);
  let allowed = 0;
  let total = 0;
  let example: PairResult | undefined;
  let counterexample: PairResult | undefined;
  for (const source of from.members) {
    for (const destination of to.members) {
      if (source === destination) continue;
      const result = simulator.check({
        from: source,
        to: destination,
        protocol: query.protocol,
        ...(query.port !== undefined ? { port: query.port } : {}),
      });
      total++;
      if (result.verdict === 'allow') allowed++;
      const pair = { from: source, to: destination, result };
      if (!example) example = pair;
      else if (!counterexample && result.verdict !== example.result.verdict) counterexample = pair;
    }
  }
  if (!example) throw new UsageError(`--query ${JSON.stringify(query.text)}: ${query.from} has one instance, and an endpoint does not connect to itself here`);
  const answer: QueryAnswer = {
    query: query.text,
    from,
    to,
    protocol: query.protocol,
    verdict: allowed === total ? 'allow' : allowed === 0 ? 'deny' : 'partial',
    allowed,
    total,
    example,
  };
  if (query.port !== undefined) answer.port = query.port;
  if (counterexample) answer.counterexample = counterexample;
  return answer;
}
