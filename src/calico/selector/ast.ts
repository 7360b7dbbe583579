/**
 * Selector syntax tree: evaluation against a label map and Calico's canonical `String()` form
 * (libcalico-go/lib/selector/parser/ast.go).
 */

export type SelectorNode =
  | { kind: 'eq' | 'ne' | 'contains' | 'startsWith' | 'endsWith'; label: string; value: string }
  | { kind: 'in' | 'notIn'; label: string; values: readonly string[] }
  | { kind: 'has'; label: string }
  | { kind: 'all' }
  | { kind: 'global' }
  | { kind: 'not'; operand: SelectorNode }
  | { kind: 'and' | 'or'; operands: readonly SelectorNode[] };

/** Label lookup: a plain record (own keys only) or a Map. */
export type LabelSource = Readonly<Record<string, string>> | ReadonlyMap<string, string>;

function lookup(labels: LabelSource, key: string): string | undefined {
  if (labels instanceof Map) return labels.get(key);
  const record = labels as Readonly<Record<string, string>>;
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** Evaluates a node: `!=` and `not in` are true when the label is absent; the others need it present. */
export function evaluateNode(node: SelectorNode, labels: LabelSource): boolean {
  switch (node.kind) {
    case 'eq': {
      const v = lookup(labels, node.label);
      return v !== undefined && v === node.value;
    }
    case 'ne': {
      const v = lookup(labels, node.label);
      return v === undefined || v !== node.value;
    }
    case 'contains': {
      const v = lookup(labels, node.label);
      return v !== undefined && v.includes(node.value);
    }
    case 'startsWith': {
      const v = lookup(labels, node.label);
      return v !== undefined && v.startsWith(node.value);
    }
    case 'endsWith': {
      const v = lookup(labels, node.label);
      return v !== undefined && v.endsWith(node.value);
    }
    case 'in': {
      const v = lookup(labels, node.label);
      return v !== undefined && node.values.includes(v);
    }
    case 'notIn': {
      const v = lookup(labels, node.label);
      return v === undefined || !node.values.includes(v);
    }
    case 'has':
      return lookup(labels, node.label) !== undefined;
    case 'all':
    case 'global':
      return true;
    case 'not':
      return !evaluateNode(node.operand, labels);
    case 'and':
      return node.operands.every((operand) => evaluateNode(operand, labels));
    case 'or':
      return node.operands.some((operand) => evaluateNode(operand, labels));
  }
}

/** Compares by Unicode code point, which is UTF-8 byte order (Go's string order), unlike JS's UTF-16 `<`. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Sorts and de-duplicates set items the way Calico's canonical form lists them. */
export function canonicalSet(values: readonly string[]): string[] {
  const sorted = [...new Set(values)].sort(compareCodePoints);
  return sorted;
}

function quote(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

const OPERATOR_TEXT = { eq: '==', ne: '!=', contains: 'contains', startsWith: 'starts with', endsWith: 'ends with' } as const;

/** Calico's canonical form of a node. */
export function nodeToString(node: SelectorNode): string {
  switch (node.kind) {
    case 'eq':
    case 'ne':
    case 'contains':
    case 'startsWith':
    case 'endsWith':
      return `${node.label} ${OPERATOR_TEXT[node.kind]} ${quote(node.value)}`;
    case 'in':
    case 'notIn':
      return `${node.label} ${node.kind === 'in' ? 'in' : 'not in'} {${node.values.map(quote).join(', ')}}`;
    case 'has':
      return `has(${node.label})`;
    case 'all':
      return 'all()';
    case 'global':
      return 'global()';
    case 'not':
      return `!${nodeToString(node.operand)}`;
    case 'and':
    case 'or':
      if (node.operands.length === 1) return nodeToString(node.operands[0]!);
      return `(${node.operands.map(nodeToString).join(node.kind === 'and' ? ' && ' : ' || ')})`;
  }
}

/** Every label name the node mentions. */
export function labelsOf(node: SelectorNode, into: Set<string> = new Set()): Set<string> {
  switch (node.kind) {
    case 'all':
    case 'global':
      break;
    case 'not':
      labelsOf(node.operand, into);
      break;
    case 'and':
    case 'or':
      for (const operand of node.operands) labelsOf(operand, into);
      break;
    default:
      into.add(node.label);
  }
  return into;
}
