/**
 * Loads calicoctl files: YAML or JSON, several documents separated by `---`, each a resource or a `kind: List`
 * (also `<Kind>List`) of resources — as `calicoctl apply -f` reads them (calicoctl resourcemgr.go).
 */
import yaml from 'js-yaml';

import { aliasBombMessage, expandedNodeCount, MAX_EXPANDED_NODES } from '../../core/yaml-bounds.js';
import { InputError } from '../../errors.js';
import { emptyResources, tieredName, type CalicoResources, type ResourceOrigin, type ResourceProblem } from './model.js';
import { parseCidr } from './net.js';
import { decodeResource, RESOURCE_KINDS } from './validate.js';

/** A file's text with the name used in messages. */
export interface ResourceSource {
  file: string;
  text: string;
}

/** Input accepted by `loadResources`: file texts, or calicoctl objects already parsed. */
export type ResourceInput = ResourceSource | { file: string; objects: readonly unknown[] };

/** Thrown when resources do not validate; `problems` lists every finding, each naming its document and field. */
export class CalicoResourceError extends InputError {
  override name = 'CalicoResourceError';
  readonly problems: ResourceProblem[];

  constructor(problems: ResourceProblem[]) {
    const first = problems[0]!;
    const location = { file: first.origin.file, pointer: first.pointer, ...(first.origin.line !== undefined ? { line: first.origin.line } : {}) };
    const lines = problems.map(formatProblem);
    super(location, `${problems.length} problem${problems.length === 1 ? '' : 's'} in Calico resources (calicoctl would reject them):\n${lines.map((l) => `  - ${l}`).join('\n')}`);
    this.problems = problems;
  }
}

/** `file document 2 (NetworkPolicy default/x), spec.ingress[0].protocol: message`. */
export function formatProblem(problem: ResourceProblem): string {
  const origin = problem.origin;
  const where = `${origin.file} document ${origin.document}${origin.line !== undefined ? ` (line ${origin.line})` : ''}${origin.item !== undefined ? ` item ${origin.item}` : ''}`;
  const what = problem.resource ? ` ${problem.resource}` : '';
  return `${where}${what}${problem.path ? `, ${problem.path}` : ''}: ${problem.message}`;
}

/** Splits YAML text into documents with their 1-based start lines. */
function yamlDocuments(source: ResourceSource, problems: ResourceProblem[]): Array<{ value: unknown; line: number; document: number }> {
  const out: Array<{ value: unknown; line: number; document: number }> = [];
  const lines = source.text.split(/\r?\n/);
  const starts: number[] = [0];
  lines.forEach((line, i) => {
    if (/^---(\s|$)/.test(line)) starts.push(i);
  });
  let document = 0;
  for (let s = 0; s < starts.length; s++) {
    const from = starts[s]!;
    const to = starts[s + 1] ?? lines.length;
    const chunk = lines.slice(from, to).join('\n');
    let value: unknown;
    try {
      value = yaml.load(chunk.replace(/^---[^\n]*\n?/, ''), { filename: source.file, schema: yaml.CORE_SCHEMA });
    } catch (error) {
      const mark = (error as { mark?: { line?: number } }).mark;
      document++;
      problems.push({
        origin: { file: source.file, document, line: from + 1 + (mark?.line ?? 0) },
        path: '',
        pointer: '',
        message: `invalid YAML: ${(error as Error).message.split('\n')[0]}`,
      });
      continue;
    }
    if (value === undefined || value === null) continue;
    document++;
    if (expandedNodeCount(value) > MAX_EXPANDED_NODES) {
      problems.push({ origin: { file: source.file, document, line: from + 1 }, path: '', pointer: '', message: aliasBombMessage() });
      continue;
    }
    out.push({ value, line: from + 1, document });
  }
  return out;
}

/**
 * Loads and validates calicoctl resources from files or objects.
 * @throws CalicoResourceError (an InputError) listing every problem with its file, document, resource and field.
 */
export function loadResources(inputs: readonly ResourceInput[]): CalicoResources {
  const problems: ResourceProblem[] = [];
  const resources = emptyResources();
  const seen = new Map<string, ResourceOrigin>();
  // Later definitions of the same resource replace earlier ones (calicoctl apply), keeping list order.
  const positions = new Map<string, number>();

  const take = (raw: unknown, origin: ResourceOrigin, basePath: Array<string | number>): void => {
    const decoded = decodeResource(raw, origin, problems, basePath);
    if (!decoded) return;
    const v = decoded.value as { name?: string; namespace?: string; metadata?: { name: string } };
    const name = v.name ?? v.metadata?.name ?? '';
    const key = `${decoded.kind}/${v.namespace ?? ''}/${decoded.kind.endsWith('NetworkPolicy') ? tieredName(decoded.value as { name: string; tier: string }) : name}`;
    const earlier = seen.get(key);
    if (earlier) {
      resources.warnings.push({ origin, path: 'metadata.name', pointer: '/metadata/name', resource: `${decoded.kind} ${name}`, message: `defined again (first in ${earlier.file} document ${earlier.document}); the later definition wins, as with calicoctl apply` });
    }
    seen.set(key, origin);
    const replace = <T>(list: T[], item: T): void => {
      const index = positions.get(key);
      if (index !== undefined && list[index] !== undefined) list[index] = item;
      else {
        positions.set(key, list.length);
        list.push(item);
      }
    };
    switch (decoded.kind) {
      case 'NetworkPolicy':
      case 'GlobalNetworkPolicy': {
        const p = decoded.value;
        replace(resources.policies, p);
        break;
      }
      case 'Tier':
        replace(resources.tiers, decoded.value);
        break;
      case 'Profile':
        replace(resources.profiles, decoded.value);
        break;
      case 'IPPool':
        replace(resources.ipPools, decoded.value);
        break;
      case 'NetworkSet':
      case 'GlobalNetworkSet':
        replace(resources.networkSets, decoded.value);
        break;
      case 'WorkloadEndpoint':
        replace(resources.workloadEndpoints, decoded.value);
        break;
      case 'HostEndpoint':
        replace(resources.hostEndpoints, decoded.value);
        break;
    }
  };

  const takeDocument = (value: unknown, origin: ResourceOrigin): void => {
    const record = value as { kind?: unknown; items?: unknown; apiVersion?: unknown };
    const isList = typeof record === 'object' && record !== null && typeof record.kind === 'string' && (record.kind === 'List' || (record.kind.endsWith('List') && RESOURCE_KINDS.includes(record.kind.slice(0, -4) as never)));
    if (!isList) {
      take(value, origin, []);
      return;
    }
    const items = Array.isArray(record.items) ? record.items : [];
    if (!Array.isArray(record.items)) problems.push({ origin, path: 'items', pointer: '/items', message: 'a List needs an items list' });
    items.forEach((item, i) => take(item, { ...origin, item: i }, ['items', i]));
  };

  for (const input of inputs) {
    if ('objects' in input) {
      input.objects.forEach((object, i) => takeDocument(object, { file: input.file, document: i + 1 }));
      continue;
    }
    const trimmed = input.text.trimStart();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      let value: unknown;
      try {
        value = JSON.parse(input.text);
      } catch (error) {
        problems.push({ origin: { file: input.file, document: 1 }, path: '', pointer: '', message: `invalid JSON: ${(error as Error).message}` });
        continue;
      }
      const list = Array.isArray(value) ? value : [value];
      list.forEach((object, i) => takeDocument(object, { file: input.file, document: i + 1 }));
      continue;
    }
    for (const doc of yamlDocuments(input, problems)) takeDocument(doc.value, { file: input.file, document: doc.document, line: doc.line });
  }

  crossChecks(resources, problems);
  if (problems.length > 0) throw new CalicoResourceError(problems);
  return resources;
}

/** Checks that span documents: tiers named by policies exist, pools do not overlap, order ties. */
function crossChecks(resources: CalicoResources, problems: ResourceProblem[]): void {
  const tiers = new Set(['default', ...resources.tiers.map((t) => t.name)]);
  for (const policy of resources.policies) {
    if (!tiers.has(policy.tier)) {
      problems.push({ origin: policy.origin, resource: `${policy.kind} ${policy.name}`, path: 'spec.tier', pointer: '/spec/tier', message: `tier ${JSON.stringify(policy.tier)} does not exist (no Tier resource of that name)` });
    }
  }
  const pools = resources.ipPools.map((pool) => ({ name: pool.metadata.name, cidr: parseCidr(String(pool.spec.cidr)) }));
  for (let i = 0; i < pools.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = pools[i]!;
      const b = pools[j]!;
      if (!a.cidr || !b.cidr || a.cidr.family !== b.cidr.family) continue;
      const shorter = Math.min(a.cidr.prefix, b.cidr.prefix);
      const shift = BigInt((a.cidr.family === 4 ? 32 : 128) - shorter);
      if (a.cidr.base >> shift === b.cidr.base >> shift) {
        problems.push({ origin: { file: '(IPPool)', document: 0 }, resource: `IPPool ${a.name}`, path: 'spec.cidr', pointer: '/spec/cidr', message: `IPPool(${a.name}) CIDR overlaps with IPPool(${b.name}) CIDR ${b.cidr.text}` });
      }
    }
  }
  const byOrder = new Map<string, string[]>();
  for (const policy of resources.policies) {
    if (policy.order === undefined) continue;
    const key = `${policy.tier}\u0000${policy.order}`;
    byOrder.set(key, [...(byOrder.get(key) ?? []), `${policy.kind} ${policy.namespace ? `${policy.namespace}/` : ''}${policy.name}`]);
  }
  for (const [key, names] of byOrder) {
    if (names.length < 2) continue;
    const [tier, order] = key.split('\u0000');
    const policy = resources.policies.find((p) => p.tier === tier && String(p.order) === order)!;
    resources.warnings.push({ origin: policy.origin, path: 'spec.order', pointer: '/spec/order', message: `${names.join(', ')} share order ${order} in tier ${tier}; Calico breaks the tie by name, and the tie-break differs between Calico versions` });
  }
}
